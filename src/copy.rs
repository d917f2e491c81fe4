//! `copy_owned`: [`CopyOwned`], a copy from a reader to a writer through the caller's buffer,
//! for tokio's I/O objects, its progress ([`CopyProgress`]) and error ([`CopyError`]), and the
//! futures family's `copy_owned`.
//!
//! A copy runs on the one loop like every other operation: each call is a read into the free
//! part of the buffer, a write of the pending part, or the flush at the end, and the loop
//! counts, retries `Interrupted` and refuses lying counts as it does for the others. What the
//! copy adds is which call comes next, and what a zero-byte answer means for each: the end of
//! the reader's stream, a writer that gave up, or a finished flush.

use std::error::Error;
use std::fmt;
use std::future::Future;
use std::io;
use std::marker::PhantomData;
use std::ops::Range;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures_core::future::FusedFuture;
use tokio::io::{AsyncRead, AsyncWrite};

use crate::error::describe;
use crate::family::{PollRead, PollWrite, Tokio};
use crate::progress::{stalled, Flow, Owned, Transfer};

/// Copies everything `reader` sends to `writer` through `buf`, owning all three while it does,
/// and hands them back with the number of bytes copied.
///
/// Equivalent to:
///
/// ```text
/// async fn copy_owned<R, W, B: AsMut<[u8]>>(reader: R, writer: W, buf: B)
///     -> Result<(R, W, B, u64), CopyError<R, W, B>>;
/// ```
///
/// It reads into the free part of `buf` and writes what was read, as tokio's borrowed
/// [`copy`](https://docs.rs/tokio/1/tokio/io/fn.copy.html) does with a buffer of its own that
/// the caller cannot see or choose: it reads again while the writer is busy and there is room,
/// flushes the writer when the reader has nothing yet (so a buffering writer does not hold back
/// what a peer waits for), and flushes it once more at the reader's end of stream. It does not
/// shut the writer down. No allocation: the buffer is the caller's, and its size is each read's
/// and write's largest.
///
/// # Errors
///
/// A [`CopyError`] that carries the `io::Error`, the reader, the writer, the buffer, which of
/// them failed ([`side`](CopyError::side)), the count written, and the bytes that were read but
/// not yet written ([`pending`](CopyError::pending), a range of the buffer), so they can be
/// delivered elsewhere:
///
/// - [`InvalidInput`](io::ErrorKind::InvalidInput) if the buffer is empty;
/// - [`WriteZero`](io::ErrorKind::WriteZero) if the writer accepts 0 bytes;
/// - [`InvalidData`](io::ErrorKind::InvalidData) if the reader or the writer reports more bytes
///   than it was offered;
/// - any other error of the reader or the writer, as is.
///   [`Interrupted`](io::ErrorKind::Interrupted) is retried, never returned.
///
/// # Cancel safety
///
/// tokio's `copy` drops what it read but did not write when its future is dropped or fails.
/// Here [`CopyOwned::into_parts`] hands back the reader, the writer, the buffer and the
/// [`CopyProgress`], whose pending range says which bytes of the buffer are still to be
/// written, and [`CopyOwned::resume`] writes them first: no byte is lost or written twice.
///
/// # Panics
///
/// The future panics if polled again after it completed.
///
/// # Examples
///
/// ```
/// use owned_io::copy_owned;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let reader: &[u8] = b"every byte, once";
/// let (_reader, written, _buf, n) = copy_owned(reader, Vec::new(), [0u8; 4]).await?;
/// assert_eq!((&written[..], n), (&b"every byte, once"[..], 16));
/// # Ok(())
/// # }
/// ```
///
/// A writer that fails: the bytes read but not written are in the buffer, and the error says
/// where:
///
/// ```
/// use owned_io::{copy_owned, CopySide};
/// use std::io::{Cursor, ErrorKind};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let reader: &[u8] = b"0123456789";
/// let full = Cursor::new(vec![0u8; 6].into_boxed_slice()); // room for 6 bytes
/// let err = copy_owned(reader, full, [0u8; 4]).await.unwrap_err();
/// assert_eq!((err.kind(), err.side()), (ErrorKind::WriteZero, Some(CopySide::Writer)));
/// assert_eq!((err.copied(), err.pending()), (6, 2..4));
/// let pending = err.pending();
/// let (_error, rest, written, buf) = err.into_parts();
/// assert_eq!(&written.get_ref()[..], b"012345");
/// assert_eq!(&buf[pending], b"67"); // read, not written: deliver them elsewhere
/// assert_eq!(rest, b"89"); // not read yet
/// # }
/// ```
pub fn copy_owned<R, W, B>(reader: R, writer: W, buf: B) -> CopyOwned<R, W, B>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
    B: AsMut<[u8]>,
{
    CopyOwned::resume(reader, writer, buf, CopyProgress::new())
}

/// How far a copy got: the count written, the part of the buffer read but not yet written, and
/// whether the reader's stream has ended.
///
/// [`CopyOwned::into_parts`] and [`CopyError::progress`] hand it out, and
/// [`CopyOwned::resume`] takes it back to continue where the copy stopped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CopyProgress {
    copied: u64,
    /// The pending bytes: `buf[start..end]`.
    start: usize,
    end: usize,
    reader_done: bool,
    /// Bytes were written since the last flush.
    need_flush: bool,
    /// The flush after the reader's end is done.
    flushed: bool,
    /// The shutdown after it is done (a bidirectional copy's).
    shut_down: bool,
}

impl CopyProgress {
    /// A copy that has not started.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of bytes written so far.
    #[must_use]
    pub fn copied(&self) -> u64 {
        self.copied
    }

    /// The bytes of the buffer that were read but not yet written, as a range of it: they come
    /// first when the copy resumes.
    #[must_use]
    pub fn pending(&self) -> Range<usize> {
        self.start..self.end
    }

    /// Whether the reader's stream has ended (only pending bytes and the final flush are left).
    #[must_use]
    pub fn reader_done(&self) -> bool {
        self.reader_done
    }

    /// The same progress with no pending bytes: for a copy whose pending bytes were delivered
    /// some other way before it resumes.
    #[must_use]
    pub fn without_pending(self) -> Self {
        Self {
            start: 0,
            end: 0,
            ..self
        }
    }
}

/// Which I/O object of a copy failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CopySide {
    /// The reader: its read failed or lied.
    Reader,
    /// The writer: its write, flush or shutdown failed, lied, or accepted 0 bytes.
    Writer,
}

/// The error of [`CopyOwned`] (and its futures-family twin): the `io::Error`, the reader, the
/// writer, the buffer, which of them failed, and the [`CopyProgress`] with the bytes read but
/// not yet written.
pub struct CopyError<R, W, B> {
    error: io::Error,
    reader: R,
    writer: W,
    buf: B,
    progress: CopyProgress,
    side: Option<CopySide>,
}

impl<R, W, B> CopyError<R, W, B> {
    #[inline]
    pub(crate) fn new(
        error: io::Error,
        (reader, writer): (R, W),
        buf: B,
        progress: CopyProgress,
        side: Option<CopySide>,
    ) -> Self {
        Self {
            error,
            reader,
            writer,
            buf,
            progress,
            side,
        }
    }

    /// The kind of the underlying `io::Error`.
    #[must_use]
    pub fn kind(&self) -> io::ErrorKind {
        self.error.kind()
    }

    /// Which I/O object failed; `None` when the buffer or the progress `resume` was given did
    /// not fit ([`InvalidInput`](io::ErrorKind::InvalidInput)).
    #[must_use]
    pub fn side(&self) -> Option<CopySide> {
        self.side
    }

    /// The number of bytes written before the error.
    #[must_use]
    pub fn copied(&self) -> u64 {
        self.progress.copied
    }

    /// The bytes of the buffer read but not written when the copy failed: `&buf[pending]`.
    #[must_use]
    pub fn pending(&self) -> Range<usize> {
        self.progress.pending()
    }

    /// The whole progress, for [`CopyOwned::resume`].
    #[must_use]
    pub fn progress(&self) -> CopyProgress {
        self.progress
    }

    /// The underlying `io::Error`, to read its [`raw_os_error`](io::Error::raw_os_error) or its
    /// message without giving up the I/O objects and the buffer.
    #[must_use]
    pub fn error(&self) -> &io::Error {
        &self.error
    }

    /// The underlying `io::Error`, dropping the I/O objects and the buffer.
    #[must_use]
    pub fn into_error(self) -> io::Error {
        self.error
    }

    /// The underlying `io::Error`, the reader, the writer and the buffer.
    #[must_use]
    pub fn into_parts(self) -> (io::Error, R, W, B) {
        (self.error, self.reader, self.writer, self.buf)
    }
}

impl<R, W, B> fmt::Debug for CopyError<R, W, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CopyError")
            .field("error", &self.error)
            .field("side", &self.side)
            .field("progress", &self.progress)
            .finish_non_exhaustive()
    }
}

impl<R, W, B> fmt::Display for CopyError<R, W, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let operation = match self.side {
            Some(CopySide::Reader) => "copy, reading",
            Some(CopySide::Writer) => "copy, writing",
            None => "copy",
        };
        describe(f, operation, &self.error, self.progress.copied)
    }
}

impl<R, W, B> Error for CopyError<R, W, B> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&self.error)
    }
}

/// The underlying `io::Error`, as is, so that `?` works in a function returning `io::Result`.
/// The I/O objects and the buffer, pending bytes included, are dropped.
impl<R, W, B> From<CopyError<R, W, B>> for io::Error {
    fn from(error: CopyError<R, W, B>) -> io::Error {
        error.error
    }
}

/// Future for the [`copy_owned`] function.
///
/// Resolves to `Ok((reader, writer, buf, copied))` once the reader's stream ended and every
/// byte was written and flushed, or to a [`CopyError`] with everything and the pending bytes.
/// It is `Unpin` whatever the buffer type, and `Send`/`Sync` when the reader, the writer and
/// the buffer are.
///
/// # Examples
///
/// Abandon a copy whose writer is stuck, and resume it with the pending bytes first:
///
/// ```
/// use owned_io::{copy_owned, CopyOwned};
/// use tokio::io::AsyncReadExt;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let (writer, mut peer) = tokio::io::duplex(3); // the pipe holds 3 bytes
/// let reader: &[u8] = b"abcdefgh";
/// let mut copy = copy_owned(reader, writer, [0u8; 4]);
/// let timeout = std::time::Duration::from_millis(10);
/// assert!(tokio::time::timeout(timeout, &mut copy).await.is_err());
/// let (reader, writer, buf, progress) = copy.into_parts().expect("still in flight");
/// assert_eq!(progress.copied(), 3);
///
/// let mut got = vec![0u8; 3];
/// peer.read_exact(&mut got).await?; // make room
/// let resumed = CopyOwned::resume(reader, writer, buf, progress);
/// let reading = async {
///     let mut rest = vec![0u8; 5];
///     peer.read_exact(&mut rest).await.map(|_| rest)
/// };
/// let (copied, rest) = tokio::join!(resumed, reading);
/// got.extend(rest?);
/// assert_eq!((copied?.3, &got[..]), (8, &b"abcdefgh"[..]));
/// # Ok(())
/// # }
/// ```
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct CopyOwned<R, W, B> {
    inner: Owned<(R, W), B, Copy<Tokio>>,
}

impl<R, W, B> CopyOwned<R, W, B> {
    /// The number of bytes written so far.
    #[must_use]
    pub fn copied(&self) -> u64 {
        self.inner.op().progress.copied
    }

    /// How far the copy got: the count, the pending bytes, whether the reader ended.
    #[must_use]
    pub fn progress(&self) -> CopyProgress {
        self.inner.op().progress
    }

    /// Abandons the copy and hands back the reader, the writer, the buffer and the
    /// [`CopyProgress`] (with the range of the buffer read but not yet written), in the order
    /// [`resume`](Self::resume) takes them.
    ///
    /// Returns `None` once the future has completed: its output already handed them back.
    #[must_use = "the I/O objects and the buffer are dropped with the result"]
    pub fn into_parts(self) -> Option<(R, W, B, CopyProgress)> {
        let ((reader, writer), buf, op) = self.inner.into_parts()?;
        Some((reader, writer, buf, op.progress))
    }

    /// The reader and the writer, while the copy is in flight; `None` once it has completed.
    #[must_use]
    pub fn get_ref(&self) -> Option<(&R, &W)> {
        self.inner
            .get_ref()
            .map(|(reader, writer)| (reader, writer))
    }

    /// The reader and the writer, mutably, while the copy is in flight; `None` once it has
    /// completed.
    #[must_use]
    pub fn get_mut(&mut self) -> Option<(&mut R, &mut W)> {
        self.inner
            .get_mut()
            .map(|(reader, writer)| (reader, writer))
    }

    /// Whether the future has completed (returned `Ready`); polling it again would panic.
    #[must_use]
    pub fn is_terminated(&self) -> bool {
        self.inner.is_terminated()
    }
}

impl<R: AsyncRead + Unpin, W: AsyncWrite + Unpin, B: AsMut<[u8]>> CopyOwned<R, W, B> {
    /// Continues a copy that was abandoned with [`into_parts`](Self::into_parts) or failed:
    /// the pending bytes `progress` names are written first, then the copy goes on.
    /// `CopyProgress::new()` starts a fresh copy.
    ///
    /// A progress whose pending range does not fit the buffer, or an empty buffer, is an
    /// [`InvalidInput`](io::ErrorKind::InvalidInput) error when the future is polled, before
    /// anything else.
    pub fn resume(reader: R, writer: W, buf: B, progress: CopyProgress) -> Self {
        Self {
            inner: Owned::new((reader, writer), buf, Copy::new(progress, false)),
        }
    }
}

impl<R: AsyncRead + Unpin, W: AsyncWrite + Unpin, B: AsMut<[u8]>> Future for CopyOwned<R, W, B> {
    type Output = Result<(R, W, B, u64), CopyError<R, W, B>>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let outcome = ready!(self.get_mut().inner.poll(cx, "CopyOwned"));
        Poll::Ready(match outcome {
            Ok(((reader, writer), buf, op)) => Ok((reader, writer, buf, op.progress.copied)),
            Err((error, io, buf, op)) => {
                Err(CopyError::new(error, io, buf, op.progress, op.side()))
            }
        })
    }
}

impl<R: AsyncRead + Unpin, W: AsyncWrite + Unpin, B: AsMut<[u8]>> FusedFuture
    for CopyOwned<R, W, B>
{
    fn is_terminated(&self) -> bool {
        self.inner.is_terminated()
    }
}

// The state is plain data moved in and out by value: nothing is ever pinned in place.
impl<R, W, B> Unpin for CopyOwned<R, W, B> {}

impl<R, W, B> fmt::Debug for CopyOwned<R, W, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let progress = self.progress();
        self.inner
            .fmt_debug(f, "CopyOwned", &[("progress", &progress)])
    }
}

/// The call a copy made last, which decides what its answer means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Call {
    /// No call yet (or the buffer or progress did not fit).
    None,
    Read,
    /// A read made while the writer was busy.
    TopUp,
    Write,
    Flush,
    Shutdown,
}

/// A copy: reads into the free part of the buffer, writes the pending part, flushes at the
/// reader's end (and shuts the writer down after, for a bidirectional copy), with a family's
/// calls.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Copy<F> {
    pub(crate) progress: CopyProgress,
    shutdown: bool,
    last: Call,
    family: PhantomData<F>,
}

impl<F> Copy<F> {
    #[inline]
    pub(crate) fn new(progress: CopyProgress, shutdown: bool) -> Self {
        Self {
            progress,
            shutdown,
            last: Call::None,
            family: PhantomData,
        }
    }

    /// Which I/O object the last call went to.
    #[inline]
    pub(crate) fn side(&self) -> Option<CopySide> {
        self.side_as(CopySide::Reader, CopySide::Writer)
    }

    /// Which I/O object the last call went to, named `reader` or `writer`.
    #[inline]
    pub(crate) fn side_as<S>(&self, reader: S, writer: S) -> Option<S> {
        match self.last {
            Call::None => None,
            Call::Read | Call::TopUp => Some(reader),
            Call::Write | Call::Flush | Call::Shutdown => Some(writer),
        }
    }
}

/// Where a copy stands within a poll: its calls follow tokio's `copy` call for call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// Read if there is room, then write what is pending; every poll starts here.
    Read,
    /// Write until nothing is pending.
    Write,
    /// The writer was busy: read once more if there is room, then start over.
    TopUp,
}

/// One poll's view of a copy: the buffer, the progress, the call made last, and the stage.
pub(crate) struct Copying<'a> {
    buf: &'a mut [u8],
    progress: &'a mut CopyProgress,
    last: &'a mut Call,
    stage: Stage,
    shutdown: bool,
}

impl Copying<'_> {
    /// Whether a read has somewhere to go.
    #[inline]
    fn room(&self) -> bool {
        !self.progress.reader_done && self.progress.end < self.buf.len()
    }
}

impl<F, R, W, B> Transfer<(R, W), B> for Copy<F>
where
    F: PollRead<R> + PollWrite<W>,
    B: AsMut<[u8]>,
{
    type Rest<'a>
        = Copying<'a>
    where
        Self: 'a,
        B: 'a;

    #[inline]
    fn rest<'a>(&'a mut self, buf: &'a mut B) -> io::Result<Copying<'a>> {
        let buf = buf.as_mut();
        let p = &mut self.progress;
        self.last = Call::None;
        if buf.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "a copy through an empty buffer",
            ));
        }
        if p.start > p.end || p.end > buf.len() {
            let error = io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "resumed with pending bytes {}..{} past the end of the {}-byte buffer",
                    p.start,
                    p.end,
                    buf.len()
                ),
            );
            p.end = p.end.min(buf.len());
            p.start = p.start.min(p.end);
            return Err(error);
        }
        if p.start == p.end {
            (p.start, p.end) = (0, 0);
        }
        Ok(Copying {
            buf,
            progress: p,
            last: &mut self.last,
            stage: Stage::Read,
            shutdown: self.shutdown,
        })
    }

    #[inline]
    fn is_done(rest: &Copying<'_>) -> bool {
        let p = &rest.progress;
        p.reader_done && p.start == p.end && p.flushed && (p.shut_down || !rest.shutdown)
    }

    #[inline]
    fn poll_once(
        io: &mut (R, W),
        rest: &mut Copying<'_>,
        cx: &mut Context<'_>,
    ) -> Poll<(usize, io::Result<usize>)> {
        next_call::<F, R, W>(io, rest, cx)
    }

    #[inline]
    fn advance(rest: &mut Copying<'_>, n: usize) -> io::Result<Flow> {
        let p = &mut *rest.progress;
        match *rest.last {
            Call::Read => {
                p.end += n;
                rest.stage = Stage::Write;
            }
            Call::TopUp => {
                p.end += n;
                rest.stage = Stage::Read;
            }
            Call::Write => {
                p.start += n;
                p.copied += n as u64;
                p.need_flush = true;
                p.flushed = false;
                if p.start == p.end {
                    (p.start, p.end) = (0, 0);
                    rest.stage = Stage::Read;
                }
            }
            Call::None | Call::Flush | Call::Shutdown => {
                unreachable!("only reads and writes answer with bytes")
            }
        }
        Ok(Flow::Continue)
    }

    #[inline]
    fn at_zero(rest: &mut Copying<'_>) -> io::Result<Flow> {
        let p = &mut *rest.progress;
        match *rest.last {
            Call::Read => {
                p.reader_done = true;
                rest.stage = Stage::Write;
            }
            Call::TopUp => {
                p.reader_done = true;
                rest.stage = Stage::Read;
            }
            Call::Write => {
                let pending = p.end - p.start;
                let written = usize::try_from(p.copied).unwrap_or(usize::MAX);
                return Err(stalled(io::ErrorKind::WriteZero, written, pending));
            }
            Call::Flush => {
                p.flushed = true;
                p.need_flush = false;
            }
            Call::Shutdown => p.shut_down = true,
            Call::None => unreachable!("a call was made"),
        }
        Ok(Flow::Continue)
    }
}

/// The next call of a copy, at its stage: a read, a write, or the flush (and shutdown) at the
/// end.
#[inline]
fn next_call<F: PollRead<R> + PollWrite<W>, R, W>(
    io: &mut (R, W),
    rest: &mut Copying<'_>,
    cx: &mut Context<'_>,
) -> Poll<(usize, io::Result<usize>)> {
    if rest.stage != Stage::Write && rest.room() {
        let top_up = rest.stage == Stage::TopUp;
        let free = &mut rest.buf[rest.progress.end..];
        let offered = free.len();
        match F::poll_read(&mut io.0, cx, free) {
            Poll::Ready(answer) => {
                *rest.last = if top_up { Call::TopUp } else { Call::Read };
                return Poll::Ready((offered, answer));
            }
            Poll::Pending if top_up => return Poll::Pending,
            Poll::Pending if rest.progress.start == rest.progress.end => {
                // Nothing to write while the reader waits: flush what was written, so that
                // a buffering writer does not hold back what the other end waits for.
                let p = &mut *rest.progress;
                if p.need_flush {
                    *rest.last = Call::Flush;
                    match ready!(F::poll_flush(&mut io.1, cx)) {
                        Ok(()) => p.need_flush = false,
                        Err(error) => return Poll::Ready((0, Err(error))),
                    }
                }
                return Poll::Pending;
            }
            Poll::Pending => rest.stage = Stage::Write,
        }
    }
    let p = &mut *rest.progress;
    if p.start < p.end {
        let pending = &rest.buf[p.start..p.end];
        return match F::poll_write(&mut io.1, cx, pending) {
            Poll::Ready(answer) => {
                *rest.last = Call::Write;
                Poll::Ready((pending.len(), answer))
            }
            Poll::Pending if rest.room() => {
                // While the writer is busy, top the buffer up for a larger write.
                rest.stage = Stage::TopUp;
                next_call::<F, R, W>(io, rest, cx)
            }
            Poll::Pending => Poll::Pending,
        };
    }
    if !p.reader_done {
        rest.stage = Stage::Read;
        return next_call::<F, R, W>(io, rest, cx);
    }
    // The reader ended, and all it gave is written: flush, then shut down if asked.
    let answer = if p.flushed {
        *rest.last = Call::Shutdown;
        ready!(F::poll_shutdown(&mut io.1, cx))
    } else {
        *rest.last = Call::Flush;
        ready!(F::poll_flush(&mut io.1, cx))
    };
    Poll::Ready((0, answer.map(|()| 0)))
}

/// The futures family's `copy_owned` and `CopyOwned`, re-exported by
/// [`crate::futures_family`].
#[cfg(feature = "futures-io")]
pub(crate) mod futures_family {
    use super::*;
    use crate::family::FuturesIo;
    use futures_io::{AsyncRead, AsyncWrite};

    /// Copies everything `reader` sends to `writer` through `buf`, and hands them back with
    /// the number of bytes copied: the same as the tokio family's
    /// [`copy_owned`](crate::copy_owned), for [`futures_io::AsyncRead`] and
    /// [`futures_io::AsyncWrite`] (futures-util's `copy` has a buffer of its own).
    ///
    /// # Examples
    ///
    /// ```
    /// use futures::io::Cursor;
    /// use owned_io::futures_family::copy_owned;
    ///
    /// # futures::executor::block_on(async {
    /// let reader = Cursor::new(b"copied".to_vec());
    /// let (_, written, _, n) = copy_owned(reader, Vec::new(), vec![0u8; 4]).await?;
    /// assert_eq!((&written[..], n), (&b"copied"[..], 6));
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    pub fn copy_owned<R, W, B>(reader: R, writer: W, buf: B) -> CopyOwned<R, W, B>
    where
        R: AsyncRead + Unpin,
        W: AsyncWrite + Unpin,
        B: AsMut<[u8]>,
    {
        CopyOwned::resume(reader, writer, buf, CopyProgress::new())
    }

    /// Future for the [`copy_owned`](crate::futures_family::copy_owned) function of the
    /// futures family: the same as the tokio family's [`CopyOwned`](crate::CopyOwned).
    #[must_use = "futures do nothing unless you `.await` or poll them"]
    pub struct CopyOwned<R, W, B> {
        inner: Owned<(R, W), B, Copy<FuturesIo>>,
    }

    impl<R, W, B> CopyOwned<R, W, B> {
        /// The number of bytes written so far.
        #[must_use]
        pub fn copied(&self) -> u64 {
            self.inner.op().progress.copied
        }

        /// How far the copy got: the count, the pending bytes, whether the reader ended.
        #[must_use]
        pub fn progress(&self) -> CopyProgress {
            self.inner.op().progress
        }

        /// Abandons the copy and hands back the reader, the writer, the buffer and the
        /// [`CopyProgress`], in the order [`resume`](Self::resume) takes them.
        ///
        /// Returns `None` once the future has completed: its output already handed them back.
        #[must_use = "the I/O objects and the buffer are dropped with the result"]
        pub fn into_parts(self) -> Option<(R, W, B, CopyProgress)> {
            let ((reader, writer), buf, op) = self.inner.into_parts()?;
            Some((reader, writer, buf, op.progress))
        }

        /// The reader and the writer, while the copy is in flight; `None` once it has
        /// completed.
        #[must_use]
        pub fn get_ref(&self) -> Option<(&R, &W)> {
            self.inner
                .get_ref()
                .map(|(reader, writer)| (reader, writer))
        }

        /// The reader and the writer, mutably, while the copy is in flight; `None` once it has
        /// completed.
        #[must_use]
        pub fn get_mut(&mut self) -> Option<(&mut R, &mut W)> {
            self.inner
                .get_mut()
                .map(|(reader, writer)| (reader, writer))
        }

        /// Whether the future has completed (returned `Ready`); polling it again would panic.
        #[must_use]
        pub fn is_terminated(&self) -> bool {
            self.inner.is_terminated()
        }
    }

    impl<R: AsyncRead + Unpin, W: AsyncWrite + Unpin, B: AsMut<[u8]>> CopyOwned<R, W, B> {
        /// Continues a copy that was abandoned with [`into_parts`](Self::into_parts) or
        /// failed, the pending bytes first. A progress that does not fit the buffer, or an
        /// empty buffer, is an [`InvalidInput`](io::ErrorKind::InvalidInput) error when polled.
        pub fn resume(reader: R, writer: W, buf: B, progress: CopyProgress) -> Self {
            Self {
                inner: Owned::new((reader, writer), buf, Copy::new(progress, false)),
            }
        }
    }

    impl<R: AsyncRead + Unpin, W: AsyncWrite + Unpin, B: AsMut<[u8]>> Future for CopyOwned<R, W, B> {
        type Output = Result<(R, W, B, u64), CopyError<R, W, B>>;

        #[inline]
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            let outcome = ready!(self.get_mut().inner.poll(cx, "CopyOwned"));
            Poll::Ready(match outcome {
                Ok(((reader, writer), buf, op)) => Ok((reader, writer, buf, op.progress.copied)),
                Err((error, io, buf, op)) => {
                    Err(CopyError::new(error, io, buf, op.progress, op.side()))
                }
            })
        }
    }

    impl<R: AsyncRead + Unpin, W: AsyncWrite + Unpin, B: AsMut<[u8]>> FusedFuture
        for CopyOwned<R, W, B>
    {
        fn is_terminated(&self) -> bool {
            self.inner.is_terminated()
        }
    }

    impl<R, W, B> Unpin for CopyOwned<R, W, B> {}

    impl<R, W, B> fmt::Debug for CopyOwned<R, W, B> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            let progress = self.progress();
            self.inner
                .fmt_debug(f, "CopyOwned", &[("progress", &progress)])
        }
    }
}
