//! `read_line_owned`: [`ReadLineOwned`] for tokio's buffered readers, a line into a `String`
//! with a limit, and the futures family's `ReadLineOwned`. It runs `read_until_owned`'s
//! operation with `b'\n'` on the string's bytes, and checks them once the line is complete.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures_core::future::FusedFuture;
use tokio::io::AsyncBufRead;

use crate::family::Tokio;
use crate::progress::{Outcome, Owned};
use crate::read_until::ReadUntil;
use crate::ReadError;

/// Future for the [`read_line_owned`](crate::AsyncBufReadOwnedExt::read_line_owned) method.
///
/// Resolves to `Ok((reader, line, n))` once `n` bytes of a line were appended to the string
/// through `\n` (or up to the end of stream) and the whole string is UTF-8, or to a
/// [`ReadError`] that hands back the reader and every byte as a `Vec<u8>`. It is `Unpin`, and
/// `Send`/`Sync` when the reader is.
///
/// # Examples
///
/// A line in flight is plain bytes, and may end inside a character; it is checked once it is
/// whole:
///
/// ```
/// use owned_io::{AsyncBufReadOwnedExt, ReadLineOwned};
/// use tokio::io::{AsyncWriteExt, BufReader};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let (mut peer, sock) = tokio::io::duplex(64);
/// peer.write_all(b"caf\xc3").await?; // the first byte of a two-byte character
/// let mut read = BufReader::new(sock).read_line_owned(String::new(), 1024);
/// let timeout = std::time::Duration::from_millis(10);
/// assert!(tokio::time::timeout(timeout, &mut read).await.is_err());
/// let (sock, bytes, filled) = read.into_parts().expect("still in flight");
/// assert_eq!((&bytes[..], filled), (&b"caf\xc3"[..], 4));
///
/// peer.write_all(b"\xa9\n").await?;
/// let (_sock, line, n) = ReadLineOwned::resume(sock, bytes, filled, 1024).await?;
/// assert_eq!((line.as_str(), n), ("café\n", 6));
/// # Ok(())
/// # }
/// ```
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct ReadLineOwned<R> {
    inner: Owned<R, Vec<u8>, ReadUntil<Tokio>>,
}

impl<R> ReadLineOwned<R> {
    #[inline]
    pub(crate) fn new(reader: R, buf: Vec<u8>, limit: usize) -> Self {
        Self {
            inner: Owned::new(reader, buf, ReadUntil::new(0, b'\n', limit)),
        }
    }

    /// The number of bytes of the line appended so far.
    #[must_use]
    pub fn filled(&self) -> usize {
        self.inner.op().filled
    }

    /// The limit: at most this many bytes are appended, the `\n` included.
    #[must_use]
    pub fn limit(&self) -> usize {
        self.inner.op().limit
    }

    /// Abandons the read and hands back the reader, the string's bytes followed by the part of
    /// the line read so far (a `Vec<u8>`: it may end inside a character), and
    /// [`filled`](Self::filled), in the order [`resume`](Self::resume) takes them.
    ///
    /// Returns `None` once the future has completed: its output already handed them back.
    #[must_use = "the reader and the buffer are dropped with the result"]
    pub fn into_parts(self) -> Option<(R, Vec<u8>, usize)> {
        let (reader, buf, op) = self.inner.into_parts()?;
        Some((reader, buf, op.filled))
    }

    /// The reader, while the read is in flight; `None` once the future has completed.
    #[must_use]
    pub fn get_ref(&self) -> Option<&R> {
        self.inner.get_ref()
    }

    /// The reader, mutably, while the read is in flight; `None` once the future has completed.
    ///
    /// Reading from it directly would take bytes from under the future.
    #[must_use]
    pub fn get_mut(&mut self) -> Option<&mut R> {
        self.inner.get_mut()
    }

    /// Whether the future has completed (returned `Ready`); polling it again would panic.
    #[must_use]
    pub fn is_terminated(&self) -> bool {
        self.inner.is_terminated()
    }
}

impl<R: AsyncBufRead + Unpin> ReadLineOwned<R> {
    /// Continues a read that was abandoned with [`into_parts`](Self::into_parts) or failed:
    /// the last `progress` bytes of `buf` are the part of the line read so far, and count
    /// toward `limit`. The whole buffer must be UTF-8 once the line is complete.
    ///
    /// A `progress` larger than the buffer is an [`InvalidInput`](io::ErrorKind::InvalidInput)
    /// error when the future is polled, before anything else.
    pub fn resume(reader: R, buf: Vec<u8>, progress: usize, limit: usize) -> Self {
        Self {
            inner: Owned::new(reader, buf, ReadUntil::new(progress, b'\n', limit)),
        }
    }
}

impl<R: AsyncBufRead + Unpin> Future for ReadLineOwned<R> {
    type Output = Result<(R, String, usize), ReadError<R, Vec<u8>>>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Poll::Ready(into_line(ready!(self
            .get_mut()
            .inner
            .poll(cx, "ReadLineOwned"))))
    }
}

impl<R: AsyncBufRead + Unpin> FusedFuture for ReadLineOwned<R> {
    fn is_terminated(&self) -> bool {
        self.inner.is_terminated()
    }
}

// The state is plain data moved in and out by value: nothing is ever pinned in place.
impl<R> Unpin for ReadLineOwned<R> {}

impl<R> std::fmt::Debug for ReadLineOwned<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let filled = self.filled();
        self.inner
            .fmt_debug(f, "ReadLineOwned", &[("filled", &filled)])
    }
}

/// A completed delimited read as a line: the bytes become the `String` when they are UTF-8,
/// all of them, and come back in an `InvalidData` error otherwise.
fn into_line<R, F>(
    outcome: Outcome<R, Vec<u8>, ReadUntil<F>>,
) -> Result<(R, String, usize), ReadError<R, Vec<u8>>> {
    match outcome {
        Ok((reader, bytes, op)) => match String::from_utf8(bytes) {
            Ok(line) => Ok((reader, line, op.filled)),
            Err(invalid) => {
                let error = io::Error::new(io::ErrorKind::InvalidData, invalid.utf8_error());
                Err(ReadError::new(
                    error,
                    reader,
                    invalid.into_bytes(),
                    op.filled,
                ))
            }
        },
        Err((error, reader, bytes, op)) => Err(ReadError::new(error, reader, bytes, op.filled)),
    }
}

/// The futures family's `ReadLineOwned`, re-exported by [`crate::futures_family`].
#[cfg(feature = "futures-io")]
pub(crate) mod futures_family {
    use super::*;
    use crate::family::FuturesIo;
    use futures_io::AsyncBufRead;

    /// Future for the
    /// [`read_line_owned`](crate::futures_family::AsyncBufReadOwnedExt::read_line_owned)
    /// method of the futures family.
    ///
    /// The same as the tokio family's [`ReadLineOwned`](crate::ReadLineOwned), for
    /// [`futures_io::AsyncBufRead`].
    #[must_use = "futures do nothing unless you `.await` or poll them"]
    pub struct ReadLineOwned<R> {
        inner: Owned<R, Vec<u8>, ReadUntil<FuturesIo>>,
    }

    impl<R> ReadLineOwned<R> {
        #[inline]
        pub(crate) fn new(reader: R, buf: Vec<u8>, limit: usize) -> Self {
            Self {
                inner: Owned::new(reader, buf, ReadUntil::new(0, b'\n', limit)),
            }
        }

        /// The number of bytes of the line appended so far.
        #[must_use]
        pub fn filled(&self) -> usize {
            self.inner.op().filled
        }

        /// The limit: at most this many bytes are appended, the `\n` included.
        #[must_use]
        pub fn limit(&self) -> usize {
            self.inner.op().limit
        }

        /// Abandons the read and hands back the reader, the bytes so far (a `Vec<u8>`: they
        /// may end inside a character) and [`filled`](Self::filled), in the order
        /// [`resume`](Self::resume) takes them.
        ///
        /// Returns `None` once the future has completed: its output already handed them back.
        #[must_use = "the reader and the buffer are dropped with the result"]
        pub fn into_parts(self) -> Option<(R, Vec<u8>, usize)> {
            let (reader, buf, op) = self.inner.into_parts()?;
            Some((reader, buf, op.filled))
        }

        /// The reader, while the read is in flight; `None` once the future has completed.
        #[must_use]
        pub fn get_ref(&self) -> Option<&R> {
            self.inner.get_ref()
        }

        /// The reader, mutably, while the read is in flight; `None` once the future has
        /// completed.
        #[must_use]
        pub fn get_mut(&mut self) -> Option<&mut R> {
            self.inner.get_mut()
        }

        /// Whether the future has completed (returned `Ready`); polling it again would panic.
        #[must_use]
        pub fn is_terminated(&self) -> bool {
            self.inner.is_terminated()
        }
    }

    impl<R: AsyncBufRead + Unpin> ReadLineOwned<R> {
        /// Continues a read that was abandoned with [`into_parts`](Self::into_parts) or failed,
        /// the last `progress` bytes of `buf` being the part of the line read so far. A
        /// `progress` larger than the buffer is an [`InvalidInput`](io::ErrorKind::InvalidInput)
        /// error when polled.
        pub fn resume(reader: R, buf: Vec<u8>, progress: usize, limit: usize) -> Self {
            Self {
                inner: Owned::new(reader, buf, ReadUntil::new(progress, b'\n', limit)),
            }
        }
    }

    impl<R: AsyncBufRead + Unpin> Future for ReadLineOwned<R> {
        type Output = Result<(R, String, usize), ReadError<R, Vec<u8>>>;

        #[inline]
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            Poll::Ready(into_line(ready!(self
                .get_mut()
                .inner
                .poll(cx, "ReadLineOwned"))))
        }
    }

    impl<R: AsyncBufRead + Unpin> FusedFuture for ReadLineOwned<R> {
        fn is_terminated(&self) -> bool {
            self.inner.is_terminated()
        }
    }

    impl<R> Unpin for ReadLineOwned<R> {}

    impl<R> std::fmt::Debug for ReadLineOwned<R> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            let filled = self.filled();
            self.inner
                .fmt_debug(f, "ReadLineOwned", &[("filled", &filled)])
        }
    }
}
