//! `copy_bidirectional_owned`: a copy each way between two I/O objects through the caller's
//! two buffers, each direction shutting its writer down at its reader's end.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures_core::future::FusedFuture;

use crate::copy::{check, poll_copy, CopyProgress, Failed};
use crate::family::{PollRead, PollWrite};
use crate::owned::{fmt_future, Parts};
use crate::{BidirectionalSide, CopyBidirectionalError, CopyBidirectionalOwned};

/// Copies what `a` sends to `b` and what `b` sends to `a`, at once, through the two buffers,
/// and hands all four back with the counts each way.
///
/// Equivalent to:
///
/// ```text
/// async fn copy_bidirectional_owned<A, B, BufAB, BufBA>(a: A, b: B, buf_a_to_b: BufAB, buf_b_to_a: BufBA)
///     -> Result<(A, B, BufAB, BufBA, u64, u64), CopyBidirectionalError<A, B, BufAB, BufBA>>;
/// ```
///
/// Each direction copies as [`copy_owned`](crate::copy_owned) does and, at its reader's end,
/// flushes and shuts its writer down (a half-close), as tokio's borrowed
/// [`copy_bidirectional`](https://docs.rs/tokio/1/tokio/io/fn.copy_bidirectional.html) does.
///
/// # Errors
///
/// A [`CopyBidirectionalError`] holding everything, which side failed
/// ([`side`](CopyBidirectionalError::side)) and each direction's [`CopyProgress`] with its
/// pending bytes; the errors are those of `copy_owned`.
///
/// # Cancel safety
///
/// [`into_parts`](CopyBidirectionalOwned::into_parts) hands back both I/O objects, both
/// buffers and both progresses; [`resume`](CopyBidirectionalOwned::resume) continues each
/// direction where it stopped.
///
/// # Examples
///
/// ```
/// use owned_io::copy_bidirectional_owned;
/// use tokio::io::{AsyncReadExt, AsyncWriteExt};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let (mut client, proxy_front) = tokio::io::duplex(64);
/// let (proxy_back, mut server) = tokio::io::duplex(64);
/// let buffers = (vec![0u8; 8 << 10], vec![0u8; 8 << 10]);
/// let proxy = tokio::spawn(copy_bidirectional_owned(proxy_front, proxy_back, buffers.0, buffers.1));
///
/// client.write_all(b"ping").await?;
/// client.shutdown().await?; // the server sees the end of stream
/// let mut request = Vec::new();
/// server.read_to_end(&mut request).await?;
/// server.write_all(b"pong").await?;
/// drop(server);
/// let mut reply = Vec::new();
/// client.read_to_end(&mut reply).await?;
///
/// let (_, _, _, _, up, down) = proxy.await.expect("no panic")?;
/// assert_eq!((&request[..], &reply[..], up, down), (&b"ping"[..], &b"pong"[..], 4, 4));
/// # Ok(())
/// # }
/// ```
pub fn copy_bidirectional_owned<A, B, BufAB, BufBA>(
    a: A,
    b: B,
    buf_a_to_b: BufAB,
    buf_b_to_a: BufBA,
) -> CopyBidirectionalOwned<A, B, BufAB, BufBA>
where
    A: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
    B: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
    BufAB: AsMut<[u8]>,
    BufBA: AsMut<[u8]>,
{
    let fresh = CopyProgress::new();
    CopyBidirectionalOwned::resume(a, b, buf_a_to_b, buf_b_to_a, fresh, fresh)
}

/// Future for the `copy_bidirectional_owned` function of either family:
/// [`CopyBidirectionalOwned`] (tokio) and `futures_family::CopyBidirectionalOwned` name it.
///
/// Resolves to `Ok((a, b, buf_a_to_b, buf_b_to_a, a_to_b, b_to_a))` once both directions
/// ended, or to a [`CopyBidirectionalError`] with everything and both progresses.
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct CopyBidirectional<A, B, BufAB, BufBA, F> {
    parts: Parts<(A, B), (BufAB, BufBA)>,
    a_to_b: CopyProgress,
    b_to_a: CopyProgress,
    family: PhantomData<F>,
}

impl<A, B, BufAB, BufBA, F> CopyBidirectional<A, B, BufAB, BufBA, F> {
    /// How far the copy from `a` to `b` got.
    #[must_use]
    pub fn a_to_b(&self) -> CopyProgress {
        self.a_to_b
    }

    /// How far the copy from `b` to `a` got.
    #[must_use]
    pub fn b_to_a(&self) -> CopyProgress {
        self.b_to_a
    }

    /// Abandons the copy and hands back both I/O objects, both buffers and both progresses, in
    /// the order [`resume`](Self::resume) takes them; `None` once the future has completed.
    #[allow(clippy::type_complexity)]
    #[must_use = "the I/O objects and the buffers are dropped with the result"]
    pub fn into_parts(self) -> Option<(A, B, BufAB, BufBA, CopyProgress, CopyProgress)> {
        let ((a, b), (buf_a_to_b, buf_b_to_a)) = self.parts.into_inner()?;
        Some((a, b, buf_a_to_b, buf_b_to_a, self.a_to_b, self.b_to_a))
    }

    /// Both I/O objects, while the copy is in flight; `None` once it has completed.
    #[must_use]
    pub fn get_ref(&self) -> Option<(&A, &B)> {
        self.parts.get_ref().map(|(a, b)| (a, b))
    }

    /// Both I/O objects, mutably, while the copy is in flight; `None` once it has completed.
    #[must_use]
    pub fn get_mut(&mut self) -> Option<(&mut A, &mut B)> {
        self.parts.get_mut().map(|(a, b)| (a, b))
    }

    /// Whether the future has completed (returned `Ready`); polling it again would panic.
    #[must_use]
    pub fn is_terminated(&self) -> bool {
        self.parts.is_terminated()
    }
}

impl<A, B, BufAB, BufBA, F> CopyBidirectional<A, B, BufAB, BufBA, F>
where
    F: PollRead<A> + PollWrite<A> + PollRead<B> + PollWrite<B>,
    BufAB: AsMut<[u8]>,
    BufBA: AsMut<[u8]>,
{
    /// Continues a copy abandoned with [`into_parts`](Self::into_parts), or that failed, each
    /// direction from its progress, its pending bytes first.
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
        Self {
            parts: Parts::new((a, b), (buf_a_to_b, buf_b_to_a)),
            a_to_b,
            b_to_a,
            family: PhantomData,
        }
    }
}

impl<A, B, BufAB, BufBA, F> Future for CopyBidirectional<A, B, BufAB, BufBA, F>
where
    F: PollRead<A> + PollWrite<A> + PollRead<B> + PollWrite<B>,
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
        let (a_to_b, b_to_a) = (&mut this.a_to_b, &mut this.b_to_a);
        let handed = ready!(this
            .parts
            .poll("CopyBidirectionalOwned", |(a, b), (ab, ba)| {
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
            }));
        let progress = (this.a_to_b, this.b_to_a);
        Poll::Ready(match handed {
            Ok(((a, b), (ab, ba), ())) => {
                Ok((a, b, ab, ba, progress.0.copied(), progress.1.copied()))
            }
            Err((failed, io, bufs)) => Err(CopyBidirectionalError::new(
                failed.error,
                io,
                bufs,
                progress,
                failed.side,
            )),
        })
    }
}

impl<A, B, BufAB, BufBA, F> FusedFuture for CopyBidirectional<A, B, BufAB, BufBA, F>
where
    F: PollRead<A> + PollWrite<A> + PollRead<B> + PollWrite<B>,
    BufAB: AsMut<[u8]>,
    BufBA: AsMut<[u8]>,
{
    fn is_terminated(&self) -> bool {
        self.parts.is_terminated()
    }
}

// The state is plain data, moved in and out by value: nothing is ever pinned in place.
impl<A, B, BufAB, BufBA, F> Unpin for CopyBidirectional<A, B, BufAB, BufBA, F> {}

impl<A, B, BufAB, BufBA, F> std::fmt::Debug for CopyBidirectional<A, B, BufAB, BufBA, F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let progress: [(&str, &dyn std::fmt::Debug); 2] =
            [("a_to_b", &self.a_to_b), ("b_to_a", &self.b_to_a)];
        fmt_future(f, "CopyBidirectionalOwned", &progress, self.is_terminated())
    }
}
