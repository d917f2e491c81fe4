//! The writes: all of a buffer ([`all`]), all of a `bytes::Buf` ([`all_buf`]), and a flush or a
//! shutdown ([`close`]).

pub(crate) mod all;
#[cfg(feature = "bytes")]
pub(crate) mod all_buf;
pub(crate) mod close;

#[cfg(feature = "bytes")]
use crate::WriteAllBufOwned;
use crate::WriteAllOwned;

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
    /// reports more than it was offered, or the writer's own error. `Interrupted` is retried.
    ///
    /// # Cancel safety
    ///
    /// Dropping the future drops the writer and the buffer. Poll `&mut write` in `select!`, or
    /// take it apart with [`into_parts`](WriteAllOwned::into_parts) and continue it with
    /// [`resume`](WriteAllOwned::resume): nothing is written twice or lost.
    ///
    /// # Panics
    ///
    /// The future panics if polled again after it completed.
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
    /// # Panics
    ///
    /// The future panics if polled again after it completed.
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
    #[cfg_attr(docsrs, doc(cfg(feature = "bytes")))]
    fn write_all_buf_owned<B: bytes::Buf>(self, buf: B) -> WriteAllBufOwned<Self, B>
    where
        Self: Sized + Unpin,
    {
        WriteAllBufOwned::resume(self, buf, 0)
    }
}

impl<W: tokio::io::AsyncWrite + ?Sized> AsyncWriteAllExt for W {}
