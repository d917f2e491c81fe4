//! `write_all_buf_owned` for tokio writers: [`WriteAllBufOwned`], vectored writes of a
//! [`bytes::Buf`].

use std::future::Future;
use std::io::{self, IoSlice};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::Buf;
use tokio::io::AsyncWrite;

use crate::progress::{owned_future, Direction, Transfer};
use crate::WriteAllError;

/// The most slices one vectored write offers, as tokio's `write_all_buf`.
pub(crate) const MAX_SLICES: usize = 64;

owned_future! {
    /// Future for the [`write_all_buf_owned`](crate::AsyncWriteAllExt::write_all_buf_owned)
    /// method.
    ///
    /// Resolves to `Ok((writer, buf))` with `buf` fully advanced, or to a [`WriteAllError`] that
    /// hands back the writer and the buffer, advanced past exactly the bytes that were written.
    /// It is `Unpin` whatever the buffer type, `Send`/`Sync` when the writer and the buffer are,
    /// and two words larger than them at most.
    pub struct WriteAllBufOwned<W, B>;
    progress: written;
    /// Continues a write that was abandoned with [`into_parts`](Self::into_parts) or failed.
    ///
    /// A [`Buf`] carries its own progress (it is advanced as it is written), so the future
    /// writes what remains in `buf`; `progress` only seeds [`written`](Self::written), usually
    /// with the count read before `into_parts`.
    resume;
}

impl<W, B> WriteAllBufOwned<W, B> {
    pub(crate) fn new(writer: W, buf: B) -> Self {
        Self::resume(writer, buf, 0)
    }
}

impl<W: AsyncWrite + Unpin, B: Buf> Future for WriteAllBufOwned<W, B> {
    type Output = Result<(W, B), WriteAllError<W, B>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.get_mut()
            .inner
            .poll::<TokioWriteBuf>(cx, "WriteAllBufOwned")
            .map_err(WriteAllError::new)
    }
}

/// One `poll_write_vectored` of up to [`MAX_SLICES`] chunks when the writer is vectored, one
/// `poll_write` of the first chunk otherwise.
struct TokioWriteBuf;

impl<W: AsyncWrite + Unpin, B: Buf> Transfer<W, B> for TokioWriteBuf {
    const DIRECTION: Direction = Direction::Write;

    fn remaining(buf: &mut B, _done: usize) -> Option<usize> {
        Some(buf.remaining())
    }

    fn poll_once(
        writer: &mut W,
        buf: &mut B,
        _done: usize,
        cx: &mut Context<'_>,
    ) -> Poll<(usize, io::Result<usize>)> {
        let writer = Pin::new(writer);
        if writer.is_write_vectored() {
            let mut slices = [IoSlice::new(&[]); MAX_SLICES];
            let count = buf.chunks_vectored(&mut slices);
            let slices = &slices[..count];
            let offered = slices.iter().map(|slice| slice.len()).sum();
            let answer = ready!(writer.poll_write_vectored(cx, slices));
            Poll::Ready((offered, answer))
        } else {
            let chunk = buf.chunk();
            let answer = ready!(writer.poll_write(cx, chunk));
            Poll::Ready((chunk.len(), answer))
        }
    }

    fn consume(buf: &mut B, n: usize) {
        buf.advance(n);
    }
}
