//! `read_owned`: one read into a `bytes::BufMut`'s spare capacity, as tokio's `read_buf`.

use std::future::Future;
use std::io;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::BufMut;

use crate::error::failure;
use crate::family::PollReadSpare;
use crate::owned::{counted, Operation, Owned, Reading};
use crate::ReadError;

/// The operation of a [`ReadOwned`](crate::ReadOwned) future.
#[derive(Debug)]
pub struct ReadOnce<F>(PhantomData<F>);

impl<F> Operation for ReadOnce<F> {
    const FUTURE: &'static str = "ReadOwned";
}

impl<F> Reading for ReadOnce<F> {}

impl<R, B: BufMut, F: PollReadSpare<R>> Owned<R, B, ReadOnce<F>> {
    /// Makes the read again on a reader and a buffer that [`into_parts`](Self::into_parts) or
    /// an error handed back, with the progress they handed out, which is always `0`: a single
    /// read either happened or did not. The `Ok` count is the bytes this read appended, so `0`
    /// still means end of stream.
    ///
    /// Any other `progress` is an [`InvalidInput`](std::io::ErrorKind::InvalidInput) error when
    /// polled, before the read, with a `filled()` of `0`.
    pub fn resume(reader: R, buf: B, progress: usize) -> Self {
        Self::new(reader, buf, progress, ReadOnce(PhantomData))
    }
}

impl<R, B: BufMut, F: PollReadSpare<R>> Future for Owned<R, B, ReadOnce<F>> {
    type Output = Result<(R, B, usize), ReadError<R, B>>;

    // Always inlined, as tokio's borrowed futures are into the caller's loop: left out of line,
    // the parts and the output go through memory on every call.
    #[inline(always)]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let (handed, filled) = ready!(self.get_mut().poll_parts(
            #[inline(always)]
            |reader, buf, filled| {
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
        ));
        Poll::Ready(match handed {
            Ok((reader, buf, ())) => Ok((reader, buf, filled)),
            Err((e, reader, buf)) => Err(ReadError::new("read_owned", e, reader, buf, filled)),
        })
    }
}

#[cold]
fn not_zero(progress: usize) -> io::Error {
    let what = format!("resumed at progress {progress}: a single read has no progress to resume");
    failure(io::ErrorKind::InvalidInput, what)
}

#[cold]
fn no_room() -> io::Error {
    let what = "a buffer with no room to read into (remaining_mut() == 0)".to_string();
    failure(io::ErrorKind::InvalidInput, what)
}
