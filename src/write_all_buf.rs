//! `write_all_buf_owned` for tokio writers: [`WriteAllBufOwned`], vectored writes of a
//! [`bytes::Buf`].

use std::io::{self, IoSlice};
use std::marker::PhantomData;
use std::task::{ready, Context, Poll};

use bytes::Buf;
use tokio::io::AsyncWrite;

use crate::family::{PollWrite, Tokio};
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
    io: AsyncWrite;
    buf: Buf;
    transfer: WriteAllBuf<Tokio>;
    error: WriteAllError;
    /// Continues a write that was abandoned with [`into_parts`](Self::into_parts) or failed.
    ///
    /// A [`Buf`] carries its own progress (it is advanced as it is written), so the future
    /// writes what remains in `buf`; `progress` only seeds [`written`](Self::written), usually
    /// with the count read before `into_parts`.
    resume;
}

/// Write all of a `Buf`: one vectored write of up to [`MAX_SLICES`] chunks when the writer is
/// vectored, one plain write of the first chunk otherwise, with a family's write calls.
pub(crate) struct WriteAllBuf<F>(PhantomData<F>);

impl<F: PollWrite<W>, W, B: Buf> Transfer<W, B> for WriteAllBuf<F> {
    const DIRECTION: Direction = Direction::Write;

    /// A `Buf` carries its own progress: the rest is the buffer itself.
    type Rest<'a>
        = &'a mut B
    where
        B: 'a;

    #[inline]
    fn rest(buf: &mut B, _done: usize) -> Option<&mut B> {
        Some(buf)
    }

    #[inline]
    fn len(buf: &&mut B) -> usize {
        buf.remaining()
    }

    #[inline]
    fn poll_once(
        writer: &mut W,
        buf: &mut &mut B,
        cx: &mut Context<'_>,
    ) -> Poll<(usize, io::Result<usize>)> {
        if F::is_write_vectored(writer) {
            let mut slices = [IoSlice::new(&[]); MAX_SLICES];
            let count = buf.chunks_vectored(&mut slices);
            let slices = &slices[..count];
            let offered = slices.iter().map(|slice| slice.len()).sum();
            let answer = ready!(F::poll_write_vectored(writer, cx, slices));
            Poll::Ready((offered, answer))
        } else {
            let chunk = buf.chunk();
            let answer = ready!(F::poll_write(writer, cx, chunk));
            Poll::Ready((chunk.len(), answer))
        }
    }

    #[inline]
    fn advance(buf: &mut &mut B, n: usize) {
        buf.advance(n);
    }
}
