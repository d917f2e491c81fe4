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
//! `poll_close`).
//!
//! This module is not re-exported at the crate root, so a type that implements both families
//! (such as `&[u8]`) is never ambiguous: bring into scope the traits of the family you use.
//!
//! Differences from futures-util's borrowed built-ins:
//! [`Interrupted`](std::io::ErrorKind::Interrupted) is retried rather than returned, and an I/O
//! object that reports more bytes than it was offered gets an
//! [`InvalidData`](std::io::ErrorKind::InvalidData) error rather than a panic. futures-io's
//! `poll_read` takes initialised bytes, so reading into spare capacity zeroes what it offers
//! (see `AsyncReadOwnedExt`).
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

use futures_io::{AsyncBufRead, AsyncRead, AsyncWrite};

pub use crate::{
    BidirectionalSide, CopyBidirectionalError, CopyError, CopyProgress, CopySide, ReadError,
    ReadExactError, WriteAllError, WriterError,
};

/// Reads that own their reader and buffer, for every [`futures_io::AsyncRead`].
pub trait AsyncReadExactExt: AsyncRead {
    /// Reads exactly enough bytes to fill `buf`, owning the reader and the buffer while it does,
    /// and hands both back.
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn read_exact_owned<B: AsMut<[u8]>>(self, buf: B)
    ///     -> Result<(Self, B), ReadExactError<Self, B>>;
    /// ```
    ///
    /// The same as [`crate::AsyncReadExactExt::read_exact_owned`], for the futures family: the
    /// same errors ([`UnexpectedEof`](std::io::ErrorKind::UnexpectedEof) with
    /// [`filled`](ReadExactError::filled) telling a clean close from a truncated read,
    /// `InvalidData` for a reader that claims more bytes than it was offered, `Interrupted`
    /// retried), the same [`into_parts`](ReadExactOwned::into_parts) and
    /// [`resume`](ReadExactOwned::resume) to abandon and continue, and the same panic if polled
    /// after completion. An empty buffer completes at once without touching the reader.
    ///
    /// # Examples
    ///
    /// ```
    /// use futures::io::Cursor;
    /// use owned_io::futures_family::AsyncReadExactExt;
    /// use std::io::ErrorKind;
    ///
    /// # futures::executor::block_on(async {
    /// let reader = Cursor::new(b"hello".to_vec());
    /// let (reader, buf) = reader.read_exact_owned([0u8; 4]).await.unwrap();
    /// assert_eq!(&buf, b"hell");
    ///
    /// let err = reader.read_exact_owned([0u8; 4]).await.unwrap_err();
    /// assert_eq!((err.kind(), err.filled()), (ErrorKind::UnexpectedEof, 1));
    /// let (_error, _reader, buf) = err.into_parts();
    /// assert_eq!(buf[0], b'o');
    /// # });
    /// ```
    fn read_exact_owned<B: AsMut<[u8]>>(self, buf: B) -> ReadExactOwned<Self, B>
    where
        Self: Sized + Unpin,
    {
        ReadExactOwned::new(self, buf)
    }
}

impl<R: AsyncRead + ?Sized> AsyncReadExactExt for R {}

/// Writes that own their writer and buffer, for every [`futures_io::AsyncWrite`].
pub trait AsyncWriteAllExt: AsyncWrite {
    /// Writes all of `buf`, owning the writer and the buffer while it does, and hands both back.
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn write_all_owned<B: AsRef<[u8]>>(self, buf: B)
    ///     -> Result<(Self, B), WriteAllError<Self, B>>;
    /// ```
    ///
    /// The same as [`crate::AsyncWriteAllExt::write_all_owned`], for the futures family:
    /// [`WriteZero`](std::io::ErrorKind::WriteZero) for a writer that accepts 0 bytes,
    /// `InvalidData` for one that claims more than it was offered, `Interrupted` retried,
    /// [`written`](WriteAllError::written) progress on error, and
    /// [`into_parts`](WriteAllOwned::into_parts) / [`resume`](WriteAllOwned::resume). It does
    /// not flush.
    ///
    /// # Examples
    ///
    /// ```
    /// use futures::io::Cursor;
    /// use owned_io::futures_family::AsyncWriteAllExt;
    /// use std::io::ErrorKind;
    ///
    /// # futures::executor::block_on(async {
    /// let (out, _) = Vec::new().write_all_owned("hello").await.unwrap();
    /// assert_eq!(out, b"hello");
    ///
    /// let mut space = [0u8; 3];
    /// let full = Cursor::new(&mut space[..]); // room for 3 bytes only
    /// let err = full.write_all_owned("hello").await.unwrap_err();
    /// assert_eq!((err.kind(), err.written()), (ErrorKind::WriteZero, 3));
    /// # });
    /// ```
    fn write_all_owned<B: AsRef<[u8]>>(self, buf: B) -> WriteAllOwned<Self, B>
    where
        Self: Sized + Unpin,
    {
        WriteAllOwned::new(self, buf)
    }

    /// Writes all of a [`bytes::Buf`], owning the writer and the buffer while it does, and hands
    /// both back with the buffer fully advanced.
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn write_all_buf_owned<B: bytes::Buf>(self, buf: B)
    ///     -> Result<(Self, B), WriteAllError<Self, B>>;
    /// ```
    ///
    /// The same as [`crate::AsyncWriteAllExt::write_all_buf_owned`], for the futures family.
    /// futures-io cannot tell whether a writer is vectored, so each call is a
    /// `poll_write_vectored` of up to 64 chunks: a writer that does not override it writes the
    /// first chunk, as a plain write would.
    ///
    /// # Examples
    ///
    /// ```
    /// use bytes::{Buf, Bytes};
    /// use owned_io::futures_family::AsyncWriteAllExt;
    ///
    /// # futures::executor::block_on(async {
    /// let frame = Bytes::from_static(b"\x00\x02").chain(Bytes::from_static(b"hi"));
    /// let (out, frame) = Vec::new().write_all_buf_owned(frame).await.unwrap();
    /// assert_eq!((&out[..], frame.remaining()), (&b"\x00\x02hi"[..], 0));
    /// # });
    /// ```
    #[cfg(feature = "bytes")]
    #[cfg_attr(docsrs, doc(cfg(feature = "bytes")))]
    fn write_all_buf_owned<B: bytes::Buf>(self, buf: B) -> WriteAllBufOwned<Self, B>
    where
        Self: Sized + Unpin,
    {
        WriteAllBufOwned::new(self, buf)
    }
}

impl<W: AsyncWrite + ?Sized> AsyncWriteAllExt for W {}

/// Reads whose length the peer decides, owning their reader and buffer, for every
/// [`futures_io::AsyncRead`].
///
/// futures-io's `poll_read` takes initialised bytes, and this crate has no `unsafe` code, so
/// reading into spare capacity costs what the tokio family avoids: [`read_owned`] zeroes a stack
/// scratch of 8 KiB and copies what arrives into the buffer (at most 8 KiB a call), and
/// [`read_to_end_owned`] zeroes the spare capacity it offers, as futures-util's `read_to_end`
/// does.
///
/// [`read_owned`]: AsyncReadOwnedExt::read_owned
/// [`read_to_end_owned`]: AsyncReadOwnedExt::read_to_end_owned
#[cfg(feature = "bytes")]
#[cfg_attr(docsrs, doc(cfg(feature = "bytes")))]
pub trait AsyncReadOwnedExt: AsyncRead {
    /// Reads once into the spare capacity of `buf`, and hands the reader and the buffer back
    /// with the number of bytes read (`0` at end of stream).
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn read_owned<B: bytes::BufMut>(self, buf: B)
    ///     -> Result<(Self, B, usize), ReadError<Self, B>>;
    /// ```
    ///
    /// The same as [`crate::AsyncReadOwnedExt::read_owned`], for the futures family: a buffer
    /// with no room is [`InvalidInput`](std::io::ErrorKind::InvalidInput), a reader that claims
    /// more bytes than it was offered [`InvalidData`](std::io::ErrorKind::InvalidData),
    /// `Interrupted` is retried. One call reads at most 8 KiB, through a zeroed stack scratch
    /// copied into the buffer.
    ///
    /// # Examples
    ///
    /// ```
    /// use bytes::BytesMut;
    /// use owned_io::futures_family::AsyncReadOwnedExt;
    ///
    /// # futures::executor::block_on(async {
    /// let reader = futures::io::Cursor::new(b"hello".to_vec());
    /// let (reader, buf, n) = reader.read_owned(BytesMut::with_capacity(16)).await?;
    /// assert_eq!((&buf[..], n), (&b"hello"[..], 5));
    /// let (_reader, _buf, n) = reader.read_owned(buf).await?;
    /// assert_eq!(n, 0); // end of stream
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    fn read_owned<B: bytes::BufMut>(self, buf: B) -> ReadOwned<Self, B>
    where
        Self: Sized + Unpin,
    {
        ReadOwned::new(self, buf)
    }

    /// Reads until end of stream, appending to `buf`, and hands the reader and the buffer back
    /// with the number of bytes appended; more than `limit` bytes is an error.
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn read_to_end_owned(self, buf: Vec<u8>, limit: usize)
    ///     -> Result<(Self, Vec<u8>, usize), ReadError<Self, Vec<u8>>>;
    /// ```
    ///
    /// The same as [`crate::AsyncReadOwnedExt::read_to_end_owned`], for the futures family,
    /// with the same `poll_read` calls as futures-util's borrowed `read_to_end` (which has no
    /// limit): a stream longer than `limit` is [`InvalidData`](std::io::ErrorKind::InvalidData)
    /// with every byte read in the buffer, at most `limit + 1` bytes are appended, and
    /// `Interrupted` is retried where futures-util returns it.
    ///
    /// # Examples
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
    fn read_to_end_owned(self, buf: Vec<u8>, limit: usize) -> ReadToEndOwned<Self>
    where
        Self: Sized + Unpin,
    {
        ReadToEndOwned::new(self, buf, limit)
    }
}

#[cfg(feature = "bytes")]
impl<R: AsyncRead + ?Sized> AsyncReadOwnedExt for R {}

#[cfg(feature = "bytes")]
#[cfg_attr(docsrs, doc(cfg(feature = "bytes")))]
pub use crate::read::futures_family::ReadOwned;
pub use crate::read_exact::futures_family::ReadExactOwned;
#[cfg(feature = "bytes")]
#[cfg_attr(docsrs, doc(cfg(feature = "bytes")))]
pub use crate::read_to_end::futures_family::ReadToEndOwned;
pub use crate::write_all::futures_family::WriteAllOwned;
#[cfg(feature = "bytes")]
#[cfg_attr(docsrs, doc(cfg(feature = "bytes")))]
pub use crate::write_all_buf::futures_family::WriteAllBufOwned;

/// Delimited reads that own their reader and buffer, for every [`futures_io::AsyncBufRead`]
/// (futures' `BufReader` around a socket, say).
pub trait AsyncBufReadOwnedExt: AsyncBufRead {
    /// Reads until `delim`, appending to `buf` through the delimiter inclusive, and hands the
    /// reader and the buffer back with the number of bytes appended; a line longer than
    /// `limit` bytes is an error.
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn read_until_owned(self, delim: u8, buf: Vec<u8>, limit: usize)
    ///     -> Result<(Self, Vec<u8>, usize), ReadError<Self, Vec<u8>>>;
    /// ```
    ///
    /// The same as [`crate::AsyncBufReadOwnedExt::read_until_owned`], for the futures family,
    /// with the same `poll_fill_buf` and `consume` calls as futures-util's borrowed
    /// `read_until` (which has no limit): `0` at end of stream, a line longer than `limit`
    /// [`InvalidData`](std::io::ErrorKind::InvalidData) with exactly `limit` bytes taken and
    /// the rest left in the reader, `Interrupted` retried where futures-util returns it.
    ///
    /// # Examples
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
    fn read_until_owned(self, delim: u8, buf: Vec<u8>, limit: usize) -> ReadUntilOwned<Self>
    where
        Self: Sized + Unpin,
    {
        ReadUntilOwned::new(self, delim, buf, limit)
    }

    /// Reads a line, through `\n` inclusive, appending it to `buf`, and hands the reader and
    /// the buffer back with the number of bytes appended; a line longer than `limit` bytes is
    /// an error, and so is one that is not UTF-8.
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn read_line_owned(self, buf: String, limit: usize)
    ///     -> Result<(Self, String, usize), ReadError<Self, Vec<u8>>>;
    /// ```
    ///
    /// The same as [`crate::AsyncBufReadOwnedExt::read_line_owned`], for the futures family:
    /// invalid UTF-8 is [`InvalidData`](std::io::ErrorKind::InvalidData) with every raw byte
    /// handed back, where futures-util's `read_line` drops the line.
    ///
    /// # Examples
    ///
    /// ```
    /// use futures::io::Cursor;
    /// use owned_io::futures_family::AsyncBufReadOwnedExt;
    ///
    /// # futures::executor::block_on(async {
    /// let reader = Cursor::new(b"hello\nworld\n".to_vec());
    /// let (_reader, line, n) = reader.read_line_owned(String::new(), 64).await?;
    /// assert_eq!((line.as_str(), n), ("hello\n", 6));
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    fn read_line_owned(self, buf: String, limit: usize) -> ReadLineOwned<Self>
    where
        Self: Sized + Unpin,
    {
        ReadLineOwned::new(self, buf.into_bytes(), limit)
    }
}

impl<R: AsyncBufRead + ?Sized> AsyncBufReadOwnedExt for R {}

pub use crate::read_line::futures_family::ReadLineOwned;
pub use crate::read_until::futures_family::ReadUntilOwned;

/// Flushing and shutting down (closing) writers that own them, for every
/// [`futures_io::AsyncWrite`].
pub trait AsyncWriteOwnedExt: AsyncWrite {
    /// Flushes the writer and hands it back.
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn flush_owned(self) -> Result<Self, WriterError<Self>>;
    /// ```
    ///
    /// The same as [`crate::AsyncWriteOwnedExt::flush_owned`], for the futures family.
    ///
    /// # Examples
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

    /// Shuts the writer down (futures-io's `poll_close`) and hands it back.
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn shutdown_owned(self) -> Result<Self, WriterError<Self>>;
    /// ```
    ///
    /// The same as [`crate::AsyncWriteOwnedExt::shutdown_owned`], for the futures family.
    ///
    /// # Examples
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

pub use crate::flush::futures_family::{FlushOwned, ShutdownOwned};

pub use crate::copy::futures_family::{copy_owned, CopyOwned};
pub use crate::copy_bidirectional::futures_family::{
    copy_bidirectional_owned, CopyBidirectionalOwned,
};
