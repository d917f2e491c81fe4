//! The I/O trait families: all that the tokio and futures-io front-ends do differently.
//!
//! Each family is a zero-sized marker that knows how to make one read or write call on that
//! family's I/O objects. The operations are generic over the marker, so the tokio and
//! futures-io futures run the very same code but for these calls.

use std::io;
#[cfg(feature = "bytes")]
use std::io::IoSlice;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

/// One read call of a family's readers.
pub(crate) trait PollRead<R> {
    /// Reads into `buf` once; `Ok(n)` is the number of bytes the reader says it put there.
    fn poll_read(reader: &mut R, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<io::Result<usize>>;
}

/// One write call of a family's writers.
pub(crate) trait PollWrite<W> {
    fn poll_write(writer: &mut W, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>>;

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

/// `tokio::io::AsyncRead` / `AsyncWrite`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tokio;

impl<R: tokio::io::AsyncRead + Unpin> PollRead<R> for Tokio {
    #[inline]
    fn poll_read(reader: &mut R, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<io::Result<usize>> {
        let start = buf.as_ptr();
        let mut read_buf = tokio::io::ReadBuf::new(buf);
        ready!(Pin::new(reader).poll_read(cx, &mut read_buf))?;
        // A reader can swap in a `ReadBuf` of its own; bytes put there never reach `buf`.
        Poll::Ready(if read_buf.filled().as_ptr() == start {
            Ok(read_buf.filled().len())
        } else {
            Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "reader filled a ReadBuf other than the one it was given",
            ))
        })
    }
}

impl<W: tokio::io::AsyncWrite + Unpin> PollWrite<W> for Tokio {
    #[inline]
    fn poll_write(writer: &mut W, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(writer).poll_write(cx, buf)
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
pub(crate) struct FuturesIo;

#[cfg(feature = "futures-io")]
impl<R: futures_io::AsyncRead + Unpin> PollRead<R> for FuturesIo {
    #[inline]
    fn poll_read(reader: &mut R, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<io::Result<usize>> {
        Pin::new(reader).poll_read(cx, buf)
    }
}

#[cfg(feature = "futures-io")]
impl<W: futures_io::AsyncWrite + Unpin> PollWrite<W> for FuturesIo {
    #[inline]
    fn poll_write(writer: &mut W, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(writer).poll_write(cx, buf)
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
