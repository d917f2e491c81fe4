//! `write_all_owned` for tokio writers: [`AsyncWriteAllExt`] and [`WriteAllOwned`].

use std::io;
use std::marker::PhantomData;
use std::task::{ready, Context, Poll};

use tokio::io::AsyncWrite;

use crate::family::{PollWrite, Tokio};
use crate::progress::{owned_future, Direction, Transfer};
use crate::WriteAllError;

/// Writes that own their writer and buffer, for every [`tokio::io::AsyncWrite`].
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
    /// The future, [`WriteAllOwned`], is a named type that can be stored in a struct field, moved
    /// into `tokio::spawn` or kept across `select!` branches without boxing. It makes the same
    /// `poll_write` calls as tokio's borrowed
    /// [`write_all`](https://docs.rs/tokio/1/tokio/io/trait.AsyncWriteExt.html#method.write_all). An empty buffer completes at once
    /// without touching the writer. Like `write_all`, it does not flush.
    ///
    /// # Errors
    ///
    /// A [`WriteAllError`] that carries the `io::Error`, the writer, the buffer and
    /// [`written`](WriteAllError::written), the number of bytes written from it:
    ///
    /// - [`WriteZero`](io::ErrorKind::WriteZero) if the writer accepts 0 bytes;
    /// - [`InvalidData`](io::ErrorKind::InvalidData) if the writer reports more bytes than it
    ///   was offered;
    /// - any other error of the writer, as is. [`Interrupted`](io::ErrorKind::Interrupted) is
    ///   retried, never returned.
    ///
    /// # Cancel safety
    ///
    /// Dropping the future drops the writer and the buffer with it. To stop without losing
    /// anything, call [`WriteAllOwned::into_parts`]: it hands back the writer and the buffer,
    /// whose first [`written`](WriteAllOwned::written) bytes were written, and
    /// [`WriteAllOwned::resume`] continues from there.
    ///
    /// # Panics
    ///
    /// The future panics if polled again after it completed.
    ///
    /// # Examples
    ///
    /// ```
    /// use owned_io::AsyncWriteAllExt;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let (out, reply) = Vec::new().write_all_owned(b"hello".to_vec()).await?;
    /// assert_eq!(out, b"hello");
    /// assert_eq!(reply, b"hello"); // the buffer comes back for reuse
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// The error path hands everything back:
    ///
    /// ```
    /// use owned_io::AsyncWriteAllExt;
    /// use std::io::{Cursor, ErrorKind};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let full = Cursor::new(vec![0u8; 4].into_boxed_slice()); // room for 4 bytes only
    /// let err = full.write_all_owned("hello").await.unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::WriteZero);
    /// assert_eq!(err.written(), 4);
    /// let (_error, full, buf) = err.into_parts();
    /// assert_eq!((&full.get_ref()[..], buf), (&b"hell"[..], "hello"));
    /// # }
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
    /// Any `Buf` will do: `Bytes`, `BytesMut`, `VecDeque<u8>`, `&[u8]`, or a chain of them such
    /// as a header and a body, `header.chain(body)`. When the writer
    /// [`is_write_vectored`](AsyncWrite::is_write_vectored) (a `TcpStream` is), each call offers
    /// up to 64 chunks at once with `poll_write_vectored`, so a header and a body go out in one
    /// `writev`; otherwise each call writes the current [`chunk`](bytes::Buf::chunk). It makes
    /// the same calls as tokio's borrowed
    /// [`write_all_buf`](https://docs.rs/tokio/1/tokio/io/trait.AsyncWriteExt.html#method.write_all_buf).
    /// An empty buffer completes at once without touching the writer. It does not flush.
    ///
    /// # Errors
    ///
    /// A [`WriteAllError`] that carries the `io::Error`, the writer, the buffer advanced past
    /// exactly the bytes written, and [`written`](WriteAllError::written), their number:
    /// [`WriteZero`](io::ErrorKind::WriteZero) if the writer accepts 0 bytes,
    /// [`InvalidData`](io::ErrorKind::InvalidData) if it reports more bytes than it was offered,
    /// any other error of the writer as is. [`Interrupted`](io::ErrorKind::Interrupted) is
    /// retried, never returned.
    ///
    /// # Cancel safety
    ///
    /// Dropping the future drops the writer and the buffer with it. To stop without losing
    /// anything, call [`into_parts`](crate::WriteAllBufOwned::into_parts) on it: the buffer
    /// comes back advanced past what was written, so
    /// [`WriteAllBufOwned::resume`](crate::WriteAllBufOwned::resume) writes exactly the rest.
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
    /// let body = Bytes::from_static(b"hello");
    /// let frame = Bytes::copy_from_slice(&5u32.to_be_bytes()).chain(body);
    /// let (out, frame) = Vec::new().write_all_buf_owned(frame).await?;
    /// assert_eq!(out, b"\x00\x00\x00\x05hello");
    /// assert!(!frame.has_remaining());
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// The error path hands back the buffer advanced past what was written:
    ///
    /// ```
    /// use bytes::Buf;
    /// use owned_io::AsyncWriteAllExt;
    /// use std::io::{Cursor, ErrorKind};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let full = Cursor::new(vec![0u8; 4].into_boxed_slice()); // room for 4 bytes only
    /// let err = full.write_all_buf_owned(&b"hello"[..]).await.unwrap_err();
    /// assert_eq!((err.kind(), err.written()), (ErrorKind::WriteZero, 4));
    /// let (_error, _full, rest) = err.into_parts();
    /// assert_eq!(rest.chunk(), b"o");
    /// # }
    /// ```
    #[cfg(feature = "bytes")]
    #[cfg_attr(docsrs, doc(cfg(feature = "bytes")))]
    fn write_all_buf_owned<B: bytes::Buf>(self, buf: B) -> crate::WriteAllBufOwned<Self, B>
    where
        Self: Sized + Unpin,
    {
        crate::WriteAllBufOwned::new(self, buf)
    }
}

impl<W: AsyncWrite + ?Sized> AsyncWriteAllExt for W {}

owned_future! {
    /// Future for the [`write_all_owned`](AsyncWriteAllExt::write_all_owned) method.
    ///
    /// Resolves to `Ok((writer, buf))` once every byte of `buf` was written, or to a
    /// [`WriteAllError`] that hands back the writer, the buffer and the progress. It is `Unpin`
    /// whatever the buffer type, `Send`/`Sync` when the writer and the buffer are, and two words
    /// larger than them at most.
    ///
    /// # Examples
    ///
    /// Abandon a write that the peer is too slow to take, and finish it later:
    ///
    /// ```
    /// use owned_io::{AsyncWriteAllExt, WriteAllOwned};
    /// use tokio::io::AsyncReadExt;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let (sock, mut peer) = tokio::io::duplex(4); // the pipe holds 4 bytes
    ///
    /// let mut write = sock.write_all_owned(*b"hello");
    /// let timeout = std::time::Duration::from_millis(10);
    /// assert!(tokio::time::timeout(timeout, &mut write).await.is_err());
    /// let written = write.written();
    /// let (sock, buf) = write.into_parts().expect("still in flight");
    /// assert_eq!(written, 4);
    ///
    /// let mut got = [0u8; 5];
    /// peer.read_exact(&mut got[..4]).await?; // make room
    /// let (_sock, _buf) = WriteAllOwned::resume(sock, buf, written).await?;
    /// peer.read_exact(&mut got[4..]).await?;
    /// assert_eq!(&got, b"hello");
    /// # Ok(())
    /// # }
    /// ```
    pub struct WriteAllOwned<W, B>;
    progress: written;
    io: AsyncWrite;
    buf: AsRef<[u8]>;
    transfer: WriteAll<Tokio>;
    error: WriteAllError;
    /// Continues a write that was abandoned with [`into_parts`](Self::into_parts) or failed,
    /// `progress` bytes of `buf` having been written already.
    ///
    /// The future writes `buf[progress..]`. A `progress` past the end of the buffer is an
    /// [`InvalidInput`](io::ErrorKind::InvalidInput) error when the future is polled, with the
    /// writer and the buffer handed back in it.
    resume;
}

/// Write all: one write of the unwritten part of the buffer, with a family's write call.
pub(crate) struct WriteAll<F>(PhantomData<F>);

impl<F: PollWrite<W>, W, B: AsRef<[u8]>> Transfer<W, B> for WriteAll<F> {
    const DIRECTION: Direction = Direction::Write;

    type Rest<'a>
        = &'a [u8]
    where
        B: 'a;

    #[inline]
    fn rest(buf: &mut B, done: usize) -> Option<&[u8]> {
        B::as_ref(buf).get(done..)
    }

    #[inline]
    fn len(unwritten: &&[u8]) -> usize {
        unwritten.len()
    }

    #[inline]
    fn poll_once(
        writer: &mut W,
        unwritten: &mut &[u8],
        cx: &mut Context<'_>,
    ) -> Poll<(usize, io::Result<usize>)> {
        let answer = ready!(F::poll_write(writer, cx, unwritten));
        Poll::Ready((unwritten.len(), answer))
    }

    #[inline]
    fn advance(unwritten: &mut &[u8], n: usize) {
        *unwritten = &unwritten[n..];
    }
}
