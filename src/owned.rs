//! The invariants every owned future keeps, each written once: the I/O object and the buffer
//! handed back on every exit ([`Parts`]), `Interrupted` retried and a count larger than the
//! offer refused ([`counted`], [`not_interrupted`]), and a panic that names the future when it
//! is polled after completion.

use std::fmt;
use std::io;
use std::task::{ready, Poll};

use futures_core::future::FusedFuture;

use crate::error::failure;

/// The future of every owned read, write, flush and shutdown: the I/O object and the buffer
/// until it completes, the progress, and the operation `Op`, which holds the operation's own
/// arguments and the I/O family.
///
/// Name it through the aliases at the crate root and in `futures_family`:
/// [`ReadExactOwned<R, B>`](crate::ReadExactOwned) is `Owned<R, B, ReadExact<Tokio>>`. Each
/// operation adds its `resume`, its `Future` impl and the accessors of its own arguments;
/// those below are every operation's.
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Owned<IO, B, Op> {
    pub(crate) parts: Parts<IO, B>,
    pub(crate) progress: usize,
    pub(crate) op: Op,
}

/// What an [`Owned`] future does. Sealed.
pub trait Operation {
    /// The name of the future, for `Debug` and the panic after completion.
    const FUTURE: &'static str;

    /// The name of its progress, for `Debug`: `filled` (the default) or `written`.
    const PROGRESS: Option<&'static str> = Some("filled");
}

/// An operation that counts the bytes it moves, and can be abandoned with them.
pub trait Counting: Operation {}

/// An operation whose progress is the bytes read into its buffer: `filled()`.
pub trait Reading: Counting {}

impl<Op: Reading> Counting for Op {}

/// An operation whose progress is the bytes written from its buffer: `written()`.
pub trait Writing: Counting {}

impl<IO, B, Op> Owned<IO, B, Op> {
    #[inline]
    pub(crate) fn new(io: IO, buf: B, progress: usize, op: Op) -> Self {
        Self {
            parts: Parts::new(io, buf),
            progress,
            op,
        }
    }

    /// The I/O object, while the operation is in flight; `None` once the future has
    /// completed.
    #[must_use]
    pub fn get_ref(&self) -> Option<&IO> {
        self.parts.get_ref()
    }

    /// The I/O object, mutably, while the operation is in flight; `None` once the future has
    /// completed. Reading or writing through it directly would take bytes from under the
    /// future, or put some in the middle of its own.
    #[must_use]
    pub fn get_mut(&mut self) -> Option<&mut IO> {
        self.parts.get_mut()
    }

    /// Whether the future has completed (returned `Ready`); polling it again would panic.
    #[must_use]
    pub fn is_terminated(&self) -> bool {
        self.parts.is_terminated()
    }
}

impl<IO, B, Op: Operation> Owned<IO, B, Op> {
    /// One poll of the operation: `op` runs on the I/O object, the buffer and the progress,
    /// and `Ready` hands all three back, with `op`'s value or its error ([`Parts::poll`]).
    #[inline(always)]
    pub(crate) fn poll_parts<T>(
        &mut self,
        op: impl FnOnce(&mut IO, &mut B, &mut usize) -> Poll<io::Result<T>>,
    ) -> Poll<(Handed<IO, B, T>, usize)> {
        self.poll_parts_moving::<MOVED_UP_TO, T>(op)
    }

    /// [`poll_parts`](Self::poll_parts), moving the parts into locals for the poll only when
    /// they take at most `UP_TO` bytes ([`Parts::poll_moving`]).
    #[inline(always)]
    pub(crate) fn poll_parts_moving<const UP_TO: usize, T>(
        &mut self,
        op: impl FnOnce(&mut IO, &mut B, &mut usize) -> Poll<io::Result<T>>,
    ) -> Poll<(Handed<IO, B, T>, usize)> {
        // The progress is a local for the poll, kept in a register while the loop runs, and
        // stored back however the poll ends.
        let mut progress = self.progress;
        let handed = self.parts.poll_moving::<UP_TO, T, io::Error>(
            Op::FUTURE,
            #[inline(always)]
            |io, buf| op(io, buf, &mut progress),
        );
        self.progress = progress;
        Poll::Ready((ready!(handed), progress))
    }
}

impl<IO, B, Op: Reading> Owned<IO, B, Op> {
    /// The number of bytes read into the buffer so far, by this call: `buf[..filled]` for
    /// `read_exact_owned`, the last `filled` bytes of the buffer for the reads that append.
    #[must_use]
    pub fn filled(&self) -> usize {
        self.progress
    }
}

impl<IO, B, Op: Writing> Owned<IO, B, Op> {
    /// The number of bytes written from the buffer so far, counted from the `progress` that
    /// `resume` was given.
    #[must_use]
    pub fn written(&self) -> usize {
        self.progress
    }
}

impl<IO, B, Op: Counting> Owned<IO, B, Op> {
    /// Abandons the operation and hands back the I/O object, the buffer with every byte moved
    /// so far, and the progress ([`filled`](Self::filled) or [`written`](Self::written)), in
    /// the order `resume` takes them: nothing is lost or moved twice. `None` once the future
    /// has completed.
    #[must_use = "the I/O object and the buffer are dropped with the result"]
    pub fn into_parts(self) -> Option<(IO, B, usize)> {
        let (io, buf) = self.parts.into_inner()?;
        Some((io, buf, self.progress))
    }
}

impl<IO, B, Op> FusedFuture for Owned<IO, B, Op>
where
    Self: std::future::Future,
{
    fn is_terminated(&self) -> bool {
        self.parts.is_terminated()
    }
}

// The state is plain data, moved in and out by value: nothing is ever pinned in place.
impl<IO, B, Op> Unpin for Owned<IO, B, Op> {}

impl<IO, B, Op: Operation> fmt::Debug for Owned<IO, B, Op> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let progress = Op::PROGRESS.map(|name| (name, &self.progress as &dyn fmt::Debug));
        let progress = match &progress {
            Some(field) => std::slice::from_ref(field),
            None => &[],
        };
        fmt_future(f, Op::FUTURE, progress, self.is_terminated())
    }
}

/// The I/O object and the buffer of a future, until it completes.
///
/// Plain data: nothing in it is pinned, so every future holding it is `Unpin`.
pub(crate) struct Parts<IO, B>(Option<(IO, B)>);

/// What a completed poll hands back: `Ok` with the operation's value, or the error, with the
/// I/O object and the buffer either way.
pub(crate) type Handed<IO, B, T, E = io::Error> = Result<(IO, B, T), (E, IO, B)>;

impl<IO, B> Parts<IO, B> {
    #[inline]
    pub(crate) fn new(io: IO, buf: B) -> Self {
        Self(Some((io, buf)))
    }

    #[inline]
    pub(crate) fn get_ref(&self) -> Option<&IO> {
        self.0.as_ref().map(|(io, _)| io)
    }

    #[inline]
    pub(crate) fn get_mut(&mut self) -> Option<&mut IO> {
        self.0.as_mut().map(|(io, _)| io)
    }

    #[inline]
    pub(crate) fn is_terminated(&self) -> bool {
        self.0.is_none()
    }

    #[inline]
    pub(crate) fn into_inner(self) -> Option<(IO, B)> {
        self.0
    }

    /// Runs one poll of an operation on the I/O object and the buffer, and hands both back
    /// when it is `Ready`, with its value or its error; `Pending` leaves both in the future.
    ///
    /// A panic inside the I/O object drops both and leaves the future terminated, whatever
    /// their size: `into_parts` returns `None`, and polling again panics.
    ///
    /// # Panics
    ///
    /// If called after it returned `Ready`; `future` names the future in the message.
    // Always inlined into each future's `poll`, as tokio's loops are written in theirs.
    #[inline(always)]
    pub(crate) fn poll<T, E>(
        &mut self,
        future: &'static str,
        op: impl FnOnce(&mut IO, &mut B) -> Poll<Result<T, E>>,
    ) -> Poll<Handed<IO, B, T, E>> {
        self.poll_moving::<MOVED_UP_TO, T, E>(future, op)
    }

    /// [`poll`](Self::poll), moving the parts into locals only when they take at most
    /// `UP_TO` bytes.
    #[inline(always)]
    pub(crate) fn poll_moving<const UP_TO: usize, T, E>(
        &mut self,
        future: &'static str,
        op: impl FnOnce(&mut IO, &mut B) -> Poll<Result<T, E>>,
    ) -> Poll<Handed<IO, B, T, E>> {
        if moved_out::<IO, B>(UP_TO) {
            // Small parts are moved into locals for the poll: left in the future, they would be
            // copied out whole when handed back, and a wide load of what the loop just stored
            // field by field (a slice reader's position, a `Vec`'s length) stalls until those
            // stores retire. A panic drops the locals.
            let Some((mut io, mut buf)) = self.0.take() else {
                polled_after_completion(future)
            };
            let Poll::Ready(result) = op(&mut io, &mut buf) else {
                self.0 = Some((io, buf));
                return Poll::Pending;
            };
            return Poll::Ready(hand_back(result, io, buf));
        }
        // Large parts stay in place: moving them out and back on every `Pending` costs more
        // than it saves (a 64-byte array moved per `Pending` made a reader that is pending
        // every other call 2.2 times slower). The guard drops them on a panic, as above.
        let guard = DropOnPanic(&mut self.0);
        let Some((io, buf)) = guard.0.as_mut() else {
            polled_after_completion(future)
        };
        let Poll::Ready(result) = op(io, buf) else {
            std::mem::forget(guard);
            return Poll::Pending;
        };
        let (io, buf) = guard.0.take().expect("the parts were there a moment ago");
        std::mem::forget(guard);
        Poll::Ready(hand_back(result, io, buf))
    }
}

/// How many bytes of parts a poll moves into locals unless the operation says otherwise: two
/// cache lines.
const MOVED_UP_TO: usize = 128;

/// Whether a poll moves the parts into locals: when they take at most `up_to` bytes (two
/// cache lines for most operations) and the buffer is a handle of at most four words (a `Vec`,
/// a `BytesMut`, a `&mut`), not an array that every `Pending` would copy out and back.
const fn moved_out<IO, B>(up_to: usize) -> bool {
    std::mem::size_of::<(IO, B)>() <= up_to && std::mem::size_of::<B>() <= 32
}

/// Drops the parts left in place if a panic unwinds through the poll, so that the future is
/// then terminated, as one whose parts were moved out is. Forgotten on every other exit.
struct DropOnPanic<'a, IO, B>(&'a mut Option<(IO, B)>);

impl<IO, B> Drop for DropOnPanic<'_, IO, B> {
    fn drop(&mut self) {
        *self.0 = None;
    }
}

#[inline(always)]
fn hand_back<IO, B, T, E>(result: Result<T, E>, io: IO, buf: B) -> Handed<IO, B, T, E> {
    match result {
        Ok(value) => Ok((io, buf, value)),
        Err(error) => Err((error, io, buf)),
    }
}

#[cold]
#[inline(never)]
fn polled_after_completion(future: &'static str) -> ! {
    panic!("`{future}` polled after completion");
}

/// An answer with [`Interrupted`](io::ErrorKind::Interrupted) taken out: `None` says to make
/// the call again.
#[inline(always)]
pub(crate) fn not_interrupted<T>(answer: io::Result<T>) -> Option<io::Result<T>> {
    match answer {
        Err(error) if error.kind() == io::ErrorKind::Interrupted => None,
        answer => Some(answer),
    }
}

/// The answer to a call offered `offered` bytes: `None` to retry `Interrupted`, and an
/// [`InvalidData`](io::ErrorKind::InvalidData) error for a count larger than the offer.
#[inline(always)]
pub(crate) fn counted(answer: io::Result<usize>, offered: usize) -> Option<io::Result<usize>> {
    match answer {
        Ok(n) if n > offered => Some(Err(overcount(n, offered))),
        answer => not_interrupted(answer),
    }
}

#[cold]
fn overcount(n: usize, offered: usize) -> io::Error {
    let what = format!("the I/O object reported {n} bytes when offered {offered}");
    failure(io::ErrorKind::InvalidData, what)
}

/// `Debug` of a future: its name, its progress and whether it completed, nothing of the I/O
/// object or the buffer (which need not be `Debug`).
pub(crate) fn fmt_future(
    f: &mut fmt::Formatter<'_>,
    future: &str,
    progress: &[(&str, &dyn fmt::Debug)],
    terminated: bool,
) -> fmt::Result {
    let mut out = f.debug_struct(future);
    for (name, value) in progress {
        out.field(name, value);
    }
    out.field("terminated", &terminated).finish_non_exhaustive()
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
// Always inlined, the error made out of line: it is checked on every poll, and an out-of-line
// call taking the progress by reference made an 8-byte `read_exact` 3.5 times slower.
#[inline(always)]
pub(crate) fn past_end(progress: &mut usize, len: usize) -> io::Error {
    let error = past_end_error(*progress, len);
    *progress = len;
    error
}

#[cold]
fn past_end_error(progress: usize, len: usize) -> io::Error {
    let what = format!("resumed at progress {progress}, past the end of the {len}-byte buffer");
    failure(io::ErrorKind::InvalidInput, what)
}

/// A zero-byte answer where bytes were still due.
#[cold]
pub(crate) fn stalled(kind: io::ErrorKind, done: usize, remaining: usize) -> io::Error {
    let total = done.saturating_add(remaining);
    let what = match kind {
        io::ErrorKind::UnexpectedEof => format!("end of stream after {done} of {total} bytes"),
        _ => format!("the writer accepted 0 bytes after {done} of {total} bytes"),
    };
    failure(kind, what)
}
