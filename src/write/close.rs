//! `flush_owned` and `shutdown_owned`: one call to the writer, retried on `Interrupted`, as
//! tokio's `flush` and `shutdown` make it.

use std::future::Future;
use std::io;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use crate::family::PollWrite;
use crate::owned::{not_interrupted, Operation, Owned};
use crate::{FlushOwned, ShutdownOwned, WriterError};

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
    /// The same `poll_flush` calls as tokio's borrowed
    /// [`flush`](https://docs.rs/tokio/1/tokio/io/trait.AsyncWriteExt.html#method.flush).
    ///
    /// # Errors
    ///
    /// A [`WriterError`] with the writer's error and the writer. `Interrupted` is retried.
    ///
    /// # Cancel safety
    ///
    /// [`into_parts`](FlushOwned::into_parts) hands the writer back; flushing it again later
    /// is fine.
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

    /// Shuts the writer down, and hands it back: for a socket, the peer sees the end of
    /// stream.
    ///
    /// Equivalent to:
    ///
    /// ```text
    /// async fn shutdown_owned(self) -> Result<Self, WriterError<Self>>;
    /// ```
    ///
    /// The same `poll_shutdown` calls as tokio's borrowed
    /// [`shutdown`](https://docs.rs/tokio/1/tokio/io/trait.AsyncWriteExt.html#method.shutdown).
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

/// The call a [`Close`] makes: a flush or a shutdown. Sealed, as the family traits are.
pub trait Closing {
    /// The name of the future, for `Debug` and the panic after completion.
    const FUTURE: &'static str;
    /// The method that makes it, for its errors.
    const METHOD: &'static str;
    /// A shutdown (futures-io's `poll_close`), not a flush.
    const SHUTDOWN: bool;
}

/// The flush of [`FlushOwned`].
#[derive(Debug)]
pub struct Flush;

/// The shutdown of [`ShutdownOwned`].
#[derive(Debug)]
pub struct Shutdown;

impl Closing for Flush {
    const FUTURE: &'static str = "FlushOwned";
    const METHOD: &'static str = "flush_owned";
    const SHUTDOWN: bool = false;
}

impl Closing for Shutdown {
    const FUTURE: &'static str = "ShutdownOwned";
    const METHOD: &'static str = "shutdown_owned";
    const SHUTDOWN: bool = true;
}

/// A flush or a shutdown, retried on `Interrupted`: all of `flush_owned`, `shutdown_owned`,
/// and a copy's last calls.
#[inline]
pub(crate) fn close<K: Closing, F: PollWrite<W>, W>(
    writer: &mut W,
    cx: &mut Context<'_>,
) -> Poll<io::Result<()>> {
    loop {
        let answer = if K::SHUTDOWN {
            ready!(F::poll_shutdown(writer, cx))
        } else {
            ready!(F::poll_flush(writer, cx))
        };
        if let Some(answer) = not_interrupted(answer) {
            return Poll::Ready(answer);
        }
    }
}

/// The operation of a [`FlushOwned`] or [`ShutdownOwned`] future: which call it makes, and
/// to which family.
#[derive(Debug)]
pub struct Close<F, K>(PhantomData<(F, K)>);

impl<F, K: Closing> Operation for Close<F, K> {
    const FUTURE: &'static str = K::FUTURE;
    const PROGRESS: Option<&'static str> = None;
}

impl<W, F, K> Owned<W, (), Close<F, K>> {
    /// Abandons the call and hands the writer back (there is no progress to keep); `None`
    /// once the future has completed.
    #[must_use = "the writer is dropped with the result"]
    pub fn into_parts(self) -> Option<W> {
        self.parts.into_inner().map(|(writer, ())| writer)
    }
}

impl<W, F: PollWrite<W>, K: Closing> Owned<W, (), Close<F, K>> {
    /// Makes the call again on a writer that [`into_parts`](Self::into_parts) or an error
    /// handed back.
    pub fn resume(writer: W) -> Self {
        Self::new(writer, (), 0, Close(PhantomData))
    }
}

impl<W, F: PollWrite<W>, K: Closing> Future for Owned<W, (), Close<F, K>> {
    type Output = Result<W, WriterError<W>>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let parts = &mut self.get_mut().parts;
        let handed = ready!(parts.poll(K::FUTURE, |writer, ()| close::<K, F, W>(writer, cx)));
        Poll::Ready(match handed {
            Ok((writer, (), ())) => Ok(writer),
            Err((error, writer, ())) => Err(WriterError::new(K::METHOD, error, writer)),
        })
    }
}
