//! The I/O trait families: all that the tokio and futures-io futures do differently.
//!
//! Each family is a zero-sized marker that knows how to make one read or write call on that
//! family's I/O objects. Every future is generic over the marker, so the tokio and futures-io
//! futures run the very same code but for these calls.
//!
//! The markers and traits are `pub` so that public bounds may name them (`F: PollRead<R>`), in
//! a module the crate does not export: no one outside can name them, so no one can implement
//! them (sealed). That needs no newer compiler than the crate's `rust-version`.

use std::io;
#[cfg(feature = "bytes")]
use std::io::IoSlice;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

/// One read call of a family's readers.
pub trait PollRead<R> {
    /// Reads into `buf` once; `Ok(n)` is the number of bytes the reader says it put there.
    fn poll_read(reader: &mut R, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<io::Result<usize>>;
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
    ) -> Poll<(usize, io::Result<usize>)>;

    /// Reads once into `vec` past `end` (the end of the bytes that count), offering at most
    /// `max` bytes and growing `vec` as this family's borrowed `read_to_end` does (never past
    /// what `max` bytes need). `vec.len() == end` on entry; the bytes read end up in
    /// `vec[end..end + n]`, and anything past that is cut off by the caller.
    fn poll_read_vec(
        reader: &mut R,
        cx: &mut Context<'_>,
        vec: &mut Vec<u8>,
        end: usize,
        max: usize,
        start_capacity: usize,
    ) -> Poll<(usize, io::Result<usize>)>;
}

/// How much a read into a `Vec` wants room for, and tokio's probe size: both families' borrowed
/// `read_to_end` reserve 32 bytes when fewer are free, and tokio reads a vector that is full at
/// its starting capacity into 32 bytes on the stack first, so that one at its end of stream is
/// not grown for nothing.
#[cfg(feature = "bytes")]
const VEC_STEP: usize = 32;

/// Makes room in `vec` for the next read of at most `max` bytes: 32 bytes as the borrowed
/// `read_to_end`s do, within what `max` bytes can need.
#[cfg(feature = "bytes")]
fn reserve_for(vec: &mut Vec<u8>, max: usize) {
    crate::owned::reserve_within(vec, VEC_STEP.min(max), VEC_STEP, max);
}

/// `tokio::io::AsyncRead` / `AsyncWrite`.
#[derive(Clone, Copy, Debug)]
pub struct Tokio;

impl<R: tokio::io::AsyncRead + Unpin> PollRead<R> for Tokio {
    #[inline]
    fn poll_read(reader: &mut R, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<io::Result<usize>> {
        let mut read_buf = tokio::io::ReadBuf::new(buf);
        let mut reader = SameReadBuf(reader);
        ready!(tokio::io::AsyncRead::poll_read(
            Pin::new(&mut reader),
            cx,
            &mut read_buf
        ))?;
        Poll::Ready(Ok(read_buf.filled().len()))
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
    ) -> Poll<(usize, io::Result<usize>)> {
        let answer = ready!(tokio_util::io::poll_read_buf(
            Pin::new(&mut SameReadBuf(reader)),
            cx,
            buf
        ));
        // A `ReadBuf` cannot be filled past its end, and `SameReadBuf` refuses another one: the
        // count never exceeds what was offered, so it stands for the offer.
        let counted = *answer.as_ref().unwrap_or(&0);
        Poll::Ready((counted, answer))
    }

    #[inline]
    fn poll_read_vec(
        reader: &mut R,
        cx: &mut Context<'_>,
        vec: &mut Vec<u8>,
        _end: usize,
        max: usize,
        start_capacity: usize,
    ) -> Poll<(usize, io::Result<usize>)> {
        use bytes::BufMut;

        let spare = vec.capacity() - vec.len();
        if spare < VEC_STEP && vec.capacity() == start_capacity && start_capacity >= VEC_STEP {
            let mut probe = [0u8; VEC_STEP];
            let probe = &mut probe[..VEC_STEP.min(max)];
            let answer = ready!(Self::poll_read(reader, cx, probe));
            if let Ok(n) = answer {
                if n <= probe.len() {
                    if n > spare {
                        reserve_for(vec, max);
                    }
                    vec.extend_from_slice(&probe[..n]);
                }
            }
            return Poll::Ready((probe.len(), answer));
        }
        reserve_for(vec, max);
        let offered = (vec.capacity() - vec.len()).min(max);
        let answer = ready!(tokio_util::io::poll_read_buf(
            Pin::new(&mut SameReadBuf(reader)),
            cx,
            &mut (&mut *vec).limit(offered)
        ));
        Poll::Ready((offered, answer))
    }
}

/// A tokio reader that must fill the `ReadBuf` it is given: one that swaps in a `ReadBuf` of its
/// own (whose bytes never reach the caller's buffer) gets an `InvalidData` error, returned
/// before tokio-util's `poll_read_buf` would assert. Every tokio read goes through it.
struct SameReadBuf<'a, R>(&'a mut R);

impl<R: tokio::io::AsyncRead + Unpin> tokio::io::AsyncRead for SameReadBuf<'_, R> {
    #[inline]
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let start = buf.filled().as_ptr();
        ready!(Pin::new(&mut *self.0).poll_read(cx, buf))?;
        Poll::Ready(if buf.filled().as_ptr() == start {
            Ok(())
        } else {
            Err(other_read_buf())
        })
    }
}

#[cold]
fn other_read_buf() -> io::Error {
    let what = "the reader filled a ReadBuf other than the one it was given".to_string();
    crate::error::failure(io::ErrorKind::InvalidData, what)
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

/// `futures_io::AsyncRead` / `AsyncWrite`.
#[cfg(feature = "futures-io")]
#[derive(Clone, Copy, Debug)]
pub struct FuturesIo;

#[cfg(feature = "futures-io")]
impl<R: futures_io::AsyncRead + Unpin> PollRead<R> for FuturesIo {
    #[inline]
    fn poll_read(reader: &mut R, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<io::Result<usize>> {
        Pin::new(reader).poll_read(cx, buf)
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
    ) -> Poll<(usize, io::Result<usize>)> {
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

    #[inline]
    fn poll_read_vec(
        reader: &mut R,
        cx: &mut Context<'_>,
        vec: &mut Vec<u8>,
        end: usize,
        max: usize,
        _start_capacity: usize,
    ) -> Poll<(usize, io::Result<usize>)> {
        if vec.len() == end {
            reserve_for(vec, max);
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
