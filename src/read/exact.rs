//! `read_exact_owned`: fill a buffer, as tokio's `read_exact` does.

use std::future::Future;
use std::io;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use crate::family::PollRead;
use crate::owned::{counted, past_end, stalled, Operation, Owned, Reading};
use crate::{ReadExactError, ReadExactOwned};

/// The method this future runs, as its errors name it.
const METHOD: &str = "read_exact_owned";

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
    /// [`UnexpectedEof`](io::ErrorKind::UnexpectedEof) if the stream ends first (`filled() == 0`
    /// is a clean close), [`InvalidData`](io::ErrorKind::InvalidData) if the reader reports more
    /// bytes than it was offered, or the reader's own error. `Interrupted` is retried.
    ///
    /// # Cancel safety
    ///
    /// Dropping the future drops the reader and the buffer. Poll `&mut read` in `select!`, or
    /// take it apart with [`into_parts`](ReadExactOwned::into_parts) and continue it with
    /// [`resume`](ReadExactOwned::resume): no byte is lost.
    ///
    /// # Panics
    ///
    /// The future panics if polled again after it completed.
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

/// The operation of a [`ReadExactOwned`] future.
#[derive(Debug)]
pub struct ReadExact<F>(PhantomData<F>);

impl<F> Operation for ReadExact<F> {
    const FUTURE: &'static str = "ReadExactOwned";
}

impl<F> Reading for ReadExact<F> {}

impl<R, B: AsMut<[u8]>, F: PollRead<R>> Owned<R, B, ReadExact<F>> {
    /// Continues a read abandoned with [`into_parts`](Self::into_parts), or that failed, from
    /// `progress` bytes already in `buf`.
    ///
    /// ```
    /// use owned_io::{AsyncReadExactExt, ReadExactOwned};
    /// use tokio::io::AsyncWriteExt;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let (mut peer, sock) = tokio::io::duplex(64);
    /// peer.write_all(b"hel").await?;
    /// let mut read = sock.read_exact_owned([0u8; 5]);
    /// let timeout = std::time::Duration::from_millis(10);
    /// assert!(tokio::time::timeout(timeout, &mut read).await.is_err());
    /// let (mut sock, buf, filled) = read.into_parts().expect("still in flight");
    /// assert_eq!((filled, &buf[..3]), (3, &b"hel"[..]));
    ///
    /// sock.write_all(b"more, please").await?; // the socket is ours again meanwhile
    /// peer.write_all(b"lo").await?;
    /// let (_sock, buf) = ReadExactOwned::resume(sock, buf, filled).await?;
    /// assert_eq!(&buf, b"hello");
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// A `progress` past the end of the buffer is an
    /// [`InvalidInput`](io::ErrorKind::InvalidInput) error when polled, before anything else.
    /// `resume` has the `Future` impl's bounds, so a reader of the other family is a compile
    /// error:
    ///
    /// ```compile_fail
    /// use owned_io::ReadExactOwned;
    /// let futures_reader = futures::io::Cursor::new(vec![0u8; 4]); // not a tokio reader
    /// let _read = ReadExactOwned::resume(futures_reader, [0u8; 4], 0);
    /// ```
    pub fn resume(reader: R, buf: B, progress: usize) -> Self {
        Self::new(reader, buf, progress, ReadExact(PhantomData))
    }
}

impl<R, B: AsMut<[u8]>, F: PollRead<R>> Future for Owned<R, B, ReadExact<F>> {
    type Output = Result<(R, B), ReadExactError<R, B>>;

    // Always inlined, as tokio's borrowed futures are into the caller's loop: left out of line,
    // the parts and the output go through memory on every call.
    #[inline(always)]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let (handed, filled) = ready!(self.get_mut().poll_parts(
            #[inline(always)]
            |reader, buf, filled| {
                let buf = buf.as_mut();
                let len = buf.len();
                let Some(mut unfilled) = buf.get_mut(*filled..) else {
                    return Poll::Ready(Err(past_end(filled, len)));
                };
                while !unfilled.is_empty() {
                    let offered = unfilled.len();
                    let Some(answer) = counted(ready!(F::poll_read(reader, cx, unfilled)), offered)
                    else {
                        continue;
                    };
                    let n = answer?;
                    if n == 0 {
                        let error = stalled(io::ErrorKind::UnexpectedEof, *filled, offered);
                        return Poll::Ready(Err(error));
                    }
                    unfilled = &mut std::mem::take(&mut unfilled)[n..];
                    *filled += n;
                }
                Poll::Ready(Ok(()))
            },
        ));
        Poll::Ready(match handed {
            Ok((reader, buf, ())) => Ok((reader, buf)),
            Err((e, reader, buf)) => Err(ReadExactError::new(METHOD, e, reader, buf, filled)),
        })
    }
}
