//! The tokio family: the extension traits and the copy functions for `tokio::io::AsyncRead` /
//! `AsyncBufRead` / `AsyncWrite`, and the names of their futures, all re-exported at the crate
//! root. [`futures_family`](crate::futures_family) mirrors it for futures-io.

use std::borrow::BorrowMut;

use crate::copy::bidirectional::CopyBidirectional;
use crate::copy::{Copy, CopyProgress};
use crate::owned::{Filled, Owned, Written};
use crate::read::exact::ReadExact;
use crate::read::line::ReadLine;
use crate::read::until::ReadUntil;
use crate::write::all::WriteAll;
#[cfg(feature = "bytes")]
use crate::write::all_buf::WriteAllBuf;
use crate::write::flush::Flush;
use crate::write::shutdown::Shutdown;
#[cfg(feature = "bytes")]
use crate::{read::buf_exact::ReadBufExact, read::to_end::ReadToEnd, read::Read};
#[cfg(doc)]
use crate::{
    CopyBidirectionalError, CopyError, ReadError, ReadExactError, WriteAllError, WriterError,
};

use crate::family::Tokio;

/// Reads that own their reader and buffer, for every [`tokio::io::AsyncRead`].
pub trait AsyncReadExactExt: tokio::io::AsyncRead {
    /// Reads exactly enough bytes to fill `buf`, and hands the reader and the buffer back.
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn read_exact_owned<B: AsMut<[u8]>>(self, buf: B)
    ///     -> Result<(Self, B), ReadExactError<Self, B>>;
    /// ```
    ///
    /// It makes the same `poll_read` calls as tokio's borrowed
    /// [`read_exact`](https://docs.rs/tokio/1/tokio/io/trait.AsyncReadExt.html#method.read_exact).
    /// The buffer's *length* is filled, not its capacity; an empty buffer completes at once
    /// without touching the reader.
    ///
    /// # Errors
    ///
    /// A [`ReadExactError`] holding the reader, the buffer and [`filled`](ReadExactError::filled):
    /// [`UnexpectedEof`](std::io::ErrorKind::UnexpectedEof) if the stream ends first (`filled() == 0`
    /// is a clean close), [`InvalidData`](std::io::ErrorKind::InvalidData) if the reader reports more
    /// bytes than it was offered, or the reader's own error. `Interrupted` is [retried](crate#interrupted).
    ///
    /// # Cancel safety
    ///
    /// Dropping the future drops the reader and the buffer. Poll `&mut read` in `select!`, or
    /// take it apart with [`into_parts`](ReadExactOwned::into_parts) and continue it with
    /// [`resume`](ReadExactOwned::resume): no byte is lost.
    ///
    /// # Examples
    ///
    /// ```
    /// use owned_io::AsyncReadExactExt;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let reader: &[u8] = b"\x00\x00\x00\x05hello";
    /// let (reader, header) = reader.read_exact_owned([0u8; 4]).await?;
    /// let len = u32::from_be_bytes(header) as usize;
    /// let (_reader, body) = reader.read_exact_owned(vec![0u8; len]).await?;
    /// assert_eq!(body, b"hello");
    ///
    /// let err = (b"he" as &[u8]).read_exact_owned(vec![0u8; 5]).await.unwrap_err();
    /// assert_eq!(err.filled(), 2); // a truncated frame, not a clean close
    /// let (_error, _reader, buf) = err.into_parts();
    /// assert_eq!(&buf[..2], b"he");
    /// # Ok(())
    /// # }
    /// ```
    fn read_exact_owned<B: AsMut<[u8]>>(self, buf: B) -> ReadExactOwned<Self, B>
    where
        Self: Sized + Unpin,
    {
        ReadExactOwned::resume(self, buf, 0)
    }
}

impl<R: tokio::io::AsyncRead + ?Sized> AsyncReadExactExt for R {}

/// Writes that own their writer and buffer, for every [`tokio::io::AsyncWrite`].
pub trait AsyncWriteAllExt: tokio::io::AsyncWrite {
    /// Writes all of `buf`, and hands the writer and the buffer back.
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn write_all_owned<B: AsRef<[u8]>>(self, buf: B)
    ///     -> Result<(Self, B), WriteAllError<Self, B>>;
    /// ```
    ///
    /// It makes the same `poll_write` calls as tokio's borrowed
    /// [`write_all`](https://docs.rs/tokio/1/tokio/io/trait.AsyncWriteExt.html#method.write_all),
    /// and does not flush. An empty buffer completes at once without touching the writer.
    ///
    /// # Errors
    ///
    /// A [`WriteAllError`](crate::WriteAllError) holding the writer, the buffer and
    /// [`written`](crate::WriteAllError::written): [`WriteZero`](std::io::ErrorKind::WriteZero)
    /// if the writer accepts 0 bytes, [`InvalidData`](std::io::ErrorKind::InvalidData) if it
    /// reports more than it was offered, or the writer's own error. `Interrupted` is [retried](crate#interrupted).
    ///
    /// # Cancel safety
    ///
    /// Dropping the future drops the writer and the buffer. Poll `&mut write` in `select!`, or
    /// take it apart with [`into_parts`](WriteAllOwned::into_parts) and continue it with
    /// [`resume`](WriteAllOwned::resume): nothing is written twice or lost.
    ///
    /// # Examples
    ///
    /// ```
    /// use owned_io::AsyncWriteAllExt;
    /// use std::io::{Cursor, ErrorKind};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let (out, reply) = Vec::new().write_all_owned(b"hello".to_vec()).await?;
    /// assert_eq!((&out[..], &reply[..]), (&b"hello"[..], &b"hello"[..])); // reply is reusable
    ///
    /// let full = Cursor::new(vec![0u8; 4].into_boxed_slice()); // room for 4 bytes only
    /// let err = full.write_all_owned("hello").await.unwrap_err();
    /// assert_eq!((err.kind(), err.written()), (ErrorKind::WriteZero, 4));
    /// # Ok(())
    /// # }
    /// ```
    fn write_all_owned<B: AsRef<[u8]>>(self, buf: B) -> WriteAllOwned<Self, B>
    where
        Self: Sized + Unpin,
    {
        WriteAllOwned::resume(self, buf, 0)
    }

    /// Writes all of a [`bytes::Buf`], and hands the writer and the buffer back, fully
    /// advanced.
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn write_all_buf_owned<B: bytes::Buf>(self, buf: B)
    ///     -> Result<(Self, B), WriteAllError<Self, B>>;
    /// ```
    ///
    /// When the writer [`is_write_vectored`](tokio::io::AsyncWrite::is_write_vectored), each
    /// call offers up to 64 chunks with `poll_write_vectored`, so `header.chain(body)` goes out
    /// in one `writev`; otherwise each call writes the current chunk. The same calls as tokio's
    /// borrowed [`write_all_buf`](https://docs.rs/tokio/1/tokio/io/trait.AsyncWriteExt.html#method.write_all_buf).
    /// It does not flush.
    ///
    /// # Errors
    ///
    /// As [`write_all_owned`](Self::write_all_owned); the buffer comes back advanced past
    /// exactly the bytes written.
    ///
    /// # Cancel safety
    ///
    /// [`into_parts`](WriteAllBufOwned::into_parts) hands back the buffer advanced past what
    /// was written, so [`resume`](WriteAllBufOwned::resume) writes exactly the rest.
    ///
    /// # Examples
    ///
    /// ```
    /// use bytes::{Buf, Bytes};
    /// use owned_io::AsyncWriteAllExt;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let frame = Bytes::from_static(b"\x00\x05").chain(Bytes::from_static(b"hello"));
    /// let (out, frame) = Vec::new().write_all_buf_owned(frame).await?;
    /// assert_eq!((&out[..], frame.remaining()), (&b"\x00\x05hello"[..], 0));
    /// # Ok(())
    /// # }
    /// ```
    #[cfg(feature = "bytes")]
    fn write_all_buf_owned<B: bytes::Buf>(self, buf: B) -> WriteAllBufOwned<Self, B>
    where
        Self: Sized + Unpin,
    {
        WriteAllBufOwned::resume(self, buf, 0)
    }
}

impl<W: tokio::io::AsyncWrite + ?Sized> AsyncWriteAllExt for W {}

/// Reads whose length the peer decides, owning their reader and buffer, for every
/// [`tokio::io::AsyncRead`], into the buffer's spare capacity
/// ([never zeroed](crate#reading-into-spare-capacity)).
#[cfg(feature = "bytes")]
pub trait AsyncReadOwnedExt: tokio::io::AsyncRead {
    /// Reads once into the spare capacity of `buf`, and hands the reader and the buffer back
    /// with the number of bytes appended; `0` means end of stream.
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn read_owned<B: bytes::BufMut>(self, buf: B)
    ///     -> Result<(Self, B, usize), ReadError<Self, B>>;
    /// ```
    ///
    /// The same `poll_read` call as tokio's borrowed
    /// [`read_buf`](https://docs.rs/tokio/1/tokio/io/trait.AsyncReadExt.html#method.read_buf),
    /// into [`chunk_mut`](bytes::BufMut::chunk_mut), not zeroed first. A `Vec<u8>` or
    /// `BytesMut` with no spare capacity grows as `chunk_mut` makes it, by `reserve(64)`: at
    /// least 64 bytes, and a `Vec` at least doubles.
    ///
    /// # Errors
    ///
    /// A [`ReadError`](crate::ReadError) holding the reader and the buffer:
    /// [`InvalidInput`](std::io::ErrorKind::InvalidInput) if the buffer has no room at all
    /// (where `read_buf` would return `Ok(0)`), [`InvalidData`](std::io::ErrorKind::InvalidData)
    /// if the reader fills a `ReadBuf` other than the one it was given, or the reader's own
    /// error. `Interrupted` is [retried](crate#interrupted).
    ///
    /// # Cancel safety
    ///
    /// A single read either happened or did not: [`into_parts`](ReadOwned::into_parts) hands
    /// back the reader and the buffer untouched.
    ///
    /// # Examples
    ///
    /// ```
    /// use bytes::BytesMut;
    /// use owned_io::AsyncReadOwnedExt;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let reader: &[u8] = b"hello";
    /// let (reader, buf, n) = reader.read_owned(BytesMut::with_capacity(16)).await?;
    /// assert_eq!((&buf[..], n), (&b"hello"[..], 5));
    /// let (_reader, _buf, n) = reader.read_owned(buf).await?;
    /// assert_eq!(n, 0); // end of stream
    /// # Ok(())
    /// # }
    /// ```
    fn read_owned<B: bytes::BufMut>(self, buf: B) -> ReadOwned<Self, B>
    where
        Self: Sized + Unpin,
    {
        ReadOwned::resume(self, buf, 0)
    }

    /// Reads exactly `n` bytes into the spare capacity of `buf`, and hands the reader and the
    /// buffer back: a body whose length a header announced.
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn read_buf_exact_owned<B: bytes::BufMut>(self, buf: B, n: usize)
    ///     -> Result<(Self, B), ReadError<Self, B>>;
    /// ```
    ///
    /// A loop of tokio's borrowed `read_buf` in one call: no read is offered more than the
    /// bytes still due, so nothing past them is consumed, and spare capacity is never zeroed.
    /// Reserve `n` bytes first (`BytesMut::with_capacity(n)`) to read in as few calls as the
    /// reader allows. `n == 0` completes at once without touching the reader.
    ///
    /// # Errors
    ///
    /// A [`ReadError`](crate::ReadError) holding the reader, the buffer and
    /// [`filled`](crate::ReadError::filled), the bytes appended:
    /// [`UnexpectedEof`](std::io::ErrorKind::UnexpectedEof) if the stream ends first,
    /// [`InvalidInput`](std::io::ErrorKind::InvalidInput) before any read if
    /// `remaining_mut()` is below `n`, or the reader's own error. `Interrupted` is [retried](crate#interrupted).
    ///
    /// # Cancel safety
    ///
    /// [`into_parts`](ReadBufExactOwned::into_parts) hands back the reader, the buffer and the
    /// bytes appended so far; [`resume`](ReadBufExactOwned::resume) reads the rest.
    ///
    /// # Examples
    ///
    /// ```
    /// use bytes::BytesMut;
    /// use owned_io::{AsyncReadExactExt, AsyncReadOwnedExt};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let reader: &[u8] = b"\x00\x05hello\x00\x03bye";
    /// let (reader, header) = reader.read_exact_owned([0u8; 2]).await?;
    /// let len = u16::from_be_bytes(header) as usize;
    /// let (reader, body) = reader.read_buf_exact_owned(BytesMut::with_capacity(len), len).await?;
    /// assert_eq!((&body[..], reader), (&b"hello"[..], &b"\x00\x03bye"[..])); // no more read
    /// # Ok(())
    /// # }
    /// ```
    fn read_buf_exact_owned<B: bytes::BufMut>(self, buf: B, n: usize) -> ReadBufExactOwned<Self, B>
    where
        Self: Sized + Unpin,
    {
        ReadBufExactOwned::resume(self, buf, 0, n)
    }

    /// Reads until end of stream, appending to `buf`, and hands the reader and the buffer back
    /// with the number of bytes appended; more than `limit` bytes is an error.
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn read_to_end_owned<B: BorrowMut<Vec<u8>>>(self, buf: B, limit: usize)
    ///     -> Result<(Self, B, usize), ReadError<Self, B>>;
    /// ```
    ///
    /// The same `poll_read` calls as tokio's borrowed
    /// [`read_to_end`](https://docs.rs/tokio/1/tokio/io/trait.AsyncReadExt.html#method.read_to_end),
    /// which has no limit. The count and the limit are of the bytes this call appends. No read
    /// offers more than what is left to the limit plus one byte, so at most `limit + 1` bytes
    /// are appended, and the vector is never grown past room for them (a vector given with
    /// more capacity keeps it). `usize::MAX` is no limit.
    ///
    /// # Errors
    ///
    /// A [`ReadError`](crate::ReadError) holding the reader and every byte read:
    /// [`InvalidData`](std::io::ErrorKind::InvalidData) if the stream is longer than `limit`
    /// (`filled() == limit + 1`), or the reader's own error. `Interrupted` is [retried](crate#interrupted).
    ///
    /// # Cancel safety
    ///
    /// [`into_parts`](ReadToEndOwned::into_parts) hands back the reader, the bytes so far and
    /// their count; [`resume`](ReadToEndOwned::resume) continues with the same limit.
    ///
    /// # Examples
    ///
    /// ```
    /// use owned_io::AsyncReadOwnedExt;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let reader: &[u8] = b"0123456789";
    /// let err = reader.read_to_end_owned(Vec::new(), 4).await.unwrap_err();
    /// assert_eq!(err.filled(), 5); // one byte past the limit proves the stream too long
    /// let (_error, rest, buf) = err.into_parts();
    /// assert_eq!((&buf[..], rest), (&b"01234"[..], &b"56789"[..]));
    /// # }
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
impl<R: tokio::io::AsyncRead + ?Sized> AsyncReadOwnedExt for R {}

/// Delimited reads that own their reader and buffer, for every [`tokio::io::AsyncBufRead`]
/// (a `BufReader` around a socket, say). Each takes a limit that a peer that never sends the
/// delimiter cannot get past.
pub trait AsyncBufReadOwnedExt: tokio::io::AsyncBufRead {
    /// Reads through `delim`, appending to `buf`, and hands the reader and the buffer back with
    /// the number of bytes appended; `0` means end of stream.
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn read_until_owned<B: BorrowMut<Vec<u8>>>(self, delim: u8, buf: B, limit: usize)
    ///     -> Result<(Self, B, usize), ReadError<Self, B>>;
    /// ```
    ///
    /// The same `poll_fill_buf` and `consume` calls as tokio's borrowed
    /// [`read_until`](https://docs.rs/tokio/1/tokio/io/trait.AsyncBufReadExt.html#method.read_until),
    /// which has no limit. At most `limit` bytes are appended, `delim` included; `usize::MAX`
    /// is no limit. A last line without `delim` comes back as it is.
    ///
    /// The buffer is a `Vec<u8>` given or lent: give it (and the reader) to store the future or
    /// move it to another task; lend both (`(&mut reader).read_until_owned(b'\n', &mut line,
    /// limit)`) in a loop that keeps them in place, such as a connection struct's, where
    /// nothing is then moved per line. The limit, the progress and `into_parts` are the same.
    ///
    /// # Errors
    ///
    /// A [`ReadError`](crate::ReadError) holding the reader and every byte read:
    /// [`InvalidData`](std::io::ErrorKind::InvalidData) if `limit` bytes came without `delim`
    /// (exactly `limit` bytes taken, the rest left in the reader), or the reader's own error.
    /// `Interrupted` is [retried](crate#interrupted).
    ///
    /// # Cancel safety
    ///
    /// [`into_parts`](ReadUntilOwned::into_parts) hands back the reader, the buffer with the
    /// part of the line read so far and its length; [`resume`](ReadUntilOwned::resume)
    /// continues the line. (tokio's borrowed `read_until` is cancel safe as well: the part read
    /// stays in the caller's `Vec`, without its count.)
    ///
    /// # Examples
    ///
    /// ```
    /// use owned_io::AsyncBufReadOwnedExt;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let reader: &[u8] = b"GET / HTTP/1.1\r\na very long header\r\n";
    /// let (reader, line, n) = reader.read_until_owned(b'\n', Vec::new(), 64).await?;
    /// assert_eq!((&line[..], n), (&b"GET / HTTP/1.1\r\n"[..], 16));
    ///
    /// let mut reader = reader;
    /// let mut line = Vec::new(); // lent: nothing moves per line
    /// let err = (&mut reader).read_until_owned(b'\n', &mut line, 6).await.unwrap_err();
    /// assert_eq!(err.filled(), 6); // over the limit
    /// drop(err);
    /// assert_eq!((&line[..], reader), (&b"a very"[..], &b" long header\r\n"[..]));
    /// # Ok(())
    /// # }
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

    /// Reads a line through `\n`, appending it to `buf`, and hands the reader and the string
    /// back with the number of bytes appended; `0` means end of stream.
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn read_line_owned(self, buf: String, limit: usize)
    ///     -> Result<(Self, String, usize), ReadError<Self, Vec<u8>>>;
    /// ```
    ///
    /// [`read_until_owned`](Self::read_until_owned) with `b'\n'`: the whole line is read
    /// first, then checked, so a character split between two reads is fine.
    ///
    /// The `String` is given, not lent: a line abandoned in flight may end inside a character,
    /// which a lent `String` could not hold without `unsafe`. A hot loop that keeps its buffer
    /// in place lends a `Vec<u8>` to `read_until_owned` and checks the line itself:
    ///
    /// ```
    /// use owned_io::AsyncBufReadOwnedExt;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mut reader: &[u8] = b"one\ntwo\n";
    /// let mut line = Vec::new();
    /// loop {
    ///     line.clear();
    ///     let (_, _, n) = (&mut reader).read_until_owned(b'\n', &mut line, 512).await?;
    ///     if n == 0 {
    ///         break;
    ///     }
    ///     let text = std::str::from_utf8(&line)
    ///         .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    ///     assert!(text == "one\n" || text == "two\n");
    /// }
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// As `read_until_owned`, and [`InvalidData`](std::io::ErrorKind::InvalidData) if the
    /// string is not UTF-8 once the line is in (`read_line_owned: the line is not UTF-8`, the
    /// [`Utf8Error`](std::str::Utf8Error) its source). The error's buffer is every byte, as a
    /// `Vec<u8>`.
    ///
    /// # Cancel safety
    ///
    /// tokio's borrowed `read_line` is not cancel safe. Here
    /// [`into_parts`](ReadLineOwned::into_parts) hands back the bytes so far (a `Vec<u8>`: they
    /// may end inside a character), and [`resume`](ReadLineOwned::resume) continues the line.
    ///
    /// # Examples
    ///
    /// ```
    /// use owned_io::AsyncBufReadOwnedExt;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let reader: &[u8] = b"+OK\r\ncaf\xe9\n";
    /// let (reader, line, _) = reader.read_line_owned(String::new(), 512).await?;
    /// assert_eq!(line, "+OK\r\n");
    /// let err = reader.read_line_owned(String::new(), 512).await.unwrap_err();
    /// let (_error, _reader, bytes) = err.into_parts();
    /// assert_eq!(bytes, b"caf\xe9\n"); // not UTF-8: the raw bytes come back
    /// # Ok(())
    /// # }
    /// ```
    fn read_line_owned(self, buf: String, limit: usize) -> ReadLineOwned<Self>
    where
        Self: Sized + Unpin,
    {
        ReadLineOwned::resume(self, buf.into_bytes(), 0, limit)
    }
}

impl<R: tokio::io::AsyncBufRead + ?Sized> AsyncBufReadOwnedExt for R {}

/// Flushing and shutting down writers that own them, for every [`tokio::io::AsyncWrite`], so an
/// owned pipeline needs no borrowed call at its end.
pub trait AsyncWriteOwnedExt: tokio::io::AsyncWrite {
    /// Flushes the writer, and hands it back.
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn flush_owned(self) -> Result<Self, WriterError<Self>>;
    /// ```
    ///
    /// The same `poll_flush` call as tokio's borrowed
    /// [`flush`](https://docs.rs/tokio/1/tokio/io/trait.AsyncWriteExt.html#method.flush),
    /// made again after `Interrupted`, which tokio's returns.
    ///
    /// # Errors
    ///
    /// A [`WriterError`] with the writer's error and the writer. `Interrupted` is [retried](crate#interrupted).
    ///
    /// # Cancel safety
    ///
    /// [`into_parts`](FlushOwned::into_parts) hands the writer back; flushing it again later
    /// is fine.
    ///
    /// # Examples
    ///
    /// ```
    /// use owned_io::{AsyncWriteAllExt, AsyncWriteOwnedExt};
    /// use tokio::io::BufWriter;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let (writer, _) = BufWriter::new(Vec::new()).write_all_owned(*b"hello").await?;
    /// assert!(writer.get_ref().is_empty()); // still in the BufWriter
    /// let writer = writer.flush_owned().await?;
    /// assert_eq!(writer.get_ref(), b"hello");
    /// # Ok(())
    /// # }
    /// ```
    fn flush_owned(self) -> FlushOwned<Self>
    where
        Self: Sized + Unpin,
    {
        FlushOwned::resume(self)
    }

    /// Shuts the writer down, and hands it back: for a socket, the peer sees the end of
    /// stream.
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn shutdown_owned(self) -> Result<Self, WriterError<Self>>;
    /// ```
    ///
    /// The same `poll_shutdown` call as tokio's borrowed
    /// [`shutdown`](https://docs.rs/tokio/1/tokio/io/trait.AsyncWriteExt.html#method.shutdown),
    /// made again after `Interrupted`, which tokio's returns.
    /// Errors, cancel safety and panics as for [`flush_owned`](Self::flush_owned).
    ///
    /// # Examples
    ///
    /// ```
    /// use owned_io::{AsyncReadExactExt, AsyncWriteAllExt, AsyncWriteOwnedExt};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let (sock, peer) = tokio::io::duplex(64);
    /// let (sock, _) = sock.write_all_owned(*b"bye").await?;
    /// let _sock = sock.shutdown_owned().await?;
    /// let (peer, got) = peer.read_exact_owned([0u8; 3]).await?;
    /// assert_eq!(&got, b"bye");
    /// let end = peer.read_exact_owned([0u8; 1]).await.unwrap_err();
    /// assert_eq!(end.filled(), 0); // a clean end of stream
    /// # Ok(())
    /// # }
    /// ```
    fn shutdown_owned(self) -> ShutdownOwned<Self>
    where
        Self: Sized + Unpin,
    {
        ShutdownOwned::resume(self)
    }
}

impl<W: tokio::io::AsyncWrite + ?Sized> AsyncWriteOwnedExt for W {}

/// Copies everything `reader` sends to `writer` through `buf`, and hands all three back with
/// the number of bytes copied.
///
/// Equivalent to:
///
/// ```text
/// async fn copy_owned<R, W, B: AsMut<[u8]>>(reader: R, writer: W, buf: B)
///     -> Result<(R, W, B, u64), CopyError<R, W, B>>;
/// ```
///
/// The same `poll_read`, `poll_write` and `poll_flush` calls as tokio's borrowed
/// [`copy`](https://docs.rs/tokio/1/tokio/io/fn.copy.html) makes with a buffer of its own, of
/// the size of `buf`: it flushes the writer when the reader has nothing yet, and once more at
/// the reader's end of stream. It does not shut the writer down. Each round (a read and the
/// writes of what it read) spends a unit of the task's tokio budget, as tokio's I/O does: in a
/// task whose budget is spent the copy waits before any I/O, so copies between I/O objects
/// that are always ready cannot starve the runtime; inside
/// [`unconstrained`](tokio::task::coop::unconstrained) it never yields on its own.
///
/// # Errors
///
/// A [`CopyError`] holding everything, which side failed ([`side`](CopyError::side)), and the
/// bytes read but not written ([`pending`](CopyError::pending), a range of the buffer):
/// [`InvalidInput`](std::io::ErrorKind::InvalidInput) for an empty buffer,
/// [`WriteZero`](std::io::ErrorKind::WriteZero), [`InvalidData`](std::io::ErrorKind::InvalidData)
/// for a lying count, or the reader's or the writer's own error. `Interrupted` is [retried](crate#interrupted).
///
/// # Cancel safety
///
/// tokio's `copy` drops what it read but did not write. Here
/// [`into_parts`](CopyOwned::into_parts) hands back the [`CopyProgress`] with the pending
/// range, and [`resume`](CopyOwned::resume) writes those bytes first: none is lost or written
/// twice.
///
/// # Examples
///
/// ```
/// use owned_io::{copy_owned, CopySide};
/// use std::io::Cursor;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let reader: &[u8] = b"every byte, once";
/// let (_reader, written, _buf, n) = copy_owned(reader, Vec::new(), [0u8; 4]).await?;
/// assert_eq!((&written[..], n), (&b"every byte, once"[..], 16));
///
/// let reader: &[u8] = b"0123456789";
/// let full = Cursor::new(vec![0u8; 6].into_boxed_slice()); // room for 6 bytes
/// let err = copy_owned(reader, full, [0u8; 4]).await.unwrap_err();
/// assert_eq!((err.side(), err.copied(), err.pending()), (Some(CopySide::Writer), 6, 2..4));
/// let pending = err.pending();
/// let (_error, _reader, _writer, buf) = err.into_parts();
/// assert_eq!(&buf[pending], b"67"); // read, not written: deliver them elsewhere
/// # Ok(())
/// # }
/// ```
pub fn copy_owned<R, W, B>(reader: R, writer: W, buf: B) -> CopyOwned<R, W, B>
where
    R: tokio::io::AsyncRead + Unpin,
    W: tokio::io::AsyncWrite + Unpin,
    B: AsMut<[u8]>,
{
    CopyOwned::resume(reader, writer, buf, CopyProgress::new())
}

/// Copies what `a` sends to `b` and what `b` sends to `a`, at once, through the two buffers,
/// and hands all four back with the counts each way.
///
/// Equivalent to:
///
/// ```text
/// async fn copy_bidirectional_owned<A, B, BufAB, BufBA>(a: A, b: B, buf_a_to_b: BufAB, buf_b_to_a: BufBA)
///     -> Result<(A, B, BufAB, BufBA, u64, u64), CopyBidirectionalError<A, B, BufAB, BufBA>>;
/// ```
///
/// Each direction copies as [`copy_owned`](crate::copy_owned) does and, at its reader's end,
/// flushes and shuts its writer down (a half-close), as tokio's borrowed
/// [`copy_bidirectional`](https://docs.rs/tokio/1/tokio/io/fn.copy_bidirectional.html) does.
///
/// # Errors
///
/// A [`CopyBidirectionalError`] holding everything, which side failed
/// ([`side`](CopyBidirectionalError::side)) and each direction's [`CopyProgress`] with its
/// pending bytes; the errors are those of `copy_owned`.
///
/// # Cancel safety
///
/// [`into_parts`](CopyBidirectionalOwned::into_parts) hands back both I/O objects, both
/// buffers and both progresses; [`resume`](CopyBidirectionalOwned::resume) continues each
/// direction where it stopped.
///
/// # Examples
///
/// ```
/// use owned_io::copy_bidirectional_owned;
/// use tokio::io::{AsyncReadExt, AsyncWriteExt};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let (mut client, proxy_front) = tokio::io::duplex(64);
/// let (proxy_back, mut server) = tokio::io::duplex(64);
/// let buffers = (vec![0u8; 8 << 10], vec![0u8; 8 << 10]);
/// let proxy = tokio::spawn(copy_bidirectional_owned(proxy_front, proxy_back, buffers.0, buffers.1));
///
/// client.write_all(b"ping").await?;
/// client.shutdown().await?; // the server sees the end of stream
/// let mut request = Vec::new();
/// server.read_to_end(&mut request).await?;
/// server.write_all(b"pong").await?;
/// drop(server);
/// let mut reply = Vec::new();
/// client.read_to_end(&mut reply).await?;
///
/// let (_, _, _, _, up, down) = proxy.await.expect("no panic")?;
/// assert_eq!((&request[..], &reply[..], up, down), (&b"ping"[..], &b"pong"[..], 4, 4));
/// # Ok(())
/// # }
/// ```
pub fn copy_bidirectional_owned<A, B, BufAB, BufBA>(
    a: A,
    b: B,
    buf_a_to_b: BufAB,
    buf_b_to_a: BufBA,
) -> CopyBidirectionalOwned<A, B, BufAB, BufBA>
where
    A: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
    B: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
    BufAB: AsMut<[u8]>,
    BufBA: AsMut<[u8]>,
{
    let fresh = CopyProgress::new();
    CopyBidirectionalOwned::resume(a, b, buf_a_to_b, buf_b_to_a, fresh, fresh)
}

/// Future for the [`read_exact_owned`](AsyncReadExactExt::read_exact_owned) method.
pub type ReadExactOwned<R, B> = Owned<R, B, ReadExact<Tokio>, Filled>;
/// Future for the [`write_all_owned`](AsyncWriteAllExt::write_all_owned) method.
pub type WriteAllOwned<W, B> = Owned<W, B, WriteAll<Tokio>, Written>;
/// Future for the [`write_all_buf_owned`](AsyncWriteAllExt::write_all_buf_owned) method.
#[cfg(feature = "bytes")]
pub type WriteAllBufOwned<W, B> = Owned<W, B, WriteAllBuf<Tokio>, Written>;
/// Future for the [`read_owned`](AsyncReadOwnedExt::read_owned) method.
#[cfg(feature = "bytes")]
pub type ReadOwned<R, B> = Owned<R, B, Read<Tokio>, Filled>;
/// Future for the [`read_buf_exact_owned`](AsyncReadOwnedExt::read_buf_exact_owned) method.
#[cfg(feature = "bytes")]
pub type ReadBufExactOwned<R, B> = Owned<R, B, ReadBufExact<Tokio>, Filled>;
/// Future for the [`read_to_end_owned`](AsyncReadOwnedExt::read_to_end_owned) method.
#[cfg(feature = "bytes")]
pub type ReadToEndOwned<R, B = Vec<u8>> = Owned<R, B, ReadToEnd<Tokio>, Filled>;
/// Future for the [`read_until_owned`](AsyncBufReadOwnedExt::read_until_owned) method.
pub type ReadUntilOwned<R, B = Vec<u8>> = Owned<R, B, ReadUntil<Tokio>, Filled>;
/// Future for the [`read_line_owned`](AsyncBufReadOwnedExt::read_line_owned) method.
pub type ReadLineOwned<R> = Owned<R, Vec<u8>, ReadLine<Tokio>, Filled>;
/// Future for the [`flush_owned`](AsyncWriteOwnedExt::flush_owned) method.
pub type FlushOwned<W> = Owned<W, (), Flush<Tokio>, ()>;
/// Future for the [`shutdown_owned`](AsyncWriteOwnedExt::shutdown_owned) method.
pub type ShutdownOwned<W> = Owned<W, (), Shutdown<Tokio>, ()>;
/// Future for the [`copy_owned`] function.
pub type CopyOwned<R, W, B> = Owned<(R, W), B, Copy<Tokio>, CopyProgress>;
/// Future for the [`copy_bidirectional_owned`] function.
pub type CopyBidirectionalOwned<A, B, BufAB, BufBA> =
    Owned<(A, B), (BufAB, BufBA), CopyBidirectional<Tokio>, (CopyProgress, CopyProgress)>;
