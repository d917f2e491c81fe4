//! `copy_bidirectional_owned`: [`CopyBidirectionalOwned`], a copy each way between two I/O
//! objects through the caller's two buffers, for tokio's, and the futures family's twin.
//!
//! Each direction is the copy of `copy.rs` on the one loop, ending in a shutdown of its writer
//! at its reader's end; this future polls both in turn and is done when both are.

use std::error::Error;
use std::fmt;
use std::future::Future;
use std::io;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::future::FusedFuture;
use tokio::io::{AsyncRead, AsyncWrite};

use crate::copy::Copy;
use crate::error::describe;
use crate::family::{PollRead, PollWrite, Tokio};
use crate::progress::{run, Operation, Owned};
use crate::CopyProgress;

/// Copies what `a` sends to `b` and what `b` sends to `a`, at once, through the two buffers,
/// owning all four while it does, and hands them back with the counts each way.
///
/// Equivalent to:
///
/// ```text
/// async fn copy_bidirectional_owned<A, B, BufAB, BufBA>(a: A, b: B, buf_a_to_b: BufAB, buf_b_to_a: BufBA)
///     -> Result<(A, B, BufAB, BufBA, u64, u64), CopyBidirectionalError<A, B, BufAB, BufBA>>;
/// ```
///
/// Each direction copies as [`copy_owned`](crate::copy_owned) does and, when its reader's
/// stream ends, flushes and shuts its writer down, so the other side sees the end of stream
/// (a half-close), as tokio's borrowed
/// [`copy_bidirectional`](https://docs.rs/tokio/1/tokio/io/fn.copy_bidirectional.html) does;
/// the future completes once both directions have. No allocation: the buffers are the
/// caller's.
///
/// # Errors
///
/// A [`CopyBidirectionalError`] that carries the `io::Error`, both I/O objects, both buffers,
/// which side failed ([`side`](CopyBidirectionalError::side)) and each direction's
/// [`CopyProgress`], with the bytes read but not yet written. The errors are those of
/// [`copy_owned`](crate::copy_owned); [`Interrupted`](io::ErrorKind::Interrupted) is retried.
///
/// # Cancel safety
///
/// [`CopyBidirectionalOwned::into_parts`] hands back both I/O objects, both buffers and both
/// progresses, and [`CopyBidirectionalOwned::resume`] continues each direction where it
/// stopped, its pending bytes first.
///
/// # Panics
///
/// The future panics if polled again after it completed.
///
/// # Examples
///
/// A proxy between a client and a server:
///
/// ```
/// use owned_io::copy_bidirectional_owned;
/// use tokio::io::{AsyncReadExt, AsyncWriteExt};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let (mut client, proxy_front) = tokio::io::duplex(64);
/// let (proxy_back, mut server) = tokio::io::duplex(64);
/// let proxy = tokio::spawn(copy_bidirectional_owned(
///     proxy_front,
///     proxy_back,
///     vec![0u8; 8 << 10],
///     vec![0u8; 8 << 10],
/// ));
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
    A: AsyncRead + AsyncWrite + Unpin,
    B: AsyncRead + AsyncWrite + Unpin,
    BufAB: AsMut<[u8]>,
    BufBA: AsMut<[u8]>,
{
    CopyBidirectionalOwned::resume(
        a,
        b,
        buf_a_to_b,
        buf_b_to_a,
        CopyProgress::new(),
        CopyProgress::new(),
    )
}

/// Which I/O object of a bidirectional copy failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BidirectionalSide {
    /// The first, `a`.
    A,
    /// The second, `b`.
    B,
}

/// The error of [`CopyBidirectionalOwned`] (and its futures-family twin): the `io::Error`, both
/// I/O objects, both buffers, which side failed, and each direction's [`CopyProgress`].
pub struct CopyBidirectionalError<A, B, BufAB, BufBA> {
    error: io::Error,
    a: A,
    b: B,
    buf_a_to_b: BufAB,
    buf_b_to_a: BufBA,
    a_to_b: CopyProgress,
    b_to_a: CopyProgress,
    side: Option<BidirectionalSide>,
}

impl<A, B, BufAB, BufBA> CopyBidirectionalError<A, B, BufAB, BufBA> {
    /// The kind of the underlying `io::Error`.
    #[must_use]
    pub fn kind(&self) -> io::ErrorKind {
        self.error.kind()
    }

    /// Which I/O object failed; `None` when a buffer or a progress did not fit
    /// ([`InvalidInput`](io::ErrorKind::InvalidInput)).
    #[must_use]
    pub fn side(&self) -> Option<BidirectionalSide> {
        self.side
    }

    /// How far the copy from `a` to `b` got, with the bytes read from `a` but not yet written
    /// to `b` (a range of `buf_a_to_b`).
    #[must_use]
    pub fn a_to_b(&self) -> CopyProgress {
        self.a_to_b
    }

    /// How far the copy from `b` to `a` got, with the bytes read from `b` but not yet written
    /// to `a` (a range of `buf_b_to_a`).
    #[must_use]
    pub fn b_to_a(&self) -> CopyProgress {
        self.b_to_a
    }

    /// The underlying `io::Error`, to read its [`raw_os_error`](io::Error::raw_os_error) or its
    /// message without giving up the I/O objects and the buffers.
    #[must_use]
    pub fn error(&self) -> &io::Error {
        &self.error
    }

    /// The underlying `io::Error`, dropping the I/O objects and the buffers.
    #[must_use]
    pub fn into_error(self) -> io::Error {
        self.error
    }

    /// The underlying `io::Error`, both I/O objects and both buffers, in argument order.
    #[must_use]
    pub fn into_parts(self) -> (io::Error, A, B, BufAB, BufBA) {
        (self.error, self.a, self.b, self.buf_a_to_b, self.buf_b_to_a)
    }
}

impl<A, B, BufAB, BufBA> fmt::Debug for CopyBidirectionalError<A, B, BufAB, BufBA> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CopyBidirectionalError")
            .field("error", &self.error)
            .field("side", &self.side)
            .field("a_to_b", &self.a_to_b)
            .field("b_to_a", &self.b_to_a)
            .finish_non_exhaustive()
    }
}

impl<A, B, BufAB, BufBA> fmt::Display for CopyBidirectionalError<A, B, BufAB, BufBA> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let operation = match self.side {
            Some(BidirectionalSide::A) => "bidirectional copy, on a",
            Some(BidirectionalSide::B) => "bidirectional copy, on b",
            None => "bidirectional copy",
        };
        let copied = self.a_to_b.copied().saturating_add(self.b_to_a.copied());
        describe(f, operation, &self.error, copied)
    }
}

impl<A, B, BufAB, BufBA> Error for CopyBidirectionalError<A, B, BufAB, BufBA> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&self.error)
    }
}

/// The underlying `io::Error`, as is, so that `?` works in a function returning `io::Result`.
/// The I/O objects and the buffers are dropped.
impl<A, B, BufAB, BufBA> From<CopyBidirectionalError<A, B, BufAB, BufBA>> for io::Error {
    fn from(error: CopyBidirectionalError<A, B, BufAB, BufBA>) -> io::Error {
        error.error
    }
}

/// What a completed bidirectional copy hands back: `Ok` or the error, with everything.
type BidirectionalOutcome<A, B, BufAB, BufBA> =
    Result<(A, B, BufAB, BufBA, u64, u64), CopyBidirectionalError<A, B, BufAB, BufBA>>;

/// Turns the shared state machine's outcome into the future's output.
fn finish<A, B, BufAB, BufBA, F>(
    outcome: crate::progress::Outcome<(A, B), (BufAB, BufBA), Bidirectional<F>>,
) -> BidirectionalOutcome<A, B, BufAB, BufBA> {
    match outcome {
        Ok(((a, b), (buf_a_to_b, buf_b_to_a), op)) => Ok((
            a,
            b,
            buf_a_to_b,
            buf_b_to_a,
            op.a_to_b.progress.copied(),
            op.b_to_a.progress.copied(),
        )),
        Err((error, (a, b), (buf_a_to_b, buf_b_to_a), op)) => Err(CopyBidirectionalError {
            error,
            a,
            b,
            buf_a_to_b,
            buf_b_to_a,
            a_to_b: op.a_to_b.progress,
            b_to_a: op.b_to_a.progress,
            side: op.failed,
        }),
    }
}

/// Future for the [`copy_bidirectional_owned`] function.
///
/// Resolves to `Ok((a, b, buf_a_to_b, buf_b_to_a, a_to_b, b_to_a))` once both directions
/// copied to their reader's end and shut their writer down, or to a
/// [`CopyBidirectionalError`] with everything. It is `Unpin` whatever the buffer types, and
/// `Send`/`Sync` when the I/O objects and the buffers are.
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct CopyBidirectionalOwned<A, B, BufAB, BufBA> {
    inner: Owned<(A, B), (BufAB, BufBA), Bidirectional<Tokio>>,
}

impl<A, B, BufAB, BufBA> CopyBidirectionalOwned<A, B, BufAB, BufBA> {
    /// How far the copy from `a` to `b` got.
    #[must_use]
    pub fn a_to_b(&self) -> CopyProgress {
        self.inner.op().a_to_b.progress
    }

    /// How far the copy from `b` to `a` got.
    #[must_use]
    pub fn b_to_a(&self) -> CopyProgress {
        self.inner.op().b_to_a.progress
    }

    /// Abandons the copy and hands back both I/O objects, both buffers and both progresses,
    /// in the order [`resume`](Self::resume) takes them.
    ///
    /// Returns `None` once the future has completed: its output already handed them back.
    #[allow(clippy::type_complexity)]
    #[must_use = "the I/O objects and the buffers are dropped with the result"]
    pub fn into_parts(self) -> Option<(A, B, BufAB, BufBA, CopyProgress, CopyProgress)> {
        let ((a, b), (buf_a_to_b, buf_b_to_a), op) = self.inner.into_parts()?;
        let (a_to_b, b_to_a) = (op.a_to_b.progress, op.b_to_a.progress);
        Some((a, b, buf_a_to_b, buf_b_to_a, a_to_b, b_to_a))
    }

    /// Both I/O objects, while the copy is in flight; `None` once it has completed.
    #[must_use]
    pub fn get_ref(&self) -> Option<(&A, &B)> {
        self.inner.get_ref().map(|(a, b)| (a, b))
    }

    /// Both I/O objects, mutably, while the copy is in flight; `None` once it has completed.
    #[must_use]
    pub fn get_mut(&mut self) -> Option<(&mut A, &mut B)> {
        self.inner.get_mut().map(|(a, b)| (a, b))
    }

    /// Whether the future has completed (returned `Ready`); polling it again would panic.
    #[must_use]
    pub fn is_terminated(&self) -> bool {
        self.inner.is_terminated()
    }
}

impl<A, B, BufAB, BufBA> CopyBidirectionalOwned<A, B, BufAB, BufBA>
where
    A: AsyncRead + AsyncWrite + Unpin,
    B: AsyncRead + AsyncWrite + Unpin,
    BufAB: AsMut<[u8]>,
    BufBA: AsMut<[u8]>,
{
    /// Continues a copy that was abandoned with [`into_parts`](Self::into_parts) or failed,
    /// each direction from its progress, its pending bytes first.
    pub fn resume(
        a: A,
        b: B,
        buf_a_to_b: BufAB,
        buf_b_to_a: BufBA,
        a_to_b: CopyProgress,
        b_to_a: CopyProgress,
    ) -> Self {
        Self {
            inner: Owned::new(
                (a, b),
                (buf_a_to_b, buf_b_to_a),
                Bidirectional::new(a_to_b, b_to_a),
            ),
        }
    }
}

impl<A, B, BufAB, BufBA> Future for CopyBidirectionalOwned<A, B, BufAB, BufBA>
where
    A: AsyncRead + AsyncWrite + Unpin,
    B: AsyncRead + AsyncWrite + Unpin,
    BufAB: AsMut<[u8]>,
    BufBA: AsMut<[u8]>,
{
    type Output = BidirectionalOutcome<A, B, BufAB, BufBA>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.get_mut()
            .inner
            .poll(cx, "CopyBidirectionalOwned")
            .map(finish)
    }
}

impl<A, B, BufAB, BufBA> FusedFuture for CopyBidirectionalOwned<A, B, BufAB, BufBA>
where
    A: AsyncRead + AsyncWrite + Unpin,
    B: AsyncRead + AsyncWrite + Unpin,
    BufAB: AsMut<[u8]>,
    BufBA: AsMut<[u8]>,
{
    fn is_terminated(&self) -> bool {
        self.inner.is_terminated()
    }
}

// The state is plain data moved in and out by value: nothing is ever pinned in place.
impl<A, B, BufAB, BufBA> Unpin for CopyBidirectionalOwned<A, B, BufAB, BufBA> {}

impl<A, B, BufAB, BufBA> fmt::Debug for CopyBidirectionalOwned<A, B, BufAB, BufBA> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (a_to_b, b_to_a) = (self.a_to_b(), self.b_to_a());
        self.inner.fmt_debug(
            f,
            "CopyBidirectionalOwned",
            &[("a_to_b", &a_to_b), ("b_to_a", &b_to_a)],
        )
    }
}

/// Two copies, one each way, each shutting its writer down at its reader's end: each runs on
/// the one loop, polled in turn.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Bidirectional<F> {
    a_to_b: Copy<F>,
    b_to_a: Copy<F>,
    failed: Option<BidirectionalSide>,
    family: PhantomData<F>,
}

impl<F> Bidirectional<F> {
    fn new(a_to_b: CopyProgress, b_to_a: CopyProgress) -> Self {
        Self {
            a_to_b: Copy::new(a_to_b, true),
            b_to_a: Copy::new(b_to_a, true),
            failed: None,
            family: PhantomData,
        }
    }
}

impl<F, A, B, BufAB, BufBA> Operation<(A, B), (BufAB, BufBA)> for Bidirectional<F>
where
    F: for<'a> PollRead<&'a mut A> + for<'a> PollWrite<&'a mut A>,
    F: for<'a> PollRead<&'a mut B> + for<'a> PollWrite<&'a mut B>,
    BufAB: AsMut<[u8]>,
    BufBA: AsMut<[u8]>,
{
    #[inline]
    fn poll_op(
        &mut self,
        (a, b): &mut (A, B),
        (buf_a_to_b, buf_b_to_a): &mut (BufAB, BufBA),
        cx: &mut Context<'_>,
    ) -> Poll<io::Result<()>> {
        use BidirectionalSide::{A, B};
        let a_to_b = run(&mut self.a_to_b, &mut (&mut *a, &mut *b), buf_a_to_b, cx);
        if let Poll::Ready(Err(error)) = a_to_b {
            self.failed = self.a_to_b.side_as(A, B);
            return Poll::Ready(Err(error));
        }
        let b_to_a = run(&mut self.b_to_a, &mut (&mut *b, &mut *a), buf_b_to_a, cx);
        if let Poll::Ready(Err(error)) = b_to_a {
            self.failed = self.b_to_a.side_as(B, A);
            return Poll::Ready(Err(error));
        }
        if a_to_b.is_ready() && b_to_a.is_ready() {
            Poll::Ready(Ok(()))
        } else {
            Poll::Pending
        }
    }
}

/// The futures family's `copy_bidirectional_owned` and `CopyBidirectionalOwned`, re-exported
/// by [`crate::futures_family`].
#[cfg(feature = "futures-io")]
pub(crate) mod futures_family {
    use super::*;
    use crate::family::FuturesIo;
    use futures_io::{AsyncRead, AsyncWrite};

    /// Copies what `a` sends to `b` and what `b` sends to `a`, at once, through the two
    /// buffers, each direction closing its writer at its reader's end: the same as the tokio
    /// family's [`copy_bidirectional_owned`](crate::copy_bidirectional_owned), for the futures
    /// family.
    ///
    /// # Examples
    ///
    /// ```
    /// use owned_io::futures_family::copy_bidirectional_owned;
    /// # use futures::io::{AsyncRead, AsyncWrite, Cursor};
    /// # use std::{io, pin::Pin, task::{Context, Poll}};
    /// # /// An end that reads what it was given and keeps what it is sent.
    /// # struct End { given: Cursor<Vec<u8>>, sent: Vec<u8> }
    /// # impl End { fn new(given: &[u8]) -> Self { Self { given: Cursor::new(given.to_vec()), sent: Vec::new() } } }
    /// # impl AsyncRead for End {
    /// #     fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<io::Result<usize>> { Pin::new(&mut self.given).poll_read(cx, buf) }
    /// # }
    /// # impl AsyncWrite for End {
    /// #     fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> { Pin::new(&mut self.sent).poll_write(cx, buf) }
    /// #     fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> { Poll::Ready(Ok(())) }
    /// #     fn poll_close(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> { Poll::Ready(Ok(())) }
    /// # }
    ///
    /// # futures::executor::block_on(async {
    /// // Two ends, each with something to send.
    /// let (a, b) = (End::new(b"from a"), End::new(b"from b"));
    /// let (a, b, _, _, up, down) =
    ///     copy_bidirectional_owned(a, b, [0u8; 4], [0u8; 4]).await?;
    /// assert_eq!((up, down), (6, 6));
    /// assert_eq!((&a.sent[..], &b.sent[..]), (&b"from b"[..], &b"from a"[..]));
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    pub fn copy_bidirectional_owned<A, B, BufAB, BufBA>(
        a: A,
        b: B,
        buf_a_to_b: BufAB,
        buf_b_to_a: BufBA,
    ) -> CopyBidirectionalOwned<A, B, BufAB, BufBA>
    where
        A: AsyncRead + AsyncWrite + Unpin,
        B: AsyncRead + AsyncWrite + Unpin,
        BufAB: AsMut<[u8]>,
        BufBA: AsMut<[u8]>,
    {
        CopyBidirectionalOwned::resume(
            a,
            b,
            buf_a_to_b,
            buf_b_to_a,
            CopyProgress::new(),
            CopyProgress::new(),
        )
    }

    /// Future for the
    /// [`copy_bidirectional_owned`](crate::futures_family::copy_bidirectional_owned) function
    /// of the futures family: the same as the tokio family's
    /// [`CopyBidirectionalOwned`](crate::CopyBidirectionalOwned).
    #[must_use = "futures do nothing unless you `.await` or poll them"]
    pub struct CopyBidirectionalOwned<A, B, BufAB, BufBA> {
        inner: Owned<(A, B), (BufAB, BufBA), Bidirectional<FuturesIo>>,
    }

    impl<A, B, BufAB, BufBA> CopyBidirectionalOwned<A, B, BufAB, BufBA> {
        /// How far the copy from `a` to `b` got.
        #[must_use]
        pub fn a_to_b(&self) -> CopyProgress {
            self.inner.op().a_to_b.progress
        }

        /// How far the copy from `b` to `a` got.
        #[must_use]
        pub fn b_to_a(&self) -> CopyProgress {
            self.inner.op().b_to_a.progress
        }

        /// Abandons the copy and hands back both I/O objects, both buffers and both
        /// progresses, in the order [`resume`](Self::resume) takes them.
        ///
        /// Returns `None` once the future has completed: its output already handed them back.
        #[allow(clippy::type_complexity)]
        #[must_use = "the I/O objects and the buffers are dropped with the result"]
        pub fn into_parts(self) -> Option<(A, B, BufAB, BufBA, CopyProgress, CopyProgress)> {
            let ((a, b), (buf_a_to_b, buf_b_to_a), op) = self.inner.into_parts()?;
            let (a_to_b, b_to_a) = (op.a_to_b.progress, op.b_to_a.progress);
            Some((a, b, buf_a_to_b, buf_b_to_a, a_to_b, b_to_a))
        }

        /// Both I/O objects, while the copy is in flight; `None` once it has completed.
        #[must_use]
        pub fn get_ref(&self) -> Option<(&A, &B)> {
            self.inner.get_ref().map(|(a, b)| (a, b))
        }

        /// Both I/O objects, mutably, while the copy is in flight; `None` once it has
        /// completed.
        #[must_use]
        pub fn get_mut(&mut self) -> Option<(&mut A, &mut B)> {
            self.inner.get_mut().map(|(a, b)| (a, b))
        }

        /// Whether the future has completed (returned `Ready`); polling it again would panic.
        #[must_use]
        pub fn is_terminated(&self) -> bool {
            self.inner.is_terminated()
        }
    }

    impl<A, B, BufAB, BufBA> CopyBidirectionalOwned<A, B, BufAB, BufBA>
    where
        A: AsyncRead + AsyncWrite + Unpin,
        B: AsyncRead + AsyncWrite + Unpin,
        BufAB: AsMut<[u8]>,
        BufBA: AsMut<[u8]>,
    {
        /// Continues a copy that was abandoned with [`into_parts`](Self::into_parts) or
        /// failed, each direction from its progress, its pending bytes first.
        pub fn resume(
            a: A,
            b: B,
            buf_a_to_b: BufAB,
            buf_b_to_a: BufBA,
            a_to_b: CopyProgress,
            b_to_a: CopyProgress,
        ) -> Self {
            Self {
                inner: Owned::new(
                    (a, b),
                    (buf_a_to_b, buf_b_to_a),
                    Bidirectional::new(a_to_b, b_to_a),
                ),
            }
        }
    }

    impl<A, B, BufAB, BufBA> Future for CopyBidirectionalOwned<A, B, BufAB, BufBA>
    where
        A: AsyncRead + AsyncWrite + Unpin,
        B: AsyncRead + AsyncWrite + Unpin,
        BufAB: AsMut<[u8]>,
        BufBA: AsMut<[u8]>,
    {
        type Output = BidirectionalOutcome<A, B, BufAB, BufBA>;

        #[inline]
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            self.get_mut()
                .inner
                .poll(cx, "CopyBidirectionalOwned")
                .map(finish)
        }
    }

    impl<A, B, BufAB, BufBA> FusedFuture for CopyBidirectionalOwned<A, B, BufAB, BufBA>
    where
        A: AsyncRead + AsyncWrite + Unpin,
        B: AsyncRead + AsyncWrite + Unpin,
        BufAB: AsMut<[u8]>,
        BufBA: AsMut<[u8]>,
    {
        fn is_terminated(&self) -> bool {
            self.inner.is_terminated()
        }
    }

    impl<A, B, BufAB, BufBA> Unpin for CopyBidirectionalOwned<A, B, BufAB, BufBA> {}

    impl<A, B, BufAB, BufBA> fmt::Debug for CopyBidirectionalOwned<A, B, BufAB, BufBA> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            let (a_to_b, b_to_a) = (self.a_to_b(), self.b_to_a());
            self.inner.fmt_debug(
                f,
                "CopyBidirectionalOwned",
                &[("a_to_b", &a_to_b), ("b_to_a", &b_to_a)],
            )
        }
    }
}
