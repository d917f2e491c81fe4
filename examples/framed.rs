//! A length-prefixed frame `Stream` and `Sink` over any tokio `AsyncRead` / `AsyncWrite`,
//! written as hand-written state machines whose states hold the named owned futures: no `Box`,
//! no `async` block, no unsafe.
//!
//! A frame is a 4-byte big-endian length and that many bytes. The reader reads large chunks
//! into one `BytesMut` with `read_owned` (into its spare capacity, never zeroed) and splits each
//! frame off it, as tokio-util's `FramedRead` does: a frame is a `BytesMut` that shares the
//! buffer's allocation, and once the consumer drops it (hands it back), the buffer reuses that
//! room for the next reads, so steady-state decoding allocates nothing. It rejects a frame
//! longer than its maximum with `InvalidData` and hands the reader back with the bytes it had
//! read past the header; a clean close at a frame boundary ends the stream; a close inside a
//! frame is an `UnexpectedEof` error that says how many bytes of the frame arrived.
//!
//! Run with `cargo run --example framed`.

use std::future::Future;
use std::io::{self, Cursor};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::buf::Chain;
use bytes::{Buf, BytesMut};
use futures::{Sink, SinkExt, Stream, StreamExt};
use owned_io::{AsyncReadOwnedExt, AsyncWriteAllExt, ReadOwned, WriteAllBufOwned};
use tokio::io::{AsyncRead, AsyncWrite};

/// How much room a read asks for at least: one read brings many small frames.
const READ_ROOM: usize = 8 << 10;

/// The frames of a reader, as a `Stream` of `io::Result<BytesMut>`.
pub struct FrameReader<R> {
    state: ReadState<R>,
    max: usize,
}

enum ReadState<R> {
    /// Between reads: the reader, and the bytes read but not yet handed out as frames. Nothing
    /// is read until the stream is polled.
    Idle(R, BytesMut),
    /// A read into the buffer's spare capacity.
    Reading(ReadOwned<R, BytesMut>),
    /// Ended by a clean close or an error; the reader and the bytes read past the last frame,
    /// where they were handed back.
    Stopped(Option<(R, BytesMut)>),
}

impl<R: AsyncRead + Unpin> FrameReader<R> {
    /// Frames of at most `max` bytes.
    pub fn new(reader: R, max: usize) -> Self {
        Self {
            state: ReadState::Idle(reader, BytesMut::new()),
            max,
        }
    }

    /// The reader back, with the bytes already read from it past the frames handed out, when
    /// no read is in flight: between frames, or after the stream stopped with the reader
    /// handed back (after a frame over the maximum, say: the bytes start just past its header).
    pub fn into_inner(self) -> Option<(R, BytesMut)> {
        match self.state {
            ReadState::Idle(reader, buf) | ReadState::Stopped(Some((reader, buf))) => {
                Some((reader, buf))
            }
            ReadState::Reading(read) => read.into_parts().map(|(reader, buf, _)| (reader, buf)),
            ReadState::Stopped(None) => None,
        }
    }

    fn stop(
        &mut self,
        parts: Option<(R, BytesMut)>,
        error: io::Error,
    ) -> Poll<Option<io::Result<BytesMut>>> {
        self.state = ReadState::Stopped(parts);
        Poll::Ready(Some(Err(error)))
    }
}

/// What `buf` holds of the next frame: the whole frame, its length (when the header is
/// there), or not even a header.
enum Next {
    Frame(usize),
    Partial(usize),
    Header,
}

fn next(buf: &[u8]) -> Next {
    match buf.get(..4) {
        None => Next::Header,
        Some(header) => {
            let len = u32::from_be_bytes(header.try_into().expect("four bytes")) as usize;
            if buf.len() - 4 >= len {
                Next::Frame(len)
            } else {
                Next::Partial(len)
            }
        }
    }
}

impl<R: AsyncRead + Unpin> Stream for FrameReader<R> {
    type Item = io::Result<BytesMut>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            match std::mem::replace(&mut this.state, ReadState::Stopped(None)) {
                ReadState::Idle(reader, mut buf) => {
                    let wanted = match next(&buf) {
                        Next::Frame(len) | Next::Partial(len) if len > this.max => {
                            buf.advance(4);
                            let message =
                                format!("frame of {len} bytes is over the maximum of {}", this.max);
                            let error = io::Error::new(io::ErrorKind::InvalidData, message);
                            return this.stop(Some((reader, buf)), error);
                        }
                        Next::Frame(len) => {
                            buf.advance(4);
                            let frame = buf.split_to(len);
                            this.state = ReadState::Idle(reader, buf);
                            return Poll::Ready(Some(Ok(frame)));
                        }
                        Next::Partial(len) => 4 + len - buf.len(),
                        Next::Header => 4 - buf.len(),
                    };
                    // Room for the rest of the frame, and for a chunk of the ones after it:
                    // the buffer reclaims the room of the frames already dropped.
                    buf.reserve(wanted.max(READ_ROOM));
                    this.state = ReadState::Reading(reader.read_owned(buf));
                }
                ReadState::Reading(mut read) => match Pin::new(&mut read).poll(cx) {
                    Poll::Pending => {
                        this.state = ReadState::Reading(read);
                        return Poll::Pending;
                    }
                    Poll::Ready(Ok((reader, buf, 0))) => {
                        if buf.is_empty() {
                            this.state = ReadState::Stopped(Some((reader, buf)));
                            return Poll::Ready(None); // a clean close
                        }
                        // Of a header, the bytes that came; of a body, those after its header.
                        let (arrived, expected) = match next(&buf) {
                            Next::Header => (buf.len(), "4 bytes of a frame header".to_string()),
                            Next::Partial(len) | Next::Frame(len) => {
                                (buf.len() - 4, format!("{len} bytes of a frame"))
                            }
                        };
                        let message = format!("closed after {arrived} of the {expected}");
                        let error = io::Error::new(io::ErrorKind::UnexpectedEof, message);
                        return this.stop(Some((reader, buf)), error);
                    }
                    Poll::Ready(Ok((reader, buf, _))) => this.state = ReadState::Idle(reader, buf),
                    Poll::Ready(Err(err)) => {
                        let (error, reader, buf) = err.into_parts();
                        return this.stop(Some((reader, buf)), error);
                    }
                },
                ReadState::Stopped(parts) => {
                    this.state = ReadState::Stopped(parts);
                    return Poll::Ready(None);
                }
            }
        }
    }
}

/// A frame on its way out: the 4-byte length and the body, in one vectored write.
type Frame<B> = Chain<Cursor<[u8; 4]>, Cursor<B>>;

/// A `Sink` of frames over a writer, whose bodies are `B`s (a `Vec<u8>`, or the `BytesMut`
/// frames a [`FrameReader`] hands out).
pub struct FrameWriter<W, B = Vec<u8>> {
    state: WriteState<W, B>,
}

enum WriteState<W, B> {
    Idle(W),
    Writing(WriteAllBufOwned<W, Frame<B>>),
    Stopped,
}

impl<W: AsyncWrite + Unpin, B: AsRef<[u8]>> FrameWriter<W, B> {
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

impl<W: AsyncWrite + Unpin, B: AsRef<[u8]>> Sink<B> for FrameWriter<W, B> {
    type Error = io::Error;

    fn poll_ready(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.poll_idle(cx).map_ok(|_| ())
    }

    fn start_send(mut self: Pin<&mut Self>, body: B) -> io::Result<()> {
        let len = u32::try_from(body.as_ref().len()).map_err(|_| {
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
    let (rest, read) = frames.into_inner().expect("the reader is handed back");
    println!(
        "oversized frame: {} error: {err}; reader back with {} byte(s) read past the header \
         and {} unread",
        err.kind(),
        read.len(),
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
