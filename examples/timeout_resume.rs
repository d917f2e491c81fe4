//! Timeout, abandon, do other work, resume: nothing is lost.
//!
//! A slow peer trickles a 64-byte frame over TCP on 127.0.0.1. The client races
//! `read_exact_owned` against a timer in `tokio::select!`; each time the timer wins it abandons
//! the read with `into_parts()`, uses the recovered socket for other work (it asks the peer,
//! on the same socket, to hurry up), and resumes the read on the recovered socket and buffer
//! with `ReadExactOwned::resume`. The frame arrives whole, every byte once.
//!
//! Run with `cargo run --example timeout_resume`.

use std::io;
use std::time::{Duration, Instant};

use owned_io::{AsyncReadExactExt, AsyncWriteAllExt, ReadExactOwned};
use tokio::net::{TcpListener, TcpStream};

const FRAME: usize = 64;
const CHUNK: usize = 10;
const TIMEOUT: Duration = Duration::from_millis(30);

fn frame_byte(i: usize) -> u8 {
    b'a' + (i % 26) as u8
}

/// Sends `FRAME` bytes, `CHUNK` at a time and 20 ms late each; before every chunk but the
/// first it waits for a one-byte nudge, which the client sends on the same socket between two
/// attempts of its read.
async fn slow_peer(listener: TcpListener) -> io::Result<usize> {
    let (mut sock, _) = listener.accept().await?;
    let frame: Vec<u8> = (0..FRAME).map(frame_byte).collect();
    let mut nudges = 0;
    for (i, chunk) in frame.chunks(CHUNK).enumerate() {
        if i > 0 {
            (sock, _) = sock.read_exact_owned([0u8; 1]).await?;
            nudges += 1;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        (sock, _) = sock.write_all_owned(chunk.to_vec()).await?;
    }
    Ok(nudges)
}

#[tokio::main]
async fn main() -> io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let peer = tokio::spawn(slow_peer(listener));
    let mut sock = TcpStream::connect(addr).await?;
    let started = Instant::now();
    let ms = || started.elapsed().as_millis();

    let (mut buf, mut filled) = (vec![0u8; FRAME], 0);
    let (mut timeouts, mut nudges) = (0, 0);
    loop {
        let mut read = ReadExactOwned::resume(sock, buf, filled);
        tokio::select! {
            out = &mut read => {
                let (_sock, frame) = out?;
                let expected: Vec<u8> = (0..FRAME).map(frame_byte).collect();
                assert_eq!(frame, expected, "every byte once, in order");
                println!(
                    "{:>4} ms  read complete after {timeouts} timeouts: {}",
                    ms(),
                    String::from_utf8_lossy(&frame)
                );
                break;
            }
            _ = tokio::time::sleep(TIMEOUT) => {
                timeouts += 1;
                let (s, b, f) = read.into_parts().expect("the read is still in flight");
                filled = f;
                println!(
                    "{:>4} ms  timeout {timeouts}: abandoned the read with {filled} of {FRAME} bytes kept: {}",
                    ms(),
                    String::from_utf8_lossy(&b[..filled])
                );
                sock = s;
                buf = b;
                // Other work on the recovered socket: a nudge for each whole chunk received.
                if filled >= (nudges + 1) * CHUNK {
                    (sock, _) = sock.write_all_owned(*b"!").await?;
                    nudges += 1;
                    println!("{:>4} ms  sent nudge {nudges} on the same socket; resuming at byte {filled}", ms());
                }
            }
        }
    }
    let peer_nudges = peer.await.expect("the peer runs to its end")?;
    assert_eq!(peer_nudges, nudges);
    println!(
        "{:>4} ms  the peer got all {peer_nudges} nudges; nothing lost",
        ms()
    );
    Ok(())
}
