//! The copies. This module is `copy_owned`'s, a copy from a reader to a writer through the
//! caller's buffer; [`bidirectional`] copies both ways at once. Each direction is
//! [`poll_copy`], tokio's `CopyBuffer::poll_copy` on the caller's buffer.

pub(crate) mod bidirectional;

use std::future::Future;
use std::io;
use std::marker::PhantomData;
use std::ops::Range;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use crate::error::{Cause, Copied, Copying, OwnedError, Side};
use crate::family::{Cooperate, PollRead, PollWrite};
use crate::owned::{counted, stalled, Operation, Owned};
use crate::write::{close, Flush, Shutdown};

/// How far a copy got: the count written, the part of the buffer read but not yet written, and
/// whether the reader's stream has ended.
///
/// [`CopyOwned::into_parts`](crate::CopyOwned::into_parts) and
/// [`CopyError::into_resume_parts`](crate::CopyError::into_resume_parts) hand it out, and
/// [`CopyOwned::resume`](crate::CopyOwned::resume) takes it back to continue where the copy
/// stopped, its pending bytes first.
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

/// The operation of a [`CopyOwned`](crate::CopyOwned) future.
///
/// Resolves to `Ok((reader, writer, buf, copied))` once the reader's stream ended and every
/// byte was written and flushed, or to a [`CopyError`] with everything and the pending bytes.
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

#[derive(Debug)]
pub struct Copy<F>(PhantomData<F>);

impl<F> Operation for Copy<F> {
    const FUTURE: &'static str = "CopyOwned";
}

impl<R, W, B, Op> Owned<(R, W), B, Op, CopyProgress> {
    /// The number of bytes written so far.
    #[must_use]
    pub fn copied(&self) -> u64 {
        self.progress.copied()
    }

    /// How far the copy got: the count, the pending bytes, whether the reader ended.
    #[must_use]
    pub fn progress(&self) -> CopyProgress {
        self.progress
    }

    /// Abandons the copy and hands back the reader, the writer, the buffer and the
    /// [`CopyProgress`], in the order `resume` takes them; `None` once the future has
    /// completed.
    #[must_use = "the I/O objects and the buffer are dropped with the result"]
    pub fn into_parts(self) -> Option<(R, W, B, CopyProgress)> {
        let ((reader, writer), buf, progress) = self.take_parts()?;
        Some((reader, writer, buf, progress))
    }
}

impl<R, W, B: AsMut<[u8]>, F> Owned<(R, W), B, Copy<F>, CopyProgress>
where
    F: PollRead<R> + PollWrite<W> + Cooperate,
{
    /// Continues a copy abandoned with [`into_parts`](Self::into_parts), or that failed
    /// ([`CopyError::into_resume_parts`]): the pending bytes `progress` names are written
    /// first. `CopyProgress::new()` starts afresh.
    ///
    /// A progress whose pending range does not fit the buffer, or an empty buffer, is an
    /// [`InvalidInput`](io::ErrorKind::InvalidInput) error when polled, before anything else.
    pub fn resume(reader: R, writer: W, buf: B, progress: CopyProgress) -> Self {
        Self::new((reader, writer), buf, progress, Copy(PhantomData))
    }
}

impl<R, W, B: AsMut<[u8]>, F> Future for Owned<(R, W), B, Copy<F>, CopyProgress>
where
    F: PollRead<R> + PollWrite<W> + Cooperate,
{
    type Output = Result<(R, W, B, u64), CopyError<R, W, B>>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.get_mut().poll_parts(
            |(reader, writer), buf, p| {
                let buf = buf.as_mut();
                check(buf.len(), p)?;
                poll_copy::<F, R, W>(reader, writer, buf, p, false, cx)
            },
            #[inline(always)]
            |result, (reader, writer), buf, progress| match result {
                Ok(()) => Ok((reader, writer, buf, progress.copied())),
                Err(failed) => {
                    let detail = Copied {
                        side: failed.side,
                        progress,
                    };
                    Err(CopyError::new(
                        "copy_owned",
                        failed.cause,
                        (reader, writer, buf),
                        detail,
                    ))
                }
            },
        )
    }
}

/// A failed call of a copy: why, and which I/O object it came from (`None` when the buffer or
/// the progress did not fit).
pub(crate) struct Failed<S> {
    pub(crate) cause: Cause,
    pub(crate) side: Option<S>,
}

impl Failed<CopySide> {
    pub(crate) fn reader(cause: impl Into<Cause>) -> Self {
        let (cause, side) = (cause.into(), Some(CopySide::Reader));
        Self { cause, side }
    }

    pub(crate) fn writer(cause: impl Into<Cause>) -> Self {
        let (cause, side) = (cause.into(), Some(CopySide::Writer));
        Self { cause, side }
    }

    /// The same failure, its side named `reader` or `writer`.
    #[inline]
    pub(crate) fn sides<S>(self, reader: S, writer: S) -> Failed<S> {
        let side = self.side.map(|side| match side {
            CopySide::Reader => reader,
            CopySide::Writer => writer,
        });
        Failed {
            cause: self.cause,
            side,
        }
    }
}

/// Checks a copy's buffer and progress before any I/O: an empty buffer, or a pending range
/// that does not fit it, is [`InvalidInput`](io::ErrorKind::InvalidInput), with the range cut
/// back into the buffer so that an error's `pending()` can always slice it.
#[inline]
pub(crate) fn check(len: usize, p: &mut CopyProgress) -> Result<(), Failed<CopySide>> {
    if len == 0 {
        let cause = Cause::made(io::ErrorKind::InvalidInput, "an empty buffer".to_string());
        return Err(Failed { cause, side: None });
    }
    if p.start > p.end || p.end > len {
        let what = format!(
            "resumed with pending bytes {}..{} past the end of the {len}-byte buffer",
            p.start, p.end
        );
        let cause = Cause::made(io::ErrorKind::InvalidInput, what);
        p.end = p.end.min(len);
        p.start = p.start.min(p.end);
        return Err(Failed { cause, side: None });
    }
    if p.start == p.end {
        (p.start, p.end) = (0, 0);
    }
    Ok(())
}

/// One direction of a copy, as tokio's `CopyBuffer::poll_copy` makes it: read into the free
/// part of the buffer, write what is pending, and flush once the reader's stream has ended
/// and every byte is written; then, for a bidirectional copy (`shutdown`), shut the writer
/// down, as tokio's `transfer_one_direction`. While the reader waits with nothing pending, the
/// writer is flushed; while the writer waits, the buffer is topped up by one read. `progress`
/// is updated after every call, so it always says which bytes of `buf` are still to be
/// written.
///
/// Each round (a read and the writes of what it read) spends a unit of the task's budget
/// ([`Cooperate`]): with none left, the copy returns `Pending` before any I/O.
#[inline(always)]
pub(crate) fn poll_copy<F, R, W>(
    reader: &mut R,
    writer: &mut W,
    buf: &mut [u8],
    p: &mut CopyProgress,
    shutdown: bool,
    cx: &mut Context<'_>,
) -> Poll<Result<(), Failed<CopySide>>>
where
    F: PollRead<R> + PollWrite<W> + Cooperate,
{
    let mut rounds = 0;
    loop {
        let unit = ready!(F::poll_proceed(cx, &mut rounds));
        if p.end < buf.len() && !p.reader_done {
            match fill::<F, R>(reader, buf, p, cx) {
                Poll::Ready(result) => {
                    F::made_progress(&unit);
                    result.map_err(Failed::reader)?;
                }
                Poll::Pending if p.start == p.end => {
                    // Nothing to write while the reader waits: flush what was written, so that
                    // a buffering writer does not hold back what the other end waits for.
                    if p.need_flush {
                        ready!(close::<Flush<F>, W>(writer, cx)).map_err(Failed::writer)?;
                        p.need_flush = false;
                    }
                    return Poll::Pending;
                }
                Poll::Pending => {}
            }
        }
        while p.start < p.end {
            let pending = &buf[p.start..p.end];
            let offered = pending.len();
            let Poll::Ready(answer) = F::poll_write(writer, cx, pending) else {
                // While the writer is busy, top the buffer up for a larger write.
                if !p.reader_done && p.end < buf.len() {
                    ready!(fill::<F, R>(reader, buf, p, cx)).map_err(Failed::reader)?;
                }
                return Poll::Pending;
            };
            F::made_progress(&unit);
            let Some(answer) = counted(answer, offered) else {
                continue;
            };
            let n = answer.map_err(Failed::writer)?;
            if n == 0 {
                let copied = usize::try_from(p.copied).unwrap_or(usize::MAX);
                let cause = stalled(io::ErrorKind::WriteZero, copied, offered);
                return Poll::Ready(Err(Failed::writer(cause)));
            }
            p.start += n;
            p.copied += n as u64;
            p.need_flush = true;
        }
        (p.start, p.end) = (0, 0);
        if p.reader_done {
            if !p.flushed {
                ready!(close::<Flush<F>, W>(writer, cx)).map_err(Failed::writer)?;
                (p.flushed, p.need_flush) = (true, false);
            }
            if shutdown && !p.shut_down {
                ready!(close::<Shutdown<F>, W>(writer, cx)).map_err(Failed::writer)?;
                p.shut_down = true;
            }
            return Poll::Ready(Ok(()));
        }
    }
}

/// One read into the free part of the buffer; a zero-byte answer is the reader's end.
#[inline(always)]
fn fill<F: PollRead<R>, R>(
    reader: &mut R,
    buf: &mut [u8],
    p: &mut CopyProgress,
    cx: &mut Context<'_>,
) -> Poll<Result<(), Cause>> {
    loop {
        let free = &mut buf[p.end..];
        let offered = free.len();
        if let Some(answer) = counted(ready!(F::poll_read(reader, cx, free)), offered) {
            let n = answer?;
            p.reader_done = n == 0;
            p.end += n;
            return Poll::Ready(Ok(()));
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

/// The error of `copy_owned`: the `io::Error`, the reader, the writer, the buffer, which side
/// failed, and the [`CopyProgress`] with the bytes read but not yet written.
///
/// Resume with [`into_resume_parts`](Self::into_resume_parts), which hands out the progress
/// with the parts: a fresh `CopyProgress` would drop the pending bytes.
///
/// ```
/// use owned_io::{copy_owned, CopyOwned, CopySide};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let full = std::io::Cursor::new(vec![0u8; 6].into_boxed_slice()); // room for 6 bytes
/// let err = copy_owned(&b"0123456789"[..], full, [0u8; 4]).await.unwrap_err();
/// assert_eq!((err.side(), err.copied(), err.pending()), (Some(CopySide::Writer), 6, 2..4));
/// let (_error, reader, _full, buf, progress) = err.into_resume_parts();
/// let (_, out, _, n) = CopyOwned::resume(reader, Vec::new(), buf, progress).await?;
/// assert_eq!((&out[..], n), (&b"6789"[..], 10)); // the pending bytes first, none lost
/// # Ok(())
/// # }
/// ```
pub type CopyError<R, W, B> = OwnedError<(R, W, B), Copied<CopySide, CopyProgress>>;

impl<R, W, B, P: Copying> OwnedError<(R, W, B), Copied<CopySide, P>> {
    /// Which I/O object failed; `None` when the buffer or the progress `resume` was given did
    /// not fit ([`InvalidInput`](io::ErrorKind::InvalidInput)).
    #[must_use]
    pub fn side(&self) -> Option<CopySide> {
        self.detail.side
    }

    /// The number of bytes written before the error.
    #[must_use]
    pub fn copied(&self) -> u64 {
        self.detail.progress.copied()
    }

    /// The underlying `io::Error`, the reader, the writer and the buffer (or the pipe) with
    /// the bytes read but not written, without the progress: see
    /// [`into_resume_parts`](Self::into_resume_parts) to go on.
    #[must_use]
    pub fn into_parts(self) -> (io::Error, R, W, B) {
        let (reader, writer, buf) = self.parts;
        (self.error, reader, writer, buf)
    }

    /// The `io::Error` and what the future's `resume` takes to go on without losing a byte:
    /// the reader, the writer, the buffer (or the pipe) and the progress.
    #[must_use]
    pub fn into_resume_parts(self) -> (io::Error, R, W, B, P) {
        let (reader, writer, buf) = self.parts;
        (self.error, reader, writer, buf, self.detail.progress)
    }
}

impl<R, W, B> OwnedError<(R, W, B), Copied<CopySide, CopyProgress>> {
    /// The bytes of the buffer read but not written when the copy failed: `&buf[pending]`.
    #[must_use]
    pub fn pending(&self) -> Range<usize> {
        self.detail.progress.pending()
    }

    /// The whole progress, for [`CopyOwned::resume`](crate::CopyOwned::resume).
    #[must_use]
    pub fn progress(&self) -> CopyProgress {
        self.detail.progress
    }
}

impl Side for CopySide {
    fn context(self) -> &'static str {
        match self {
            CopySide::Reader => ", reading",
            CopySide::Writer => ", writing",
        }
    }
}

impl Copying for CopyProgress {
    const ERROR: &'static str = "CopyError";

    fn copied(&self) -> u64 {
        self.copied
    }
}
