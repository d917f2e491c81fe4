//! `read_exact_owned` for tokio readers: [`AsyncReadExactExt`] and [`ReadExactOwned`].

use std::io;
use std::marker::PhantomData;
use std::task::{ready, Context, Poll};

use tokio::io::AsyncRead;

use crate::family::{PollRead, Tokio};
use crate::progress::{owned_future, Direction, Transfer};
use crate::ReadExactError;

/// Reads that own their reader and buffer, for every [`tokio::io::AsyncRead`].
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
    /// The future, [`ReadExactOwned`], is a named type that can be stored in a struct field, moved
    /// into `tokio::spawn` or kept across `select!` branches without boxing. It makes the same
    /// `poll_read` calls as tokio's borrowed [`read_exact`](https://docs.rs/tokio/1/tokio/io/trait.AsyncReadExt.html#method.read_exact).
    /// An empty buffer completes at once without touching the reader.
    ///
    /// # Errors
    ///
    /// A [`ReadExactError`] that carries the `io::Error`, the reader, the buffer and
    /// [`filled`](ReadExactError::filled), the number of bytes read into it:
    ///
    /// - [`UnexpectedEof`](io::ErrorKind::UnexpectedEof) if the stream ends before the buffer is
    ///   full: `filled() == 0` is a clean close, `filled() > 0` a truncated read whose bytes are
    ///   in the buffer;
    /// - [`InvalidData`](io::ErrorKind::InvalidData) if the reader reports more bytes than it was
    ///   offered, or fills a `ReadBuf` other than the one it was given;
    /// - any other error of the reader, as is. [`Interrupted`](io::ErrorKind::Interrupted) is
    ///   retried, never returned.
    ///
    /// # Cancel safety
    ///
    /// Dropping the future drops the reader and the buffer with it. To stop without losing
    /// anything, call [`ReadExactOwned::into_parts`]: it hands back the reader and the buffer
    /// with the first [`filled`](ReadExactOwned::filled) bytes read, and
    /// [`ReadExactOwned::resume`] continues from there.
    ///
    /// # Panics
    ///
    /// The future panics if polled again after it completed.
    ///
    /// # Examples
    ///
    /// A length-prefixed frame:
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
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// The error path hands everything back:
    ///
    /// ```
    /// use owned_io::AsyncReadExactExt;
    /// use std::io::ErrorKind;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let reader: &[u8] = b"he";
    /// let err = reader.read_exact_owned(vec![0u8; 5]).await.unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::UnexpectedEof);
    /// assert_eq!(err.filled(), 2); // a truncated frame, not a clean close
    /// let (_error, _reader, buf) = err.into_parts();
    /// assert_eq!(&buf[..2], b"he");
    /// # }
    /// ```
    fn read_exact_owned<B: AsMut<[u8]>>(self, buf: B) -> ReadExactOwned<Self, B>
    where
        Self: Sized + Unpin,
    {
        ReadExactOwned::new(self, buf)
    }
}

impl<R: AsyncRead + ?Sized> AsyncReadExactExt for R {}

owned_future! {
    /// Future for the [`read_exact_owned`](AsyncReadExactExt::read_exact_owned) method.
    ///
    /// Resolves to `Ok((reader, buf))` with `buf` full, or to a [`ReadExactError`] that hands
    /// back the reader, the buffer and the progress. It is `Unpin` whatever the buffer type,
    /// `Send`/`Sync` when the reader and the buffer are, and two words larger than them at most.
    ///
    /// # Examples
    ///
    /// Abandon a read half-way and resume it later without losing a byte:
    ///
    /// ```
    /// use owned_io::{AsyncReadExactExt, ReadExactOwned};
    /// use tokio::io::AsyncWriteExt;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let (mut peer, sock) = tokio::io::duplex(64);
    /// peer.write_all(b"hel").await?;
    ///
    /// let mut read = sock.read_exact_owned([0u8; 5]);
    /// // The three bytes that are there arrive, then the read waits in vain for more.
    /// let timeout = std::time::Duration::from_millis(10);
    /// assert!(tokio::time::timeout(timeout, &mut read).await.is_err());
    /// let filled = read.filled();
    /// let (sock, buf) = read.into_parts().expect("still in flight");
    /// assert_eq!((filled, &buf[..3]), (3, &b"hel"[..]));
    ///
    /// peer.write_all(b"lo").await?;
    /// let (_sock, buf) = ReadExactOwned::resume(sock, buf, filled).await?;
    /// assert_eq!(&buf, b"hello");
    /// # Ok(())
    /// # }
    /// ```
    pub struct ReadExactOwned<R, B>;
    progress: filled;
    io: AsyncRead;
    buf: AsMut<[u8]>;
    transfer: ReadExact<Tokio>;
    error: ReadExactError;
    /// Continues a read that was abandoned with [`into_parts`](Self::into_parts) or failed,
    /// from `progress` bytes already in `buf`.
    ///
    /// The future reads into `buf[progress..]`. A `progress` past the end of the buffer is an
    /// [`InvalidInput`](io::ErrorKind::InvalidInput) error when the future is polled, with the
    /// reader and the buffer handed back in it.
    resume;
}

/// Read exact: one read into the unfilled part of the buffer, with a family's read call.
pub(crate) struct ReadExact<F>(PhantomData<F>);

impl<F: PollRead<R>, R, B: AsMut<[u8]>> Transfer<R, B> for ReadExact<F> {
    const DIRECTION: Direction = Direction::Read;

    type Rest<'a>
        = &'a mut [u8]
    where
        B: 'a;

    #[inline]
    fn rest(buf: &mut B, done: usize) -> Option<&mut [u8]> {
        buf.as_mut().get_mut(done..)
    }

    #[inline]
    fn len(unfilled: &&mut [u8]) -> usize {
        unfilled.len()
    }

    #[inline]
    fn poll_once(
        reader: &mut R,
        unfilled: &mut &mut [u8],
        cx: &mut Context<'_>,
    ) -> Poll<(usize, io::Result<usize>)> {
        let answer = ready!(F::poll_read(reader, cx, unfilled));
        Poll::Ready((unfilled.len(), answer))
    }

    #[inline]
    fn advance(unfilled: &mut &mut [u8], n: usize) {
        let rest = std::mem::take(unfilled);
        *unfilled = &mut rest[n..];
    }
}
