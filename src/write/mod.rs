//! The writes: all of a buffer ([`all`]), all of a `bytes::Buf` ([`all_buf`]), a flush
//! ([`flush`]) and a shutdown ([`shutdown`]), which share [`close`].

pub(crate) mod all;
#[cfg(feature = "bytes")]
pub(crate) mod all_buf;
pub(crate) mod flush;
pub(crate) mod shutdown;

use std::io;
use std::task::{ready, Context, Poll};

use crate::error::{Cause, WriterError};
use crate::owned::{not_interrupted, Operation, Owned};

pub(crate) use flush::Flush;
pub(crate) use shutdown::Shutdown;

/// The one call of a flush or a shutdown. Sealed.
pub(crate) trait Closing<W>: Operation {
    /// The method, for its errors.
    const METHOD: &'static str;

    /// Makes the call once.
    fn poll_call(writer: &mut W, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

/// A flush or a shutdown, retried on `Interrupted` (tokio's `flush` and `shutdown` hand
/// `Interrupted` back; here it is never returned): all of `flush_owned`, `shutdown_owned`,
/// and a copy's last calls.
#[inline]
pub(crate) fn close<K: Closing<W>, W>(
    writer: &mut W,
    cx: &mut Context<'_>,
) -> Poll<io::Result<()>> {
    loop {
        if let Some(answer) = not_interrupted(ready!(K::poll_call(writer, cx))) {
            return Poll::Ready(answer);
        }
    }
}

/// The `poll` of [`FlushOwned`](crate::FlushOwned) and [`ShutdownOwned`](crate::ShutdownOwned):
/// one [`close`], the writer handed back either way.
#[inline]
pub(crate) fn poll_close<W, K: Closing<W>>(
    future: &mut Owned<W, (), K, ()>,
    cx: &mut Context<'_>,
) -> Poll<Result<W, WriterError<W>>> {
    future.poll_parts(
        |writer, (), ()| close::<K, W>(writer, cx).map_err(Cause::Io),
        |result, writer, (), ()| match result {
            Ok(()) => Ok(writer),
            Err(cause) => Err(WriterError::new(K::METHOD, cause, (writer,), ())),
        },
    )
}
