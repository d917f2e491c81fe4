//! `read_to_end_owned`: append to a `Vec<u8>` until end of stream, within a limit, as tokio's
//! `read_to_end` does without one, and growing the vector as the family's `read_to_end` does.

use std::borrow::BorrowMut;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use crate::error::{Cause, ReadError};
use crate::family::PollReadSpare;
use crate::owned::{counted, past_end, Filled, Operation, Owned};
use crate::read::{appended, reserve_within};

/// The method this future runs, as its errors name it.
const METHOD: &str = "read_to_end_owned";

/// The operation of a [`ReadToEndOwned`](crate::ReadToEndOwned) future: the limit.
#[derive(Debug)]
pub struct ReadToEnd<F> {
    limit: usize,
    /// The vector's capacity when the read started: tokio's family probes a vector that is
    /// still at it before growing it.
    start_capacity: usize,
    family: PhantomData<F>,
}

impl<F> Operation for ReadToEnd<F> {
    const FUTURE: &'static str = "ReadToEndOwned";
}

impl<R, B, F> Owned<R, B, ReadToEnd<F>, Filled> {
    /// The limit: more bytes than this is an error.
    #[must_use]
    pub fn limit(&self) -> usize {
        self.op.limit
    }
}

impl<R, B: BorrowMut<Vec<u8>>, F: PollReadSpare<R>> Owned<R, B, ReadToEnd<F>, Filled> {
    /// Continues a read abandoned with [`into_parts`](Self::into_parts), or that failed: the
    /// last `progress` bytes of `buf` were appended by it, and count toward `limit`.
    ///
    /// ```
    /// use owned_io::{AsyncReadOwnedExt, ReadToEndOwned};
    /// use tokio::io::AsyncWriteExt;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let (mut peer, sock) = tokio::io::duplex(64);
    /// peer.write_all(b"first half, ").await?;
    /// let mut read = sock.read_to_end_owned(Vec::new(), 1024);
    /// let timeout = std::time::Duration::from_millis(10);
    /// assert!(tokio::time::timeout(timeout, &mut read).await.is_err());
    /// let (sock, buf, filled) = read.into_parts().expect("still in flight");
    ///
    /// peer.write_all(b"second half").await?;
    /// drop(peer); // end of stream
    /// let (_sock, buf, n) = ReadToEndOwned::resume(sock, buf, filled, 1024).await?;
    /// assert_eq!((&buf[..], n), (&b"first half, second half"[..], 23));
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// A `progress` larger than the buffer is an
    /// [`InvalidInput`](std::io::ErrorKind::InvalidInput) error when polled, before anything else.
    pub fn resume(reader: R, buf: B, progress: usize, limit: usize) -> Self {
        let op = ReadToEnd {
            limit,
            start_capacity: buf.borrow().capacity(),
            family: PhantomData,
        };
        Self::new(reader, buf, Filled(progress), op)
    }
}

impl<R, B: BorrowMut<Vec<u8>>, F: PollReadSpare<R>> Future for Owned<R, B, ReadToEnd<F>, Filled> {
    type Output = Result<(R, B, usize), ReadError<R, B>>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let (limit, start_capacity) = (self.op.limit, self.op.start_capacity);
        self.get_mut().poll_parts(
            |reader, buf, Filled(filled)| {
                let vec = buf.borrow_mut();
                if *filled > vec.len() {
                    return Poll::Ready(Err(past_end(filled, vec.len())));
                }
                if *filled > limit {
                    return Poll::Ready(Err(too_long(limit, *filled)));
                }
                // A family that zeroes spare capacity before reading lengthens the vector; what
                // was not read is cut off again on every exit, a panic's included.
                let mut vec = Appending {
                    end: vec.len(),
                    vec,
                };
                loop {
                    let max = (limit - *filled).saturating_add(1);
                    let (offered, answer) = if F::PROBES && at_start(vec.vec, start_capacity) {
                        ready!(probe::<F, R>(reader, cx, vec.vec, max))
                    } else {
                        if vec.vec.len() == vec.end {
                            reserve_for(vec.vec, max);
                        }
                        ready!(F::poll_read_vec(reader, cx, vec.vec, vec.end, max))
                    };
                    let Some(answer) = counted(answer, offered) else {
                        continue;
                    };
                    let n = answer?;
                    if n == 0 {
                        return Poll::Ready(Ok(()));
                    }
                    vec.end += n;
                    *filled += n;
                    if *filled > limit {
                        return Poll::Ready(Err(too_long(limit, *filled)));
                    }
                }
            },
            appended(METHOD),
        )
    }
}

/// The vector and the end of the bytes that count in it, cut back to that end when dropped.
struct Appending<'a> {
    vec: &'a mut Vec<u8>,
    end: usize,
}

impl Drop for Appending<'_> {
    fn drop(&mut self) {
        self.vec.truncate(self.end);
    }
}

/// How much a read into the vector wants room for, and tokio's probe size: both families'
/// borrowed `read_to_end` reserve 32 bytes when fewer are free.
const STEP: usize = 32;

/// Makes room in `vec` for the next read of at most `max` bytes: 32 bytes as the borrowed
/// `read_to_end`s do, within what `max` bytes can need.
fn reserve_for(vec: &mut Vec<u8>, max: usize) {
    reserve_within(vec, STEP.min(max), STEP, max);
}

/// Whether the vector is full, or nearly, at the capacity it started with: tokio's
/// `read_to_end` then reads into a probe on the stack first, so that a vector whose reader is
/// at its end of stream is not grown for nothing.
fn at_start(vec: &mut Vec<u8>, start_capacity: usize) -> bool {
    let spare = vec.capacity() - vec.len();
    spare < STEP && vec.capacity() == start_capacity && start_capacity >= STEP
}

/// One read into a probe of at most 32 bytes on the stack, appended to `vec` (grown only if
/// the bytes need it).
fn probe<F: PollReadSpare<R>, R>(
    reader: &mut R,
    cx: &mut Context<'_>,
    vec: &mut Vec<u8>,
    max: usize,
) -> Poll<(usize, Result<usize, Cause>)> {
    let mut probe = [0u8; STEP];
    let probe = &mut probe[..STEP.min(max)];
    let answer = ready!(F::poll_read(reader, cx, probe));
    if let Ok(n) = answer {
        if n <= probe.len() {
            if n > vec.capacity() - vec.len() {
                reserve_for(vec, max);
            }
            vec.extend_from_slice(&probe[..n]);
        }
    }
    Poll::Ready((probe.len(), answer))
}

#[cold]
fn too_long(limit: usize, filled: usize) -> Cause {
    Cause::over_limit(format!(
        "the stream is longer than the limit of {limit} bytes ({filled} bytes read)"
    ))
}
