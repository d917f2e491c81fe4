//! `write_all_owned`: write a whole buffer, as tokio's `write_all` does.

use std::future::Future;
use std::io;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use crate::error::WriteAllError;
use crate::family::PollWrite;
use crate::owned::{counted, past_end, stalled, Operation, Owned, Written};

/// The method this future runs, as its errors name it.
const METHOD: &str = "write_all_owned";

/// The operation of a [`WriteAllOwned`](crate::WriteAllOwned) future.
#[derive(Debug)]
pub struct WriteAll<F>(PhantomData<F>);

impl<F> Operation for WriteAll<F> {
    const FUTURE: &'static str = "WriteAllOwned";
    // A write only reads its buffer and hands the writer to its calls by address: the parts
    // stay in place (moved out and back, they cost two more copies a call: a 4 KiB write in
    // one call took tokio's time, in place 0.75 of it).
    const MOVED_UP_TO: usize = 0;
}

impl<W, B: AsRef<[u8]>, F: PollWrite<W>> Owned<W, B, WriteAll<F>, Written> {
    /// Continues a write abandoned with [`into_parts`](Self::into_parts), or that failed,
    /// `progress` bytes of `buf` having been written already.
    ///
    /// ```
    /// use owned_io::{AsyncWriteAllExt, WriteAllOwned};
    /// use tokio::io::AsyncReadExt;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let (sock, mut peer) = tokio::io::duplex(4); // the pipe holds 4 bytes
    /// let mut write = sock.write_all_owned(*b"hello");
    /// let timeout = std::time::Duration::from_millis(10);
    /// assert!(tokio::time::timeout(timeout, &mut write).await.is_err());
    /// let (sock, buf, written) = write.into_parts().expect("still in flight");
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
    ///
    /// A `progress` past the end of the buffer is an
    /// [`InvalidInput`](io::ErrorKind::InvalidInput) error when polled, before anything else.
    /// `resume` has the `Future` impl's bounds, so a writer of the other family is a compile
    /// error:
    ///
    /// ```compile_fail
    /// use owned_io::WriteAllOwned;
    /// let futures_writer = futures::io::Cursor::new(vec![0u8; 4]); // not a tokio writer
    /// let _write = WriteAllOwned::resume(futures_writer, [0u8; 4], 0);
    /// ```
    pub fn resume(writer: W, buf: B, progress: usize) -> Self {
        Self::new(writer, buf, Written(progress), WriteAll(PhantomData))
    }
}

impl<W, B: AsRef<[u8]>, F: PollWrite<W>> Future for Owned<W, B, WriteAll<F>, Written> {
    type Output = Result<(W, B), WriteAllError<W, B>>;

    // Left to the compiler: forced inline, the loop of a writer that takes 64 bytes a call is
    // slower (benches/README.md).
    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.get_mut().poll_parts(
            #[inline(always)]
            |writer, buf, Written(written)| {
                let buf = buf.as_ref();
                let Some(mut unwritten) = buf.get(*written..) else {
                    return Poll::Ready(Err(past_end(written, buf.len())));
                };
                while !unwritten.is_empty() {
                    let offered = unwritten.len();
                    let Some(answer) =
                        counted(ready!(F::poll_write(writer, cx, unwritten)), offered)
                    else {
                        continue;
                    };
                    let n = answer?;
                    if n == 0 {
                        let error = stalled(io::ErrorKind::WriteZero, *written, offered);
                        return Poll::Ready(Err(error));
                    }
                    unwritten = &unwritten[n..];
                    *written += n;
                }
                Poll::Ready(Ok(()))
            },
            #[inline(always)]
            |result, writer, buf, written| match result {
                Ok(()) => Ok((writer, buf)),
                Err(cause) => Err(WriteAllError::new(METHOD, cause, (writer, buf), written)),
            },
        )
    }
}
