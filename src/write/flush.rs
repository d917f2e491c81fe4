//! `flush_owned`: one flush, retried on `Interrupted`.

use std::future::Future;
use std::io;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::error::WriterError;
use crate::family::PollWrite;
use crate::owned::{Operation, Owned};
use crate::write::{poll_close, Closing};

/// The operation of a [`FlushOwned`](crate::FlushOwned) future.
#[derive(Debug)]
pub struct Flush<F>(PhantomData<F>);

impl<F> Operation for Flush<F> {
    const FUTURE: &'static str = "FlushOwned";
}

impl<W, F: PollWrite<W>> Closing<W> for Flush<F> {
    const METHOD: &'static str = "flush_owned";

    #[inline]
    fn poll_call(writer: &mut W, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        F::poll_flush(writer, cx)
    }
}

impl<W, F: PollWrite<W>> Owned<W, (), Flush<F>, ()> {
    /// Flushes again a writer that [`into_parts`](Self::into_parts) or an error handed back.
    pub fn resume(writer: W) -> Self {
        Self::new(writer, (), (), Flush(PhantomData))
    }
}

impl<W, F: PollWrite<W>> Future for Owned<W, (), Flush<F>, ()> {
    type Output = Result<W, WriterError<W>>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        poll_close(self.get_mut(), cx)
    }
}
