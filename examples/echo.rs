//! An echo server and its client on 127.0.0.1, built only from the owned methods.
//!
//! The client sends a few thousand length-prefixed frames from one task and reads the echoes
//! on another; the server reads each frame and writes it back. Every buffer is handed back by
//! the future that used it and reused for the next frame.
//!
//! Run with `cargo run --example echo`.

use std::io;
use std::time::Instant;

use owned_io::{AsyncReadExactExt, AsyncWriteAllExt};
use tokio::net::{TcpListener, TcpStream};

const FRAMES: usize = 3000;

/// The size of frame `i`: 0 to 8 KiB, varied so that short and long frames interleave.
fn frame_len(i: usize) -> usize {
    (i * 7919) % 8193
}

fn frame_byte(i: usize, at: usize) -> u8 {
    (i.wrapping_mul(31) ^ at) as u8
}

/// Reads one length-prefixed frame into `body`, reusing its allocation.
///
/// `Ok(None)` is a clean close at a frame boundary; a close inside a frame is an error.
async fn read_frame<R>(reader: R, mut body: Vec<u8>) -> io::Result<Option<(R, Vec<u8>)>>
where
    R: tokio::io::AsyncRead + Unpin,
{
    let (reader, header) = match reader.read_exact_owned([0u8; 4]).await {
        Ok(parts) => parts,
        Err(err) if err.kind() == io::ErrorKind::UnexpectedEof && err.filled() == 0 => {
            return Ok(None)
        }
        Err(err) => return Err(err.into()),
    };
    body.resize(u32::from_be_bytes(header) as usize, 0);
    let (reader, body) = reader.read_exact_owned(body).await?;
    Ok(Some((reader, body)))
}

async fn write_frame<W>(writer: W, body: Vec<u8>) -> io::Result<(W, Vec<u8>)>
where
    W: tokio::io::AsyncWrite + Unpin,
{
    let header = u32::try_from(body.len())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "frame over 4 GiB"))?
        .to_be_bytes();
    let (writer, _) = writer.write_all_owned(header).await?;
    Ok(writer.write_all_owned(body).await?)
}

/// Echoes frames until the client closes; returns how many it echoed.
async fn serve(listener: TcpListener) -> io::Result<usize> {
    let (mut sock, peer) = listener.accept().await?;
    println!("server: accepted {peer}");
    let mut body = Vec::new();
    let mut echoed = 0;
    while let Some((s, frame)) = read_frame(sock, body).await? {
        (sock, body) = write_frame(s, frame).await?;
        echoed += 1;
    }
    println!("server: client closed after {echoed} frames");
    Ok(echoed)
}

#[tokio::main]
async fn main() -> io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    println!("server: listening on {addr}");
    let server = tokio::spawn(serve(listener));

    let started = Instant::now();
    let (reader, writer) = TcpStream::connect(addr).await?.into_split();

    let sending = tokio::spawn(async move {
        let mut writer = writer;
        let mut body = Vec::new();
        let mut sent = 0;
        for i in 0..FRAMES {
            body.clear();
            body.extend((0..frame_len(i)).map(|at| frame_byte(i, at)));
            sent += body.len();
            (writer, body) = write_frame(writer, body).await?;
        }
        // Dropping the write half shuts the connection down for writing: the server sees a
        // clean close once it has echoed everything.
        drop(writer);
        Ok::<_, io::Error>(sent)
    });

    let mut reader = reader;
    let mut body = Vec::new();
    let mut received = 0;
    for i in 0..FRAMES {
        let Some((r, frame)) = read_frame(reader, body).await? else {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "server closed early",
            ));
        };
        let expected = (0..frame_len(i)).map(|at| frame_byte(i, at));
        if frame.len() != frame_len(i) || !frame.iter().copied().eq(expected) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("frame {i} differs"),
            ));
        }
        received += frame.len();
        (reader, body) = (r, frame);
    }

    let sent = sending.await??;
    let echoed = server.await??;
    let elapsed = started.elapsed();
    println!(
        "client: sent {FRAMES} frames ({sent} bytes), got {echoed} echoes back ({received} bytes), all intact, in {:.1} ms",
        elapsed.as_secs_f64() * 1e3
    );
    assert_eq!((sent, echoed), (received, FRAMES));
    Ok(())
}
