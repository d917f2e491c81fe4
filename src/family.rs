//! The I/O trait families: all that the tokio and futures-io futures do differently.
//!
//! Each family is a zero-sized marker that knows how to make one read or write call on that
//! family's I/O objects. Every future is generic over the marker, so the tokio and futures-io
//! futures run the very same code but for these calls.
//!
//! The traits are `pub` so that public bounds may name them (`F: PollRead<R>`), in a module
//! the crate does not export: no one outside can name them, so no one can implement them
//! (sealed). That needs no newer compiler than the crate's `rust-version`. The markers are
//! public, in `owned_io::generic`, so that the aliases' declarations read.

use std::io;
#[cfg(feature = "bytes")]
use std::io::IoSlice;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use crate::error::Cause;

/// One read call of a family's readers.
pub trait PollRead<R> {
    /// Reads into `buf` once; `Ok(n)` is the number of bytes the reader says it put there.
    fn poll_read(
        reader: &mut R,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<Result<usize, Cause>>;
}

/// One write call of a family's writers.
pub trait PollWrite<W> {
    fn poll_write(writer: &mut W, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>>;

    /// Flushes what the writer buffers.
    fn poll_flush(writer: &mut W, cx: &mut Context<'_>) -> Poll<io::Result<()>>;

    /// Shuts the writer down (futures-io calls it closing).
    fn poll_shutdown(writer: &mut W, cx: &mut Context<'_>) -> Poll<io::Result<()>>;

    /// Only `bytes::Buf` writes gather slices.
    #[cfg(feature = "bytes")]
    fn poll_write_vectored(
        writer: &mut W,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>>;

    /// Whether gathering many slices into one call pays off for this writer.
    #[cfg(feature = "bytes")]
    fn is_write_vectored(writer: &W) -> bool;
}

/// The buffered reads of a family's `AsyncBufRead`.
pub trait PollBufRead<R> {
    /// The reader's buffered bytes, filling its buffer first if it is empty; empty at end of
    /// stream.
    fn poll_fill_buf<'a>(reader: &'a mut R, cx: &mut Context<'_>) -> Poll<io::Result<&'a [u8]>>;

    /// Marks `n` of the buffered bytes as read.
    fn consume(reader: &mut R, n: usize);
}

/// Reads into spare capacity, which each family does its own way: tokio without zeroing it,
/// futures-io (whose `poll_read` takes initialised bytes) by zeroing what it offers.
#[cfg(feature = "bytes")]
pub trait PollReadSpare<R>: PollRead<R> {
    /// Reads once into `buf`'s [`chunk_mut`](bytes::BufMut::chunk_mut) and advances `buf` past
    /// the bytes read. `Ready` carries the number of bytes offered and the reader's answer.
    fn poll_read_buf<B: bytes::BufMut>(
        reader: &mut R,
        cx: &mut Context<'_>,
        buf: &mut B,
    ) -> Poll<(usize, Result<usize, Cause>)>;

    /// Whether this family's borrowed `read_to_end` reads a vector that is full at its
    /// starting capacity into a small probe on the stack before growing it (tokio's does).
    const PROBES: bool;

    /// Reads once into the spare capacity of `vec` past `end` (the end of the bytes that
    /// count; `vec` has room), offering at most `max` bytes. The bytes read end up in
    /// `vec[end..end + n]`; anything past that is cut off by the caller.
    fn poll_read_vec(
        reader: &mut R,
        cx: &mut Context<'_>,
        vec: &mut Vec<u8>,
        end: usize,
        max: usize,
    ) -> Poll<(usize, Result<usize, Cause>)>;
}

/// How a copy spends its task's budget: one unit a round (a read and the writes of what it
/// read), so that copies between I/O objects that are always ready let the executor run
/// other tasks.
pub trait Cooperate {
    /// One unit of budget, spent when [`made_progress`](Self::made_progress) is called on it,
    /// given back when dropped without.
    type Unit;

    /// Takes a unit for the next round, or wakes the task and returns `Pending` when none is
    /// left. `rounds` counts the rounds of this poll, for a family without a runtime budget.
    fn poll_proceed(cx: &mut Context<'_>, rounds: &mut u32) -> Poll<Self::Unit>;

    /// The round did I/O: the unit is spent.
    fn made_progress(unit: &Self::Unit);
}

/// The I/O family of `tokio::io::AsyncRead` / `AsyncWrite` / `AsyncBufRead`: the marker of the
/// futures named at the crate root. Sealed: it only names the family.
#[derive(Clone, Copy, Debug)]
pub struct Tokio;

/// tokio's own budget, as tokio's `copy` spends it ([`poll_proceed`]); outside a runtime, or
/// inside [`unconstrained`](tokio::task::coop::unconstrained), it never runs out.
///
/// [`poll_proceed`]: tokio::task::coop::poll_proceed
impl Cooperate for Tokio {
    type Unit = tokio::task::coop::RestoreOnPending;

    #[inline]
    fn poll_proceed(cx: &mut Context<'_>, _: &mut u32) -> Poll<Self::Unit> {
        tokio::task::coop::poll_proceed(cx)
    }

    #[inline]
    fn made_progress(unit: &Self::Unit) {
        unit.made_progress();
    }
}

impl<R: tokio::io::AsyncRead + Unpin> PollRead<R> for Tokio {
    #[inline]
    fn poll_read(
        reader: &mut R,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<Result<usize, Cause>> {
        let mut read_buf = tokio::io::ReadBuf::new(buf);
        let mut reader = SameReadBuf::new(reader);
        let answer = ready!(tokio::io::AsyncRead::poll_read(
            Pin::new(&mut reader),
            cx,
            &mut read_buf
        ));
        Poll::Ready(reader.answer(answer.map(|()| read_buf.filled().len())))
    }
}

/// tokio-util's `poll_read_buf` reads into a `BufMut`'s uninitialised spare capacity without
/// `unsafe` here; its reader is wrapped in [`SameReadBuf`], so a reader that swaps in a `ReadBuf`
/// of its own gets an `InvalidData` error where `poll_read_buf` would assert.
#[cfg(feature = "bytes")]
impl<R: tokio::io::AsyncRead + Unpin> PollReadSpare<R> for Tokio {
    #[inline]
    fn poll_read_buf<B: bytes::BufMut>(
        reader: &mut R,
        cx: &mut Context<'_>,
        buf: &mut B,
    ) -> Poll<(usize, Result<usize, Cause>)> {
        let mut reader = SameReadBuf::new(reader);
        let answer = ready!(tokio_util::io::poll_read_buf(
            Pin::new(&mut reader),
            cx,
            buf
        ));
        // A `ReadBuf` cannot be filled past its end, and `SameReadBuf` refuses another one: the
        // count never exceeds what was offered, so it stands for the offer.
        let counted = *answer.as_ref().unwrap_or(&0);
        Poll::Ready((counted, reader.answer(answer)))
    }

    const PROBES: bool = true;

    #[inline]
    fn poll_read_vec(
        reader: &mut R,
        cx: &mut Context<'_>,
        vec: &mut Vec<u8>,
        _end: usize,
        max: usize,
    ) -> Poll<(usize, Result<usize, Cause>)> {
        use bytes::BufMut;

        let offered = (vec.capacity() - vec.len()).min(max);
        let mut reader = SameReadBuf::new(reader);
        let mut limited = (&mut *vec).limit(offered);
        let answer = ready!(tokio_util::io::poll_read_buf(
            Pin::new(&mut reader),
            cx,
            &mut limited
        ));
        Poll::Ready((offered, reader.answer(answer)))
    }
}

/// A tokio reader that must fill the `ReadBuf` it is given: one that swaps in a `ReadBuf` of its
/// own (whose bytes never reach the caller's buffer) gets an `InvalidData` error, returned
/// before tokio-util's `poll_read_buf` would assert. Every tokio read goes through it.
struct SameReadBuf<'a, R> {
    reader: &'a mut R,
    /// The reader filled another `ReadBuf`: only this call can have set it.
    swapped: bool,
}

impl<'a, R> SameReadBuf<'a, R> {
    #[inline]
    fn new(reader: &'a mut R) -> Self {
        let swapped = false;
        Self { reader, swapped }
    }

    /// The reader's answer, or the crate's own error if it swapped its `ReadBuf`.
    #[inline]
    fn answer(&self, answer: io::Result<usize>) -> Result<usize, Cause> {
        match answer {
            Err(_) if self.swapped => Err(other_read_buf()),
            answer => answer.map_err(Cause::Io),
        }
    }
}

impl<R: tokio::io::AsyncRead + Unpin> tokio::io::AsyncRead for SameReadBuf<'_, R> {
    #[inline]
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let start = buf.filled().as_ptr();
        ready!(Pin::new(&mut *self.reader).poll_read(cx, buf))?;
        if buf.filled().as_ptr() == start {
            return Poll::Ready(Ok(()));
        }
        // An error, so that tokio-util's `poll_read_buf` returns before its assertion; the
        // flag makes it this call's own.
        self.swapped = true;
        Poll::Ready(Err(io::ErrorKind::InvalidData.into()))
    }
}

#[cold]
fn other_read_buf() -> Cause {
    let what = "the reader filled a ReadBuf other than the one it was given".to_string();
    Cause::made(io::ErrorKind::InvalidData, what)
}

impl<R: tokio::io::AsyncBufRead + Unpin> PollBufRead<R> for Tokio {
    #[inline]
    fn poll_fill_buf<'a>(reader: &'a mut R, cx: &mut Context<'_>) -> Poll<io::Result<&'a [u8]>> {
        Pin::new(reader).poll_fill_buf(cx)
    }

    #[inline]
    fn consume(reader: &mut R, n: usize) {
        Pin::new(reader).consume(n);
    }
}

impl<W: tokio::io::AsyncWrite + Unpin> PollWrite<W> for Tokio {
    #[inline]
    fn poll_write(writer: &mut W, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(writer).poll_write(cx, buf)
    }

    #[inline]
    fn poll_flush(writer: &mut W, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(writer).poll_flush(cx)
    }

    #[inline]
    fn poll_shutdown(writer: &mut W, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(writer).poll_shutdown(cx)
    }

    #[cfg(feature = "bytes")]
    #[inline]
    fn poll_write_vectored(
        writer: &mut W,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(writer).poll_write_vectored(cx, bufs)
    }

    #[cfg(feature = "bytes")]
    #[inline]
    fn is_write_vectored(writer: &W) -> bool {
        writer.is_write_vectored()
    }
}

/// The I/O family of `futures_io::AsyncRead` / `AsyncWrite` / `AsyncBufRead`: the marker of
/// the futures named in `futures_family`. Sealed: it only names the family.
#[cfg(feature = "futures-io")]
#[derive(Clone, Copy, Debug)]
pub struct FuturesIo;

/// The most rounds a copy of the futures family makes in one poll before it wakes its task
/// and returns `Pending`: futures-io has no runtime budget, so each copy bounds its own polls,
/// as tokio's budget bounds a task's.
#[cfg(feature = "futures-io")]
pub(crate) const ROUNDS: u32 = 128;

#[cfg(feature = "futures-io")]
impl Cooperate for FuturesIo {
    type Unit = ();

    #[inline]
    fn poll_proceed(cx: &mut Context<'_>, rounds: &mut u32) -> Poll<()> {
        if *rounds == ROUNDS {
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        *rounds += 1;
        Poll::Ready(())
    }

    #[inline]
    fn made_progress(_: &()) {}
}

#[cfg(feature = "futures-io")]
impl<R: futures_io::AsyncRead + Unpin> PollRead<R> for FuturesIo {
    #[inline]
    fn poll_read(
        reader: &mut R,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<Result<usize, Cause>> {
        Pin::new(reader).poll_read(cx, buf).map_err(Cause::Io)
    }
}

#[cfg(feature = "futures-io")]
impl<R: futures_io::AsyncBufRead + Unpin> PollBufRead<R> for FuturesIo {
    #[inline]
    fn poll_fill_buf<'a>(reader: &'a mut R, cx: &mut Context<'_>) -> Poll<io::Result<&'a [u8]>> {
        Pin::new(reader).poll_fill_buf(cx)
    }

    #[inline]
    fn consume(reader: &mut R, n: usize) {
        Pin::new(reader).consume(n);
    }
}

/// The most one read of the futures family offers a `BufMut`: the size of the zeroed stack
/// scratch it reads into before copying into the buffer.
#[cfg(all(feature = "futures-io", feature = "bytes"))]
pub(crate) const SCRATCH: usize = 8 << 10;

/// futures-io's `poll_read` takes initialised bytes, and safe code cannot hand it a `BufMut`'s
/// uninitialised spare capacity: a read into a `BufMut` goes through a zeroed stack scratch of at
/// most [`SCRATCH`] bytes and is copied into the buffer; a read into a `Vec` zeroes the spare
/// capacity it offers, as futures-util's `read_to_end` does.
#[cfg(all(feature = "futures-io", feature = "bytes"))]
impl<R: futures_io::AsyncRead + Unpin> PollReadSpare<R> for FuturesIo {
    #[inline]
    fn poll_read_buf<B: bytes::BufMut>(
        reader: &mut R,
        cx: &mut Context<'_>,
        buf: &mut B,
    ) -> Poll<(usize, Result<usize, Cause>)> {
        let mut scratch = [0u8; SCRATCH];
        let scratch = &mut scratch[..buf.chunk_mut().len().min(SCRATCH)];
        let answer = ready!(Self::poll_read(reader, cx, scratch));
        if let Ok(n) = answer {
            if n <= scratch.len() {
                buf.put_slice(&scratch[..n]);
            }
        }
        Poll::Ready((scratch.len(), answer))
    }

    const PROBES: bool = false;

    #[inline]
    fn poll_read_vec(
        reader: &mut R,
        cx: &mut Context<'_>,
        vec: &mut Vec<u8>,
        end: usize,
        max: usize,
    ) -> Poll<(usize, Result<usize, Cause>)> {
        // Zeroed once per growth, as futures-util's `read_to_end`: what a read did not fill
        // stays zeroed past `end` for the next.
        if vec.len() == end {
            let room = (vec.capacity() - end).min(max);
            vec.resize(end + room, 0);
        }
        let zeroed = &mut vec[end..];
        let room = zeroed.len().min(max);
        let offered = &mut zeroed[..room];
        let answer = ready!(Self::poll_read(reader, cx, offered));
        Poll::Ready((room, answer))
    }
}

#[cfg(feature = "futures-io")]
impl<W: futures_io::AsyncWrite + Unpin> PollWrite<W> for FuturesIo {
    #[inline]
    fn poll_write(writer: &mut W, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(writer).poll_write(cx, buf)
    }

    #[inline]
    fn poll_flush(writer: &mut W, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(writer).poll_flush(cx)
    }

    #[inline]
    fn poll_shutdown(writer: &mut W, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(writer).poll_close(cx)
    }

    #[cfg(feature = "bytes")]
    #[inline]
    fn poll_write_vectored(
        writer: &mut W,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(writer).poll_write_vectored(cx, bufs)
    }

    /// futures-io has no way to ask. Its default `poll_write_vectored` writes the first
    /// non-empty slice, just what `poll_write` of the first chunk would, so always gathering is
    /// right for every writer and a gain for those that override it.
    #[cfg(feature = "bytes")]
    #[inline]
    fn is_write_vectored(_: &W) -> bool {
        true
    }
}
