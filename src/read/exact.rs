//! `read_exact_owned`: fill a buffer, as tokio's `read_exact` does.

use std::future::Future;
use std::io;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use crate::error::ReadExactError;
#[cfg(feature = "futures-io")]
use crate::family::FuturesIo;
use crate::family::{PollRead, Tokio};
use crate::owned::{counted, past_end, stalled, Filled, Operation, Owned};

/// The method this future runs, as its errors name it.
const METHOD: &str = "read_exact_owned";

/// The operation of a [`ReadExactOwned`](crate::ReadExactOwned) future.
#[derive(Debug)]
pub struct ReadExact<F>(PhantomData<F>);

impl Operation for ReadExact<Tokio> {
    const FUTURE: &'static str = "ReadExactOwned";
    // tokio's `poll_read` takes the reader and a `ReadBuf` by address: parts over three words
    // (a `BufReader` by value) stay in the future, not loaded whole just after the caller
    // stored them field by field, which stalls (frame loop: 1.24 -> 1.07 of `FramedRead`);
    // a lent reader and slice still move into registers (8-byte read: 1.07 in place, 0.97).
    const MOVED_UP_TO: usize = 24;
}

#[cfg(feature = "futures-io")]
impl Operation for ReadExact<FuturesIo> {
    const FUTURE: &'static str = "ReadExactOwned";
    // Moved, a small reader and buffer stay in registers (8-byte read in place: 2.7x slower).
}

impl<R, B: AsMut<[u8]>, F: PollRead<R>> Owned<R, B, ReadExact<F>, Filled> {
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
        Self::new(reader, buf, Filled(progress), ReadExact(PhantomData))
    }
}

impl<R, B: AsMut<[u8]>, F: PollRead<R>> Future for Owned<R, B, ReadExact<F>, Filled>
where
    ReadExact<F>: Operation,
{
    type Output = Result<(R, B), ReadExactError<R, B>>;

    // Always inlined, as tokio's borrowed futures are into the caller's loop: left out of line,
    // the parts and the output go through memory on every call.
    #[inline(always)]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.get_mut().poll_parts(
            #[inline(always)]
            |reader, buf, Filled(filled)| {
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
            #[inline(always)]
            |result, reader, buf, filled| match result {
                Ok(()) => Ok((reader, buf)),
                Err(cause) => Err(ReadExactError::new(METHOD, cause, (reader, buf), filled)),
            },
        )
    }
}
