//! The one progress loop that every owned future runs, and the state every owned future holds.
//!
//! An operation (read exact, write all, read to the end, read until a delimiter, copy, …) of a
//! family (tokio, futures-io) says how it offers bytes to its I/O object once and what the
//! answers mean for it by implementing [`Transfer`]: when it is done, what a zero-byte answer
//! means (end of stream is an error for `read_exact`, success for `read_to_end`), whether one
//! answer ends it (`read`) or a delimiter does (`read_until`). Retrying `Interrupted`, refusing
//! lying byte counts, and handing the I/O object and the buffer back on every exit happen here,
//! once.

use std::io;
use std::task::{ready, Context, Poll};

/// What the loop does after an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flow {
    /// Make another call.
    Continue,
    /// The operation is complete.
    Done,
}

/// How one operation of one family moves bytes, one call at a time.
///
/// The value is the operation's own state between polls (its progress and arguments such as a
/// limit or a delimiter); it is plain data, so the futures holding it are `Unpin`.
pub(crate) trait Transfer<IO, B> {
    /// What one poll works through, made from the operation's state and the buffer once a poll,
    /// so a buffer's `AsRef` / `AsMut` runs once a poll, not once a call.
    type Rest<'a>
    where
        Self: 'a,
        B: 'a;

    /// The view for this poll, or an [`InvalidInput`](io::ErrorKind::InvalidInput) error when
    /// the state does not fit the buffer (a `resume` with a bad progress, a buffer with no room).
    /// Checked before anything else, so an empty buffer gets it too.
    fn rest<'a>(&'a mut self, buf: &'a mut B) -> io::Result<Self::Rest<'a>>;

    /// Whether the operation is complete before making another call.
    fn is_done(rest: &Self::Rest<'_>) -> bool;

    /// One call to the I/O object. `Ready` carries how many bytes the call was offered and the
    /// I/O object's answer; `Pending` means the I/O object has arranged a wake-up.
    fn poll_once(
        io: &mut IO,
        rest: &mut Self::Rest<'_>,
        cx: &mut Context<'_>,
    ) -> Poll<(usize, io::Result<usize>)>;

    /// Counts the `n` bytes the last call moved, `0 < n <= offered`.
    fn advance(rest: &mut Self::Rest<'_>, n: usize) -> io::Result<Flow>;

    /// What an answer of zero bytes means: end of stream, a writer that gave up, or the end of
    /// a call that moves no bytes (a flush).
    fn at_zero(rest: &mut Self::Rest<'_>) -> io::Result<Flow>;
}

/// What an owned future's `poll` runs: a [`Transfer`] on the one loop, or a composition of them
/// (two copies at once).
pub(crate) trait Operation<IO, B> {
    fn poll_op(&mut self, io: &mut IO, buf: &mut B, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

impl<T: Transfer<IO, B>, IO, B> Operation<IO, B> for T {
    #[inline(always)]
    fn poll_op(&mut self, io: &mut IO, buf: &mut B, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        run(self, io, buf, cx)
    }
}

/// The loop: call, count, retry `Interrupted`, refuse lies, until the transfer says it is done,
/// fails, or the I/O object returns `Pending`.
///
/// Always inlined, with [`Owned::poll`], into each future's `poll`, as tokio's and
/// futures-util's loops are written in theirs: left out of line (the compiler did, in the
/// comparison's line reads), the I/O object, the buffer and the outcome go through memory once
/// more each call.
#[inline(always)]
pub(crate) fn run<T: Transfer<IO, B>, IO, B>(
    op: &mut T,
    io: &mut IO,
    buf: &mut B,
    cx: &mut Context<'_>,
) -> Poll<io::Result<()>> {
    let mut rest = match op.rest(buf) {
        Ok(rest) => rest,
        Err(error) => return Poll::Ready(Err(error)),
    };
    loop {
        if T::is_done(&rest) {
            return Poll::Ready(Ok(()));
        }
        let (offered, answer) = ready!(T::poll_once(io, &mut rest, cx));
        let flow = match answer {
            Ok(0) => T::at_zero(&mut rest),
            Ok(n) if n > offered => Err(overcount(n, offered)),
            Ok(n) => T::advance(&mut rest, n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Ok(Flow::Continue),
            Err(e) => Err(e),
        };
        match flow {
            Ok(Flow::Continue) => {}
            Ok(Flow::Done) => return Poll::Ready(Ok(())),
            Err(error) => return Poll::Ready(Err(error)),
        }
    }
}

/// The state of every owned future: the I/O object and the buffer until completion, and the
/// operation's own state.
///
/// Plain data: no self-reference and nothing pinned, so moving it is always sound.
pub(crate) struct Owned<IO, B, Op> {
    parts: Option<(IO, B)>,
    op: Op,
}

/// Whether a poll moves the I/O object and the buffer out of the future and back: when they
/// fit in two cache lines and the buffer is a handle of at most four words (a `Vec`, a
/// `BytesMut`, a `&mut`), not an array that every `Pending` would copy out and back.
const fn moved_out<IO, B>() -> bool {
    std::mem::size_of::<(IO, B)>() <= 128 && std::mem::size_of::<B>() <= 32
}

/// What a completed operation hands back: `Ok` or the error, with everything it owned.
pub(crate) type Outcome<IO, B, Op> = Result<(IO, B, Op), (io::Error, IO, B, Op)>;

impl<IO, B, Op> Owned<IO, B, Op> {
    #[inline]
    pub(crate) fn new(io: IO, buf: B, op: Op) -> Self {
        Self {
            parts: Some((io, buf)),
            op,
        }
    }

    #[inline]
    pub(crate) fn op(&self) -> &Op {
        &self.op
    }

    #[inline]
    pub(crate) fn get_ref(&self) -> Option<&IO> {
        self.parts.as_ref().map(|(io, _)| io)
    }

    #[inline]
    pub(crate) fn get_mut(&mut self) -> Option<&mut IO> {
        self.parts.as_mut().map(|(io, _)| io)
    }

    #[inline]
    pub(crate) fn is_terminated(&self) -> bool {
        self.parts.is_none()
    }

    #[inline]
    pub(crate) fn into_parts(self) -> Option<(IO, B, Op)> {
        let (io, buf) = self.parts?;
        Some((io, buf, self.op))
    }

    /// `Debug` for a future: its name, its progress and whether it completed, nothing of the
    /// I/O object or the buffer (which need not be `Debug`).
    pub(crate) fn fmt_debug(
        &self,
        f: &mut std::fmt::Formatter<'_>,
        future: &str,
        progress: &[(&str, &dyn std::fmt::Debug)],
    ) -> std::fmt::Result {
        let mut out = f.debug_struct(future);
        for (name, value) in progress {
            out.field(name, value);
        }
        out.field("terminated", &self.is_terminated())
            .finish_non_exhaustive()
    }

    /// Drives the operation until it completes, fails or the I/O object returns `Pending`.
    ///
    /// # Panics
    ///
    /// If called again after it returned `Ready`; `future` names the future in the message.
    // Always inlined into the future's `poll`, with `run`.
    #[inline(always)]
    pub(crate) fn poll(
        &mut self,
        cx: &mut Context<'_>,
        future: &'static str,
    ) -> Poll<Outcome<IO, B, Op>>
    where
        Op: Operation<IO, B> + Copy,
    {
        if moved_out::<IO, B>() {
            // Small parts are moved out for the poll, and back in only if it is pending: while
            // the loop runs, the I/O object and the buffer are locals, which the compiler
            // reads field by field when it hands them back. Left in the future, they would be
            // copied out whole, and a wide load of what the loop just stored field by field (a
            // slice reader's position, a `BufReader`'s, a `Vec`'s length) stalls until those
            // stores retire.
            let Some((mut io, mut buf)) = self.parts.take() else {
                polled_after_completion(future);
            };
            return match self.op.poll_op(&mut io, &mut buf, cx) {
                Poll::Pending => {
                    self.parts = Some((io, buf));
                    Poll::Pending
                }
                Poll::Ready(Ok(())) => Poll::Ready(Ok((io, buf, self.op))),
                Poll::Ready(Err(error)) => Poll::Ready(Err((error, io, buf, self.op))),
            };
        }
        // Large parts stay in place: moving them out and back in on every `Pending` costs more
        // (65 bytes a `Pending` made a reader that is pending every other call 2.2x slower).
        let Some((io, buf)) = self.parts.as_mut() else {
            polled_after_completion(future);
        };
        let result = ready!(self.op.poll_op(io, buf, cx));
        let (io, buf) = self
            .parts
            .take()
            .expect("the parts were there a moment ago");
        Poll::Ready(match result {
            Ok(()) => Ok((io, buf, self.op)),
            Err(error) => Err((error, io, buf, self.op)),
        })
    }
}

#[cold]
#[inline(never)]
fn polled_after_completion(future: &'static str) -> ! {
    panic!("`{future}` polled after completion");
}

#[cold]
fn overcount(n: usize, offered: usize) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("I/O object reported {n} bytes when offered {offered}"),
    )
}

/// Makes room in `vec` for `wanted` more bytes, `left` being the most the operation may still
/// append: amortised growth (`reserve(step)`, so the vector doubles), but exactly `left` when
/// doubling would reserve more than `left` bytes can ever need, so that a limit bounds the
/// capacity as well as the length.
#[inline]
pub(crate) fn reserve_within(vec: &mut Vec<u8>, wanted: usize, step: usize, left: usize) {
    if vec.capacity() - vec.len() >= wanted {
        return;
    }
    if vec.len().saturating_add(left) <= vec.capacity().saturating_mul(2) {
        vec.reserve_exact(left);
    } else {
        vec.reserve(step);
    }
}

/// A `resume` whose progress lies past the end of the buffer: the error, with the progress cut
/// back to the buffer's length, so that an error's progress never runs past its buffer.
///
/// Always inlined, the error made out of line: `rest` is on every poll's path, and handing the
/// progress by reference to an out-of-line function made an 8-byte `read_exact` from memory 3.5
/// times slower (8.3 ns against 2.4 ns).
#[inline(always)]
pub(crate) fn past_end(progress: &mut usize, len: usize) -> io::Error {
    let error = past_end_error(*progress, len);
    *progress = len;
    error
}

#[cold]
fn past_end_error(progress: usize, len: usize) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("resumed at progress {progress}, past the end of the {len}-byte buffer"),
    )
}

/// A zero-byte answer where bytes were still due.
#[cold]
pub(crate) fn stalled(kind: io::ErrorKind, done: usize, remaining: usize) -> io::Error {
    let total = done.saturating_add(remaining);
    let message = match kind {
        io::ErrorKind::UnexpectedEof => format!("end of stream after {done} of {total} bytes"),
        _ => format!("writer accepted 0 bytes after {done} of {total} bytes"),
    };
    io::Error::new(kind, message)
}
