//! `read_buf_exact_owned`: exactly `n` bytes appended to a `bytes::BufMut`'s spare capacity,
//! nothing read past them.

use std::future::Future;
use std::io;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::BufMut;

use crate::error::{Appended, Cause, ReadError};
use crate::family::PollReadSpare;
use crate::owned::{counted, past_end, stalled, Filled, Operation, Owned};

/// The method this future runs, as its errors name it.
const METHOD: &str = "read_buf_exact_owned";

/// The operation of a [`ReadBufExactOwned`](crate::ReadBufExactOwned) future: how many bytes
/// it appends in all.
#[derive(Debug)]
pub struct ReadBufExact<F> {
    n: usize,
    family: PhantomData<F>,
}

impl<F> Operation for ReadBufExact<F> {
    const FUTURE: &'static str = "ReadBufExactOwned";
}

impl<R, B: BufMut, F: PollReadSpare<R>> Owned<R, B, ReadBufExact<F>, Filled> {
    /// Continues a read abandoned with [`into_parts`](Self::into_parts), or that failed: the
    /// last `progress` bytes of `buf` were appended by it, and count toward `n`.
    ///
    /// A `progress` larger than `n`, or a buffer without room for the rest, is an
    /// [`InvalidInput`](io::ErrorKind::InvalidInput) error when polled, before any read.
    pub fn resume(reader: R, buf: B, progress: usize, n: usize) -> Self {
        let family = PhantomData;
        Self::new(reader, buf, Filled(progress), ReadBufExact { n, family })
    }
}

impl<R, B: BufMut, F: PollReadSpare<R>> Future for Owned<R, B, ReadBufExact<F>, Filled> {
    type Output = Result<(R, B), ReadError<R, B>>;

    // Always inlined: a body read is on the hot path of every length-prefixed protocol.
    #[inline(always)]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let n = self.op.n;
        self.get_mut().poll_parts(
            #[inline(always)]
            |reader, buf, Filled(filled)| {
                let Some(due) = n.checked_sub(*filled) else {
                    return Poll::Ready(Err(past_end(filled, n)));
                };
                if buf.remaining_mut() < due {
                    return Poll::Ready(Err(no_room(buf.remaining_mut(), due)));
                }
                while *filled < n {
                    let left = n - *filled;
                    // Never offered more than is due: nothing past the `n` bytes is consumed.
                    let mut limited = (&mut *buf).limit(left);
                    let (offered, answer) = ready!(F::poll_read_buf(reader, cx, &mut limited));
                    let Some(answer) = counted(answer, offered) else {
                        continue;
                    };
                    let got = answer?;
                    if got == 0 {
                        let error = stalled(io::ErrorKind::UnexpectedEof, *filled, left);
                        return Poll::Ready(Err(error));
                    }
                    *filled += got;
                }
                Poll::Ready(Ok(()))
            },
            #[inline(always)]
            |result, reader, buf, Filled(filled)| match result {
                Ok(()) => Ok((reader, buf)),
                Err(cause) => Err(ReadError::new(
                    METHOD,
                    cause,
                    (reader, buf),
                    Appended(filled),
                )),
            },
        )
    }
}

#[cold]
fn no_room(room: usize, due: usize) -> Cause {
    let what = format!("{due} bytes due, into a buffer with room for {room}");
    Cause::made(io::ErrorKind::InvalidInput, what)
}
