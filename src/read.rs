//! `read_owned`: [`AsyncReadOwnedExt`] and [`ReadOwned`] for tokio readers, one read into a
//! buffer's spare capacity, and the futures family's `ReadOwned`.

use std::future::Future;
use std::io;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::BufMut;
use futures_core::future::FusedFuture;
use tokio::io::AsyncRead;

use crate::family::{PollReadSpare, Tokio};
use crate::progress::{Flow, Owned, Transfer};
use crate::{ReadError, ReadToEndOwned};

/// Reads whose length the peer decides, owning their reader and buffer, for every
/// [`tokio::io::AsyncRead`].
///
/// Both read into the buffer's spare capacity without zeroing it first: a
/// `BytesMut::with_capacity(n)` or `Vec::with_capacity(n)` is read into as it is.
pub trait AsyncReadOwnedExt: AsyncRead {
    /// Reads once into the spare capacity of `buf`, owning the reader and the buffer while it
    /// does, and hands both back with the number of bytes read.
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn read_owned<B: bytes::BufMut>(self, buf: B)
    ///     -> Result<(Self, B, usize), ReadError<Self, B>>;
    /// ```
    ///
    /// The bytes land in [`buf.chunk_mut()`](BufMut::chunk_mut), which is not zeroed first,
    /// and `buf` is advanced past them: `n` bytes were appended. `n == 0` means end of stream.
    /// A `Vec<u8>` or `BytesMut` with no spare capacity grows by 64 bytes, as `chunk_mut`
    /// does; reserve what you expect to read to read it in one call. The same `poll_read` call
    /// as tokio's borrowed
    /// [`read_buf`](https://docs.rs/tokio/1/tokio/io/trait.AsyncReadExt.html#method.read_buf),
    /// through tokio-util's safe
    /// [`poll_read_buf`](https://docs.rs/tokio-util/0.7/tokio_util/io/fn.poll_read_buf.html).
    ///
    /// A loop that moves the buffer through the reads as a local costs what tokio's
    /// `read_buf` does (1.04x on 4 KiB in-memory reads, 1.01x on 64 KiB, in the comparison).
    /// Parking the buffer between reads where the compiler stores it field by field and loads
    /// it back whole (an `Option` taken and refilled each time, say) adds a store-to-load
    /// forwarding stall behind the read's copy: 1.6x on the same 4 KiB reads. A buffer that
    /// must stay put can be lent instead: `read_owned(&mut buf)` (`&mut B` is a `BufMut` too).
    ///
    /// # Errors
    ///
    /// A [`ReadError`] that carries the `io::Error`, the reader and the buffer as it was:
    ///
    /// - [`InvalidInput`](io::ErrorKind::InvalidInput) if the buffer has no room at all
    ///   (`remaining_mut() == 0`, a full `&mut [u8]` say), where tokio's `read_buf` would
    ///   return `Ok(0)` and look like an end of stream;
    /// - [`InvalidData`](io::ErrorKind::InvalidData) if the reader fills a `ReadBuf` other than
    ///   the one it was given;
    /// - any other error of the reader, as is. [`Interrupted`](io::ErrorKind::Interrupted) is
    ///   retried, never returned.
    ///
    /// # Cancel safety
    ///
    /// A single read either completed or did not happen: [`ReadOwned::into_parts`] hands back
    /// the reader and the buffer untouched, and the read can be made again. A future passed by
    /// value to `select!` or `timeout` is dropped with them; pass `&mut read`.
    ///
    /// # Panics
    ///
    /// The future panics if polled again after it completed.
    ///
    /// # Examples
    ///
    /// A frame of known length into spare capacity, without zeroing it first:
    ///
    /// ```
    /// use bytes::BytesMut;
    /// use owned_io::AsyncReadOwnedExt;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mut reader: &[u8] = b"hello, world";
    /// let mut frame = BytesMut::with_capacity(12);
    /// while frame.len() < 12 {
    ///     let n;
    ///     (reader, frame, n) = reader.read_owned(frame).await?;
    ///     if n == 0 {
    ///         return Err(std::io::ErrorKind::UnexpectedEof.into());
    ///     }
    /// }
    /// assert_eq!(&frame[..], b"hello, world");
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// A buffer with no room is an error, not an end of stream:
    ///
    /// ```
    /// use owned_io::AsyncReadOwnedExt;
    /// use std::io::ErrorKind;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let reader: &[u8] = b"abc";
    /// let mut full = [0u8; 0];
    /// let err = reader.read_owned(&mut full[..]).await.unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidInput);
    /// let (_error, reader, _buf) = err.into_parts();
    /// assert_eq!(reader, b"abc"); // untouched
    /// # }
    /// ```
    fn read_owned<B: BufMut>(self, buf: B) -> ReadOwned<Self, B>
    where
        Self: Sized + Unpin,
    {
        ReadOwned::new(self, buf)
    }

    /// Reads until end of stream, appending to `buf`, owning the reader and the buffer while it
    /// does, and hands both back with the number of bytes appended; more than `limit` bytes is
    /// an error.
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn read_to_end_owned(self, buf: Vec<u8>, limit: usize)
    ///     -> Result<(Self, Vec<u8>, usize), ReadError<Self, Vec<u8>>>;
    /// ```
    ///
    /// The count and the limit are of the bytes this call appends: what `buf` held before does
    /// not count. No read offers more than what is left to the limit plus one byte, so at most
    /// `limit + 1` bytes are ever appended (the one byte proves the stream too long) and the
    /// vector's capacity stays within what they need. `usize::MAX` is no limit at all. It makes
    /// the same `poll_read` calls as tokio's borrowed
    /// [`read_to_end`](https://docs.rs/tokio/1/tokio/io/trait.AsyncReadExt.html#method.read_to_end)
    /// (which has no limit), and reads into the vector's spare capacity without zeroing it.
    ///
    /// # Errors
    ///
    /// A [`ReadError`] that carries the `io::Error`, the reader, the buffer with every byte
    /// that was read, and [`filled`](ReadError::filled), how many this call appended:
    ///
    /// - [`InvalidData`](io::ErrorKind::InvalidData) if the stream is longer than `limit`
    ///   (`filled() == limit + 1`), or if the reader fills a `ReadBuf` other than the one it
    ///   was given;
    /// - any other error of the reader, as is. [`Interrupted`](io::ErrorKind::Interrupted) is
    ///   retried, never returned.
    ///
    /// # Cancel safety
    ///
    /// A future passed by value to `select!` or `timeout` is dropped with the reader and the
    /// buffer; pass `&mut read` and poll it again later. [`ReadToEndOwned::into_parts`] hands
    /// back the reader, the buffer with every byte read so far and their count, and
    /// [`ReadToEndOwned::resume`] continues with the same limit.
    ///
    /// # Panics
    ///
    /// The future panics if polled again after it completed.
    ///
    /// # Examples
    ///
    /// ```
    /// use owned_io::AsyncReadOwnedExt;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let reader: &[u8] = b"body of unknown length";
    /// let (_reader, body, n) = reader.read_to_end_owned(Vec::new(), 1 << 20).await?;
    /// assert_eq!((&body[..], n), (&b"body of unknown length"[..], 22));
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// A stream longer than the limit keeps every byte that was read:
    ///
    /// ```
    /// use owned_io::AsyncReadOwnedExt;
    /// use std::io::ErrorKind;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let reader: &[u8] = b"0123456789";
    /// let err = reader.read_to_end_owned(Vec::new(), 4).await.unwrap_err();
    /// assert_eq!((err.kind(), err.filled()), (ErrorKind::InvalidData, 5));
    /// let (_error, rest, buf) = err.into_parts();
    /// assert_eq!((&buf[..], rest), (&b"01234"[..], &b"56789"[..]));
    /// # }
    /// ```
    fn read_to_end_owned(self, buf: Vec<u8>, limit: usize) -> ReadToEndOwned<Self>
    where
        Self: Sized + Unpin,
    {
        ReadToEndOwned::new(self, buf, limit)
    }
}

impl<R: AsyncRead + ?Sized> AsyncReadOwnedExt for R {}

/// Future for the [`read_owned`](AsyncReadOwnedExt::read_owned) method.
///
/// Resolves to `Ok((reader, buf, n))` after one read of `n` bytes into the buffer's spare
/// capacity (`0` at end of stream), or to a [`ReadError`] that hands back the reader and the
/// buffer. It is `Unpin` whatever the buffer type, and `Send`/`Sync` when the reader and the
/// buffer are.
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct ReadOwned<R, B> {
    inner: Owned<R, B, ReadOnce<Tokio>>,
}

impl<R, B> ReadOwned<R, B> {
    #[inline]
    pub(crate) fn new(reader: R, buf: B) -> Self {
        Self {
            inner: Owned::new(reader, buf, ReadOnce::new(0)),
        }
    }

    /// The number of bytes read: `0` until the read completes (a single read either happened
    /// or did not), plus the `progress` that [`resume`](Self::resume) was given.
    #[must_use]
    pub fn filled(&self) -> usize {
        self.inner.op().filled
    }

    /// Abandons the read and hands back the reader, the buffer and [`filled`](Self::filled),
    /// in the order [`resume`](Self::resume) takes them. The read did not happen: nothing is
    /// lost.
    ///
    /// Returns `None` once the future has completed: its output already handed them back.
    #[must_use = "the reader and the buffer are dropped with the result"]
    pub fn into_parts(self) -> Option<(R, B, usize)> {
        let (reader, buf, op) = self.inner.into_parts()?;
        Some((reader, buf, op.filled))
    }

    /// The reader, while the read is in flight; `None` once the future has completed.
    #[must_use]
    pub fn get_ref(&self) -> Option<&R> {
        self.inner.get_ref()
    }

    /// The reader, mutably, while the read is in flight; `None` once the future has completed.
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

impl<R: AsyncRead + Unpin, B: BufMut> ReadOwned<R, B> {
    /// Makes the read again on a reader and a buffer that [`into_parts`](Self::into_parts) or
    /// an error handed back. `progress` only seeds the count (a single read has no progress
    /// of its own until it completes): the `Ok` count is `progress` plus the bytes read.
    pub fn resume(reader: R, buf: B, progress: usize) -> Self {
        Self {
            inner: Owned::new(reader, buf, ReadOnce::new(progress)),
        }
    }
}

impl<R: AsyncRead + Unpin, B: BufMut> Future for ReadOwned<R, B> {
    type Output = Result<(R, B, usize), ReadError<R, B>>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let outcome = ready!(self.get_mut().inner.poll(cx, "ReadOwned"));
        Poll::Ready(match outcome {
            Ok((reader, buf, op)) => Ok((reader, buf, op.filled)),
            Err((error, reader, buf, op)) => Err(ReadError::new(error, reader, buf, op.filled)),
        })
    }
}

impl<R: AsyncRead + Unpin, B: BufMut> FusedFuture for ReadOwned<R, B> {
    fn is_terminated(&self) -> bool {
        self.inner.is_terminated()
    }
}

// The state is plain data moved in and out by value: nothing is ever pinned in place.
impl<R, B> Unpin for ReadOwned<R, B> {}

impl<R, B> std::fmt::Debug for ReadOwned<R, B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let filled = self.filled();
        self.inner.fmt_debug(f, "ReadOwned", &[("filled", &filled)])
    }
}

/// One read into spare capacity, with a family's read call: the first answer ends it, and a
/// zero-byte answer is the end of stream, not an error.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ReadOnce<F> {
    filled: usize,
    family: PhantomData<F>,
}

impl<F> ReadOnce<F> {
    #[inline]
    pub(crate) fn new(filled: usize) -> Self {
        Self {
            filled,
            family: PhantomData,
        }
    }
}

/// One poll's view of a single read: the buffer and the count.
pub(crate) struct Spare<'a, B> {
    buf: &'a mut B,
    filled: &'a mut usize,
}

impl<F: PollReadSpare<R>, R, B: BufMut> Transfer<R, B> for ReadOnce<F> {
    type Rest<'a>
        = Spare<'a, B>
    where
        Self: 'a,
        B: 'a;

    #[inline]
    fn rest<'a>(&'a mut self, buf: &'a mut B) -> io::Result<Spare<'a, B>> {
        if !buf.has_remaining_mut() {
            return Err(no_room());
        }
        Ok(Spare {
            buf,
            filled: &mut self.filled,
        })
    }

    #[inline]
    fn is_done(_: &Spare<'_, B>) -> bool {
        false
    }

    #[inline]
    fn poll_once(
        reader: &mut R,
        rest: &mut Spare<'_, B>,
        cx: &mut Context<'_>,
    ) -> Poll<(usize, io::Result<usize>)> {
        F::poll_read_buf(reader, cx, rest.buf)
    }

    #[inline]
    fn advance(rest: &mut Spare<'_, B>, n: usize) -> io::Result<Flow> {
        // Saturating: `resume` may seed the count with anything.
        *rest.filled = rest.filled.saturating_add(n);
        Ok(Flow::Done)
    }

    #[inline]
    fn at_zero(_: &mut Spare<'_, B>) -> io::Result<Flow> {
        Ok(Flow::Done)
    }
}

#[cold]
fn no_room() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        "read_owned into a buffer with no room (remaining_mut() == 0)",
    )
}

/// The futures family's `ReadOwned`, re-exported by [`crate::futures_family`].
#[cfg(feature = "futures-io")]
pub(crate) mod futures_family {
    use super::*;
    use crate::family::FuturesIo;
    use futures_io::AsyncRead;

    /// Future for the [`read_owned`](crate::futures_family::AsyncReadOwnedExt::read_owned)
    /// method of the futures family.
    ///
    /// The same as the tokio family's [`ReadOwned`](crate::ReadOwned), for
    /// [`futures_io::AsyncRead`]: one read of at most 8 KiB through a zeroed stack scratch,
    /// copied into the buffer's spare capacity.
    #[must_use = "futures do nothing unless you `.await` or poll them"]
    pub struct ReadOwned<R, B> {
        inner: Owned<R, B, ReadOnce<FuturesIo>>,
    }

    impl<R, B> ReadOwned<R, B> {
        #[inline]
        pub(crate) fn new(reader: R, buf: B) -> Self {
            Self {
                inner: Owned::new(reader, buf, ReadOnce::new(0)),
            }
        }

        /// The number of bytes read: `0` until the read completes, plus the `progress` that
        /// [`resume`](Self::resume) was given.
        #[must_use]
        pub fn filled(&self) -> usize {
            self.inner.op().filled
        }

        /// Abandons the read and hands back the reader, the buffer and
        /// [`filled`](Self::filled), in the order [`resume`](Self::resume) takes them.
        ///
        /// Returns `None` once the future has completed: its output already handed them back.
        #[must_use = "the reader and the buffer are dropped with the result"]
        pub fn into_parts(self) -> Option<(R, B, usize)> {
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

    impl<R: AsyncRead + Unpin, B: BufMut> ReadOwned<R, B> {
        /// Makes the read again on a reader and a buffer that
        /// [`into_parts`](Self::into_parts) or an error handed back; `progress` only seeds
        /// the count.
        pub fn resume(reader: R, buf: B, progress: usize) -> Self {
            Self {
                inner: Owned::new(reader, buf, ReadOnce::new(progress)),
            }
        }
    }

    impl<R: AsyncRead + Unpin, B: BufMut> Future for ReadOwned<R, B> {
        type Output = Result<(R, B, usize), ReadError<R, B>>;

        #[inline]
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            let outcome = ready!(self.get_mut().inner.poll(cx, "ReadOwned"));
            Poll::Ready(match outcome {
                Ok((reader, buf, op)) => Ok((reader, buf, op.filled)),
                Err((error, reader, buf, op)) => Err(ReadError::new(error, reader, buf, op.filled)),
            })
        }
    }

    impl<R: AsyncRead + Unpin, B: BufMut> FusedFuture for ReadOwned<R, B> {
        fn is_terminated(&self) -> bool {
            self.inner.is_terminated()
        }
    }

    impl<R, B> Unpin for ReadOwned<R, B> {}

    impl<R, B> std::fmt::Debug for ReadOwned<R, B> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            let filled = self.filled();
            self.inner.fmt_debug(f, "ReadOwned", &[("filled", &filled)])
        }
    }
}
