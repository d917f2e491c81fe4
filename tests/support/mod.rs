//! Scripted I/O objects and a small executor for the tests.
//!
//! Each test file uses a different part of this module.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// What a scripted I/O object does on one call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Reader: up to this many bytes of its stream; what does not fit stays for the next call.
    /// Writer: accepts up to this many bytes.
    Bytes(usize),
    /// Wakes the task at once and returns `Pending`.
    Pending,
    /// Fails with this kind.
    Fail(io::ErrorKind),
    /// Reader: end of stream. Writer: accepts 0 bytes.
    Zero,
    /// Reports `offered + n` bytes. A tokio reader does it by filling a `ReadBuf` of its own, so
    /// `Lie(0)` is a reader that fills the right number of bytes in the wrong place; a writer
    /// reports at least one byte more than offered.
    Lie(usize),
}

/// A script that first moves `k` bytes, then takes `then` (no step at all for 0: a 0-byte answer
/// is an end of stream or a zero write).
pub fn first(k: usize, then: impl IntoIterator<Item = Step>) -> Vec<Step> {
    (k > 0)
        .then_some(Step::Bytes(k))
        .into_iter()
        .chain(then)
        .collect()
}

/// The output and poll count of a future that must have succeeded.
pub fn ok<T, E: std::fmt::Debug>((out, polls): (Result<T, E>, usize)) -> (T, usize) {
    (out.expect("the operation succeeds"), polls)
}

/// The byte at `pos` of every scripted reader's stream.
pub fn stream_byte(pos: usize) -> u8 {
    (pos.wrapping_mul(131).wrapping_add(7) % 251) as u8
}

/// The first `len` bytes of every scripted reader's stream.
pub fn stream(len: usize) -> Vec<u8> {
    (0..len).map(stream_byte).collect()
}

/// A tokio reader that follows a script, then reports end of stream.
#[derive(Debug, Default)]
pub struct ScriptedReader {
    steps: VecDeque<Step>,
    pos: usize,
    /// `poll_read` calls so far.
    pub calls: usize,
    /// Per call, how many bytes it was offered.
    pub offers: Vec<usize>,
    /// Per call, how many bytes had been handed out before it.
    pub delivered_before: Vec<usize>,
    /// Per tokio call, how many of the offered bytes were already initialised (zeroed) by the
    /// caller: 0 for a read into uninitialised spare capacity.
    pub initialized: Vec<usize>,
}

impl ScriptedReader {
    pub fn new(steps: impl IntoIterator<Item = Step>) -> Self {
        Self {
            steps: steps.into_iter().collect(),
            ..Self::default()
        }
    }

    /// Bytes handed out so far.
    pub fn delivered(&self) -> usize {
        self.pos
    }

    /// Steps not yet taken.
    pub fn left(&self) -> usize {
        self.steps.len()
    }
}

/// What a scripted reader does on one call, whichever family's call it is.
enum ReadAnswer {
    Bytes(Vec<u8>),
    Pending,
    Fail(io::ErrorKind),
    /// Claims `room + extra` bytes.
    Lie(usize),
}

impl ScriptedReader {
    fn answer(&mut self, cx: &mut Context<'_>, room: usize) -> ReadAnswer {
        self.calls += 1;
        self.offers.push(room);
        self.delivered_before.push(self.pos);
        match self.steps.pop_front().unwrap_or(Step::Zero) {
            Step::Bytes(n) => {
                let given = n.min(room);
                if given < n {
                    self.steps.push_front(Step::Bytes(n - given));
                }
                let bytes = (self.pos..self.pos + given).map(stream_byte).collect();
                self.pos += given;
                ReadAnswer::Bytes(bytes)
            }
            Step::Pending => {
                cx.waker().wake_by_ref();
                ReadAnswer::Pending
            }
            Step::Fail(kind) => ReadAnswer::Fail(kind),
            Step::Zero => ReadAnswer::Bytes(Vec::new()),
            Step::Lie(extra) => ReadAnswer::Lie(extra),
        }
    }
}

fn scripted_failure(kind: io::ErrorKind) -> io::Error {
    io::Error::new(kind, "scripted failure")
}

impl AsyncRead for ScriptedReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let initialized = buf.initialized().len() - buf.filled().len();
        self.initialized.push(initialized);
        match self.answer(cx, buf.remaining()) {
            ReadAnswer::Bytes(bytes) => buf.put_slice(&bytes),
            ReadAnswer::Pending => return Poll::Pending,
            ReadAnswer::Fail(kind) => return Poll::Ready(Err(scripted_failure(kind))),
            ReadAnswer::Lie(extra) => {
                let claimed = buf.remaining() + extra;
                let elsewhere: &'static mut [u8] = Box::leak(vec![0; claimed].into_boxed_slice());
                let mut fake = ReadBuf::new(elsewhere);
                fake.advance(claimed);
                *buf = fake;
            }
        }
        Poll::Ready(Ok(()))
    }
}

/// The futures-io face of the same script: a lie claims at least one byte more than offered.
#[cfg(feature = "futures-io")]
impl futures::io::AsyncRead for ScriptedReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        Poll::Ready(match self.answer(cx, buf.len()) {
            ReadAnswer::Bytes(bytes) => {
                buf[..bytes.len()].copy_from_slice(&bytes);
                Ok(bytes.len())
            }
            ReadAnswer::Pending => return Poll::Pending,
            ReadAnswer::Fail(kind) => Err(scripted_failure(kind)),
            ReadAnswer::Lie(extra) => Ok(buf.len() + extra.max(1)),
        })
    }
}

/// A tokio writer that follows a script, then accepts everything.
#[derive(Debug, Default)]
pub struct ScriptedWriter {
    steps: VecDeque<Step>,
    /// Whether it says `is_write_vectored()` and takes every slice of a vectored write.
    pub vectored: bool,
    /// The bytes accepted so far.
    pub written: Vec<u8>,
    /// `poll_write` and `poll_write_vectored` calls so far.
    pub calls: usize,
    /// Per call: whether it was vectored, and the lengths of the slices offered.
    pub offers: Vec<(bool, Vec<usize>)>,
    /// `poll_flush` and `poll_shutdown` (`poll_close`) calls so far.
    pub flushes: usize,
    pub shutdowns: usize,
}

impl ScriptedWriter {
    pub fn new(steps: impl IntoIterator<Item = Step>) -> Self {
        Self {
            steps: steps.into_iter().collect(),
            ..Self::default()
        }
    }

    pub fn vectored(steps: impl IntoIterator<Item = Step>) -> Self {
        Self {
            vectored: true,
            ..Self::new(steps)
        }
    }

    /// Steps not yet taken.
    pub fn left(&self) -> usize {
        self.steps.len()
    }

    /// What a copy through this writer has accounted for: the bytes it took, then `pending`,
    /// the bytes read into the copy's buffer and not yet written. Nothing was lost and nothing
    /// written twice when that is exactly what the reader delivered.
    pub fn written_then(&self, pending: &[u8]) -> Vec<u8> {
        let mut all = self.written.clone();
        all.extend_from_slice(pending);
        all
    }

    fn answer(
        &mut self,
        cx: &mut Context<'_>,
        vectored: bool,
        slices: &[&[u8]],
    ) -> Poll<io::Result<usize>> {
        self.calls += 1;
        self.offers
            .push((vectored, slices.iter().map(|s| s.len()).collect()));
        let offered: usize = slices.iter().map(|s| s.len()).sum();
        match self.steps.pop_front().unwrap_or(Step::Bytes(usize::MAX)) {
            Step::Bytes(n) => {
                let n = n.min(offered);
                let mut left = n;
                for slice in slices {
                    let take = left.min(slice.len());
                    self.written.extend_from_slice(&slice[..take]);
                    left -= take;
                }
                Poll::Ready(Ok(n))
            }
            Step::Pending => {
                cx.waker().wake_by_ref();
                Poll::Pending
            }
            Step::Fail(kind) => Poll::Ready(Err(scripted_failure(kind))),
            Step::Zero => Poll::Ready(Ok(0)),
            Step::Lie(extra) => Poll::Ready(Ok(offered + extra.max(1))),
        }
    }
}

impl AsyncWrite for ScriptedWriter {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.answer(cx, false, &[buf])
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        assert!(
            self.vectored,
            "a vectored write to a writer that is not vectored"
        );
        let slices: Vec<&[u8]> = bufs.iter().map(|s| &**s).collect();
        self.answer(cx, true, &slices)
    }

    fn is_write_vectored(&self) -> bool {
        self.vectored
    }

    fn poll_flush(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.flushes += 1;
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.shutdowns += 1;
        Poll::Ready(Ok(()))
    }
}

/// The futures-io face of the same script. futures-io has no `is_write_vectored`: a writer
/// that is not `vectored` takes the first non-empty slice of a vectored write, as futures-io's
/// default `poll_write_vectored` does.
#[cfg(feature = "futures-io")]
impl futures::io::AsyncWrite for ScriptedWriter {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.answer(cx, false, &[buf])
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        if self.vectored {
            let slices: Vec<&[u8]> = bufs.iter().map(|s| &**s).collect();
            self.answer(cx, true, &slices)
        } else {
            let first = bufs
                .iter()
                .find(|s| !s.is_empty())
                .map_or(&[][..], |s| &**s);
            self.answer(cx, false, &[first])
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.flushes += 1;
        Poll::Ready(Ok(()))
    }

    fn poll_close(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.shutdowns += 1;
        Poll::Ready(Ok(()))
    }
}

/// Polls `fut` until it is ready; returns its output and how many polls that took.
///
/// Scripted I/O objects wake at once when they return `Pending`, so a noop waker is enough.
/// Panics if the future is not ready after many polls: a script never has that many steps.
pub fn drive<F: Future + Unpin>(fut: &mut F) -> (F::Output, usize) {
    let waker = noop_waker();
    let mut cx = Context::from_waker(&waker);
    for polls in 1..=100_000 {
        if let Poll::Ready(out) = Pin::new(&mut *fut).poll(&mut cx) {
            return (out, polls);
        }
    }
    panic!("future not ready after 100000 polls");
}

/// Polls `fut` once.
pub fn poll_once<F: Future + Unpin>(fut: &mut F) -> Poll<F::Output> {
    Pin::new(fut).poll(&mut Context::from_waker(&noop_waker()))
}

struct Noop;

impl Wake for Noop {
    fn wake(self: Arc<Self>) {}
}

pub fn noop_waker() -> Waker {
    Waker::from(Arc::new(Noop))
}

/// A `bytes::Buf` made of many separate chunks, so that a vectored write sees one slice each.
#[cfg(feature = "bytes")]
#[derive(Clone, Debug, Default)]
pub struct Pieces(VecDeque<bytes::Bytes>);

#[cfg(feature = "bytes")]
impl Pieces {
    /// Consecutive pieces of [`stream`] with these lengths; empty ones are left out.
    pub fn new(lengths: &[usize]) -> Self {
        let mut at = 0;
        let mut pieces = VecDeque::new();
        for &len in lengths.iter().filter(|&&len| len > 0) {
            pieces.push_back(bytes::Bytes::from(
                (at..at + len).map(stream_byte).collect::<Vec<u8>>(),
            ));
            at += len;
        }
        Self(pieces)
    }
}

#[cfg(feature = "bytes")]
impl bytes::Buf for Pieces {
    fn remaining(&self) -> usize {
        self.0.iter().map(|piece| piece.len()).sum()
    }

    fn chunk(&self) -> &[u8] {
        self.0.front().map_or(&[], |piece| piece)
    }

    fn chunks_vectored<'a>(&'a self, dst: &mut [io::IoSlice<'a>]) -> usize {
        let mut n = 0;
        for (slot, piece) in dst.iter_mut().zip(&self.0) {
            *slot = io::IoSlice::new(piece);
            n += 1;
        }
        n
    }

    fn advance(&mut self, mut cnt: usize) {
        while cnt > 0 {
            let front = self.0.front_mut().expect("advance past the end");
            if cnt < front.len() {
                bytes::Buf::advance(front, cnt);
                return;
            }
            cnt -= front.len();
            self.0.pop_front();
        }
    }
}

/// A script that delivers `len` bytes in chunks of up to `chunk`, then ends.
pub fn chunks(len: usize, chunk: usize) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut left = len;
    while left > 0 {
        let n = left.min(chunk);
        steps.push(Step::Bytes(n));
        left -= n;
    }
    steps
}

/// A reader whose stream never ends and holds no newline, handing out all it is offered.
#[derive(Debug, Default)]
pub struct Endless {
    /// Bytes handed out so far.
    pub delivered: usize,
}

static XS: [u8; 1 << 16] = [b'x'; 1 << 16];

impl AsyncRead for Endless {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let n = buf.remaining().min(XS.len());
        buf.put_slice(&XS[..n]);
        self.delivered += n;
        Poll::Ready(Ok(()))
    }
}

#[cfg(feature = "futures-io")]
impl futures::io::AsyncRead for Endless {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        let n = buf.len().min(XS.len());
        buf[..n].copy_from_slice(&XS[..n]);
        self.delivered += n;
        Poll::Ready(Ok(n))
    }
}
