//! The copies: one way ([`one_way`]) and both ways at once ([`bidirectional`]), each direction
//! [`poll_copy`], tokio's `CopyBuffer::poll_copy` on the caller's buffer.

pub(crate) mod bidirectional;
pub(crate) mod one_way;

use std::io;
use std::ops::Range;
use std::task::{ready, Context, Poll};

use crate::error::failure;
use crate::family::{PollRead, PollWrite};
use crate::owned::{counted, stalled};
use crate::write::close::{close, Flush, Shutdown};
use crate::CopySide;

/// How far a copy got: the count written, the part of the buffer read but not yet written, and
/// whether the reader's stream has ended.
///
/// [`CopyOwned::into_parts`](crate::CopyOwned::into_parts) and [`CopyError::progress`](crate::CopyError::progress) hand it out, and
/// [`CopyOwned::resume`](crate::CopyOwned::resume) takes it back to continue where the copy stopped.
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

/// A failed call of a copy: the error, and which I/O object it came from (`None` when the
/// buffer or the progress did not fit).
pub(crate) struct Failed<S> {
    pub(crate) error: io::Error,
    pub(crate) side: Option<S>,
}

impl Failed<CopySide> {
    pub(crate) fn reader(error: io::Error) -> Self {
        Self {
            error,
            side: Some(CopySide::Reader),
        }
    }

    pub(crate) fn writer(error: io::Error) -> Self {
        Self {
            error,
            side: Some(CopySide::Writer),
        }
    }

    /// The same failure, its side named `reader` or `writer`.
    #[inline]
    pub(crate) fn sides<S>(self, reader: S, writer: S) -> Failed<S> {
        let side = self.side.map(|side| match side {
            CopySide::Reader => reader,
            CopySide::Writer => writer,
        });
        Failed {
            error: self.error,
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
        let error = failure(io::ErrorKind::InvalidInput, "an empty buffer".to_string());
        return Err(Failed { error, side: None });
    }
    if p.start > p.end || p.end > len {
        let what = format!(
            "resumed with pending bytes {}..{} past the end of the {len}-byte buffer",
            p.start, p.end
        );
        let error = failure(io::ErrorKind::InvalidInput, what);
        p.end = p.end.min(len);
        p.start = p.start.min(p.end);
        return Err(Failed { error, side: None });
    }
    if p.start == p.end {
        (p.start, p.end) = (0, 0);
    }
    Ok(())
}

/// One direction of a copy, as tokio's `CopyBuffer::poll_copy` makes it: read into the free
/// part of the buffer, write what is pending, and flush once the reader's stream has ended
/// and every byte is written; then, for a bidirectional copy (`shutdown`), shut the writer
/// down, as tokio's `transfer_one_direction`. While the reader waits with nothing pending, the writer is
/// flushed; while the writer waits, the buffer is topped up by one read. `progress` is updated
/// after every call, so it always says which bytes of `buf` are still to be written.
#[inline(always)]
pub(crate) fn poll_copy<F: PollRead<R> + PollWrite<W>, R, W>(
    reader: &mut R,
    writer: &mut W,
    buf: &mut [u8],
    p: &mut CopyProgress,
    shutdown: bool,
    cx: &mut Context<'_>,
) -> Poll<Result<(), Failed<CopySide>>> {
    loop {
        // Where a poll starts anyway, so that giving the thread back changes no call.
        if !cooperate(cx) {
            return Poll::Pending;
        }
        if p.end < buf.len() && !p.reader_done {
            match fill::<F, R>(reader, buf, p, cx) {
                Poll::Ready(result) => result.map_err(Failed::reader)?,
                Poll::Pending if p.start == p.end => {
                    // Nothing to write while the reader waits: flush what was written, so that
                    // a buffering writer does not hold back what the other end waits for.
                    if p.need_flush {
                        ready!(close::<Flush, F, W>(writer, cx)).map_err(Failed::writer)?;
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
            let Some(answer) = counted(answer, offered) else {
                continue;
            };
            let n = answer.map_err(Failed::writer)?;
            if n == 0 {
                let copied = usize::try_from(p.copied).unwrap_or(usize::MAX);
                let error = stalled(io::ErrorKind::WriteZero, copied, offered);
                return Poll::Ready(Err(Failed::writer(error)));
            }
            p.start += n;
            p.copied += n as u64;
            p.need_flush = true;
        }
        (p.start, p.end) = (0, 0);
        if p.reader_done {
            if !p.flushed {
                ready!(close::<Flush, F, W>(writer, cx)).map_err(Failed::writer)?;
                (p.flushed, p.need_flush) = (true, false);
            }
            if shutdown && !p.shut_down {
                ready!(close::<Shutdown, F, W>(writer, cx)).map_err(Failed::writer)?;
                p.shut_down = true;
            }
            return Poll::Ready(Ok(()));
        }
    }
}

/// Rounds the copies on this thread may make before one gives the thread back, as tokio's own
/// copies spend their task's budget: 128 units, as tokio's.
const BUDGET: u32 = 128;

std::thread_local! {
    static LEFT: std::cell::Cell<u32> = const { std::cell::Cell::new(BUDGET) };
}

/// Spends one unit of the thread's budget before a round of the copy (a read and the writes
/// of what it read); when none is left, wakes the task and says to return `Pending`, so that a
/// loop of copies between I/O objects that are always ready lets the runtime run its timers
/// and other tasks. Without a runtime's budget API, so both families get it, whatever the
/// runtime.
#[inline]
fn cooperate(cx: &mut Context<'_>) -> bool {
    LEFT.with(|left| match left.get() {
        0 => {
            left.set(BUDGET);
            cx.waker().wake_by_ref();
            false
        }
        n => {
            left.set(n - 1);
            true
        }
    })
}

/// One read into the free part of the buffer; a zero-byte answer is the reader's end.
#[inline(always)]
fn fill<F: PollRead<R>, R>(
    reader: &mut R,
    buf: &mut [u8],
    p: &mut CopyProgress,
    cx: &mut Context<'_>,
) -> Poll<io::Result<()>> {
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
