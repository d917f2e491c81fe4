//! The same owned futures for the `futures::io` family: async-std, smol, and futures' own
//! in-memory types.
//!
//! `use owned_io::futures_family::*;` brings [`AsyncReadExactExt`], [`AsyncWriteAllExt`],
//! [`AsyncBufReadOwnedExt`] and [`AsyncWriteOwnedExt`] (and, with the `bytes` feature,
//! `AsyncReadOwnedExt`), blanket-implemented for every [`futures_io::AsyncRead`] /
//! [`futures_io::AsyncBufRead`] / [`futures_io::AsyncWrite`], and the functions [`copy_owned`]
//! and [`copy_bidirectional_owned`], with the same names, the same semantics and the same error
//! types as the tokio ones at the crate root. They share one state machine with the tokio
//! futures; only the calls to the I/O objects differ (`shutdown_owned` is futures-io's
//! `poll_close`). Each method is documented once, at the crate root.
//!
//! This module is not re-exported at the crate root, so a type that implements both families
//! (such as `&[u8]`) is never ambiguous: bring into scope the traits of the family you use.
//!
//! Differences from futures-util's borrowed built-ins:
//! [`Interrupted`](std::io::ErrorKind::Interrupted) is retried rather than returned, and an I/O
//! object that reports more bytes than it was offered gets an
//! [`InvalidData`](std::io::ErrorKind::InvalidData) error rather than a panic. Reading into
//! spare capacity costs more here: see [the crate docs](crate#reading-into-spare-capacity).
//!
//! ```
//! use owned_io::futures_family::*;
//!
//! # futures::executor::block_on(async {
//! let (out, _) = Vec::new().write_all_owned(*b"\x00\x00\x00\x02hi").await?;
//! let (reader, header) = out.as_slice().read_exact_owned([0u8; 4]).await?;
//! let (_reader, body) = reader.read_exact_owned(vec![0u8; 2]).await?;
//! assert_eq!((u32::from_be_bytes(header), &body[..]), (2, &b"hi"[..]));
//! # Ok::<(), std::io::Error>(())
//! # }).unwrap();
//! ```

use std::borrow::BorrowMut;

use futures_io::{AsyncBufRead, AsyncRead, AsyncWrite};

use crate::copy::bidirectional::CopyBidirectional;
use crate::copy::Copy;
use crate::owned::{Filled, Owned, Written};
use crate::read::exact::ReadExact;
use crate::read::line::ReadLine;
use crate::read::until::ReadUntil;
#[cfg(feature = "bytes")]
use crate::write::all_buf::WriteAllBuf;
use crate::write::{all::WriteAll, flush::Flush, shutdown::Shutdown};
#[cfg(feature = "bytes")]
use crate::{read::buf_exact::ReadBufExact, read::to_end::ReadToEnd, read::Read};

pub use crate::copy::bidirectional::{BidirectionalSide, CopyBidirectionalError};
pub use crate::copy::{CopyError, CopyProgress, CopySide};
pub use crate::error::{ReadError, ReadExactError, WriteAllError, WriterError};
pub use crate::family::FuturesIo;

/// Reads that own their reader and buffer, for every [`futures_io::AsyncRead`].
pub trait AsyncReadExactExt: AsyncRead {
    /// As the tokio family's [`read_exact_owned`](crate::AsyncReadExactExt::read_exact_owned).
    ///
    /// ```
    /// use owned_io::futures_family::AsyncReadExactExt;
    ///
    /// # futures::executor::block_on(async {
    /// let reader = futures::io::Cursor::new(b"hello".to_vec());
    /// let (reader, buf) = reader.read_exact_owned([0u8; 4]).await?;
    /// assert_eq!(&buf, b"hell");
    /// let err = reader.read_exact_owned([0u8; 4]).await.unwrap_err();
    /// assert_eq!(err.filled(), 1); // end of stream after one byte
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    fn read_exact_owned<B: AsMut<[u8]>>(self, buf: B) -> ReadExactOwned<Self, B>
    where
        Self: Sized + Unpin,
    {
        ReadExactOwned::resume(self, buf, 0)
    }
}

impl<R: AsyncRead + ?Sized> AsyncReadExactExt for R {}

/// Writes that own their writer and buffer, for every [`futures_io::AsyncWrite`].
pub trait AsyncWriteAllExt: AsyncWrite {
    /// As the tokio family's [`write_all_owned`](crate::AsyncWriteAllExt::write_all_owned).
    ///
    /// ```
    /// use owned_io::futures_family::AsyncWriteAllExt;
    ///
    /// # futures::executor::block_on(async {
    /// let (out, _) = Vec::new().write_all_owned("hello").await?;
    /// assert_eq!(out, b"hello");
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    fn write_all_owned<B: AsRef<[u8]>>(self, buf: B) -> WriteAllOwned<Self, B>
    where
        Self: Sized + Unpin,
    {
        WriteAllOwned::resume(self, buf, 0)
    }

    /// As the tokio family's
    /// [`write_all_buf_owned`](crate::AsyncWriteAllExt::write_all_buf_owned). futures-io
    /// cannot tell whether a writer is vectored, so each call is a `poll_write_vectored` of up
    /// to 64 chunks: a writer that does not override it writes the first, as a plain write.
    ///
    /// ```
    /// use bytes::{Buf, Bytes};
    /// use owned_io::futures_family::AsyncWriteAllExt;
    ///
    /// # futures::executor::block_on(async {
    /// let frame = Bytes::from_static(b"\x00\x02").chain(Bytes::from_static(b"hi"));
    /// let (out, _) = Vec::new().write_all_buf_owned(frame).await?;
    /// assert_eq!(out, b"\x00\x02hi");
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    #[cfg(feature = "bytes")]
    fn write_all_buf_owned<B: bytes::Buf>(self, buf: B) -> WriteAllBufOwned<Self, B>
    where
        Self: Sized + Unpin,
    {
        WriteAllBufOwned::resume(self, buf, 0)
    }
}

impl<W: AsyncWrite + ?Sized> AsyncWriteAllExt for W {}

/// Reads whose length the peer decides, owning their reader and buffer, for every
/// [`futures_io::AsyncRead`].
///
/// futures-io's `poll_read` takes initialised bytes, so these reads zero what they offer: see
/// [the crate docs](crate#reading-into-spare-capacity) for what that costs.
#[cfg(feature = "bytes")]
pub trait AsyncReadOwnedExt: AsyncRead {
    /// As the tokio family's [`read_owned`](crate::AsyncReadOwnedExt::read_owned).
    ///
    /// ```
    /// use bytes::BytesMut;
    /// use owned_io::futures_family::AsyncReadOwnedExt;
    ///
    /// # futures::executor::block_on(async {
    /// let reader = futures::io::Cursor::new(b"hello".to_vec());
    /// let (_reader, buf, n) = reader.read_owned(BytesMut::with_capacity(16)).await?;
    /// assert_eq!((&buf[..], n), (&b"hello"[..], 5));
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    fn read_owned<B: bytes::BufMut>(self, buf: B) -> ReadOwned<Self, B>
    where
        Self: Sized + Unpin,
    {
        ReadOwned::resume(self, buf, 0)
    }

    /// As the tokio family's
    /// [`read_buf_exact_owned`](crate::AsyncReadOwnedExt::read_buf_exact_owned), each read as
    /// [`read_owned`](Self::read_owned)'s.
    ///
    /// ```
    /// use owned_io::futures_family::AsyncReadOwnedExt;
    ///
    /// # futures::executor::block_on(async {
    /// let reader = futures::io::Cursor::new(b"hello, world".to_vec());
    /// let (_reader, body) = reader.read_buf_exact_owned(Vec::with_capacity(5), 5).await?;
    /// assert_eq!(body, b"hello");
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    fn read_buf_exact_owned<B: bytes::BufMut>(self, buf: B, n: usize) -> ReadBufExactOwned<Self, B>
    where
        Self: Sized + Unpin,
    {
        ReadBufExactOwned::resume(self, buf, 0, n)
    }

    /// As the tokio family's [`read_to_end_owned`](crate::AsyncReadOwnedExt::read_to_end_owned),
    /// with futures-util's `read_to_end` calls.
    ///
    /// ```
    /// use owned_io::futures_family::AsyncReadOwnedExt;
    ///
    /// # futures::executor::block_on(async {
    /// let reader = futures::io::Cursor::new(b"to the end".to_vec());
    /// let (_reader, buf, n) = reader.read_to_end_owned(Vec::new(), 64).await?;
    /// assert_eq!((&buf[..], n), (&b"to the end"[..], 10));
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    fn read_to_end_owned<B: BorrowMut<Vec<u8>>>(
        self,
        buf: B,
        limit: usize,
    ) -> ReadToEndOwned<Self, B>
    where
        Self: Sized + Unpin,
    {
        ReadToEndOwned::resume(self, buf, 0, limit)
    }
}

#[cfg(feature = "bytes")]
impl<R: AsyncRead + ?Sized> AsyncReadOwnedExt for R {}

/// Delimited reads that own their reader and buffer, for every [`futures_io::AsyncBufRead`].
pub trait AsyncBufReadOwnedExt: AsyncBufRead {
    /// As the tokio family's [`read_until_owned`](crate::AsyncBufReadOwnedExt::read_until_owned),
    /// with futures-util's `read_until` calls.
    ///
    /// ```
    /// use futures::io::{BufReader, Cursor};
    /// use owned_io::futures_family::AsyncBufReadOwnedExt;
    ///
    /// # futures::executor::block_on(async {
    /// let reader = BufReader::new(Cursor::new(b"one;two".to_vec()));
    /// let (reader, field, _) = reader.read_until_owned(b';', Vec::new(), 16).await?;
    /// let (_reader, last, _) = reader.read_until_owned(b';', Vec::new(), 16).await?;
    /// assert_eq!((&field[..], &last[..]), (&b"one;"[..], &b"two"[..]));
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    fn read_until_owned<B: BorrowMut<Vec<u8>>>(
        self,
        delim: u8,
        buf: B,
        limit: usize,
    ) -> ReadUntilOwned<Self, B>
    where
        Self: Sized + Unpin,
    {
        ReadUntilOwned::resume(self, buf, 0, delim, limit)
    }

    /// As the tokio family's [`read_line_owned`](crate::AsyncBufReadOwnedExt::read_line_owned).
    ///
    /// ```
    /// use owned_io::futures_family::AsyncBufReadOwnedExt;
    ///
    /// # futures::executor::block_on(async {
    /// let reader = futures::io::Cursor::new(b"hello\nworld\n".to_vec());
    /// let (_reader, line, n) = reader.read_line_owned(String::new(), 64).await?;
    /// assert_eq!((line.as_str(), n), ("hello\n", 6));
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    fn read_line_owned(self, buf: String, limit: usize) -> ReadLineOwned<Self>
    where
        Self: Sized + Unpin,
    {
        ReadLineOwned::resume(self, buf.into_bytes(), 0, limit)
    }
}

impl<R: AsyncBufRead + ?Sized> AsyncBufReadOwnedExt for R {}

/// Flushing and shutting down (closing) writers that own them, for every
/// [`futures_io::AsyncWrite`].
pub trait AsyncWriteOwnedExt: AsyncWrite {
    /// As the tokio family's [`flush_owned`](crate::AsyncWriteOwnedExt::flush_owned).
    ///
    /// ```
    /// use futures::io::BufWriter;
    /// use owned_io::futures_family::{AsyncWriteAllExt, AsyncWriteOwnedExt};
    ///
    /// # futures::executor::block_on(async {
    /// let (writer, _) = BufWriter::new(Vec::new()).write_all_owned(*b"hi").await?;
    /// let writer = writer.flush_owned().await?;
    /// assert_eq!(writer.get_ref(), b"hi");
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    fn flush_owned(self) -> FlushOwned<Self>
    where
        Self: Sized + Unpin,
    {
        FlushOwned::resume(self)
    }

    /// As the tokio family's [`shutdown_owned`](crate::AsyncWriteOwnedExt::shutdown_owned):
    /// futures-io's `poll_close`.
    ///
    /// ```
    /// use owned_io::futures_family::AsyncWriteOwnedExt;
    ///
    /// # futures::executor::block_on(async {
    /// let writer = Vec::<u8>::new().shutdown_owned().await?;
    /// assert!(writer.is_empty());
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    fn shutdown_owned(self) -> ShutdownOwned<Self>
    where
        Self: Sized + Unpin,
    {
        ShutdownOwned::resume(self)
    }
}

impl<W: AsyncWrite + ?Sized> AsyncWriteOwnedExt for W {}

/// As the tokio family's [`copy_owned`](crate::copy_owned) (futures-util's `copy` has a buffer
/// of its own).
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

/// As the tokio family's [`copy_bidirectional_owned`](crate::copy_bidirectional_owned): each
/// direction closes its writer at its reader's end.
///
/// ```
/// use futures::io::Cursor;
/// use owned_io::futures_family::copy_bidirectional_owned;
///
/// # futures::executor::block_on(async {
/// let (a, b) = (Cursor::new(b"ping".to_vec()), Cursor::new(Vec::new()));
/// let (_, b, _, _, up, down) = copy_bidirectional_owned(a, b, [0u8; 8], [0u8; 8]).await?;
/// assert_eq!((&b.get_ref()[..], up, down), (&b"ping"[..], 4, 0));
/// # Ok::<(), std::io::Error>(())
/// # }).unwrap();
/// ```
pub fn copy_bidirectional_owned<A, B, BufAB, BufBA>(
    a: A,
    b: B,
    buf_a_to_b: BufAB,
    buf_b_to_a: BufBA,
) -> CopyBidirectionalOwned<A, B, BufAB, BufBA>
where
    A: AsyncRead + AsyncWrite + Unpin,
    B: AsyncRead + AsyncWrite + Unpin,
    BufAB: AsMut<[u8]>,
    BufBA: AsMut<[u8]>,
{
    let fresh = CopyProgress::new();
    CopyBidirectionalOwned::resume(a, b, buf_a_to_b, buf_b_to_a, fresh, fresh)
}

/// Future for the [`read_exact_owned`](AsyncReadExactExt::read_exact_owned) method.
pub type ReadExactOwned<R, B> = Owned<R, B, ReadExact<FuturesIo>, Filled>;
/// Future for the [`write_all_owned`](AsyncWriteAllExt::write_all_owned) method.
pub type WriteAllOwned<W, B> = Owned<W, B, WriteAll<FuturesIo>, Written>;
/// Future for the [`write_all_buf_owned`](AsyncWriteAllExt::write_all_buf_owned) method.
#[cfg(feature = "bytes")]
pub type WriteAllBufOwned<W, B> = Owned<W, B, WriteAllBuf<FuturesIo>, Written>;
/// Future for the [`read_owned`](AsyncReadOwnedExt::read_owned) method.
#[cfg(feature = "bytes")]
pub type ReadOwned<R, B> = Owned<R, B, Read<FuturesIo>, Filled>;
/// Future for the [`read_buf_exact_owned`](AsyncReadOwnedExt::read_buf_exact_owned) method.
#[cfg(feature = "bytes")]
pub type ReadBufExactOwned<R, B> = Owned<R, B, ReadBufExact<FuturesIo>, Filled>;
/// Future for the [`read_to_end_owned`](AsyncReadOwnedExt::read_to_end_owned) method.
#[cfg(feature = "bytes")]
pub type ReadToEndOwned<R, B = Vec<u8>> = Owned<R, B, ReadToEnd<FuturesIo>, Filled>;
/// Future for the [`read_until_owned`](AsyncBufReadOwnedExt::read_until_owned) method.
pub type ReadUntilOwned<R, B = Vec<u8>> = Owned<R, B, ReadUntil<FuturesIo>, Filled>;
/// Future for the [`read_line_owned`](AsyncBufReadOwnedExt::read_line_owned) method.
pub type ReadLineOwned<R> = Owned<R, Vec<u8>, ReadLine<FuturesIo>, Filled>;
/// Future for the [`flush_owned`](AsyncWriteOwnedExt::flush_owned) method.
pub type FlushOwned<W> = Owned<W, (), Flush<FuturesIo>, ()>;
/// Future for the [`shutdown_owned`](AsyncWriteOwnedExt::shutdown_owned) method.
pub type ShutdownOwned<W> = Owned<W, (), Shutdown<FuturesIo>, ()>;
/// Future for the [`copy_owned`] function.
pub type CopyOwned<R, W, B> = Owned<(R, W), B, Copy<FuturesIo>, CopyProgress>;
/// Future for the [`copy_bidirectional_owned`] function.
pub type CopyBidirectionalOwned<A, B, BufAB, BufBA> =
    Owned<(A, B), (BufAB, BufBA), CopyBidirectional<FuturesIo>, (CopyProgress, CopyProgress)>;
