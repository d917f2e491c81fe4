//! `read_line_owned`: `read_until_owned`'s loop with `b'\n'`, the bytes checked as UTF-8 once
//! the line is whole.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::error::{Appended, Cause, ReadError};
use crate::family::PollBufRead;
use crate::owned::{Filled, Operation, Owned};
use crate::read::until::read_until;

/// The method this future runs, as its errors name it.
const METHOD: &str = "read_line_owned";

/// The operation of a [`ReadLineOwned`](crate::ReadLineOwned) future: the limit.
#[derive(Debug)]
pub struct ReadLine<F> {
    limit: usize,
    family: PhantomData<F>,
}

impl<F> Operation for ReadLine<F> {
    const FUTURE: &'static str = "ReadLineOwned";
    // Moved out as `read_until_owned`'s parts are: see there.
    const MOVED_UP_TO: usize = 16;
}

impl<R, F> Owned<R, Vec<u8>, ReadLine<F>, Filled> {
    /// The limit: at most this many bytes are appended, the `\n` included.
    #[must_use]
    pub fn limit(&self) -> usize {
        self.op.limit
    }
}

impl<R, F: PollBufRead<R>> Owned<R, Vec<u8>, ReadLine<F>, Filled> {
    /// Continues a read abandoned with [`into_parts`](Self::into_parts), or that failed: the
    /// last `progress` bytes of `buf` are the part of the line read so far, and count toward
    /// `limit`. The whole buffer must be UTF-8 once the line is complete.
    ///
    /// ```
    /// use owned_io::{AsyncBufReadOwnedExt, ReadLineOwned};
    /// use tokio::io::{AsyncWriteExt, BufReader};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let (mut peer, sock) = tokio::io::duplex(64);
    /// peer.write_all(b"caf\xc3").await?; // the first byte of a two-byte character
    /// let mut read = BufReader::new(sock).read_line_owned(String::new(), 1024);
    /// let timeout = std::time::Duration::from_millis(10);
    /// assert!(tokio::time::timeout(timeout, &mut read).await.is_err());
    /// let (sock, bytes, filled) = read.into_parts().expect("still in flight");
    /// assert_eq!((&bytes[..], filled), (&b"caf\xc3"[..], 4));
    ///
    /// peer.write_all(b"\xa9\n").await?;
    /// let (_sock, line, n) = ReadLineOwned::resume(sock, bytes, filled, 1024).await?;
    /// assert_eq!((line.as_str(), n), ("café\n", 6));
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// A `progress` larger than the buffer is an
    /// [`InvalidInput`](std::io::ErrorKind::InvalidInput) error when polled, before anything else.
    pub fn resume(reader: R, buf: Vec<u8>, progress: usize, limit: usize) -> Self {
        let family = PhantomData;
        Self::new(reader, buf, Filled(progress), ReadLine { limit, family })
    }
}

impl<R, F: PollBufRead<R>> Future for Owned<R, Vec<u8>, ReadLine<F>, Filled> {
    type Output = Result<(R, String, usize), ReadError<R, Vec<u8>>>;

    // Always inlined, as tokio's borrowed futures are into the caller's loop: left out of line,
    // the parts and the output go through memory on every call.
    #[inline(always)]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let limit = self.op.limit;
        self.get_mut().poll_parts(
            #[inline(always)]
            |reader, vec, Filled(filled)| read_until::<F, R>(reader, cx, vec, b'\n', limit, filled),
            #[inline(always)]
            |result, reader, bytes, Filled(filled)| {
                let (cause, bytes) = match result {
                    Ok(()) => match String::from_utf8(bytes) {
                        Ok(line) => return Ok((reader, line, filled)),
                        Err(invalid) => {
                            (Cause::not_utf8(invalid.utf8_error()), invalid.into_bytes())
                        }
                    },
                    Err(cause) => (cause, bytes),
                };
                Err(ReadError::new(
                    METHOD,
                    cause,
                    (reader, bytes),
                    Appended(filled),
                ))
            },
        )
    }
}
