//! `shutdown_owned`: one shutdown (futures-io's `poll_close`), retried on `Interrupted`.

use std::future::Future;
use std::io;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::error::WriterError;
use crate::family::PollWrite;
use crate::owned::{Operation, Owned};
use crate::write::{poll_close, Closing};

/// The operation of a [`ShutdownOwned`](crate::ShutdownOwned) future.
#[derive(Debug)]
pub struct Shutdown<F>(PhantomData<F>);

impl<F> Operation for Shutdown<F> {
    const FUTURE: &'static str = "ShutdownOwned";
}

impl<W, F: PollWrite<W>> Closing<W> for Shutdown<F> {
    const METHOD: &'static str = "shutdown_owned";

    #[inline]
    fn poll_call(writer: &mut W, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        F::poll_shutdown(writer, cx)
    }
}

impl<W, F: PollWrite<W>> Owned<W, (), Shutdown<F>, ()> {
    /// Shuts down again a writer that [`into_parts`](Self::into_parts) or an error handed
    /// back.
    pub fn resume(writer: W) -> Self {
        Self::new(writer, (), (), Shutdown(PhantomData))
    }
}

impl<W, F: PollWrite<W>> Future for Owned<W, (), Shutdown<F>, ()> {
    type Output = Result<W, WriterError<W>>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        poll_close(self.get_mut(), cx)
    }
}
