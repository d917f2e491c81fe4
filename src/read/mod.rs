//! The reads: a buffer filled exactly ([`exact`]), one read into spare capacity ([`once`]),
//! exactly `n` bytes into spare capacity ([`buf_exact`]), to the end of stream ([`to_end`]),
//! through a delimiter ([`until`]) or a line ([`line`]).

#[cfg(feature = "bytes")]
pub(crate) mod buf_exact;
pub(crate) mod exact;
pub(crate) mod line;
#[cfg(feature = "bytes")]
pub(crate) mod once;
#[cfg(feature = "bytes")]
pub(crate) mod to_end;
pub(crate) mod until;

use crate::{ReadLineOwned, ReadUntilOwned};
use std::borrow::BorrowMut;

#[cfg(feature = "bytes")]
use crate::{ReadBufExactOwned, ReadOwned, ReadToEndOwned};

/// Reads whose length the peer decides, owning their reader and buffer, for every
/// [`tokio::io::AsyncRead`]. Both read into the buffer's spare capacity without zeroing it.
#[cfg(feature = "bytes")]
#[cfg_attr(docsrs, doc(cfg(feature = "bytes")))]
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
    /// `BytesMut` with no spare capacity grows by 64 bytes, as `chunk_mut` does.
    ///
    /// # Errors
    ///
    /// A [`ReadError`](crate::ReadError) holding the reader and the buffer:
    /// [`InvalidInput`](std::io::ErrorKind::InvalidInput) if the buffer has no room at all
    /// (where `read_buf` would return `Ok(0)`), [`InvalidData`](std::io::ErrorKind::InvalidData)
    /// if the reader fills a `ReadBuf` other than the one it was given, or the reader's own
    /// error. `Interrupted` is retried.
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
    /// `remaining_mut()` is below `n`, or the reader's own error. `Interrupted` is retried.
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
    /// are appended and the capacity stays within them. `usize::MAX` is no limit.
    ///
    /// # Errors
    ///
    /// A [`ReadError`](crate::ReadError) holding the reader and every byte read:
    /// [`InvalidData`](std::io::ErrorKind::InvalidData) if the stream is longer than `limit`
    /// (`filled() == limit + 1`), or the reader's own error. `Interrupted` is retried.
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
    /// `Interrupted` is retried.
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
    /// # Errors
    ///
    /// As `read_until_owned`, and [`InvalidData`](std::io::ErrorKind::InvalidData) if the
    /// string is not UTF-8 once the line is in, wrapping the
    /// [`Utf8Error`](std::str::Utf8Error). The error's buffer is every byte, as a `Vec<u8>`.
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
