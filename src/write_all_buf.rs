//! `write_all_buf_owned`: [`WriteAllBufOwned`], vectored writes of a [`bytes::Buf`], for tokio
//! writers and the futures family.

use std::future::Future;
use std::io::{self, IoSlice};
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::Buf;
use futures_core::future::FusedFuture;
use tokio::io::AsyncWrite;

use crate::family::{PollWrite, Tokio};
use crate::progress::{stalled, Flow, Owned, Transfer};
use crate::WriteAllError;

/// The most slices one vectored write offers, as tokio's `write_all_buf`.
pub(crate) const MAX_SLICES: usize = 64;

/// Future for the [`write_all_buf_owned`](crate::AsyncWriteAllExt::write_all_buf_owned) method.
///
/// Resolves to `Ok((writer, buf))` with `buf` fully advanced, or to a [`WriteAllError`] that
/// hands back the writer and the buffer, advanced past exactly the bytes that were written. It
/// is `Unpin` whatever the buffer type, `Send`/`Sync` when the writer and the buffer are, and
/// two words larger than them at most.
///
/// # Examples
///
/// Abandon a frame half-written, and write exactly the rest later:
///
/// ```
/// use bytes::{Buf, Bytes};
/// use owned_io::{AsyncWriteAllExt, WriteAllBufOwned};
/// use tokio::io::AsyncReadExt;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let (sock, mut peer) = tokio::io::duplex(4); // the pipe holds 4 bytes
/// let frame = Bytes::from_static(b"\x00\x02").chain(Bytes::from_static(b"hi"));
/// let mut write = sock.write_all_buf_owned(frame.chain(Bytes::from_static(b"!")));
/// let timeout = std::time::Duration::from_millis(10);
/// assert!(tokio::time::timeout(timeout, &mut write).await.is_err());
/// let (sock, rest, written) = write.into_parts().expect("still in flight");
/// assert_eq!((written, rest.remaining()), (4, 1));
///
/// let mut got = [0u8; 5];
/// peer.read_exact(&mut got[..4]).await?;
/// let (_sock, rest) = WriteAllBufOwned::resume(sock, rest, written).await?;
/// peer.read_exact(&mut got[4..]).await?;
/// assert_eq!((&got, rest.remaining()), (b"\x00\x02hi!", 0));
/// # Ok(())
/// # }
/// ```
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct WriteAllBufOwned<W, B> {
    inner: Owned<W, B, WriteAllBuf<Tokio>>,
}

impl<W, B> WriteAllBufOwned<W, B> {
    #[inline]
    pub(crate) fn new(writer: W, buf: B) -> Self {
        Self {
            inner: Owned::new(writer, buf, WriteAllBuf::new(0)),
        }
    }

    /// The number of bytes written so far (the buffer was advanced past them), counted from
    /// the `progress` that [`resume`](Self::resume) was given.
    #[must_use]
    pub fn written(&self) -> usize {
        self.inner.op().written
    }

    /// Abandons the write and hands back the writer, the buffer advanced past what was
    /// written, and [`written`](Self::written), in the order [`resume`](Self::resume) takes
    /// them.
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

impl<W: AsyncWrite + Unpin, B: Buf> WriteAllBufOwned<W, B> {
    /// Continues a write that was abandoned with [`into_parts`](Self::into_parts) or failed.
    ///
    /// A [`Buf`] carries its own progress (it is advanced as it is written), so the future
    /// writes what remains in `buf`; `progress` only seeds [`written`](Self::written), usually
    /// with the count `into_parts` handed back.
    ///
    /// `resume` has the bounds of the `Future` impl: a writer of the other family does not
    /// compile.
    ///
    /// ```compile_fail
    /// use owned_io::WriteAllBufOwned;
    /// let futures_writer = futures::io::Cursor::new(vec![0u8; 4]); // not a tokio writer
    /// let _write = WriteAllBufOwned::resume(futures_writer, &b"ab"[..], 0);
    /// ```
    pub fn resume(writer: W, buf: B, progress: usize) -> Self {
        Self {
            inner: Owned::new(writer, buf, WriteAllBuf::new(progress)),
        }
    }
}

impl<W: AsyncWrite + Unpin, B: Buf> Future for WriteAllBufOwned<W, B> {
    type Output = Result<(W, B), WriteAllError<W, B>>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let outcome = ready!(self.get_mut().inner.poll(cx, "WriteAllBufOwned"));
        Poll::Ready(match outcome {
            Ok((writer, buf, _)) => Ok((writer, buf)),
            Err((error, writer, buf, op)) => {
                Err(WriteAllError::new(error, writer, buf, op.written))
            }
        })
    }
}

impl<W: AsyncWrite + Unpin, B: Buf> FusedFuture for WriteAllBufOwned<W, B> {
    fn is_terminated(&self) -> bool {
        self.inner.is_terminated()
    }
}

// The state is plain data moved in and out by value: nothing is ever pinned in place.
impl<W, B> Unpin for WriteAllBufOwned<W, B> {}

impl<W, B> std::fmt::Debug for WriteAllBufOwned<W, B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let written = self.written();
        self.inner
            .fmt_debug(f, "WriteAllBufOwned", &[("written", &written)])
    }
}

/// Write all of a `Buf`: one vectored write of up to [`MAX_SLICES`] chunks when the writer is
/// vectored, one plain write of the first chunk otherwise, with a family's write calls.
#[derive(Clone, Copy, Debug)]
pub(crate) struct WriteAllBuf<F> {
    written: usize,
    family: PhantomData<F>,
}

impl<F> WriteAllBuf<F> {
    #[inline]
    pub(crate) fn new(written: usize) -> Self {
        Self {
            written,
            family: PhantomData,
        }
    }
}

/// One poll's view of a `Buf` write: the buffer, which carries its own progress, and the count.
pub(crate) struct Remaining<'a, B> {
    buf: &'a mut B,
    written: &'a mut usize,
}

impl<F: PollWrite<W>, W, B: Buf> Transfer<W, B> for WriteAllBuf<F> {
    type Rest<'a>
        = Remaining<'a, B>
    where
        Self: 'a,
        B: 'a;

    #[inline]
    fn rest<'a>(&'a mut self, buf: &'a mut B) -> io::Result<Remaining<'a, B>> {
        Ok(Remaining {
            buf,
            written: &mut self.written,
        })
    }

    #[inline]
    fn is_done(rest: &Remaining<'_, B>) -> bool {
        !rest.buf.has_remaining()
    }

    #[inline]
    fn poll_once(
        writer: &mut W,
        rest: &mut Remaining<'_, B>,
        cx: &mut Context<'_>,
    ) -> Poll<(usize, io::Result<usize>)> {
        if F::is_write_vectored(writer) {
            let mut slices = [IoSlice::new(&[]); MAX_SLICES];
            let count = rest.buf.chunks_vectored(&mut slices);
            let slices = &slices[..count];
            let offered = slices.iter().map(|slice| slice.len()).sum();
            let answer = ready!(F::poll_write_vectored(writer, cx, slices));
            Poll::Ready((offered, answer))
        } else {
            let chunk = rest.buf.chunk();
            let answer = ready!(F::poll_write(writer, cx, chunk));
            Poll::Ready((chunk.len(), answer))
        }
    }

    #[inline]
    fn advance(rest: &mut Remaining<'_, B>, n: usize) -> io::Result<Flow> {
        rest.buf.advance(n);
        // Saturating: `resume` may seed the count with anything.
        *rest.written = rest.written.saturating_add(n);
        Ok(Flow::Continue)
    }

    #[cold]
    fn at_zero(rest: &mut Remaining<'_, B>) -> io::Result<Flow> {
        Err(stalled(
            io::ErrorKind::WriteZero,
            *rest.written,
            rest.buf.remaining(),
        ))
    }
}

/// The futures family's `WriteAllBufOwned`, re-exported by [`crate::futures_family`].
#[cfg(feature = "futures-io")]
pub(crate) mod futures_family {
    use super::*;
    use crate::family::FuturesIo;
    use futures_io::AsyncWrite;

    /// Future for the
    /// [`write_all_buf_owned`](crate::futures_family::AsyncWriteAllExt::write_all_buf_owned)
    /// method of the futures family.
    ///
    /// The same as the tokio family's [`WriteAllBufOwned`](crate::WriteAllBufOwned), for
    /// [`futures_io::AsyncWrite`]: resolves to `Ok((writer, buf))` with `buf` fully advanced, or
    /// to a [`WriteAllError`] that hands back the writer and the buffer advanced past exactly
    /// the bytes written.
    #[must_use = "futures do nothing unless you `.await` or poll them"]
    pub struct WriteAllBufOwned<W, B> {
        inner: Owned<W, B, WriteAllBuf<FuturesIo>>,
    }

    impl<W, B> WriteAllBufOwned<W, B> {
        #[inline]
        pub(crate) fn new(writer: W, buf: B) -> Self {
            Self {
                inner: Owned::new(writer, buf, WriteAllBuf::new(0)),
            }
        }

        /// The number of bytes written so far, counted from the `progress` that
        /// [`resume`](Self::resume) was given.
        #[must_use]
        pub fn written(&self) -> usize {
            self.inner.op().written
        }

        /// Abandons the write and hands back the writer, the buffer advanced past what was
        /// written, and [`written`](Self::written), in the order [`resume`](Self::resume)
        /// takes them.
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

    impl<W: AsyncWrite + Unpin, B: Buf> WriteAllBufOwned<W, B> {
        /// Continues a write that was abandoned with [`into_parts`](Self::into_parts) or failed:
        /// writes what remains in `buf`, which carries its own progress; `progress` only seeds
        /// [`written`](Self::written).
        pub fn resume(writer: W, buf: B, progress: usize) -> Self {
            Self {
                inner: Owned::new(writer, buf, WriteAllBuf::new(progress)),
            }
        }
    }

    impl<W: AsyncWrite + Unpin, B: Buf> Future for WriteAllBufOwned<W, B> {
        type Output = Result<(W, B), WriteAllError<W, B>>;

        #[inline]
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            let outcome = ready!(self.get_mut().inner.poll(cx, "WriteAllBufOwned"));
            Poll::Ready(match outcome {
                Ok((writer, buf, _)) => Ok((writer, buf)),
                Err((error, writer, buf, op)) => {
                    Err(WriteAllError::new(error, writer, buf, op.written))
                }
            })
        }
    }

    impl<W: AsyncWrite + Unpin, B: Buf> FusedFuture for WriteAllBufOwned<W, B> {
        fn is_terminated(&self) -> bool {
            self.inner.is_terminated()
        }
    }

    impl<W, B> Unpin for WriteAllBufOwned<W, B> {}

    impl<W, B> std::fmt::Debug for WriteAllBufOwned<W, B> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            let written = self.written();
            self.inner
                .fmt_debug(f, "WriteAllBufOwned", &[("written", &written)])
        }
    }
}
