//! `read_to_end_owned`: [`ReadToEndOwned`] for tokio readers, appending to a `Vec<u8>` until end
//! of stream with a limit, and the futures family's `ReadToEndOwned`.

use std::future::Future;
use std::io;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures_core::future::FusedFuture;
use tokio::io::AsyncRead;

use crate::family::{PollReadSpare, Tokio};
use crate::progress::{past_end, Flow, Owned, Transfer};
use crate::ReadError;

/// Future for the [`read_to_end_owned`](crate::AsyncReadOwnedExt::read_to_end_owned) method.
///
/// Resolves to `Ok((reader, buf, n))` once the stream ended, `n` bytes having been appended to
/// `buf`, or to a [`ReadError`] that hands back the reader and the buffer with every byte read.
/// It is `Unpin`, and `Send`/`Sync` when the reader is.
///
/// # Examples
///
/// Abandon a read to the end, and resume it with the bytes read so far:
///
/// ```
/// use owned_io::{AsyncReadOwnedExt, ReadToEndOwned};
/// use tokio::io::AsyncWriteExt;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let (mut peer, sock) = tokio::io::duplex(64);
/// peer.write_all(b"first half, ").await?;
/// let mut read = sock.read_to_end_owned(Vec::new(), 1024);
/// let timeout = std::time::Duration::from_millis(10);
/// assert!(tokio::time::timeout(timeout, &mut read).await.is_err());
/// let (sock, buf, filled) = read.into_parts().expect("still in flight");
/// assert_eq!(&buf[..filled], b"first half, ");
///
/// peer.write_all(b"second half").await?;
/// drop(peer); // end of stream
/// let (_sock, buf, n) = ReadToEndOwned::resume(sock, buf, filled, 1024).await?;
/// assert_eq!((&buf[..], n), (&b"first half, second half"[..], 23));
/// # Ok(())
/// # }
/// ```
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct ReadToEndOwned<R> {
    inner: Owned<R, Vec<u8>, ReadToEnd<Tokio>>,
}

impl<R> ReadToEndOwned<R> {
    #[inline]
    pub(crate) fn new(reader: R, buf: Vec<u8>, limit: usize) -> Self {
        Self {
            inner: {
                let op = ReadToEnd::start(buf.capacity(), 0, limit);
                Owned::new(reader, buf, op)
            },
        }
    }

    /// The number of bytes this call appended to the buffer so far.
    #[must_use]
    pub fn filled(&self) -> usize {
        self.inner.op().filled
    }

    /// The limit: more bytes than this is an error.
    #[must_use]
    pub fn limit(&self) -> usize {
        self.inner.op().limit
    }

    /// Abandons the read and hands back the reader, the buffer with every byte read so far
    /// and [`filled`](Self::filled), how many this call appended, in the order
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

impl<R: AsyncRead + Unpin> ReadToEndOwned<R> {
    /// Continues a read that was abandoned with [`into_parts`](Self::into_parts) or failed:
    /// `progress` of the bytes at the end of `buf` were appended by it, and count toward
    /// `limit` with the ones still to come.
    ///
    /// A `progress` larger than the buffer is an [`InvalidInput`](io::ErrorKind::InvalidInput)
    /// error when the future is polled, before anything else.
    pub fn resume(reader: R, buf: Vec<u8>, progress: usize, limit: usize) -> Self {
        Self {
            inner: {
                let op = ReadToEnd::start(buf.capacity(), progress, limit);
                Owned::new(reader, buf, op)
            },
        }
    }
}

impl<R: AsyncRead + Unpin> Future for ReadToEndOwned<R> {
    type Output = Result<(R, Vec<u8>, usize), ReadError<R, Vec<u8>>>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let outcome = ready!(self.get_mut().inner.poll(cx, "ReadToEndOwned"));
        Poll::Ready(match outcome {
            Ok((reader, buf, op)) => Ok((reader, buf, op.filled)),
            Err((error, reader, buf, op)) => Err(ReadError::new(error, reader, buf, op.filled)),
        })
    }
}

impl<R: AsyncRead + Unpin> FusedFuture for ReadToEndOwned<R> {
    fn is_terminated(&self) -> bool {
        self.inner.is_terminated()
    }
}

// The state is plain data moved in and out by value: nothing is ever pinned in place.
impl<R> Unpin for ReadToEndOwned<R> {}

impl<R> std::fmt::Debug for ReadToEndOwned<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let filled = self.filled();
        self.inner
            .fmt_debug(f, "ReadToEndOwned", &[("filled", &filled)])
    }
}

/// Read to the end: appends to a `Vec` until a zero-byte answer (the end of stream, which ends
/// it successfully), never offering more than what is left to the limit plus one byte; a byte
/// past the limit is an `InvalidData` error.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ReadToEnd<F> {
    filled: usize,
    limit: usize,
    /// The vector's capacity when the read started: tokio's family probes a vector that is
    /// still at it before growing it.
    start_capacity: usize,
    family: PhantomData<F>,
}

impl<F> ReadToEnd<F> {
    #[inline]
    pub(crate) fn start(start_capacity: usize, filled: usize, limit: usize) -> Self {
        Self {
            filled,
            limit,
            start_capacity,
            family: PhantomData,
        }
    }
}

/// One poll's view of a read to the end: the vector, where the bytes that count end in it (a
/// family that zeroes spare capacity before reading may have made it longer, and the view cuts
/// that off when the poll ends), the count and the limit.
pub(crate) struct Appending<'a> {
    vec: &'a mut Vec<u8>,
    end: usize,
    filled: &'a mut usize,
    limit: usize,
    start_capacity: usize,
}

impl Drop for Appending<'_> {
    fn drop(&mut self) {
        self.vec.truncate(self.end);
    }
}

impl<F: PollReadSpare<R>, R> Transfer<R, Vec<u8>> for ReadToEnd<F> {
    type Rest<'a>
        = Appending<'a>
    where
        Self: 'a;

    #[inline]
    fn rest<'a>(&'a mut self, buf: &'a mut Vec<u8>) -> io::Result<Appending<'a>> {
        if self.filled > buf.len() {
            return Err(past_end(&mut self.filled, buf.len()));
        }
        if self.filled > self.limit {
            return Err(too_long(self.limit));
        }
        Ok(Appending {
            end: buf.len(),
            vec: buf,
            filled: &mut self.filled,
            limit: self.limit,
            start_capacity: self.start_capacity,
        })
    }

    #[inline]
    fn is_done(_: &Appending<'_>) -> bool {
        false
    }

    #[inline]
    fn poll_once(
        reader: &mut R,
        rest: &mut Appending<'_>,
        cx: &mut Context<'_>,
    ) -> Poll<(usize, io::Result<usize>)> {
        let max = (rest.limit - *rest.filled).saturating_add(1);
        F::poll_read_vec(reader, cx, rest.vec, rest.end, max, rest.start_capacity)
    }

    #[inline]
    fn advance(rest: &mut Appending<'_>, n: usize) -> io::Result<Flow> {
        rest.end += n;
        *rest.filled += n;
        if *rest.filled > rest.limit {
            return Err(too_long(rest.limit));
        }
        Ok(Flow::Continue)
    }

    #[inline]
    fn at_zero(_: &mut Appending<'_>) -> io::Result<Flow> {
        Ok(Flow::Done)
    }
}

#[cold]
fn too_long(limit: usize) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("stream longer than the limit of {limit} bytes"),
    )
}

/// The futures family's `ReadToEndOwned`, re-exported by [`crate::futures_family`].
#[cfg(feature = "futures-io")]
pub(crate) mod futures_family {
    use super::*;
    use crate::family::FuturesIo;
    use futures_io::AsyncRead;

    /// Future for the
    /// [`read_to_end_owned`](crate::futures_family::AsyncReadOwnedExt::read_to_end_owned)
    /// method of the futures family.
    ///
    /// The same as the tokio family's [`ReadToEndOwned`](crate::ReadToEndOwned), for
    /// [`futures_io::AsyncRead`]: it zeroes the spare capacity it reads into, as futures-util's
    /// `read_to_end` does.
    #[must_use = "futures do nothing unless you `.await` or poll them"]
    pub struct ReadToEndOwned<R> {
        inner: Owned<R, Vec<u8>, ReadToEnd<FuturesIo>>,
    }

    impl<R> ReadToEndOwned<R> {
        #[inline]
        pub(crate) fn new(reader: R, buf: Vec<u8>, limit: usize) -> Self {
            Self {
                inner: {
                    let op = ReadToEnd::start(buf.capacity(), 0, limit);
                    Owned::new(reader, buf, op)
                },
            }
        }

        /// The number of bytes this call appended to the buffer so far.
        #[must_use]
        pub fn filled(&self) -> usize {
            self.inner.op().filled
        }

        /// The limit: more bytes than this is an error.
        #[must_use]
        pub fn limit(&self) -> usize {
            self.inner.op().limit
        }

        /// Abandons the read and hands back the reader, the buffer with every byte read so
        /// far and [`filled`](Self::filled), in the order [`resume`](Self::resume) takes them.
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

    impl<R: AsyncRead + Unpin> ReadToEndOwned<R> {
        /// Continues a read that was abandoned with [`into_parts`](Self::into_parts) or failed,
        /// `progress` bytes at the end of `buf` having been appended by it. A `progress`
        /// larger than the buffer is an [`InvalidInput`](io::ErrorKind::InvalidInput) error
        /// when polled.
        pub fn resume(reader: R, buf: Vec<u8>, progress: usize, limit: usize) -> Self {
            Self {
                inner: {
                    let op = ReadToEnd::start(buf.capacity(), progress, limit);
                    Owned::new(reader, buf, op)
                },
            }
        }
    }

    impl<R: AsyncRead + Unpin> Future for ReadToEndOwned<R> {
        type Output = Result<(R, Vec<u8>, usize), ReadError<R, Vec<u8>>>;

        #[inline]
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            let outcome = ready!(self.get_mut().inner.poll(cx, "ReadToEndOwned"));
            Poll::Ready(match outcome {
                Ok((reader, buf, op)) => Ok((reader, buf, op.filled)),
                Err((error, reader, buf, op)) => Err(ReadError::new(error, reader, buf, op.filled)),
            })
        }
    }

    impl<R: AsyncRead + Unpin> FusedFuture for ReadToEndOwned<R> {
        fn is_terminated(&self) -> bool {
            self.inner.is_terminated()
        }
    }

    impl<R> Unpin for ReadToEndOwned<R> {}

    impl<R> std::fmt::Debug for ReadToEndOwned<R> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            let filled = self.filled();
            self.inner
                .fmt_debug(f, "ReadToEndOwned", &[("filled", &filled)])
        }
    }
}
