//! `read_exact_owned`: [`AsyncReadExactExt`] and [`ReadExactOwned`] for tokio readers, and the
//! futures family's `ReadExactOwned`.

use std::future::Future;
use std::io;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures_core::future::FusedFuture;
use tokio::io::AsyncRead;

use crate::family::{PollRead, Tokio};
use crate::progress::{past_end, stalled, Flow, Owned, Transfer};
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
    ///
    /// The buffer's *length* is filled, not its capacity: `Vec::with_capacity(n)` has length 0,
    /// so reading into it completes at once with nothing read. Use `vec![0; n]`, or
    /// `read_owned` (with the `bytes` feature) to read into spare capacity without
    /// zeroing it first. An empty buffer completes at once without touching the reader.
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
    /// A future passed by value to `select!` or `tokio::time::timeout` is dropped when it loses,
    /// and the reader and the buffer with it. Pass `&mut read` instead: after a timeout, polling
    /// `&mut read` again simply continues the read. To get the reader back in the meantime (to
    /// write on it, or to give up), call [`ReadExactOwned::into_parts`]: it hands back the
    /// reader, the buffer and how many bytes are already in it, and [`ReadExactOwned::resume`]
    /// continues from there.
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
    ///
    /// A timeout that keeps the read: poll `&mut read`, and poll it again later.
    ///
    /// ```
    /// use owned_io::AsyncReadExactExt;
    /// use std::time::Duration;
    /// use tokio::io::AsyncWriteExt;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let (mut peer, sock) = tokio::io::duplex(64);
    /// peer.write_all(b"hel").await?;
    /// let mut read = sock.read_exact_owned([0u8; 5]);
    /// let timeout = Duration::from_millis(10);
    /// assert!(tokio::time::timeout(timeout, &mut read).await.is_err()); // `read` lives on
    /// assert_eq!(read.filled(), 3);
    /// peer.write_all(b"lo").await?;
    /// let (_sock, buf) = read.await?; // the same read, continued
    /// assert_eq!(&buf, b"hello");
    /// # Ok(())
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

/// Future for the [`read_exact_owned`](AsyncReadExactExt::read_exact_owned) method.
///
/// Resolves to `Ok((reader, buf))` with `buf` full, or to a [`ReadExactError`] that hands back
/// the reader, the buffer and the progress. It is `Unpin` whatever the buffer type,
/// `Send`/`Sync` when the reader and the buffer are, and two words larger than them at most.
///
/// # Examples
///
/// Abandon a read half-way, use the socket, and resume the read without losing a byte:
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
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct ReadExactOwned<R, B> {
    inner: Owned<R, B, ReadExact<Tokio>>,
}

impl<R, B> ReadExactOwned<R, B> {
    #[inline]
    pub(crate) fn new(reader: R, buf: B) -> Self {
        Self {
            inner: Owned::new(reader, buf, ReadExact::new(0)),
        }
    }

    /// The number of bytes read into the buffer so far: `buf[..filled]` holds them.
    #[must_use]
    pub fn filled(&self) -> usize {
        self.inner.op().filled
    }

    /// Abandons the read and hands back the reader, the buffer and [`filled`](Self::filled), in
    /// the order [`resume`](Self::resume) takes them: nothing read is lost.
    ///
    /// Returns `None` once the future has completed: its output already handed them back.
    #[must_use = "the reader and the buffer are dropped with the result"]
    pub fn into_parts(self) -> Option<(R, B, usize)> {
        let (reader, buf, op) = self.inner.into_parts()?;
        Some((reader, buf, op.filled))
    }

    /// The reader, while the read is in flight; `None` once the future has completed.
    #[must_use]
    pub fn get_ref(&self) -> Option<&R> {
        self.inner.get_ref()
    }

    /// The reader, mutably, while the read is in flight; `None` once the future has completed.
    ///
    /// Reading from it directly would take bytes from under the future.
    #[must_use]
    pub fn get_mut(&mut self) -> Option<&mut R> {
        self.inner.get_mut()
    }

    /// Whether the future has completed (returned `Ready`); polling it again would panic.
    #[must_use]
    pub fn is_terminated(&self) -> bool {
        self.inner.is_terminated()
    }
}

impl<R: AsyncRead + Unpin, B: AsMut<[u8]>> ReadExactOwned<R, B> {
    /// Continues a read that was abandoned with [`into_parts`](Self::into_parts) or failed,
    /// from `progress` bytes already in `buf`.
    ///
    /// The future reads into `buf[progress..]`. A `progress` past the end of the buffer is an
    /// [`InvalidInput`](io::ErrorKind::InvalidInput) error when the future is polled, before
    /// anything else, with the reader and the buffer handed back in it.
    ///
    /// `resume` has the bounds of the `Future` impl, so a reader of the other family is a
    /// compile error where the future is made, not where it is awaited:
    ///
    /// ```compile_fail
    /// use owned_io::ReadExactOwned;
    /// let futures_reader = futures::io::Cursor::new(vec![0u8; 4]); // not a tokio reader
    /// let _read = ReadExactOwned::resume(futures_reader, [0u8; 4], 0);
    /// ```
    pub fn resume(reader: R, buf: B, progress: usize) -> Self {
        Self {
            inner: Owned::new(reader, buf, ReadExact::new(progress)),
        }
    }
}

impl<R: AsyncRead + Unpin, B: AsMut<[u8]>> Future for ReadExactOwned<R, B> {
    type Output = Result<(R, B), ReadExactError<R, B>>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let outcome = ready!(self.get_mut().inner.poll(cx, "ReadExactOwned"));
        Poll::Ready(match outcome {
            Ok((reader, buf, _)) => Ok((reader, buf)),
            Err((error, reader, buf, op)) => {
                Err(ReadExactError::new(error, reader, buf, op.filled))
            }
        })
    }
}

impl<R: AsyncRead + Unpin, B: AsMut<[u8]>> FusedFuture for ReadExactOwned<R, B> {
    fn is_terminated(&self) -> bool {
        self.inner.is_terminated()
    }
}

// The state is plain data moved in and out by value: nothing is ever pinned in place.
impl<R, B> Unpin for ReadExactOwned<R, B> {}

impl<R, B> std::fmt::Debug for ReadExactOwned<R, B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let filled = self.filled();
        self.inner
            .fmt_debug(f, "ReadExactOwned", &[("filled", &filled)])
    }
}

/// Read exact: reads into the unfilled part of the buffer until it is full, with a family's read
/// call; end of stream before that is `UnexpectedEof`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ReadExact<F> {
    filled: usize,
    family: PhantomData<F>,
}

impl<F> ReadExact<F> {
    #[inline]
    pub(crate) fn new(filled: usize) -> Self {
        Self {
            filled,
            family: PhantomData,
        }
    }
}

/// One poll's view of a read exact: the part of the buffer still to fill, and the count.
pub(crate) struct Unfilled<'a> {
    unfilled: &'a mut [u8],
    filled: &'a mut usize,
}

impl<F: PollRead<R>, R, B: AsMut<[u8]>> Transfer<R, B> for ReadExact<F> {
    type Rest<'a>
        = Unfilled<'a>
    where
        Self: 'a,
        B: 'a;

    #[inline]
    fn rest<'a>(&'a mut self, buf: &'a mut B) -> io::Result<Unfilled<'a>> {
        let buf = buf.as_mut();
        let len = buf.len();
        match buf.get_mut(self.filled..) {
            Some(unfilled) => Ok(Unfilled {
                unfilled,
                filled: &mut self.filled,
            }),
            None => Err(past_end(&mut self.filled, len)),
        }
    }

    #[inline]
    fn is_done(rest: &Unfilled<'_>) -> bool {
        rest.unfilled.is_empty()
    }

    #[inline]
    fn poll_once(
        reader: &mut R,
        rest: &mut Unfilled<'_>,
        cx: &mut Context<'_>,
    ) -> Poll<(usize, io::Result<usize>)> {
        let answer = ready!(F::poll_read(reader, cx, rest.unfilled));
        Poll::Ready((rest.unfilled.len(), answer))
    }

    #[inline]
    fn advance(rest: &mut Unfilled<'_>, n: usize) -> io::Result<Flow> {
        let unfilled = std::mem::take(&mut rest.unfilled);
        rest.unfilled = &mut unfilled[n..];
        *rest.filled += n;
        Ok(Flow::Continue)
    }

    #[cold]
    fn at_zero(rest: &mut Unfilled<'_>) -> io::Result<Flow> {
        Err(stalled(
            io::ErrorKind::UnexpectedEof,
            *rest.filled,
            rest.unfilled.len(),
        ))
    }
}

/// The futures family's `ReadExactOwned`, re-exported by [`crate::futures_family`].
#[cfg(feature = "futures-io")]
pub(crate) mod futures_family {
    use super::*;
    use crate::family::FuturesIo;
    use futures_io::AsyncRead;

    /// Future for the [`read_exact_owned`](crate::futures_family::AsyncReadExactExt::read_exact_owned)
    /// method of the futures family.
    ///
    /// The same as the tokio family's [`ReadExactOwned`](crate::ReadExactOwned), for
    /// [`futures_io::AsyncRead`]: resolves to `Ok((reader, buf))` with `buf` full, or to a
    /// [`ReadExactError`] that hands back the reader, the buffer and the progress. `Unpin`
    /// whatever the buffer type, `Send`/`Sync` when the reader and the buffer are, two words
    /// larger than them at most.
    ///
    /// # Examples
    ///
    /// ```
    /// use futures::io::Cursor;
    /// use owned_io::futures_family::{AsyncReadExactExt, ReadExactOwned};
    ///
    /// # futures::executor::block_on(async {
    /// let read = Cursor::new(b"hello".to_vec()).read_exact_owned([0u8; 5]);
    /// let (reader, buf, filled) = read.into_parts().expect("not started");
    /// let (_reader, buf) = ReadExactOwned::resume(reader, buf, filled).await?;
    /// assert_eq!(&buf, b"hello");
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    #[must_use = "futures do nothing unless you `.await` or poll them"]
    pub struct ReadExactOwned<R, B> {
        inner: Owned<R, B, ReadExact<FuturesIo>>,
    }

    impl<R, B> ReadExactOwned<R, B> {
        #[inline]
        pub(crate) fn new(reader: R, buf: B) -> Self {
            Self {
                inner: Owned::new(reader, buf, ReadExact::new(0)),
            }
        }

        /// The number of bytes read into the buffer so far: `buf[..filled]` holds them.
        #[must_use]
        pub fn filled(&self) -> usize {
            self.inner.op().filled
        }

        /// Abandons the read and hands back the reader, the buffer and
        /// [`filled`](Self::filled), in the order [`resume`](Self::resume) takes them.
        ///
        /// Returns `None` once the future has completed: its output already handed them back.
        #[must_use = "the reader and the buffer are dropped with the result"]
        pub fn into_parts(self) -> Option<(R, B, usize)> {
            let (reader, buf, op) = self.inner.into_parts()?;
            Some((reader, buf, op.filled))
        }

        /// The reader, while the read is in flight; `None` once the future has completed.
        #[must_use]
        pub fn get_ref(&self) -> Option<&R> {
            self.inner.get_ref()
        }

        /// The reader, mutably, while the read is in flight; `None` once the future has
        /// completed.
        #[must_use]
        pub fn get_mut(&mut self) -> Option<&mut R> {
            self.inner.get_mut()
        }

        /// Whether the future has completed (returned `Ready`); polling it again would panic.
        #[must_use]
        pub fn is_terminated(&self) -> bool {
            self.inner.is_terminated()
        }
    }

    impl<R: AsyncRead + Unpin, B: AsMut<[u8]>> ReadExactOwned<R, B> {
        /// Continues a read that was abandoned with [`into_parts`](Self::into_parts) or failed,
        /// from `progress` bytes already in `buf`. A `progress` past the end of the buffer is an
        /// [`InvalidInput`](io::ErrorKind::InvalidInput) error when polled.
        pub fn resume(reader: R, buf: B, progress: usize) -> Self {
            Self {
                inner: Owned::new(reader, buf, ReadExact::new(progress)),
            }
        }
    }

    impl<R: AsyncRead + Unpin, B: AsMut<[u8]>> Future for ReadExactOwned<R, B> {
        type Output = Result<(R, B), ReadExactError<R, B>>;

        #[inline]
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            let outcome = ready!(self.get_mut().inner.poll(cx, "ReadExactOwned"));
            Poll::Ready(match outcome {
                Ok((reader, buf, _)) => Ok((reader, buf)),
                Err((error, reader, buf, op)) => {
                    Err(ReadExactError::new(error, reader, buf, op.filled))
                }
            })
        }
    }

    impl<R: AsyncRead + Unpin, B: AsMut<[u8]>> FusedFuture for ReadExactOwned<R, B> {
        fn is_terminated(&self) -> bool {
            self.inner.is_terminated()
        }
    }

    impl<R, B> Unpin for ReadExactOwned<R, B> {}

    impl<R, B> std::fmt::Debug for ReadExactOwned<R, B> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            let filled = self.filled();
            self.inner
                .fmt_debug(f, "ReadExactOwned", &[("filled", &filled)])
        }
    }
}
