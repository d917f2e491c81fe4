//! The invariants every owned future keeps, each written once: the I/O object and the buffer
//! handed back on every exit ([`Parts`]), `Interrupted` retried and a count larger than the
//! offer refused ([`counted`], [`not_interrupted`]), and a panic that names the future when it
//! is polled after completion.

use std::fmt;
use std::io;
use std::task::Poll;

use futures_core::future::FusedFuture;

use crate::copy::CopyProgress;
use crate::error::Cause;

/// Every owned future: the I/O object and the buffer until it completes, its progress `P`,
/// and its operation `Op`, which holds the operation's own arguments and the I/O family.
///
/// Name it through the aliases at the crate root and in `futures_family`: [`ReadExactOwned<R,
/// B>`](crate::ReadExactOwned) is `Owned<R, B, ReadExact<Tokio>, Filled>`. The progress decides
/// the accessors: a read ([`Filled`]) has `filled()`, a write ([`Written`]) `written()`, a copy
/// its [`CopyProgress`], a flush or a shutdown none; each operation adds its `resume`, its
/// `Future` impl and its own arguments' accessors. Polled after it completed, a future panics
/// with its name; [`is_terminated`](Self::is_terminated) tells beforehand.
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Owned<IO, B, Op, P> {
    pub(crate) parts: Parts<IO, B>,
    pub(crate) progress: P,
    pub(crate) op: Op,
}

/// The progress of a read: the bytes it put into its buffer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Filled(pub(crate) usize);

/// The progress of a write: the bytes it wrote from its buffer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written(pub(crate) usize);

/// What an [`Owned`] future does. Sealed.
pub trait Operation {
    /// The name of the future, for `Debug` and the panic after completion.
    const FUTURE: &'static str;

    /// How many bytes of I/O object and buffer a poll moves into locals rather than working on
    /// them in place (see [`Owned::poll_parts`]): two cache lines, unless the operation knows
    /// better.
    const MOVED_UP_TO: usize = 128;
}

/// The progress of an [`Owned`] future as `Debug` shows it. Sealed.
pub trait Progress: Copy {
    /// Adds the progress to the future's `Debug`.
    fn fields(&self, out: &mut fmt::DebugStruct<'_, '_>);
}

impl Progress for Filled {
    fn fields(&self, out: &mut fmt::DebugStruct<'_, '_>) {
        out.field("filled", &self.0);
    }
}

impl Progress for Written {
    fn fields(&self, out: &mut fmt::DebugStruct<'_, '_>) {
        out.field("written", &self.0);
    }
}

impl Progress for () {
    fn fields(&self, _: &mut fmt::DebugStruct<'_, '_>) {}
}

impl Progress for CopyProgress {
    fn fields(&self, out: &mut fmt::DebugStruct<'_, '_>) {
        out.field("progress", self);
    }
}

impl Progress for (CopyProgress, CopyProgress) {
    fn fields(&self, out: &mut fmt::DebugStruct<'_, '_>) {
        out.field("a_to_b", &self.0).field("b_to_a", &self.1);
    }
}

impl<IO, B, Op, P> Owned<IO, B, Op, P> {
    #[inline]
    pub(crate) fn new(io: IO, buf: B, progress: P, op: Op) -> Self {
        Self {
            parts: Parts(Some((io, buf))),
            progress,
            op,
        }
    }

    /// The I/O object, while the operation is in flight; `None` once the future has
    /// completed.
    #[must_use]
    pub fn get_ref(&self) -> Option<&IO> {
        self.parts.0.as_ref().map(|(io, _)| io)
    }

    /// The I/O object, mutably, while the operation is in flight; `None` once the future has
    /// completed. Reading or writing through it directly would take bytes from under the
    /// future, or put some in the middle of its own.
    #[must_use]
    pub fn get_mut(&mut self) -> Option<&mut IO> {
        self.parts.0.as_mut().map(|(io, _)| io)
    }

    /// Whether the future has completed (returned `Ready`); polling it again would panic.
    #[must_use]
    pub fn is_terminated(&self) -> bool {
        self.parts.0.is_none()
    }

    /// The I/O object, the buffer and the progress, unless the future has completed.
    #[inline]
    pub(crate) fn take_parts(self) -> Option<(IO, B, P)> {
        let (io, buf) = self.parts.0?;
        Some((io, buf, self.progress))
    }
}

impl<IO, B, Op: Operation, P: Copy> Owned<IO, B, Op, P> {
    /// One poll of the operation: `op` runs on the I/O object, the buffer and the progress;
    /// when it is `Ready`, `finish` makes the future's output of its value or its error and
    /// all three, straight from the future (a large buffer, an array, is moved once, not
    /// through an intermediate value). `Pending` leaves everything in the future.
    ///
    /// Parts of at most [`Operation::MOVED_UP_TO`] bytes whose buffer is a handle (at most four
    /// words: a `Vec`, a `BytesMut`, a `&mut`) are moved into locals for the poll: left in the
    /// future, they would be copied out whole when handed back, and a wide load of what the
    /// loop just stored field by field stalls until those stores retire. Larger parts, or an
    /// array buffer, stay in place: moving them out and back on every `Pending` costs more.
    /// The progress is a local either way, kept in a register while the loop runs.
    ///
    /// A panic inside the I/O object drops the parts and leaves the future terminated, whatever
    /// their size: `into_parts` returns `None`, and polling again panics.
    ///
    /// # Panics
    ///
    /// If called after it returned `Ready`, with the future's name.
    // Always inlined into each future's `poll`, as tokio's loops are written in theirs.
    #[inline(always)]
    pub(crate) fn poll_parts<T, E, O>(
        &mut self,
        op: impl FnOnce(&mut IO, &mut B, &mut P) -> Poll<Result<T, E>>,
        finish: impl FnOnce(Result<T, E>, IO, B, P) -> O,
    ) -> Poll<O> {
        let moved =
            std::mem::size_of::<(IO, B)>() <= Op::MOVED_UP_TO && std::mem::size_of::<B>() <= 32;
        let mut progress = self.progress;
        if moved {
            let Some((mut io, mut buf)) = self.parts.0.take() else {
                polled_after_completion(Op::FUTURE)
            };
            let answer = op(&mut io, &mut buf, &mut progress);
            self.progress = progress;
            let Poll::Ready(result) = answer else {
                self.parts.0 = Some((io, buf));
                return Poll::Pending;
            };
            return Poll::Ready(hand_back(result, io, buf, progress, finish));
        }
        // In place, a guard drops the parts on a panic, as the locals above are dropped.
        let guard = DropOnPanic(&mut self.parts.0);
        let Some((io, buf)) = guard.0.as_mut() else {
            polled_after_completion(Op::FUTURE)
        };
        let answer = op(io, buf, &mut progress);
        self.progress = progress;
        let Poll::Ready(result) = answer else {
            std::mem::forget(guard);
            return Poll::Pending;
        };
        let (io, buf) = guard.0.take().expect("the parts were there a moment ago");
        std::mem::forget(guard);
        if std::mem::size_of::<B>() > 32 {
            // An array: moved once, straight into the output.
            return Poll::Ready(finish(result, io, buf, progress));
        }
        Poll::Ready(hand_back(result, io, buf, progress, finish))
    }
}

/// Hands the parts to `finish` through a `Result` of the parts with the value or the error:
/// for parts that are handles, the shape LLVM turns into the fewest moves into the output
/// (straight into `finish`, the by-value line loop is markedly slower: benches/README.md).
#[inline(always)]
fn hand_back<IO, B, P, T, E, O>(
    result: Result<T, E>,
    io: IO,
    buf: B,
    progress: P,
    finish: impl FnOnce(Result<T, E>, IO, B, P) -> O,
) -> O {
    let handed = match result {
        Ok(value) => Ok((io, buf, value)),
        Err(error) => Err((error, io, buf)),
    };
    match handed {
        Ok((io, buf, value)) => finish(Ok(value), io, buf, progress),
        Err((error, io, buf)) => finish(Err(error), io, buf, progress),
    }
}

impl<IO, B, Op> Owned<IO, B, Op, Filled> {
    /// The number of bytes read into the buffer so far, by this call: `buf[..filled]` for
    /// `read_exact_owned`, the last `filled` bytes of the buffer for the reads that append.
    #[must_use]
    pub fn filled(&self) -> usize {
        self.progress.0
    }

    /// Abandons the read and hands back the reader, the buffer with every byte read so far,
    /// and [`filled`](Self::filled), in the order `resume` takes them: nothing is lost or read
    /// twice. `None` once the future has completed.
    #[must_use = "the reader and the buffer are dropped with the result"]
    pub fn into_parts(self) -> Option<(IO, B, usize)> {
        let (reader, buf, Filled(filled)) = self.take_parts()?;
        Some((reader, buf, filled))
    }
}

impl<IO, B, Op> Owned<IO, B, Op, Written> {
    /// The number of bytes written from the buffer so far, counted from the `progress` that
    /// `resume` was given.
    #[must_use]
    pub fn written(&self) -> usize {
        self.progress.0
    }

    /// Abandons the write and hands back the writer, the buffer and
    /// [`written`](Self::written), in the order `resume` takes them: nothing is written twice
    /// or lost. `None` once the future has completed.
    #[must_use = "the writer and the buffer are dropped with the result"]
    pub fn into_parts(self) -> Option<(IO, B, usize)> {
        let (writer, buf, Written(written)) = self.take_parts()?;
        Some((writer, buf, written))
    }
}

impl<IO, Op> Owned<IO, (), Op, ()> {
    /// Abandons the call and hands the writer back (there is no progress to keep); `None`
    /// once the future has completed.
    #[must_use = "the writer is dropped with the result"]
    pub fn into_parts(self) -> Option<IO> {
        self.parts.0.map(|(writer, ())| writer)
    }
}

impl<IO, B, Op, P> FusedFuture for Owned<IO, B, Op, P>
where
    Self: std::future::Future,
{
    fn is_terminated(&self) -> bool {
        self.parts.0.is_none()
    }
}

// The state is plain data, moved in and out by value: nothing is ever pinned in place.
impl<IO, B, Op, P> Unpin for Owned<IO, B, Op, P> {}

/// Its name, its progress and whether it completed, nothing of the I/O object or the buffer
/// (which need not be `Debug`).
impl<IO, B, Op: Operation, P: Progress> fmt::Debug for Owned<IO, B, Op, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct(Op::FUTURE);
        self.progress.fields(&mut out);
        out.field("terminated", &self.is_terminated())
            .finish_non_exhaustive()
    }
}

/// The I/O object and the buffer of a future, until it completes.
///
/// Plain data: nothing in it is pinned, so every future holding it is `Unpin`.
pub(crate) struct Parts<IO, B>(Option<(IO, B)>);

/// Drops the parts left in place if a panic unwinds through the poll, so that the future is
/// then terminated, as one whose parts were moved out is. Forgotten on every other exit.
struct DropOnPanic<'a, IO, B>(&'a mut Option<(IO, B)>);

impl<IO, B> Drop for DropOnPanic<'_, IO, B> {
    fn drop(&mut self) {
        *self.0 = None;
    }
}

#[cold]
#[inline(never)]
fn polled_after_completion(future: &'static str) -> ! {
    panic!("`{future}` polled after completion");
}

/// An answer with [`Interrupted`](io::ErrorKind::Interrupted) taken out: `None` says to make
/// the call again.
///
/// A reader or writer that answers `Interrupted` forever keeps the poll busy forever, as it
/// does tokio's and futures-util's built-ins.
#[inline(always)]
pub(crate) fn not_interrupted<T>(answer: io::Result<T>) -> Option<io::Result<T>> {
    match answer {
        Err(error) if error.kind() == io::ErrorKind::Interrupted => None,
        answer => Some(answer),
    }
}

/// The answer to a call offered `offered` bytes: `None` to retry `Interrupted`, and an
/// [`InvalidData`](io::ErrorKind::InvalidData) error of the crate's own for a count larger
/// than the offer.
#[inline(always)]
pub(crate) fn counted(
    answer: Result<usize, impl Into<Cause>>,
    offered: usize,
) -> Option<Result<usize, Cause>> {
    match answer {
        Ok(n) if n > offered => Some(Err(overcount(n, offered))),
        Ok(n) => Some(Ok(n)),
        Err(error) => match error.into() {
            Cause::Io(error) if error.kind() == io::ErrorKind::Interrupted => None,
            cause => Some(Err(cause)),
        },
    }
}

#[cold]
fn overcount(n: usize, offered: usize) -> Cause {
    let what = format!("the I/O object reported {n} bytes when offered {offered}");
    Cause::made(io::ErrorKind::InvalidData, what)
}

/// A `resume` whose progress lies past the end of the buffer: the error, with the progress cut
/// back to the buffer's length, so that an error's progress never runs past its buffer.
// Always inlined, the error made out of line: it is checked on every poll.
#[inline(always)]
pub(crate) fn past_end(progress: &mut usize, len: usize) -> Cause {
    let error = past_end_error(*progress, len);
    *progress = len;
    error
}

#[cold]
fn past_end_error(progress: usize, len: usize) -> Cause {
    let what = format!("resumed at progress {progress}, past the end of the {len}-byte buffer");
    Cause::made(io::ErrorKind::InvalidInput, what)
}

/// A zero-byte answer where bytes were still due.
#[cold]
pub(crate) fn stalled(kind: io::ErrorKind, done: usize, remaining: usize) -> Cause {
    let total = done.saturating_add(remaining);
    let what = match kind {
        io::ErrorKind::UnexpectedEof => format!("end of stream after {done} of {total} bytes"),
        _ => format!("the writer accepted 0 bytes after {done} of {total} bytes"),
    };
    Cause::made(kind, what)
}
