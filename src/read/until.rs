//! `read_until_owned`: append through a delimiter, within a limit, as tokio's `read_until`
//! does without one. `read_line_owned` runs the same loop.

use std::borrow::BorrowMut;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use crate::error::{Cause, ReadError};
use crate::family::PollBufRead;
use crate::owned::{not_interrupted, past_end, Filled, Operation, Owned};
use crate::read::{appended, reserve_within};

/// The method this future runs, as its errors name it.
const METHOD: &str = "read_until_owned";

/// The operation of a [`ReadUntilOwned`](crate::ReadUntilOwned) future: the delimiter and the
/// limit.
#[derive(Debug)]
pub struct ReadUntil<F> {
    delim: u8,
    limit: usize,
    family: PhantomData<F>,
}

impl<F> ReadUntil<F> {
    #[inline]
    pub(crate) fn new(delim: u8, limit: usize) -> Self {
        let family = PhantomData;
        Self {
            delim,
            limit,
            family,
        }
    }
}

impl<F> Operation for ReadUntil<F> {
    const FUTURE: &'static str = "ReadUntilOwned";
    // Only two references are moved out for the poll: a line loop over a `BufReader` passed
    // by value keeps its parts in place (no wide copy out of the future and back per line).
    const MOVED_UP_TO: usize = 16;
}

impl<R, B, F> Owned<R, B, ReadUntil<F>, Filled> {
    /// The delimiter.
    #[must_use]
    pub fn delim(&self) -> u8 {
        self.op.delim
    }

    /// The limit: at most this many bytes are appended, the delimiter included.
    #[must_use]
    pub fn limit(&self) -> usize {
        self.op.limit
    }
}

impl<R, B: BorrowMut<Vec<u8>>, F: PollBufRead<R>> Owned<R, B, ReadUntil<F>, Filled> {
    /// Continues a read abandoned with [`into_parts`](Self::into_parts), or that failed: the
    /// last `progress` bytes of `buf` are the part of the line read so far, and count toward
    /// `limit`.
    ///
    /// ```
    /// use owned_io::{AsyncBufReadOwnedExt, ReadUntilOwned};
    /// use tokio::io::{AsyncWriteExt, BufReader};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let (mut peer, sock) = tokio::io::duplex(64);
    /// peer.write_all(b"half a li").await?;
    /// let mut read = BufReader::new(sock).read_until_owned(b'\n', Vec::new(), 1024);
    /// let timeout = std::time::Duration::from_millis(10);
    /// assert!(tokio::time::timeout(timeout, &mut read).await.is_err());
    /// let (sock, buf, filled) = read.into_parts().expect("still in flight");
    /// assert_eq!(&buf[..filled], b"half a li");
    ///
    /// peer.write_all(b"ne\nnext").await?;
    /// let (_sock, line, n) = ReadUntilOwned::resume(sock, buf, filled, b'\n', 1024).await?;
    /// assert_eq!((&line[..], n), (&b"half a line\n"[..], 12));
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// A `progress` larger than the buffer is an
    /// [`InvalidInput`](std::io::ErrorKind::InvalidInput) error when polled, before anything else.
    pub fn resume(reader: R, buf: B, progress: usize, delim: u8, limit: usize) -> Self {
        Self::new(reader, buf, Filled(progress), ReadUntil::new(delim, limit))
    }
}

impl<R, B: BorrowMut<Vec<u8>>, F: PollBufRead<R>> Future for Owned<R, B, ReadUntil<F>, Filled> {
    type Output = Result<(R, B, usize), ReadError<R, B>>;

    // Always inlined, as tokio's `read_until` is into the caller: left out of line, the parts
    // and the output go through memory on every line.
    #[inline(always)]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let (delim, limit) = (self.op.delim, self.op.limit);
        self.get_mut().poll_parts(
            #[inline(always)]
            |reader, buf, Filled(filled)| {
                read_until::<F, R>(reader, cx, buf.borrow_mut(), delim, limit, filled)
            },
            appended(METHOD),
        )
    }
}

/// The loop of `read_until_owned` and `read_line_owned`: appends what the reader has
/// buffered, through `delim`, until it is found, the stream ends, or `limit` bytes came
/// without it and the stream goes on.
#[inline(always)]
pub(crate) fn read_until<F: PollBufRead<R>, R>(
    reader: &mut R,
    cx: &mut Context<'_>,
    vec: &mut Vec<u8>,
    delim: u8,
    limit: usize,
    filled: &mut usize,
) -> Poll<Result<(), Cause>> {
    if *filled > vec.len() {
        return Poll::Ready(Err(past_end(filled, vec.len())));
    }
    if *filled > limit {
        return Poll::Ready(Err(too_long(delim, limit, *filled)));
    }
    loop {
        let Some(available) = not_interrupted(ready!(F::poll_fill_buf(reader, cx))) else {
            continue;
        };
        let available = available?;
        if available.is_empty() {
            return Poll::Ready(Ok(())); // end of stream
        }
        let left = limit - *filled;
        if left == 0 {
            // `limit` bytes without the delimiter, and the line goes on: its rest stays in
            // the reader.
            return Poll::Ready(Err(too_long(delim, limit, *filled)));
        }
        let window = &available[..available.len().min(left)];
        let (taken, found) = match find(delim, window) {
            Some(at) => (&window[..=at], true),
            None => (window, false),
        };
        // Grow as `extend_from_slice` does (doubling), never past what `left` bytes need.
        reserve_within(vec, taken.len(), taken.len(), left);
        vec.extend_from_slice(taken);
        let used = taken.len();
        F::consume(reader, used);
        *filled += used;
        if found {
            return Poll::Ready(Ok(()));
        }
    }
}

/// Where `delim` first occurs in `window`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn find(delim: u8, window: &[u8]) -> Option<usize> {
    // SSE2 is part of x86_64: the searcher is made without a runtime check and inlined here,
    // where `memchr::memchr` calls through a function pointer chosen at run time (11 more
    // instructions a line). memchr's AVX2 searcher, detected at run time, was slower here.
    match memchr::arch::x86_64::sse2::memchr::One::new(delim) {
        Some(one) => one.find(window),
        None => memchr::memchr(delim, window),
    }
}

#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn find(delim: u8, window: &[u8]) -> Option<usize> {
    memchr::memchr(delim, window)
}

#[cold]
fn too_long(delim: u8, limit: usize, filled: usize) -> Cause {
    let delim = char::from(delim).escape_default();
    Cause::over_limit(format!(
        "no '{delim}' within the limit of {limit} bytes ({filled} bytes read)"
    ))
}
