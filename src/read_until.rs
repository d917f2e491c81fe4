//! `read_until_owned`: [`AsyncBufReadOwnedExt`] and [`ReadUntilOwned`] for tokio's buffered
//! readers, appending through a delimiter with a limit, and the futures family's
//! `ReadUntilOwned`. `read_line_owned` runs the same operation (`read_line.rs`).

use std::future::Future;
use std::io;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures_core::future::FusedFuture;
use tokio::io::AsyncBufRead;

use crate::family::{PollBufRead, Tokio};
use crate::progress::{past_end, reserve_within, Flow, Owned, Transfer};
use crate::{ReadError, ReadLineOwned};

/// Delimited reads that own their reader and buffer, for every [`tokio::io::AsyncBufRead`]
/// (a `BufReader` around a socket, say).
///
/// Each takes a limit: a peer that never sends the delimiter cannot grow the buffer past it.
pub trait AsyncBufReadOwnedExt: AsyncBufRead {
    /// Reads until `delim`, appending to `buf` through the delimiter inclusive, owning the
    /// reader and the buffer while it does, and hands both back with the number of bytes
    /// appended; a line longer than `limit` bytes is an error.
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn read_until_owned(self, delim: u8, buf: Vec<u8>, limit: usize)
    ///     -> Result<(Self, Vec<u8>, usize), ReadError<Self, Vec<u8>>>;
    /// ```
    ///
    /// `0` means end of stream; a last line without `delim` at end of stream comes back as it
    /// is, as with tokio's borrowed
    /// [`read_until`](https://docs.rs/tokio/1/tokio/io/trait.AsyncBufReadExt.html#method.read_until),
    /// which makes the same `poll_fill_buf` and `consume` calls but has no limit. At most
    /// `limit` bytes are appended, the delimiter included, and the vector's capacity stays
    /// within what they need; `usize::MAX` is no limit.
    ///
    /// # Errors
    ///
    /// A [`ReadError`] that carries the `io::Error`, the reader, the buffer with every byte
    /// read, and [`filled`](ReadError::filled), how many this call appended:
    ///
    /// - [`InvalidData`](io::ErrorKind::InvalidData) if `limit` bytes came without `delim`
    ///   and the stream goes on: exactly `limit` bytes were taken from the reader, all in the
    ///   buffer, and the rest of the line is left unread in the reader;
    /// - any other error of the reader, as is. [`Interrupted`](io::ErrorKind::Interrupted) is
    ///   retried, never returned.
    ///
    /// # Cancel safety
    ///
    /// tokio's borrowed `read_until` loses the bytes of a half-read line when its future is
    /// dropped. Here a future passed by value to `select!` or `timeout` is dropped with the
    /// reader and the buffer; pass `&mut read` and poll it again later, or call
    /// [`ReadUntilOwned::into_parts`]: it hands back the reader, the buffer with the part of
    /// the line read so far and its length, and [`ReadUntilOwned::resume`] continues the line.
    ///
    /// # Panics
    ///
    /// The future panics if polled again after it completed.
    ///
    /// # Examples
    ///
    /// ```
    /// use owned_io::AsyncBufReadOwnedExt;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let reader: &[u8] = b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n";
    /// let (reader, line, n) = reader.read_until_owned(b'\n', Vec::new(), 8192).await?;
    /// assert_eq!((&line[..], n), (&b"GET / HTTP/1.1\r\n"[..], 16));
    /// let (_reader, line, _) = reader.read_until_owned(b'\n', line, 8192).await?;
    /// assert_eq!(line, b"GET / HTTP/1.1\r\nHost: example.com\r\n"); // appended
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// A line longer than the limit stops at the limit, and the rest stays in the reader:
    ///
    /// ```
    /// use owned_io::AsyncBufReadOwnedExt;
    /// use std::io::ErrorKind;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let reader: &[u8] = b"a very long line\n";
    /// let err = reader.read_until_owned(b'\n', Vec::new(), 6).await.unwrap_err();
    /// assert_eq!((err.kind(), err.filled()), (ErrorKind::InvalidData, 6));
    /// let (_error, reader, buf) = err.into_parts();
    /// assert_eq!((&buf[..], reader), (&b"a very"[..], &b" long line\n"[..]));
    /// # }
    /// ```
    fn read_until_owned(self, delim: u8, buf: Vec<u8>, limit: usize) -> ReadUntilOwned<Self>
    where
        Self: Sized + Unpin,
    {
        ReadUntilOwned::new(self, delim, buf, limit)
    }

    /// Reads a line, through `\n` inclusive, appending it to `buf`, owning the reader and the
    /// buffer while it does, and hands both back with the number of bytes appended; a line
    /// longer than `limit` bytes is an error, and so is one that is not UTF-8.
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn read_line_owned(self, buf: String, limit: usize)
    ///     -> Result<(Self, String, usize), ReadError<Self, Vec<u8>>>;
    /// ```
    ///
    /// [`read_until_owned`](Self::read_until_owned) with `b'\n'`: the whole line is read
    /// first, then checked, so a character split between two reads of the socket, or between
    /// an abandoned future and its resumption, is fine. `0` means end of stream.
    ///
    /// # Errors
    ///
    /// A [`ReadError`] whose buffer is the string's bytes followed by those of the line, as
    /// a `Vec<u8>` (they may end inside a character):
    ///
    /// - [`InvalidData`](io::ErrorKind::InvalidData) if the buffer is not UTF-8 once the
    ///   line is in: the raw bytes are all there, where tokio's borrowed `read_line` drops
    ///   them; the `io::Error` wraps the [`Utf8Error`](std::str::Utf8Error);
    /// - [`InvalidData`](io::ErrorKind::InvalidData) if `limit` bytes came without `\n` and
    ///   the stream goes on, as for `read_until_owned`;
    /// - any other error of the reader, as is. `Interrupted` is retried.
    ///
    /// # Cancel safety
    ///
    /// tokio's borrowed `read_line` is not cancel safe. Here [`ReadLineOwned::into_parts`]
    /// hands back the reader, the bytes so far (as a `Vec<u8>`, since a line in flight may end
    /// inside a character) and their count, and [`ReadLineOwned::resume`] continues the line.
    /// Or pass `&mut read` to `select!` and poll it again later.
    ///
    /// # Panics
    ///
    /// The future panics if polled again after it completed.
    ///
    /// # Examples
    ///
    /// ```
    /// use owned_io::AsyncBufReadOwnedExt;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mut reader: &[u8] = b"+OK\r\n:42\r\n";
    /// let mut line = String::new();
    /// let mut replies = Vec::new();
    /// loop {
    ///     line.clear(); // the same allocation, line after line
    ///     let n;
    ///     (reader, line, n) = reader.read_line_owned(line, 512).await?;
    ///     if n == 0 {
    ///         break;
    ///     }
    ///     replies.push(line.trim_end().to_string());
    /// }
    /// assert_eq!(replies, ["+OK", ":42"]);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// Invalid UTF-8 hands the raw bytes back:
    ///
    /// ```
    /// use owned_io::AsyncBufReadOwnedExt;
    /// use std::io::ErrorKind;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let reader: &[u8] = b"caf\xe9\n";
    /// let err = reader.read_line_owned(String::new(), 64).await.unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidData);
    /// let (_error, _reader, bytes) = err.into_parts();
    /// assert_eq!(bytes, b"caf\xe9\n");
    /// # }
    /// ```
    fn read_line_owned(self, buf: String, limit: usize) -> ReadLineOwned<Self>
    where
        Self: Sized + Unpin,
    {
        ReadLineOwned::new(self, buf.into_bytes(), limit)
    }
}

impl<R: AsyncBufRead + ?Sized> AsyncBufReadOwnedExt for R {}

/// Future for the [`read_until_owned`](AsyncBufReadOwnedExt::read_until_owned) method.
///
/// Resolves to `Ok((reader, buf, n))` once `n` bytes were appended through the delimiter (or
/// up to the end of stream), or to a [`ReadError`] that hands back the reader and the buffer
/// with every byte read. It is `Unpin`, and `Send`/`Sync` when the reader is.
///
/// # Examples
///
/// A line that arrives in pieces, its read abandoned in between and resumed:
///
/// ```
/// use owned_io::{AsyncBufReadOwnedExt, ReadUntilOwned};
/// use tokio::io::{AsyncWriteExt, BufReader};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let (mut peer, sock) = tokio::io::duplex(64);
/// peer.write_all(b"half a li").await?;
/// let mut read = BufReader::new(sock).read_until_owned(b'\n', Vec::new(), 1024);
/// let timeout = std::time::Duration::from_millis(10);
/// assert!(tokio::time::timeout(timeout, &mut read).await.is_err());
/// let (sock, buf, filled) = read.into_parts().expect("still in flight");
/// assert_eq!(&buf[..filled], b"half a li");
///
/// peer.write_all(b"ne\nnext").await?;
/// let (_sock, line, n) = ReadUntilOwned::resume(sock, buf, filled, b'\n', 1024).await?;
/// assert_eq!((&line[..], n), (&b"half a line\n"[..], 12));
/// # Ok(())
/// # }
/// ```
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct ReadUntilOwned<R> {
    inner: Owned<R, Vec<u8>, ReadUntil<Tokio>>,
}

impl<R> ReadUntilOwned<R> {
    #[inline]
    pub(crate) fn new(reader: R, delim: u8, buf: Vec<u8>, limit: usize) -> Self {
        Self {
            inner: Owned::new(reader, buf, ReadUntil::new(0, delim, limit)),
        }
    }

    /// The number of bytes this call appended to the buffer so far.
    #[must_use]
    pub fn filled(&self) -> usize {
        self.inner.op().filled
    }

    /// The delimiter.
    #[must_use]
    pub fn delim(&self) -> u8 {
        self.inner.op().delim
    }

    /// The limit: at most this many bytes are appended, the delimiter included.
    #[must_use]
    pub fn limit(&self) -> usize {
        self.inner.op().limit
    }

    /// Abandons the read and hands back the reader, the buffer with the part of the line read
    /// so far, and [`filled`](Self::filled), its length, in the order
    /// [`resume`](Self::resume) takes them (before the delimiter and the limit).
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

impl<R: AsyncBufRead + Unpin> ReadUntilOwned<R> {
    /// Continues a read that was abandoned with [`into_parts`](Self::into_parts) or failed:
    /// the last `progress` bytes of `buf` are the part of the line read so far, and count
    /// toward `limit` with the ones still to come.
    ///
    /// A `progress` larger than the buffer is an [`InvalidInput`](io::ErrorKind::InvalidInput)
    /// error when the future is polled, before anything else.
    pub fn resume(reader: R, buf: Vec<u8>, progress: usize, delim: u8, limit: usize) -> Self {
        Self {
            inner: Owned::new(reader, buf, ReadUntil::new(progress, delim, limit)),
        }
    }
}

impl<R: AsyncBufRead + Unpin> Future for ReadUntilOwned<R> {
    type Output = Result<(R, Vec<u8>, usize), ReadError<R, Vec<u8>>>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let outcome = ready!(self.get_mut().inner.poll(cx, "ReadUntilOwned"));
        Poll::Ready(match outcome {
            Ok((reader, buf, op)) => Ok((reader, buf, op.filled)),
            Err((error, reader, buf, op)) => Err(ReadError::new(error, reader, buf, op.filled)),
        })
    }
}

impl<R: AsyncBufRead + Unpin> FusedFuture for ReadUntilOwned<R> {
    fn is_terminated(&self) -> bool {
        self.inner.is_terminated()
    }
}

// The state is plain data moved in and out by value: nothing is ever pinned in place.
impl<R> Unpin for ReadUntilOwned<R> {}

impl<R> std::fmt::Debug for ReadUntilOwned<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let filled = self.filled();
        self.inner
            .fmt_debug(f, "ReadUntilOwned", &[("filled", &filled)])
    }
}

/// Read until a delimiter: appends what the reader has buffered, through the delimiter, with a
/// family's `poll_fill_buf` and `consume`; finding the delimiter ends it, and so does the end
/// of stream (a zero-byte answer). A line that reaches the limit without the delimiter, with
/// more of the stream to come, is an `InvalidData` error.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ReadUntil<F> {
    pub(crate) filled: usize,
    delim: u8,
    pub(crate) limit: usize,
    family: PhantomData<F>,
}

impl<F> ReadUntil<F> {
    #[inline]
    pub(crate) fn new(filled: usize, delim: u8, limit: usize) -> Self {
        Self {
            filled,
            delim,
            limit,
            family: PhantomData,
        }
    }
}

/// One poll's view of a delimited read: the vector, the count, and whether the last call found
/// the delimiter.
pub(crate) struct Delimited<'a> {
    vec: &'a mut Vec<u8>,
    filled: &'a mut usize,
    delim: u8,
    limit: usize,
    found: bool,
}

impl<F: PollBufRead<R>, R> Transfer<R, Vec<u8>> for ReadUntil<F> {
    type Rest<'a>
        = Delimited<'a>
    where
        Self: 'a;

    #[inline]
    fn rest<'a>(&'a mut self, buf: &'a mut Vec<u8>) -> io::Result<Delimited<'a>> {
        if self.filled > buf.len() {
            return Err(past_end(&mut self.filled, buf.len()));
        }
        if self.filled > self.limit {
            return Err(too_long(self.delim, self.limit));
        }
        Ok(Delimited {
            vec: buf,
            filled: &mut self.filled,
            delim: self.delim,
            limit: self.limit,
            found: false,
        })
    }

    #[inline]
    fn is_done(_: &Delimited<'_>) -> bool {
        false
    }

    #[inline]
    fn poll_once(
        reader: &mut R,
        rest: &mut Delimited<'_>,
        cx: &mut Context<'_>,
    ) -> Poll<(usize, io::Result<usize>)> {
        let left = rest.limit - *rest.filled;
        let used = {
            let available = match ready!(F::poll_fill_buf(reader, cx)) {
                Ok(available) => available,
                Err(error) => return Poll::Ready((0, Err(error))),
            };
            if available.is_empty() {
                return Poll::Ready((0, Ok(0)));
            }
            if left == 0 {
                // `limit` bytes without the delimiter, and the line goes on: its rest stays
                // in the reader.
                return Poll::Ready((0, Err(too_long(rest.delim, rest.limit))));
            }
            let window = &available[..available.len().min(left)];
            let taken = match memchr::memchr(rest.delim, window) {
                Some(at) => {
                    rest.found = true;
                    &window[..=at]
                }
                None => window,
            };
            append(rest.vec, taken, left);
            taken.len()
        };
        F::consume(reader, used);
        Poll::Ready((used, Ok(used)))
    }

    #[inline]
    fn advance(rest: &mut Delimited<'_>, n: usize) -> io::Result<Flow> {
        *rest.filled += n;
        Ok(if rest.found {
            Flow::Done
        } else {
            Flow::Continue
        })
    }

    #[inline]
    fn at_zero(_: &mut Delimited<'_>) -> io::Result<Flow> {
        Ok(Flow::Done)
    }
}

/// Appends `bytes` to `vec`, `left` being all that may still be appended: the vector grows as
/// `extend_from_slice` grows it (doubling), but never past what `left` more bytes need.
#[inline]
fn append(vec: &mut Vec<u8>, bytes: &[u8], left: usize) {
    reserve_within(vec, bytes.len(), bytes.len(), left);
    vec.extend_from_slice(bytes);
}

#[cold]
fn too_long(delim: u8, limit: usize) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("no delimiter {delim:#04x} within the limit of {limit} bytes"),
    )
}

/// The futures family's `ReadUntilOwned`, re-exported by [`crate::futures_family`].
#[cfg(feature = "futures-io")]
pub(crate) mod futures_family {
    use super::*;
    use crate::family::FuturesIo;
    use futures_io::AsyncBufRead;

    /// Future for the
    /// [`read_until_owned`](crate::futures_family::AsyncBufReadOwnedExt::read_until_owned)
    /// method of the futures family.
    ///
    /// The same as the tokio family's [`ReadUntilOwned`](crate::ReadUntilOwned), for
    /// [`futures_io::AsyncBufRead`].
    #[must_use = "futures do nothing unless you `.await` or poll them"]
    pub struct ReadUntilOwned<R> {
        inner: Owned<R, Vec<u8>, ReadUntil<FuturesIo>>,
    }

    impl<R> ReadUntilOwned<R> {
        #[inline]
        pub(crate) fn new(reader: R, delim: u8, buf: Vec<u8>, limit: usize) -> Self {
            Self {
                inner: Owned::new(reader, buf, ReadUntil::new(0, delim, limit)),
            }
        }

        /// The number of bytes this call appended to the buffer so far.
        #[must_use]
        pub fn filled(&self) -> usize {
            self.inner.op().filled
        }

        /// The delimiter.
        #[must_use]
        pub fn delim(&self) -> u8 {
            self.inner.op().delim
        }

        /// The limit: at most this many bytes are appended, the delimiter included.
        #[must_use]
        pub fn limit(&self) -> usize {
            self.inner.op().limit
        }

        /// Abandons the read and hands back the reader, the buffer with the part of the line
        /// read so far, and [`filled`](Self::filled), in the order [`resume`](Self::resume)
        /// takes them.
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

    impl<R: AsyncBufRead + Unpin> ReadUntilOwned<R> {
        /// Continues a read that was abandoned with [`into_parts`](Self::into_parts) or failed,
        /// the last `progress` bytes of `buf` being the part of the line read so far. A
        /// `progress` larger than the buffer is an [`InvalidInput`](io::ErrorKind::InvalidInput)
        /// error when polled.
        pub fn resume(reader: R, buf: Vec<u8>, progress: usize, delim: u8, limit: usize) -> Self {
            Self {
                inner: Owned::new(reader, buf, ReadUntil::new(progress, delim, limit)),
            }
        }
    }

    impl<R: AsyncBufRead + Unpin> Future for ReadUntilOwned<R> {
        type Output = Result<(R, Vec<u8>, usize), ReadError<R, Vec<u8>>>;

        #[inline]
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            let outcome = ready!(self.get_mut().inner.poll(cx, "ReadUntilOwned"));
            Poll::Ready(match outcome {
                Ok((reader, buf, op)) => Ok((reader, buf, op.filled)),
                Err((error, reader, buf, op)) => Err(ReadError::new(error, reader, buf, op.filled)),
            })
        }
    }

    impl<R: AsyncBufRead + Unpin> FusedFuture for ReadUntilOwned<R> {
        fn is_terminated(&self) -> bool {
            self.inner.is_terminated()
        }
    }

    impl<R> Unpin for ReadUntilOwned<R> {}

    impl<R> std::fmt::Debug for ReadUntilOwned<R> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            let filled = self.filled();
            self.inner
                .fmt_debug(f, "ReadUntilOwned", &[("filled", &filled)])
        }
    }
}
