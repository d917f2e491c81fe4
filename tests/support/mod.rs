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

impl AsyncRead for ScriptedReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.calls += 1;
        match self.steps.pop_front().unwrap_or(Step::Zero) {
            Step::Bytes(n) => {
                let given = n.min(buf.remaining());
                if given < n {
                    self.steps.push_front(Step::Bytes(n - given));
                }
                let bytes: Vec<u8> = (self.pos..self.pos + given).map(stream_byte).collect();
                buf.put_slice(&bytes);
                self.pos += given;
                Poll::Ready(Ok(()))
            }
            Step::Pending => {
                cx.waker().wake_by_ref();
                Poll::Pending
            }
            Step::Fail(kind) => Poll::Ready(Err(io::Error::new(kind, "scripted failure"))),
            Step::Zero => Poll::Ready(Ok(())),
            Step::Lie(extra) => {
                let claimed = buf.remaining() + extra;
                let elsewhere: &'static mut [u8] = Box::leak(vec![0; claimed].into_boxed_slice());
                let mut fake = ReadBuf::new(elsewhere);
                fake.advance(claimed);
                *buf = fake;
                Poll::Ready(Ok(()))
            }
        }
    }
}

/// A tokio writer that follows a script, then accepts everything.
#[derive(Debug, Default)]
pub struct ScriptedWriter {
    steps: VecDeque<Step>,
    /// The bytes accepted so far.
    pub written: Vec<u8>,
    /// `poll_write` calls so far.
    pub calls: usize,
}

impl ScriptedWriter {
    pub fn new(steps: impl IntoIterator<Item = Step>) -> Self {
        Self {
            steps: steps.into_iter().collect(),
            ..Self::default()
        }
    }

    /// Steps not yet taken.
    pub fn left(&self) -> usize {
        self.steps.len()
    }
}

impl AsyncWrite for ScriptedWriter {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.calls += 1;
        match self.steps.pop_front().unwrap_or(Step::Bytes(usize::MAX)) {
            Step::Bytes(n) => {
                let n = n.min(buf.len());
                self.written.extend_from_slice(&buf[..n]);
                Poll::Ready(Ok(n))
            }
            Step::Pending => {
                cx.waker().wake_by_ref();
                Poll::Pending
            }
            Step::Fail(kind) => Poll::Ready(Err(io::Error::new(kind, "scripted failure"))),
            Step::Zero => Poll::Ready(Ok(0)),
            Step::Lie(extra) => Poll::Ready(Ok(buf.len() + extra.max(1))),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
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
