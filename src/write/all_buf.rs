//! `write_all_buf_owned`: write all of a `bytes::Buf`, vectored where the writer is, as tokio's
//! `write_all_buf` does.

use std::future::Future;
use std::io::{self, IoSlice};
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::Buf;

use crate::error::WriteAllError;
use crate::family::PollWrite;
use crate::owned::{counted, stalled, Operation, Owned, Written};

/// The method this future runs, as its errors name it.
const METHOD: &str = "write_all_buf_owned";

/// The most slices one vectored write offers, as tokio's `write_all_buf`.
const MAX_SLICES: usize = 64;

/// The operation of a [`WriteAllBufOwned`](crate::WriteAllBufOwned) future.
#[derive(Debug)]
pub struct WriteAllBuf<F>(PhantomData<F>);

impl<F> Operation for WriteAllBuf<F> {
    const FUTURE: &'static str = "WriteAllBufOwned";
}

impl<W, B: Buf, F: PollWrite<W>> Owned<W, B, WriteAllBuf<F>, Written> {
    /// Continues a write abandoned with [`into_parts`](Self::into_parts), or that failed: a
    /// [`Buf`] carries its own progress, so the future writes what remains in `buf`, and
    /// `progress` only seeds [`written`](Self::written).
    ///
    /// ```compile_fail
    /// use owned_io::WriteAllBufOwned;
    /// let futures_writer = futures::io::Cursor::new(vec![0u8; 4]); // not a tokio writer
    /// let _write = WriteAllBufOwned::resume(futures_writer, &b"ab"[..], 0);
    /// ```
    pub fn resume(writer: W, buf: B, progress: usize) -> Self {
        Self::new(writer, buf, Written(progress), WriteAllBuf(PhantomData))
    }
}

impl<W, B: Buf, F: PollWrite<W>> Future for Owned<W, B, WriteAllBuf<F>, Written> {
    type Output = Result<(W, B), WriteAllError<W, B>>;

    // Always inlined, as tokio's borrowed futures are into the caller's loop: left out of line,
    // the parts and the output go through memory on every call.
    #[inline(always)]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.get_mut().poll_parts(
            #[inline(always)]
            |writer, buf, Written(written)| {
                while buf.has_remaining() {
                    let (offered, answer) = if F::is_write_vectored(writer) {
                        let mut slices = [IoSlice::new(&[]); MAX_SLICES];
                        let count = buf.chunks_vectored(&mut slices);
                        let slices = &slices[..count];
                        let offered = slices.iter().map(|slice| slice.len()).sum();
                        (offered, ready!(F::poll_write_vectored(writer, cx, slices)))
                    } else {
                        let chunk = buf.chunk();
                        (chunk.len(), ready!(F::poll_write(writer, cx, chunk)))
                    };
                    let Some(answer) = counted(answer, offered) else {
                        continue;
                    };
                    let n = answer?;
                    if n == 0 {
                        let error = stalled(io::ErrorKind::WriteZero, *written, buf.remaining());
                        return Poll::Ready(Err(error));
                    }
                    buf.advance(n);
                    // Saturating: `resume` may seed the count with anything.
                    *written = written.saturating_add(n);
                }
                Poll::Ready(Ok(()))
            },
            #[inline(always)]
            |result, writer, buf, written| match result {
                Ok(()) => Ok((writer, buf)),
                Err(cause) => Err(WriteAllError::new(METHOD, cause, (writer, buf), written)),
            },
        )
    }
}
