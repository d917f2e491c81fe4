//! A length-prefixed frame `Stream` and `Sink` over any tokio `AsyncRead` / `AsyncWrite`,
//! written as hand-written state machines whose states hold the named owned futures: no `Box`,
//! no `async` block, no unsafe.
//!
//! A frame is a 4-byte big-endian length and that many bytes. The reader rejects a frame longer
//! than its maximum with `InvalidData` and hands the reader back; a clean close at a frame
//! boundary ends the stream; a close inside a frame is an `UnexpectedEof` error that says how
//! many bytes of the frame arrived.
//!
//! Run with `cargo run --example framed`.

use std::future::Future;
use std::io::{self, Cursor};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::buf::Chain;
use bytes::Buf;
use futures::{Sink, SinkExt, Stream, StreamExt};
use owned_io::{
    AsyncReadExactExt, AsyncWriteAllExt, ReadExactError, ReadExactOwned, WriteAllBufOwned,
};
use tokio::io::{AsyncRead, AsyncWrite};

/// The frames of a reader, as a `Stream` of `io::Result<Vec<u8>>`.
pub struct FrameReader<R> {
    state: ReadState<R>,
    max: usize,
}

enum ReadState<R> {
    /// Between frames: nothing is read until the stream is polled.
    Idle(R),
    Header(ReadExactOwned<R, [u8; 4]>),
    Body(ReadExactOwned<R, Vec<u8>>),
    /// Ended by a clean close or an error; the reader, where one was handed back.
    Stopped(Option<R>),
}

impl<R: AsyncRead + Unpin> FrameReader<R> {
    /// Frames of at most `max` bytes.
    pub fn new(reader: R, max: usize) -> Self {
        Self {
            state: ReadState::Idle(reader),
            max,
        }
    }

    /// The reader back, when no frame is half read: between frames, before the first byte of
    /// a header, or after the stream stopped with the reader handed back (a frame over the
    /// maximum, say, whose header was read and whose body was not).
    pub fn into_inner(self) -> Option<R> {
        match self.state {
            ReadState::Idle(reader) | ReadState::Stopped(Some(reader)) => Some(reader),
            ReadState::Header(read) if read.filled() == 0 => read.into_parts().map(|(r, _, _)| r),
            _ => None,
        }
    }

    fn stop(&mut self, reader: Option<R>, error: io::Error) -> Poll<Option<io::Result<Vec<u8>>>> {
        self.state = ReadState::Stopped(reader);
        Poll::Ready(Some(Err(error)))
    }
}

/// The error of a read that failed inside a frame, and the reader. An early end says how many
/// bytes arrived of what `expected` describes from the buffer; other errors pass as they are.
fn cut_short<R, B>(
    err: ReadExactError<R, B>,
    expected: impl FnOnce(&B) -> String,
) -> (io::Error, R) {
    let filled = err.filled();
    let (error, reader, buf) = err.into_parts();
    let error = match error.kind() {
        io::ErrorKind::UnexpectedEof => io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!("closed after {filled} of the {}", expected(&buf)),
        ),
        _ => error,
    };
    (error, reader)
}

impl<R: AsyncRead + Unpin> Stream for FrameReader<R> {
    type Item = io::Result<Vec<u8>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            match &mut this.state {
                ReadState::Idle(_) => {
                    if let ReadState::Idle(reader) =
                        std::mem::replace(&mut this.state, ReadState::Stopped(None))
                    {
                        this.state = ReadState::Header(reader.read_exact_owned([0u8; 4]));
                    }
                }
                ReadState::Header(read) => match ready!(Pin::new(read).poll(cx)) {
                    Ok((reader, header)) => {
                        let len = u32::from_be_bytes(header) as usize;
                        if len > this.max {
                            let message =
                                format!("frame of {len} bytes is over the maximum of {}", this.max);
                            return this.stop(
                                Some(reader),
                                io::Error::new(io::ErrorKind::InvalidData, message),
                            );
                        }
                        this.state = ReadState::Body(reader.read_exact_owned(vec![0u8; len]));
                    }
                    Err(err) if err.kind() == io::ErrorKind::UnexpectedEof && err.filled() == 0 => {
                        let (_, reader, _) = err.into_parts();
                        this.state = ReadState::Stopped(Some(reader));
                        return Poll::Ready(None);
                    }
                    Err(err) => {
                        let (error, reader) =
                            cut_short(err, |_| "4 bytes of a frame header".into());
                        return this.stop(Some(reader), error);
                    }
                },
                ReadState::Body(read) => match ready!(Pin::new(read).poll(cx)) {
                    Ok((reader, body)) => {
                        this.state = ReadState::Idle(reader);
                        return Poll::Ready(Some(Ok(body)));
                    }
                    Err(err) => {
                        let (error, reader) =
                            cut_short(err, |body| format!("{} bytes of a frame", body.len()));
                        return this.stop(Some(reader), error);
                    }
                },
                ReadState::Stopped(_) => return Poll::Ready(None),
            }
        }
    }
}

/// A frame on its way out: the 4-byte length and the body, in one vectored write.
type Frame = Chain<Cursor<[u8; 4]>, Cursor<Vec<u8>>>;

/// A `Sink` of frames over a writer.
pub struct FrameWriter<W> {
    state: WriteState<W>,
}

enum WriteState<W> {
    Idle(W),
    Writing(WriteAllBufOwned<W, Frame>),
    Stopped,
}

impl<W: AsyncWrite + Unpin> FrameWriter<W> {
    pub fn new(writer: W) -> Self {
        Self {
            state: WriteState::Idle(writer),
        }
    }

    /// Drives the frame in flight, if any, until the writer is idle again.
    fn poll_idle(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<&mut W>> {
        if let WriteState::Writing(write) = &mut self.state {
            match ready!(Pin::new(write).poll(cx)) {
                Ok((writer, _)) => self.state = WriteState::Idle(writer),
                Err(err) => {
                    self.state = WriteState::Stopped;
                    return Poll::Ready(Err(err.into()));
                }
            }
        }
        match &mut self.state {
            WriteState::Idle(writer) => Poll::Ready(Ok(writer)),
            _ => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::BrokenPipe,
                "the frame writer failed earlier",
            ))),
        }
    }
}

impl<W: AsyncWrite + Unpin> Sink<Vec<u8>> for FrameWriter<W> {
    type Error = io::Error;

    fn poll_ready(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.poll_idle(cx).map_ok(|_| ())
    }

    fn start_send(mut self: Pin<&mut Self>, body: Vec<u8>) -> io::Result<()> {
        let len = u32::try_from(body.len()).map_err(|_| {
            io::Error::new(io::ErrorKind::InvalidInput, "a frame holds at most 4 GiB")
        })?;
        match std::mem::replace(&mut self.state, WriteState::Stopped) {
            WriteState::Idle(writer) => {
                let frame = Cursor::new(len.to_be_bytes()).chain(Cursor::new(body));
                self.state = WriteState::Writing(writer.write_all_buf_owned(frame));
                Ok(())
            }
            other => {
                self.state = other;
                Err(io::Error::new(
                    io::ErrorKind::Other,
                    "start_send before poll_ready",
                ))
            }
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let writer = ready!(self.poll_idle(cx))?;
        Pin::new(writer).poll_flush(cx)
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let writer = ready!(self.poll_idle(cx))?;
        Pin::new(writer).poll_shutdown(cx)
    }
}

const MAX_FRAME: usize = 64 << 10;

#[tokio::main]
async fn main() -> io::Result<()> {
    let (client, server) = tokio::io::duplex(16 << 10);
    let (server_read, server_write) = tokio::io::split(server);

    // An echo server made of a frame stream and a frame sink.
    let echo = tokio::spawn(async move {
        let mut frames = FrameReader::new(server_read, MAX_FRAME);
        let mut replies = FrameWriter::new(server_write);
        let mut echoed = 0;
        while let Some(frame) = frames.next().await {
            replies.send(frame?).await?;
            echoed += 1;
        }
        replies.close().await?;
        Ok::<_, io::Error>(echoed)
    });

    let (client_read, client_write) = tokio::io::split(client);
    let mut requests = FrameWriter::new(client_write);
    let mut replies = FrameReader::new(client_read, MAX_FRAME);
    let sizes = [0, 1, 5, 1000, MAX_FRAME, 3];
    for (i, &size) in sizes.iter().enumerate() {
        let frame = vec![i as u8; size];
        requests.send(frame.clone()).await?;
        let reply = replies.next().await.expect("an echo for every frame")?;
        assert_eq!(reply, frame);
        println!(
            "frame {i}: sent {size} bytes, got the same {} back",
            reply.len()
        );
    }

    requests.close().await?;
    assert!(
        replies.next().await.is_none(),
        "a clean close after the last echo"
    );
    let echoed = echo.await.expect("the echo task runs to its end")?;
    println!("client closed; the server echoed {echoed} frames and closed cleanly too");

    // A frame over the maximum: an error that hands the reader back, just past the header.
    let oversized: &[u8] = &[0, 1, 0, 1, b'x'];
    let mut frames = FrameReader::new(oversized, MAX_FRAME);
    let err = frames.next().await.expect("an error item").unwrap_err();
    let rest = frames.into_inner().expect("the reader is handed back");
    println!(
        "oversized frame: {} error: {err}; reader back with {} byte(s) unread",
        err.kind(),
        rest.len()
    );

    // A close inside a frame: an error that says how much of the frame arrived.
    let truncated: &[u8] = &[0, 0, 0, 10, 1, 2, 3];
    let mut frames = FrameReader::new(truncated, MAX_FRAME);
    let err = frames.next().await.expect("an error item").unwrap_err();
    println!("truncated frame: {} error: {err}", err.kind());
    assert!(
        frames.next().await.is_none(),
        "the stream ends after an error"
    );
    Ok(())
}
