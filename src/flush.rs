//! `flush_owned` and `shutdown_owned`: [`AsyncWriteOwnedExt`], [`FlushOwned`] and
//! [`ShutdownOwned`] for tokio writers, and the futures family's twins.
//!
//! A flush moves no bytes of the caller's, so there is no progress to count: the one loop runs
//! it as a call whose only answer is "zero bytes, done", which keeps the `Interrupted` retry
//! and the handing back of the writer where they are for every other operation.

use std::future::Future;
use std::io;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures_core::future::FusedFuture;
use tokio::io::AsyncWrite;

use crate::family::{PollWrite, Tokio};
use crate::progress::{Flow, Owned, Transfer};
use crate::WriterError;

/// Flushing and shutting down writers that own them, for every [`tokio::io::AsyncWrite`], so an
/// owned pipeline needs no borrowed call at its end.
pub trait AsyncWriteOwnedExt: AsyncWrite {
    /// Flushes the writer, owning it while it does, and hands it back.
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn flush_owned(self) -> Result<Self, WriterError<Self>>;
    /// ```
    ///
    /// The same `poll_flush` calls as tokio's borrowed
    /// [`flush`](https://docs.rs/tokio/1/tokio/io/trait.AsyncWriteExt.html#method.flush).
    ///
    /// # Errors
    ///
    /// A [`WriterError`] with the writer's error and the writer.
    /// [`Interrupted`](io::ErrorKind::Interrupted) is retried, never returned.
    ///
    /// # Cancel safety
    ///
    /// [`FlushOwned::into_parts`] hands the writer back; flushing it again later is fine.
    ///
    /// # Panics
    ///
    /// The future panics if polled again after it completed.
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

    /// Shuts the writer down, owning it while it does, and hands it back: for a socket, the
    /// peer sees the end of stream.
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn shutdown_owned(self) -> Result<Self, WriterError<Self>>;
    /// ```
    ///
    /// The same `poll_shutdown` calls as tokio's borrowed
    /// [`shutdown`](https://docs.rs/tokio/1/tokio/io/trait.AsyncWriteExt.html#method.shutdown).
    ///
    /// # Errors
    ///
    /// A [`WriterError`] with the writer's error and the writer.
    /// [`Interrupted`](io::ErrorKind::Interrupted) is retried, never returned.
    ///
    /// # Cancel safety
    ///
    /// [`ShutdownOwned::into_parts`] hands the writer back.
    ///
    /// # Panics
    ///
    /// The future panics if polled again after it completed.
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
    /// assert_eq!(end.filled(), 0); // a clean end of stream: shut down
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

impl<W: AsyncWrite + ?Sized> AsyncWriteOwnedExt for W {}

/// Future for the [`flush_owned`](AsyncWriteOwnedExt::flush_owned) method.
///
/// Resolves to `Ok(writer)` once flushed, or to a [`WriterError`] with the writer. It is
/// `Unpin`, and `Send`/`Sync` when the writer is.
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct FlushOwned<W> {
    inner: Owned<W, (), Close<Tokio>>,
}

impl<W> FlushOwned<W> {
    /// Abandons the flush and hands the writer back. A flush has no progress to keep.
    ///
    /// Returns `None` once the future has completed: its output already handed it back.
    #[must_use = "the writer is dropped with the result"]
    pub fn into_parts(self) -> Option<W> {
        self.inner.into_parts().map(|(writer, (), _)| writer)
    }

    /// The writer, while the flush is in flight; `None` once the future has completed.
    #[must_use]
    pub fn get_ref(&self) -> Option<&W> {
        self.inner.get_ref()
    }

    /// The writer, mutably, while the flush is in flight; `None` once the future has completed.
    #[must_use]
    pub fn get_mut(&mut self) -> Option<&mut W> {
        self.inner.get_mut()
    }

    /// Whether the future has completed (returned `Ready`); polling it again would panic.
    #[must_use]
    pub fn is_terminated(&self) -> bool {
        self.inner.is_terminated()
    }
}

impl<W: AsyncWrite + Unpin> FlushOwned<W> {
    /// Flushes a writer that [`into_parts`](Self::into_parts) or an error handed back: the same
    /// as [`flush_owned`](AsyncWriteOwnedExt::flush_owned) on it.
    pub fn resume(writer: W) -> Self {
        Self {
            inner: Owned::new(writer, (), Close::new(Closing::Flush)),
        }
    }
}

impl<W: AsyncWrite + Unpin> Future for FlushOwned<W> {
    type Output = Result<W, WriterError<W>>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let outcome = ready!(self.get_mut().inner.poll(cx, "FlushOwned"));
        Poll::Ready(match outcome {
            Ok((writer, (), _)) => Ok(writer),
            Err((error, writer, (), _)) => Err(WriterError::new(error, writer)),
        })
    }
}

impl<W: AsyncWrite + Unpin> FusedFuture for FlushOwned<W> {
    fn is_terminated(&self) -> bool {
        self.inner.is_terminated()
    }
}

// The state is plain data moved in and out by value: nothing is ever pinned in place.
impl<W> Unpin for FlushOwned<W> {}

impl<W> std::fmt::Debug for FlushOwned<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt_debug(f, "FlushOwned", &[])
    }
}

/// Future for the [`shutdown_owned`](AsyncWriteOwnedExt::shutdown_owned) method.
///
/// Resolves to `Ok(writer)` once shut down, or to a [`WriterError`] with the writer. It is
/// `Unpin`, and `Send`/`Sync` when the writer is.
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct ShutdownOwned<W> {
    inner: Owned<W, (), Close<Tokio>>,
}

impl<W> ShutdownOwned<W> {
    /// Abandons the shutdown and hands the writer back. A shutdown has no progress to keep.
    ///
    /// Returns `None` once the future has completed: its output already handed it back.
    #[must_use = "the writer is dropped with the result"]
    pub fn into_parts(self) -> Option<W> {
        self.inner.into_parts().map(|(writer, (), _)| writer)
    }

    /// The writer, while the shutdown is in flight; `None` once the future has completed.
    #[must_use]
    pub fn get_ref(&self) -> Option<&W> {
        self.inner.get_ref()
    }

    /// The writer, mutably, while the shutdown is in flight; `None` once the future has
    /// completed.
    #[must_use]
    pub fn get_mut(&mut self) -> Option<&mut W> {
        self.inner.get_mut()
    }

    /// Whether the future has completed (returned `Ready`); polling it again would panic.
    #[must_use]
    pub fn is_terminated(&self) -> bool {
        self.inner.is_terminated()
    }
}

impl<W: AsyncWrite + Unpin> ShutdownOwned<W> {
    /// Shuts down a writer that [`into_parts`](Self::into_parts) or an error handed back: the
    /// same as [`shutdown_owned`](AsyncWriteOwnedExt::shutdown_owned) on it.
    pub fn resume(writer: W) -> Self {
        Self {
            inner: Owned::new(writer, (), Close::new(Closing::Shutdown)),
        }
    }
}

impl<W: AsyncWrite + Unpin> Future for ShutdownOwned<W> {
    type Output = Result<W, WriterError<W>>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let outcome = ready!(self.get_mut().inner.poll(cx, "ShutdownOwned"));
        Poll::Ready(match outcome {
            Ok((writer, (), _)) => Ok(writer),
            Err((error, writer, (), _)) => Err(WriterError::new(error, writer)),
        })
    }
}

impl<W: AsyncWrite + Unpin> FusedFuture for ShutdownOwned<W> {
    fn is_terminated(&self) -> bool {
        self.inner.is_terminated()
    }
}

// The state is plain data moved in and out by value: nothing is ever pinned in place.
impl<W> Unpin for ShutdownOwned<W> {}

impl<W> std::fmt::Debug for ShutdownOwned<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt_debug(f, "ShutdownOwned", &[])
    }
}

/// Which call a [`Close`] makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Closing {
    Flush,
    Shutdown,
}

/// A flush or a shutdown, with a family's call: its one answer is "zero bytes, done".
#[derive(Clone, Copy, Debug)]
pub(crate) struct Close<F> {
    closing: Closing,
    family: PhantomData<F>,
}

impl<F> Close<F> {
    #[inline]
    pub(crate) fn new(closing: Closing) -> Self {
        Self {
            closing,
            family: PhantomData,
        }
    }
}

impl<F: PollWrite<W>, W> Transfer<W, ()> for Close<F> {
    type Rest<'a>
        = Closing
    where
        Self: 'a;

    #[inline]
    fn rest<'a>(&'a mut self, _: &'a mut ()) -> io::Result<Closing> {
        Ok(self.closing)
    }

    #[inline]
    fn is_done(_: &Closing) -> bool {
        false
    }

    #[inline]
    fn poll_once(
        writer: &mut W,
        closing: &mut Closing,
        cx: &mut Context<'_>,
    ) -> Poll<(usize, io::Result<usize>)> {
        let answer = ready!(match closing {
            Closing::Flush => F::poll_flush(writer, cx),
            Closing::Shutdown => F::poll_shutdown(writer, cx),
        });
        Poll::Ready((0, answer.map(|()| 0)))
    }

    #[inline]
    fn advance(_: &mut Closing, _: usize) -> io::Result<Flow> {
        unreachable!("a flush or a shutdown answers zero bytes or an error")
    }

    #[inline]
    fn at_zero(_: &mut Closing) -> io::Result<Flow> {
        Ok(Flow::Done)
    }
}

/// The futures family's `FlushOwned` and `ShutdownOwned`, re-exported by
/// [`crate::futures_family`].
#[cfg(feature = "futures-io")]
pub(crate) mod futures_family {
    use super::*;
    use crate::family::FuturesIo;
    use futures_io::AsyncWrite;

    /// Future for the [`flush_owned`](crate::futures_family::AsyncWriteOwnedExt::flush_owned)
    /// method of the futures family: the same as the tokio family's
    /// [`FlushOwned`](crate::FlushOwned), for [`futures_io::AsyncWrite`].
    #[must_use = "futures do nothing unless you `.await` or poll them"]
    pub struct FlushOwned<W> {
        inner: Owned<W, (), Close<FuturesIo>>,
    }

    impl<W> FlushOwned<W> {
        /// Abandons the flush and hands the writer back.
        ///
        /// Returns `None` once the future has completed: its output already handed it back.
        #[must_use = "the writer is dropped with the result"]
        pub fn into_parts(self) -> Option<W> {
            self.inner.into_parts().map(|(writer, (), _)| writer)
        }

        /// The writer, while the flush is in flight; `None` once the future has completed.
        #[must_use]
        pub fn get_ref(&self) -> Option<&W> {
            self.inner.get_ref()
        }

        /// The writer, mutably, while the flush is in flight; `None` once the future has
        /// completed.
        #[must_use]
        pub fn get_mut(&mut self) -> Option<&mut W> {
            self.inner.get_mut()
        }

        /// Whether the future has completed (returned `Ready`); polling it again would panic.
        #[must_use]
        pub fn is_terminated(&self) -> bool {
            self.inner.is_terminated()
        }
    }

    impl<W: AsyncWrite + Unpin> FlushOwned<W> {
        /// Flushes a writer that [`into_parts`](Self::into_parts) or an error handed back.
        pub fn resume(writer: W) -> Self {
            Self {
                inner: Owned::new(writer, (), Close::new(Closing::Flush)),
            }
        }
    }

    impl<W: AsyncWrite + Unpin> Future for FlushOwned<W> {
        type Output = Result<W, WriterError<W>>;

        #[inline]
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            let outcome = ready!(self.get_mut().inner.poll(cx, "FlushOwned"));
            Poll::Ready(match outcome {
                Ok((writer, (), _)) => Ok(writer),
                Err((error, writer, (), _)) => Err(WriterError::new(error, writer)),
            })
        }
    }

    impl<W: AsyncWrite + Unpin> FusedFuture for FlushOwned<W> {
        fn is_terminated(&self) -> bool {
            self.inner.is_terminated()
        }
    }

    impl<W> Unpin for FlushOwned<W> {}

    impl<W> std::fmt::Debug for FlushOwned<W> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            self.inner.fmt_debug(f, "FlushOwned", &[])
        }
    }

    /// Future for the
    /// [`shutdown_owned`](crate::futures_family::AsyncWriteOwnedExt::shutdown_owned) method of
    /// the futures family (futures-io's `poll_close`): the same as the tokio family's
    /// [`ShutdownOwned`](crate::ShutdownOwned), for [`futures_io::AsyncWrite`].
    #[must_use = "futures do nothing unless you `.await` or poll them"]
    pub struct ShutdownOwned<W> {
        inner: Owned<W, (), Close<FuturesIo>>,
    }

    impl<W> ShutdownOwned<W> {
        /// Abandons the shutdown and hands the writer back.
        ///
        /// Returns `None` once the future has completed: its output already handed it back.
        #[must_use = "the writer is dropped with the result"]
        pub fn into_parts(self) -> Option<W> {
            self.inner.into_parts().map(|(writer, (), _)| writer)
        }

        /// The writer, while the shutdown is in flight; `None` once the future has completed.
        #[must_use]
        pub fn get_ref(&self) -> Option<&W> {
            self.inner.get_ref()
        }

        /// The writer, mutably, while the shutdown is in flight; `None` once the future has
        /// completed.
        #[must_use]
        pub fn get_mut(&mut self) -> Option<&mut W> {
            self.inner.get_mut()
        }

        /// Whether the future has completed (returned `Ready`); polling it again would panic.
        #[must_use]
        pub fn is_terminated(&self) -> bool {
            self.inner.is_terminated()
        }
    }

    impl<W: AsyncWrite + Unpin> ShutdownOwned<W> {
        /// Shuts down a writer that [`into_parts`](Self::into_parts) or an error handed back.
        pub fn resume(writer: W) -> Self {
            Self {
                inner: Owned::new(writer, (), Close::new(Closing::Shutdown)),
            }
        }
    }

    impl<W: AsyncWrite + Unpin> Future for ShutdownOwned<W> {
        type Output = Result<W, WriterError<W>>;

        #[inline]
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            let outcome = ready!(self.get_mut().inner.poll(cx, "ShutdownOwned"));
            Poll::Ready(match outcome {
                Ok((writer, (), _)) => Ok(writer),
                Err((error, writer, (), _)) => Err(WriterError::new(error, writer)),
            })
        }
    }

    impl<W: AsyncWrite + Unpin> FusedFuture for ShutdownOwned<W> {
        fn is_terminated(&self) -> bool {
            self.inner.is_terminated()
        }
    }

    impl<W> Unpin for ShutdownOwned<W> {}

    impl<W> std::fmt::Debug for ShutdownOwned<W> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            self.inner.fmt_debug(f, "ShutdownOwned", &[])
        }
    }
}
