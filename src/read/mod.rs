//! The reads. This module is `read_owned`'s: one read into a `bytes::BufMut`'s spare capacity,
//! as tokio's `read_buf`. Its children fill a buffer exactly ([`exact`]), append exactly `n`
//! bytes ([`buf_exact`]), to the end of stream ([`to_end`]), through a delimiter ([`until`])
//! or a line ([`line`]).

#[cfg(feature = "bytes")]
pub(crate) mod buf_exact;
pub(crate) mod exact;
pub(crate) mod line;
#[cfg(feature = "bytes")]
pub(crate) mod to_end;
pub(crate) mod until;

/// Makes room in `vec` for `wanted` more bytes, `left` being the most the operation may still
/// append: amortised growth (`reserve(step)`, which at least doubles the capacity), but
/// exactly `left` when doubling would reserve more than `left` bytes can ever need, so that a
/// limit bounds the capacity as well as the length: it never grows past `len + left`.
#[inline]
pub(crate) fn reserve_within(vec: &mut Vec<u8>, wanted: usize, step: usize, left: usize) {
    if vec.capacity() - vec.len() >= wanted {
        return;
    }
    if vec.len().saturating_add(left) <= vec.capacity().saturating_mul(2) {
        vec.reserve_exact(left);
    } else {
        vec.reserve(step.min(left));
    }
}

use crate::error::{Appended, Cause, ReadError};
use crate::owned::Filled;

/// What a read that appends completes with: the reader, the buffer and the count.
type AppendedOutput<R, B> = Result<(R, B, usize), ReadError<R, B>>;

/// The output of a read that appends, made from what its poll hands back: the reader, the
/// buffer and the count, or the error of `method` with them.
#[inline(always)]
pub(crate) fn appended<R, B>(
    method: &'static str,
) -> impl FnOnce(Result<(), Cause>, R, B, Filled) -> AppendedOutput<R, B> {
    #[inline(always)]
    move |result, reader, buf, Filled(filled)| match result {
        Ok(()) => Ok((reader, buf, filled)),
        Err(cause) => Err(ReadError::new(
            method,
            cause,
            (reader, buf),
            Appended(filled),
        )),
    }
}

#[cfg(feature = "bytes")]
use {
    crate::family::PollReadSpare,
    crate::owned::{counted, Operation, Owned},
    bytes::BufMut,
    std::future::Future,
    std::io,
    std::marker::PhantomData,
    std::pin::Pin,
    std::task::{ready, Context, Poll},
};

/// The operation of a [`ReadOwned`](crate::ReadOwned) future.
#[cfg(feature = "bytes")]
#[derive(Debug)]
pub struct Read<F>(PhantomData<F>);

#[cfg(feature = "bytes")]
impl<F> Operation for Read<F> {
    const FUTURE: &'static str = "ReadOwned";
}

#[cfg(feature = "bytes")]
impl<R, B: BufMut, F: PollReadSpare<R>> Owned<R, B, Read<F>, Filled> {
    /// Makes the read again on a reader and a buffer that [`into_parts`](Self::into_parts)
    /// or an error handed back, with the progress they handed out, which is always `0`: a
    /// single read either happened or did not. The `Ok` count is the bytes this read
    /// appended, so `0` still means end of stream.
    ///
    /// Any other `progress` is an [`InvalidInput`](io::ErrorKind::InvalidInput) error when
    /// polled, before the read, with a `filled()` of `0`.
    pub fn resume(reader: R, buf: B, progress: usize) -> Self {
        Self::new(reader, buf, Filled(progress), Read(PhantomData))
    }
}

#[cfg(feature = "bytes")]
impl<R, B: BufMut, F: PollReadSpare<R>> Future for Owned<R, B, Read<F>, Filled> {
    type Output = Result<(R, B, usize), ReadError<R, B>>;

    // Always inlined, as tokio's borrowed futures are into the caller's loop: left out of
    // line, the parts and the output go through memory on every call.
    #[inline(always)]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.get_mut().poll_parts(
            #[inline(always)]
            |reader, buf, Filled(filled)| {
                if *filled != 0 {
                    return Poll::Ready(Err(not_zero(std::mem::take(filled))));
                }
                if !buf.has_remaining_mut() {
                    return Poll::Ready(Err(no_room()));
                }
                loop {
                    let (offered, answer) = ready!(F::poll_read_buf(reader, cx, buf));
                    if let Some(answer) = counted(answer, offered) {
                        *filled = answer?;
                        return Poll::Ready(Ok(()));
                    }
                }
            },
            appended("read_owned"),
        )
    }
}

#[cfg(feature = "bytes")]
#[cold]
fn not_zero(progress: usize) -> Cause {
    let what = format!("resumed at progress {progress}: a single read has no progress to resume");
    Cause::made(io::ErrorKind::InvalidInput, what)
}

#[cfg(feature = "bytes")]
#[cold]
fn no_room() -> Cause {
    let what = "a buffer with no room to read into (remaining_mut() == 0)".to_string();
    Cause::made(io::ErrorKind::InvalidInput, what)
}
