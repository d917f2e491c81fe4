//! The one progress loop that every owned future runs.
//!
//! A front-end (tokio, futures-io) and an operation (read, write, `Buf` write) differ only in how
//! they offer bytes to the I/O object once; they say so by implementing [`Transfer`]. Tracking
//! progress, retrying `Interrupted`, turning a zero-byte answer into `UnexpectedEof` or
//! `WriteZero`, refusing lying byte counts and handing the parts back happen here, once.

use std::io;
use std::task::{ready, Context, Poll};

/// Which way bytes move, which decides what a zero-byte answer means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    /// Zero bytes read means the stream ended early: `UnexpectedEof`.
    Read,
    /// Zero bytes written means the writer gave up: `WriteZero`.
    Write,
}

/// How one operation of one front-end offers bytes to its I/O object.
pub(crate) trait Transfer<IO, B> {
    /// Which way the bytes move.
    const DIRECTION: Direction;

    /// What one poll works through: the bytes still to move.
    type Rest<'a>
    where
        B: 'a;

    /// The bytes left once `done` have moved, or `None` when `done` lies past the end of the
    /// buffer (a `resume` with a bad progress). Taken once a poll, so a buffer's `AsRef` /
    /// `AsMut` is called once a poll, not once a call.
    fn rest(buf: &mut B, done: usize) -> Option<Self::Rest<'_>>;

    /// How many bytes `rest` holds.
    fn len(rest: &Self::Rest<'_>) -> usize;

    /// One read or write call offering some of `rest`. `Ready` carries how many bytes the
    /// call was offered and the I/O object's answer; `Pending` means the I/O object has
    /// arranged a wake-up.
    fn poll_once(
        io: &mut IO,
        rest: &mut Self::Rest<'_>,
        cx: &mut Context<'_>,
    ) -> Poll<(usize, io::Result<usize>)>;

    /// Moves past the `n` bytes the last call took, `n` at most the number offered.
    fn advance(rest: &mut Self::Rest<'_>, n: usize);
}

/// The state of every owned future: the I/O object and buffer until completion, and progress.
///
/// Plain data: no self-reference and nothing pinned, so moving it is always sound.
pub(crate) struct Owned<IO, B> {
    parts: Option<(IO, B)>,
    done: usize,
}

/// A failed operation with everything it owned.
pub(crate) struct Failure<IO, B> {
    pub(crate) error: io::Error,
    pub(crate) io: IO,
    pub(crate) buf: B,
    pub(crate) done: usize,
}

impl<IO, B> Owned<IO, B> {
    #[inline]
    pub(crate) fn new(io: IO, buf: B, done: usize) -> Self {
        Self {
            parts: Some((io, buf)),
            done,
        }
    }

    #[inline]
    pub(crate) fn done(&self) -> usize {
        self.done
    }

    pub(crate) fn is_spent(&self) -> bool {
        self.parts.is_none()
    }

    #[inline]
    pub(crate) fn into_parts(self) -> Option<(IO, B)> {
        self.parts
    }

    /// Drives the transfer until it completes, fails or the I/O object returns `Pending`.
    ///
    /// # Panics
    ///
    /// If called again after it returned `Ready`; `future` names the future in the message.
    #[inline]
    pub(crate) fn poll<T: Transfer<IO, B>>(
        &mut self,
        cx: &mut Context<'_>,
        future: &'static str,
    ) -> Poll<Result<(IO, B), Failure<IO, B>>> {
        let Some((io, buf)) = self.parts.as_mut() else {
            polled_after_completion(future);
        };
        let result = ready!(run::<T, IO, B>(io, buf, &mut self.done, cx));
        let (io, buf) = self
            .parts
            .take()
            .expect("the parts were there a moment ago");
        Poll::Ready(match result {
            Ok(()) => Ok((io, buf)),
            Err(error) => Err(Failure {
                error,
                io,
                buf,
                done: self.done,
            }),
        })
    }
}

#[cold]
#[inline(never)]
fn polled_after_completion(future: &'static str) -> ! {
    panic!("`{future}` polled after completion");
}

#[inline]
fn run<T: Transfer<IO, B>, IO, B>(
    io: &mut IO,
    buf: &mut B,
    done: &mut usize,
    cx: &mut Context<'_>,
) -> Poll<io::Result<()>> {
    let Some(mut rest) = T::rest(buf, *done) else {
        return Poll::Ready(Err(past_end(*done)));
    };
    loop {
        let left = T::len(&rest);
        if left == 0 {
            return Poll::Ready(Ok(()));
        }
        let (offered, answer) = ready!(T::poll_once(io, &mut rest, cx));
        match answer {
            Ok(0) => return Poll::Ready(Err(stalled(T::DIRECTION, *done, left))),
            Ok(n) if n > offered => return Poll::Ready(Err(overcount(T::DIRECTION, n, offered))),
            Ok(n) => {
                T::advance(&mut rest, n);
                // Saturating: `resume` of a `Buf` write may seed the count with anything.
                *done = done.saturating_add(n);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Poll::Ready(Err(e)),
        }
    }
}

#[cold]
fn stalled(direction: Direction, done: usize, remaining: usize) -> io::Error {
    let total = done.saturating_add(remaining);
    match direction {
        Direction::Read => io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!("end of stream after {done} of {total} bytes"),
        ),
        Direction::Write => io::Error::new(
            io::ErrorKind::WriteZero,
            format!("writer accepted 0 bytes after {done} of {total} bytes"),
        ),
    }
}

#[cold]
fn overcount(direction: Direction, n: usize, offered: usize) -> io::Error {
    let verb = match direction {
        Direction::Read => "read",
        Direction::Write => "written",
    };
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("I/O object reported {n} bytes {verb} when offered {offered}"),
    )
}

#[cold]
fn past_end(done: usize) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("resumed at progress {done}, past the end of the buffer"),
    )
}

/// Declares a public owned future around [`Owned`]: the struct, its constructor, `resume`, the
/// progress accessor, `into_parts`, `Unpin`, `Debug` and the `Future` impl that runs
/// `transfer` on [`Owned::poll`]. What differs from one future to the next is in the arguments.
macro_rules! owned_future {
    (
        $(#[$meta:meta])*
        pub struct $name:ident<$io:ident, $buf:ident>;
        progress: $progress:ident;
        io: $io_bound:path;
        buf: $buf_bound:path;
        transfer: $transfer:ty;
        error: $error:ident;
        $(#[$resume_meta:meta])*
        resume;
    ) => {
        $(#[$meta])*
        #[must_use = "futures do nothing unless you `.await` or poll them"]
        pub struct $name<$io, $buf> {
            inner: $crate::progress::Owned<$io, $buf>,
        }

        impl<$io, $buf> $name<$io, $buf> {
            #[inline]
            pub(crate) fn new(io: $io, buf: $buf) -> Self {
                Self::resume(io, buf, 0)
            }

            $(#[$resume_meta])*
            #[inline]
            pub fn resume(io: $io, buf: $buf, progress: usize) -> Self {
                Self {
                    inner: $crate::progress::Owned::new(io, buf, progress),
                }
            }

            /// The number of bytes moved so far.
            pub fn $progress(&self) -> usize {
                self.inner.done()
            }

            /// Abandons the operation and hands back the I/O object and the buffer, progress
            /// intact: read the progress first, then pass all three to `resume` to continue.
            ///
            /// Returns `None` once the future has completed: its output already handed them back.
            pub fn into_parts(self) -> Option<($io, $buf)> {
                self.inner.into_parts()
            }
        }

        // Nothing is ever pinned in place: the state is plain data moved in and out by value.
        impl<$io, $buf> Unpin for $name<$io, $buf> {}

        impl<$io, $buf> std::fmt::Debug for $name<$io, $buf> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($name))
                    .field(stringify!($progress), &self.inner.done())
                    .field("completed", &self.inner.is_spent())
                    .finish_non_exhaustive()
            }
        }

        impl<$io: $io_bound + Unpin, $buf: $buf_bound> std::future::Future for $name<$io, $buf> {
            type Output = Result<($io, $buf), $error<$io, $buf>>;

            #[inline]
            fn poll(
                self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
            ) -> std::task::Poll<Self::Output> {
                self.get_mut()
                    .inner
                    .poll::<$transfer>(cx, stringify!($name))
                    .map_err($error::new)
            }
        }
    };
}
pub(crate) use owned_future;
