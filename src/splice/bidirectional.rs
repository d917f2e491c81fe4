//! `splice_bidirectional_owned`: a splice each way between two sockets through the caller's
//! two pipes, each direction shutting its writer down at its reader's end.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use crate::copy::bidirectional::BidirectionalSide;
use crate::copy::{CopySide, Failed};
use crate::error::{Cause, Copied, Copying, OwnedError};
use crate::family::Tokio;
use crate::owned::{Operation, Owned, Progress};
use crate::splice::{poll_splice, Pipe, SpliceIo, SpliceProgress};
use crate::write::{close, Shutdown};

/// Moves what `a` sends to `b` and what `b` sends to `a`, at once, through the two pipes, in
/// the kernel, and hands all four back with the counts each way; the pipes come back empty.
///
/// Equivalent to:
///
/// ```text
/// async fn splice_bidirectional_owned<A, B>(a: A, b: B, pipe_a_to_b: Pipe, pipe_b_to_a: Pipe)
///     -> Result<(A, B, Pipe, Pipe, u64, u64), SpliceBidirectionalError<A, B>>;
/// ```
///
/// Each direction splices as [`splice_owned`](crate::splice_owned) does and, at its reader's
/// end, shuts its writer down (a half-close), as
/// [`copy_bidirectional_owned`](crate::copy_bidirectional_owned) does.
///
/// # Errors
///
/// A [`SpliceBidirectionalError`] holding everything, which side failed and each direction's
/// pipe with its bytes read but not written.
///
/// # Cancel safety
///
/// [`into_parts`](SpliceBidirectionalOwned::into_parts) hands back both sockets, both pipes
/// and both progresses; [`resume`](SpliceBidirectionalOwned::resume) writes each pipe's bytes
/// first.
///
/// # Examples
///
/// ```
/// use owned_io::{splice_bidirectional_owned, Pipe};
/// use tokio::io::{AsyncReadExt, AsyncWriteExt};
/// use tokio::net::UnixStream;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let (mut client, front) = UnixStream::pair()?;
/// let (back, mut server) = UnixStream::pair()?;
/// let pipes = (Pipe::new()?, Pipe::new()?);
/// let proxy = tokio::spawn(splice_bidirectional_owned(front, back, pipes.0, pipes.1));
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
pub fn splice_bidirectional_owned<A, B>(
    a: A,
    b: B,
    pipe_a_to_b: Pipe,
    pipe_b_to_a: Pipe,
) -> SpliceBidirectionalOwned<A, B>
where
    A: SpliceIo + tokio::io::AsyncWrite + Unpin,
    B: SpliceIo + tokio::io::AsyncWrite + Unpin,
{
    let fresh = SpliceProgress::new();
    SpliceBidirectionalOwned::resume(a, b, pipe_a_to_b, pipe_b_to_a, fresh, fresh)
}

/// Each direction's progress.
type Both = (SpliceProgress, SpliceProgress);

/// Future for the [`splice_bidirectional_owned`] function.
pub type SpliceBidirectionalOwned<A, B> = Owned<(A, B), (Pipe, Pipe), SpliceBidirectional, Both>;

/// The operation of a [`SpliceBidirectionalOwned`] future.
#[derive(Debug)]
pub struct SpliceBidirectional(());

impl Operation for SpliceBidirectional {
    const FUTURE: &'static str = "SpliceBidirectionalOwned";
}

impl Progress for Both {
    fn fields(&self, out: &mut fmt::DebugStruct<'_, '_>) {
        out.field("a_to_b", &self.0).field("b_to_a", &self.1);
    }
}

impl<A, B> Owned<(A, B), (Pipe, Pipe), SpliceBidirectional, Both> {
    /// How far the splice from `a` to `b` got.
    #[must_use]
    pub fn a_to_b(&self) -> SpliceProgress {
        self.progress.0
    }

    /// How far the splice from `b` to `a` got.
    #[must_use]
    pub fn b_to_a(&self) -> SpliceProgress {
        self.progress.1
    }

    /// Abandons the splice and hands back both sockets, both pipes with their bytes and both
    /// progresses, in the order [`resume`](Self::resume) takes them; `None` once the future has
    /// completed.
    #[must_use = "the I/O objects and the pipes are dropped with the result"]
    pub fn into_parts(self) -> Option<(A, B, Pipe, Pipe, SpliceProgress, SpliceProgress)> {
        let ((a, b), (pipe_a_to_b, pipe_b_to_a), (a_to_b, b_to_a)) = self.take_parts()?;
        Some((a, b, pipe_a_to_b, pipe_b_to_a, a_to_b, b_to_a))
    }
}

impl<A, B> Owned<(A, B), (Pipe, Pipe), SpliceBidirectional, Both>
where
    A: SpliceIo + tokio::io::AsyncWrite + Unpin,
    B: SpliceIo + tokio::io::AsyncWrite + Unpin,
{
    /// Continues a splice abandoned with [`into_parts`](Self::into_parts), or that failed
    /// ([`SpliceBidirectionalError::into_resume_parts`]): each pipe's bytes are written first.
    pub fn resume(
        a: A,
        b: B,
        pipe_a_to_b: Pipe,
        pipe_b_to_a: Pipe,
        a_to_b: SpliceProgress,
        b_to_a: SpliceProgress,
    ) -> Self {
        let (io, pipes) = ((a, b), (pipe_a_to_b, pipe_b_to_a));
        Self::new(io, pipes, (a_to_b, b_to_a), SpliceBidirectional(()))
    }
}

impl<A, B> Future for Owned<(A, B), (Pipe, Pipe), SpliceBidirectional, Both>
where
    A: SpliceIo + tokio::io::AsyncWrite + Unpin,
    B: SpliceIo + tokio::io::AsyncWrite + Unpin,
{
    type Output = Result<(A, B, Pipe, Pipe, u64, u64), SpliceBidirectionalError<A, B>>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        use BidirectionalSide::{A as SideA, B as SideB};
        self.get_mut().poll_parts(
            |(a, b), (ab, ba), (a_to_b, b_to_a)| {
                let forth = one_way(a, b, ab, a_to_b, cx).map_err(|f| f.sides(SideA, SideB))?;
                let back = one_way(b, a, ba, b_to_a, cx).map_err(|f| f.sides(SideB, SideA))?;
                ready!(forth);
                ready!(back);
                Poll::Ready(Ok::<(), Failed<BidirectionalSide>>(()))
            },
            |result, (a, b), (ab, ba), progress| match result {
                Ok(()) => Ok((a, b, ab, ba, progress.0.copied(), progress.1.copied())),
                Err(failed) => {
                    let detail = Copied {
                        side: failed.side,
                        progress,
                    };
                    let method = "splice_bidirectional_owned";
                    let parts = (a, b, ab, ba);
                    Err(SpliceBidirectionalError::new(
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

/// One direction: the splice, then the writer's shutdown at the reader's end.
fn one_way<R: SpliceIo, W: SpliceIo + tokio::io::AsyncWrite + Unpin>(
    reader: &mut R,
    writer: &mut W,
    pipe: &mut Pipe,
    p: &mut SpliceProgress,
    cx: &mut Context<'_>,
) -> Poll<Result<(), Failed<CopySide>>> {
    ready!(poll_splice(&*reader, &*writer, pipe, p, cx))?;
    if !p.shut_down {
        let shut = ready!(close::<Shutdown<Tokio>, W>(writer, cx));
        shut.map_err(|error| Failed::writer(Cause::Io(error)))?;
        p.shut_down = true;
    }
    Poll::Ready(Ok(()))
}

/// The error of `splice_bidirectional_owned`: the `io::Error`, both sockets, both pipes with
/// the bytes read but not written, which side failed, and each direction's
/// [`SpliceProgress`].
pub type SpliceBidirectionalError<A, B> =
    OwnedError<(A, B, Pipe, Pipe), Copied<BidirectionalSide, Both>>;

impl Copying for Both {
    const ERROR: &'static str = "SpliceBidirectionalError";

    fn copied(&self) -> u64 {
        self.0.copied + self.1.copied
    }
}
