//! `write_all_owned` for tokio writers: [`AsyncWriteAllExt`] and [`WriteAllOwned`].

use std::future::Future;
use std::io;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures_core::future::FusedFuture;
use tokio::io::AsyncWrite;

use crate::family::{PollWrite, Tokio};
use crate::progress::{past_end, stalled, Flow, Owned, Transfer};
use crate::WriteAllError;

/// Writes that own their writer and buffer, for every [`tokio::io::AsyncWrite`].
pub trait AsyncWriteAllExt: AsyncWrite {
    /// Writes all of `buf`, owning the writer and the buffer while it does, and hands both back.
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn write_all_owned<B: AsRef<[u8]>>(self, buf: B)
    ///     -> Result<(Self, B), WriteAllError<Self, B>>;
    /// ```
    ///
    /// The future, [`WriteAllOwned`], is a named type that can be stored in a struct field, moved
    /// into `tokio::spawn` or kept across `select!` branches without boxing. It makes the same
    /// `poll_write` calls as tokio's borrowed
    /// [`write_all`](https://docs.rs/tokio/1/tokio/io/trait.AsyncWriteExt.html#method.write_all). An empty buffer completes at once
    /// without touching the writer. Like `write_all`, it does not flush.
    ///
    /// # Errors
    ///
    /// A [`WriteAllError`] that carries the `io::Error`, the writer, the buffer and
    /// [`written`](WriteAllError::written), the number of bytes written from it:
    ///
    /// - [`WriteZero`](io::ErrorKind::WriteZero) if the writer accepts 0 bytes;
    /// - [`InvalidData`](io::ErrorKind::InvalidData) if the writer reports more bytes than it
    ///   was offered;
    /// - any other error of the writer, as is. [`Interrupted`](io::ErrorKind::Interrupted) is
    ///   retried, never returned.
    ///
    /// # Cancel safety
    ///
    /// A future passed by value to `select!` or `tokio::time::timeout` is dropped when it loses,
    /// and the writer and the buffer with it. Pass `&mut write` instead and poll it again later,
    /// or call [`WriteAllOwned::into_parts`]: it hands back the writer, the buffer and how many
    /// of its bytes were written, and [`WriteAllOwned::resume`] continues from there.
    ///
    /// # Panics
    ///
    /// The future panics if polled again after it completed.
    ///
    /// # Examples
    ///
    /// ```
    /// use owned_io::AsyncWriteAllExt;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let (out, reply) = Vec::new().write_all_owned(b"hello".to_vec()).await?;
    /// assert_eq!(out, b"hello");
    /// assert_eq!(reply, b"hello"); // the buffer comes back for reuse
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// The error path hands everything back:
    ///
    /// ```
    /// use owned_io::AsyncWriteAllExt;
    /// use std::io::{Cursor, ErrorKind};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let full = Cursor::new(vec![0u8; 4].into_boxed_slice()); // room for 4 bytes only
    /// let err = full.write_all_owned("hello").await.unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::WriteZero);
    /// assert_eq!(err.written(), 4);
    /// let (_error, full, buf) = err.into_parts();
    /// assert_eq!((&full.get_ref()[..], buf), (&b"hell"[..], "hello"));
    /// # }
    /// ```
    fn write_all_owned<B: AsRef<[u8]>>(self, buf: B) -> WriteAllOwned<Self, B>
    where
        Self: Sized + Unpin,
    {
        WriteAllOwned::new(self, buf)
    }

    /// Writes all of a [`bytes::Buf`], owning the writer and the buffer while it does, and hands
    /// both back with the buffer fully advanced.
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn write_all_buf_owned<B: bytes::Buf>(self, buf: B)
    ///     -> Result<(Self, B), WriteAllError<Self, B>>;
    /// ```
    ///
    /// Any `Buf` will do: `Bytes`, `BytesMut`, `VecDeque<u8>`, `&[u8]`, or a chain of them such
    /// as a header and a body, `header.chain(body)`. When the writer
    /// [`is_write_vectored`](AsyncWrite::is_write_vectored) (a `TcpStream` is), each call offers
    /// up to 64 chunks at once with `poll_write_vectored`, so a header and a body go out in one
    /// `writev`; otherwise each call writes the current [`chunk`](bytes::Buf::chunk). It makes
    /// the same calls as tokio's borrowed
    /// [`write_all_buf`](https://docs.rs/tokio/1/tokio/io/trait.AsyncWriteExt.html#method.write_all_buf).
    /// An empty buffer completes at once without touching the writer. It does not flush.
    ///
    /// # Errors
    ///
    /// A [`WriteAllError`] that carries the `io::Error`, the writer, the buffer advanced past
    /// exactly the bytes written, and [`written`](WriteAllError::written), their number:
    /// [`WriteZero`](io::ErrorKind::WriteZero) if the writer accepts 0 bytes,
    /// [`InvalidData`](io::ErrorKind::InvalidData) if it reports more bytes than it was offered,
    /// any other error of the writer as is. [`Interrupted`](io::ErrorKind::Interrupted) is
    /// retried, never returned.
    ///
    /// # Cancel safety
    ///
    /// A future passed by value to `select!` or `tokio::time::timeout` is dropped when it loses,
    /// and the writer and the buffer with it. Pass `&mut write` instead, or call
    /// [`into_parts`](crate::WriteAllBufOwned::into_parts) on it: the buffer comes back
    /// advanced past what was written, so
    /// [`WriteAllBufOwned::resume`](crate::WriteAllBufOwned::resume) writes exactly the rest.
    ///
    /// # Panics
    ///
    /// The future panics if polled again after it completed.
    ///
    /// # Examples
    ///
    /// ```
    /// use bytes::{Buf, Bytes};
    /// use owned_io::AsyncWriteAllExt;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let body = Bytes::from_static(b"hello");
    /// let frame = Bytes::copy_from_slice(&5u32.to_be_bytes()).chain(body);
    /// let (out, frame) = Vec::new().write_all_buf_owned(frame).await?;
    /// assert_eq!(out, b"\x00\x00\x00\x05hello");
    /// assert!(!frame.has_remaining());
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// The error path hands back the buffer advanced past what was written:
    ///
    /// ```
    /// use bytes::Buf;
    /// use owned_io::AsyncWriteAllExt;
    /// use std::io::{Cursor, ErrorKind};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let full = Cursor::new(vec![0u8; 4].into_boxed_slice()); // room for 4 bytes only
    /// let err = full.write_all_buf_owned(&b"hello"[..]).await.unwrap_err();
    /// assert_eq!((err.kind(), err.written()), (ErrorKind::WriteZero, 4));
    /// let (_error, _full, rest) = err.into_parts();
    /// assert_eq!(rest.chunk(), b"o");
    /// # }
    /// ```
    #[cfg(feature = "bytes")]
    #[cfg_attr(docsrs, doc(cfg(feature = "bytes")))]
    fn write_all_buf_owned<B: bytes::Buf>(self, buf: B) -> crate::WriteAllBufOwned<Self, B>
    where
        Self: Sized + Unpin,
    {
        crate::WriteAllBufOwned::new(self, buf)
    }
}

impl<W: AsyncWrite + ?Sized> AsyncWriteAllExt for W {}

/// Future for the [`write_all_owned`](AsyncWriteAllExt::write_all_owned) method.
///
/// Resolves to `Ok((writer, buf))` once every byte of `buf` was written, or to a
/// [`WriteAllError`] that hands back the writer, the buffer and the progress. It is `Unpin`
/// whatever the buffer type, `Send`/`Sync` when the writer and the buffer are, and two words
/// larger than them at most.
///
/// # Examples
///
/// Abandon a write that the peer is too slow to take, and finish it later:
///
/// ```
/// use owned_io::{AsyncWriteAllExt, WriteAllOwned};
/// use tokio::io::AsyncReadExt;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let (sock, mut peer) = tokio::io::duplex(4); // the pipe holds 4 bytes
///
/// let mut write = sock.write_all_owned(*b"hello");
/// let timeout = std::time::Duration::from_millis(10);
/// assert!(tokio::time::timeout(timeout, &mut write).await.is_err());
/// let (sock, buf, written) = write.into_parts().expect("still in flight");
/// assert_eq!(written, 4);
///
/// let mut got = [0u8; 5];
/// peer.read_exact(&mut got[..4]).await?; // make room
/// let (_sock, _buf) = WriteAllOwned::resume(sock, buf, written).await?;
/// peer.read_exact(&mut got[4..]).await?;
/// assert_eq!(&got, b"hello");
/// # Ok(())
/// # }
/// ```
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct WriteAllOwned<W, B> {
    inner: Owned<W, B, WriteAll<Tokio>>,
}

impl<W, B> WriteAllOwned<W, B> {
    #[inline]
    pub(crate) fn new(writer: W, buf: B) -> Self {
        Self {
            inner: Owned::new(writer, buf, WriteAll::new(0)),
        }
    }

    /// The number of bytes of the buffer written so far: `buf[..written]`.
    #[must_use]
    pub fn written(&self) -> usize {
        self.inner.op().written
    }

    /// Abandons the write and hands back the writer, the buffer and [`written`](Self::written),
    /// in the order [`resume`](Self::resume) takes them: nothing is written twice or lost.
    ///
    /// Returns `None` once the future has completed: its output already handed them back.
    #[must_use = "the writer and the buffer are dropped with the result"]
    pub fn into_parts(self) -> Option<(W, B, usize)> {
        let (writer, buf, op) = self.inner.into_parts()?;
        Some((writer, buf, op.written))
    }

    /// The writer, while the write is in flight; `None` once the future has completed.
    #[must_use]
    pub fn get_ref(&self) -> Option<&W> {
        self.inner.get_ref()
    }

    /// The writer, mutably, while the write is in flight; `None` once the future has completed.
    ///
    /// Writing to it directly would put bytes in the middle of the future's.
    #[must_use]
    pub fn get_mut(&mut self) -> Option<&mut W> {
        self.inner.get_mut()
    }

    /// Whether the future has completed (returned `Ready`); polling it again would panic.
    #[must_use]
    pub fn is_terminated(&self) -> bool {
        self.inner.is_terminated()
    }
}

impl<W: AsyncWrite + Unpin, B: AsRef<[u8]>> WriteAllOwned<W, B> {
    /// Continues a write that was abandoned with [`into_parts`](Self::into_parts) or failed,
    /// `progress` bytes of `buf` having been written already.
    ///
    /// The future writes `buf[progress..]`. A `progress` past the end of the buffer is an
    /// [`InvalidInput`](io::ErrorKind::InvalidInput) error when the future is polled, before
    /// anything else, with the writer and the buffer handed back in it.
    ///
    /// `resume` has the bounds of the `Future` impl, so a writer of the other family is a
    /// compile error where the future is made, not where it is awaited:
    ///
    /// ```compile_fail
    /// use owned_io::WriteAllOwned;
    /// let futures_writer = futures::io::Cursor::new(vec![0u8; 4]); // not a tokio writer
    /// let _write = WriteAllOwned::resume(futures_writer, [0u8; 4], 0);
    /// ```
    pub fn resume(writer: W, buf: B, progress: usize) -> Self {
        Self {
            inner: Owned::new(writer, buf, WriteAll::new(progress)),
        }
    }
}

impl<W: AsyncWrite + Unpin, B: AsRef<[u8]>> Future for WriteAllOwned<W, B> {
    type Output = Result<(W, B), WriteAllError<W, B>>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let outcome = ready!(self.get_mut().inner.poll(cx, "WriteAllOwned"));
        Poll::Ready(match outcome {
            Ok((writer, buf, _)) => Ok((writer, buf)),
            Err((error, writer, buf, op)) => {
                Err(WriteAllError::new(error, writer, buf, op.written))
            }
        })
    }
}

impl<W: AsyncWrite + Unpin, B: AsRef<[u8]>> FusedFuture for WriteAllOwned<W, B> {
    fn is_terminated(&self) -> bool {
        self.inner.is_terminated()
    }
}

// The state is plain data moved in and out by value: nothing is ever pinned in place.
impl<W, B> Unpin for WriteAllOwned<W, B> {}

impl<W, B> std::fmt::Debug for WriteAllOwned<W, B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let written = self.written();
        self.inner
            .fmt_debug(f, "WriteAllOwned", &[("written", &written)])
    }
}

/// Write all: writes the unwritten part of the buffer until none is left, with a family's write
/// call; a writer that takes 0 bytes is `WriteZero`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct WriteAll<F> {
    written: usize,
    family: PhantomData<F>,
}

impl<F> WriteAll<F> {
    #[inline]
    pub(crate) fn new(written: usize) -> Self {
        Self {
            written,
            family: PhantomData,
        }
    }
}

/// One poll's view of a write all: the part of the buffer still to write, and the count.
pub(crate) struct Unwritten<'a> {
    unwritten: &'a [u8],
    written: &'a mut usize,
}

impl<F: PollWrite<W>, W, B: AsRef<[u8]>> Transfer<W, B> for WriteAll<F> {
    type Rest<'a>
        = Unwritten<'a>
    where
        Self: 'a,
        B: 'a;

    #[inline]
    fn rest<'a>(&'a mut self, buf: &'a mut B) -> io::Result<Unwritten<'a>> {
        let buf = B::as_ref(buf);
        match buf.get(self.written..) {
            Some(unwritten) => Ok(Unwritten {
                unwritten,
                written: &mut self.written,
            }),
            None => Err(past_end(&mut self.written, buf.len())),
        }
    }

    #[inline]
    fn is_done(rest: &Unwritten<'_>) -> bool {
        rest.unwritten.is_empty()
    }

    #[inline]
    fn poll_once(
        writer: &mut W,
        rest: &mut Unwritten<'_>,
        cx: &mut Context<'_>,
    ) -> Poll<(usize, io::Result<usize>)> {
        let answer = ready!(F::poll_write(writer, cx, rest.unwritten));
        Poll::Ready((rest.unwritten.len(), answer))
    }

    #[inline]
    fn advance(rest: &mut Unwritten<'_>, n: usize) -> io::Result<Flow> {
        rest.unwritten = &rest.unwritten[n..];
        *rest.written += n;
        Ok(Flow::Continue)
    }

    #[cold]
    fn at_zero(rest: &mut Unwritten<'_>) -> io::Result<Flow> {
        Err(stalled(
            io::ErrorKind::WriteZero,
            *rest.written,
            rest.unwritten.len(),
        ))
    }
}

/// The futures family's `WriteAllOwned`, re-exported by [`crate::futures_family`].
#[cfg(feature = "futures-io")]
pub(crate) mod futures_family {
    use super::*;
    use crate::family::FuturesIo;
    use futures_io::AsyncWrite;

    /// Future for the [`write_all_owned`](crate::futures_family::AsyncWriteAllExt::write_all_owned)
    /// method of the futures family.
    ///
    /// The same as the tokio family's [`WriteAllOwned`](crate::WriteAllOwned), for
    /// [`futures_io::AsyncWrite`]: resolves to `Ok((writer, buf))` once every byte was written,
    /// or to a [`WriteAllError`] that hands back the writer, the buffer and the progress.
    /// `Unpin` whatever the buffer type, `Send`/`Sync` when the writer and the buffer are, two
    /// words larger than them at most.
    #[must_use = "futures do nothing unless you `.await` or poll them"]
    pub struct WriteAllOwned<W, B> {
        inner: Owned<W, B, WriteAll<FuturesIo>>,
    }

    impl<W, B> WriteAllOwned<W, B> {
        #[inline]
        pub(crate) fn new(writer: W, buf: B) -> Self {
            Self {
                inner: Owned::new(writer, buf, WriteAll::new(0)),
            }
        }

        /// The number of bytes of the buffer written so far: `buf[..written]`.
        #[must_use]
        pub fn written(&self) -> usize {
            self.inner.op().written
        }

        /// Abandons the write and hands back the writer, the buffer and
        /// [`written`](Self::written), in the order [`resume`](Self::resume) takes them.
        ///
        /// Returns `None` once the future has completed: its output already handed them back.
        #[must_use = "the writer and the buffer are dropped with the result"]
        pub fn into_parts(self) -> Option<(W, B, usize)> {
            let (writer, buf, op) = self.inner.into_parts()?;
            Some((writer, buf, op.written))
        }

        /// The writer, while the write is in flight; `None` once the future has completed.
        #[must_use]
        pub fn get_ref(&self) -> Option<&W> {
            self.inner.get_ref()
        }

        /// The writer, mutably, while the write is in flight; `None` once the future has
        /// completed.
        #[must_use]
        pub fn get_mut(&mut self) -> Option<&mut W> {
            self.inner.get_mut()
        }

        /// Whether the future has completed (returned `Ready`); polling it again would panic.
        #[must_use]
        pub fn is_terminated(&self) -> bool {
            self.inner.is_terminated()
        }
    }

    impl<W: AsyncWrite + Unpin, B: AsRef<[u8]>> WriteAllOwned<W, B> {
        /// Continues a write that was abandoned with [`into_parts`](Self::into_parts) or failed,
        /// `progress` bytes of `buf` having been written already. A `progress` past the end of
        /// the buffer is an [`InvalidInput`](io::ErrorKind::InvalidInput) error when polled.
        pub fn resume(writer: W, buf: B, progress: usize) -> Self {
            Self {
                inner: Owned::new(writer, buf, WriteAll::new(progress)),
            }
        }
    }

    impl<W: AsyncWrite + Unpin, B: AsRef<[u8]>> Future for WriteAllOwned<W, B> {
        type Output = Result<(W, B), WriteAllError<W, B>>;

        #[inline]
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            let outcome = ready!(self.get_mut().inner.poll(cx, "WriteAllOwned"));
            Poll::Ready(match outcome {
                Ok((writer, buf, _)) => Ok((writer, buf)),
                Err((error, writer, buf, op)) => {
                    Err(WriteAllError::new(error, writer, buf, op.written))
                }
            })
        }
    }

    impl<W: AsyncWrite + Unpin, B: AsRef<[u8]>> FusedFuture for WriteAllOwned<W, B> {
        fn is_terminated(&self) -> bool {
            self.inner.is_terminated()
        }
    }

    impl<W, B> Unpin for WriteAllOwned<W, B> {}

    impl<W, B> std::fmt::Debug for WriteAllOwned<W, B> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            let written = self.written();
            self.inner
                .fmt_debug(f, "WriteAllOwned", &[("written", &written)])
        }
    }
}
