//! `copy_bidirectional_owned`: a copy each way between two I/O objects through the caller's
//! two buffers, each direction shutting its writer down at its reader's end.

use std::future::Future;
use std::io;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use crate::copy::{check, poll_copy, CopyProgress, Failed};
use crate::error::{Copied, Copying, OwnedError, Side};
use crate::family::{Cooperate, PollRead, PollWrite};
use crate::owned::{Operation, Owned};

/// The operation of a [`CopyBidirectionalOwned`](crate::CopyBidirectionalOwned) future.
#[derive(Debug)]
pub struct CopyBidirectional<F>(PhantomData<F>);

impl<F> Operation for CopyBidirectional<F> {
    const FUTURE: &'static str = "CopyBidirectionalOwned";
}

/// Each direction's progress.
type Both = (CopyProgress, CopyProgress);

impl<A, B, BufAB, BufBA, F> Owned<(A, B), (BufAB, BufBA), CopyBidirectional<F>, Both> {
    /// How far the copy from `a` to `b` got.
    #[must_use]
    pub fn a_to_b(&self) -> CopyProgress {
        self.progress.0
    }

    /// How far the copy from `b` to `a` got.
    #[must_use]
    pub fn b_to_a(&self) -> CopyProgress {
        self.progress.1
    }

    /// Abandons the copy and hands back both I/O objects, both buffers and both progresses, in
    /// the order `resume` takes them; `None` once the future has completed.
    #[allow(clippy::type_complexity)]
    #[must_use = "the I/O objects and the buffers are dropped with the result"]
    pub fn into_parts(self) -> Option<(A, B, BufAB, BufBA, CopyProgress, CopyProgress)> {
        let ((a, b), (buf_a_to_b, buf_b_to_a), (a_to_b, b_to_a)) = self.take_parts()?;
        Some((a, b, buf_a_to_b, buf_b_to_a, a_to_b, b_to_a))
    }
}

impl<A, B, BufAB, BufBA, F> Owned<(A, B), (BufAB, BufBA), CopyBidirectional<F>, Both>
where
    F: PollRead<A> + PollWrite<A> + PollRead<B> + PollWrite<B> + Cooperate,
    BufAB: AsMut<[u8]>,
    BufBA: AsMut<[u8]>,
{
    /// Continues a copy abandoned with [`into_parts`](Self::into_parts), or that failed
    /// ([`CopyBidirectionalError::into_resume_parts`]), each direction from its progress, its
    /// pending bytes first.
    ///
    /// Both buffers and both progresses are checked before any I/O: an empty buffer or a
    /// pending range that does not fit is an [`InvalidInput`](std::io::ErrorKind::InvalidInput)
    /// error when polled.
    pub fn resume(
        a: A,
        b: B,
        buf_a_to_b: BufAB,
        buf_b_to_a: BufBA,
        a_to_b: CopyProgress,
        b_to_a: CopyProgress,
    ) -> Self {
        let (io, bufs) = ((a, b), (buf_a_to_b, buf_b_to_a));
        Self::new(io, bufs, (a_to_b, b_to_a), CopyBidirectional(PhantomData))
    }
}

impl<A, B, BufAB, BufBA, F> Future for Owned<(A, B), (BufAB, BufBA), CopyBidirectional<F>, Both>
where
    F: PollRead<A> + PollWrite<A> + PollRead<B> + PollWrite<B> + Cooperate,
    BufAB: AsMut<[u8]>,
    BufBA: AsMut<[u8]>,
{
    #[allow(clippy::type_complexity)]
    type Output =
        Result<(A, B, BufAB, BufBA, u64, u64), CopyBidirectionalError<A, B, BufAB, BufBA>>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        use BidirectionalSide::{A as SideA, B as SideB};
        let this = self.get_mut();
        this.poll_parts(
            |(a, b), (ab, ba), (a_to_b, b_to_a)| {
                let (ab, ba) = (ab.as_mut(), ba.as_mut());
                check(ab.len(), a_to_b).map_err(|failed| failed.sides(SideA, SideB))?;
                check(ba.len(), b_to_a).map_err(|failed| failed.sides(SideB, SideA))?;
                let forth = poll_copy::<F, A, B>(a, b, ab, a_to_b, true, cx)
                    .map_err(|f| f.sides(SideA, SideB))?;
                let back = poll_copy::<F, B, A>(b, a, ba, b_to_a, true, cx)
                    .map_err(|f| f.sides(SideB, SideA))?;
                ready!(forth);
                ready!(back);
                Poll::Ready(Ok::<(), Failed<BidirectionalSide>>(()))
            },
            #[inline(always)]
            |result, (a, b), (ab, ba), progress| match result {
                Ok(()) => Ok((a, b, ab, ba, progress.0.copied(), progress.1.copied())),
                Err(failed) => {
                    let detail = Copied {
                        side: failed.side,
                        progress,
                    };
                    let parts = (a, b, ab, ba);
                    let method = "copy_bidirectional_owned";
                    Err(CopyBidirectionalError::new(
                        method,
                        failed.cause,
                        parts,
                        detail,
                    ))
                }
            },
        )
    }
}

/// Which I/O object of a bidirectional copy failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BidirectionalSide {
    /// The first, `a`.
    A,
    /// The second, `b`.
    B,
}

/// The error of `copy_bidirectional_owned`: the `io::Error`, both I/O objects, both buffers,
/// which side failed, and each direction's [`CopyProgress`] with its pending bytes.
pub type CopyBidirectionalError<A, B, BufAB, BufBA> =
    OwnedError<(A, B, BufAB, BufBA), Copied<BidirectionalSide, (CopyProgress, CopyProgress)>>;

impl<A, B, BufAB, BufBA, P: Copying>
    OwnedError<(A, B, BufAB, BufBA), Copied<BidirectionalSide, (P, P)>>
where
    (P, P): Copying,
{
    /// Which I/O object failed; `None` when a buffer or a progress did not fit
    /// ([`InvalidInput`](std::io::ErrorKind::InvalidInput)).
    #[must_use]
    pub fn side(&self) -> Option<BidirectionalSide> {
        self.detail.side
    }

    /// The bytes written each way before the error: `a` to `b`, then `b` to `a`.
    #[must_use]
    pub fn copied(&self) -> (u64, u64) {
        let (a_to_b, b_to_a) = &self.detail.progress;
        (a_to_b.copied(), b_to_a.copied())
    }

    /// The underlying `io::Error`, both I/O objects and both buffers (or pipes), in argument
    /// order, without the progresses: see [`into_resume_parts`](Self::into_resume_parts) to go
    /// on.
    #[must_use]
    pub fn into_parts(self) -> (io::Error, A, B, BufAB, BufBA) {
        let (a, b, buf_a_to_b, buf_b_to_a) = self.parts;
        (self.error, a, b, buf_a_to_b, buf_b_to_a)
    }

    /// The `io::Error` and what the future's `resume` takes to go on without losing a byte:
    /// both I/O objects, both buffers (or pipes) and both progresses.
    #[allow(clippy::type_complexity)]
    #[must_use]
    pub fn into_resume_parts(self) -> (io::Error, A, B, BufAB, BufBA, P, P) {
        let (a, b, buf_a_to_b, buf_b_to_a) = self.parts;
        let (a_to_b, b_to_a) = self.detail.progress;
        (self.error, a, b, buf_a_to_b, buf_b_to_a, a_to_b, b_to_a)
    }
}

impl<A, B, BufAB, BufBA>
    OwnedError<(A, B, BufAB, BufBA), Copied<BidirectionalSide, (CopyProgress, CopyProgress)>>
{
    /// How far the copy from `a` to `b` got, with the bytes read from `a` but not yet written
    /// to `b` (a range of `buf_a_to_b`).
    #[must_use]
    pub fn a_to_b(&self) -> CopyProgress {
        self.detail.progress.0
    }

    /// How far the copy from `b` to `a` got, with its pending bytes (a range of `buf_b_to_a`).
    #[must_use]
    pub fn b_to_a(&self) -> CopyProgress {
        self.detail.progress.1
    }
}

impl Side for BidirectionalSide {
    fn context(self) -> &'static str {
        match self {
            BidirectionalSide::A => ", on a",
            BidirectionalSide::B => ", on b",
        }
    }
}

impl Copying for (CopyProgress, CopyProgress) {
    const ERROR: &'static str = "CopyBidirectionalError";

    fn copied(&self) -> u64 {
        self.0.copied() + self.1.copied()
    }
}
