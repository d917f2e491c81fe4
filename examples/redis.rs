//! A tiny client for a real Redis server, built only from the owned methods.
//!
//! It sends `PING` (reply `+PONG\r\n`), `SET` of a 1 MiB value (reply `+OK\r\n`) and `GET` of it
//! back. Every reply's length is known in advance (for `GET`, the header `$1048576\r\n` and the
//! value with its `\r\n`), so every read is a `read_exact_owned`; the 1 MiB value goes out in
//! `write_all_buf_owned` of the command header chained to it, and comes back into the buffer it
//! went out from. A reply that differs from the expected one is an `InvalidData` error that
//! shows what arrived; a server that goes quiet is a timeout.
//!
//! Run with `cargo run --example redis [ADDR]` against a server (default `127.0.0.1:6379`),
//! for example one started with `redis-server --port 6379 --save '' --appendonly no`.

use std::future::Future;
use std::io;
use std::time::{Duration, Instant};

use bytes::{Buf, Bytes};
use owned_io::{AsyncReadExactExt, AsyncWriteAllExt};
use tokio::net::TcpStream;

/// How long one command may take before the client gives up.
const PATIENCE: Duration = Duration::from_secs(10);

async fn in_time<T>(what: &str, op: impl Future<Output = io::Result<T>>) -> io::Result<T> {
    tokio::time::timeout(PATIENCE, op).await.map_err(|_| {
        io::Error::new(
            io::ErrorKind::TimedOut,
            format!("no reply to {what} in {PATIENCE:?}"),
        )
    })?
}

/// A RESP array of bulk strings. With `tail_len`, one more argument of that length is announced
/// but its bytes are left out: they follow as a buffer of their own.
fn command(args: &[&[u8]], tail_len: Option<usize>) -> Vec<u8> {
    let count = args.len() + usize::from(tail_len.is_some());
    let mut out = format!("*{count}\r\n").into_bytes();
    for arg in args {
        out.extend_from_slice(format!("${}\r\n", arg.len()).as_bytes());
        out.extend_from_slice(arg);
        out.extend_from_slice(b"\r\n");
    }
    if let Some(len) = tail_len {
        out.extend_from_slice(format!("${len}\r\n").as_bytes());
    }
    out
}

/// Reads exactly `expected.len()` bytes and checks they are `expected`.
async fn expect_reply(sock: TcpStream, expected: &[u8]) -> io::Result<TcpStream> {
    let (sock, reply) = sock.read_exact_owned(vec![0u8; expected.len()]).await?;
    if reply != expected {
        let message = format!(
            "expected {:?}, got {:?}",
            String::from_utf8_lossy(expected),
            String::from_utf8_lossy(&reply)
        );
        return Err(io::Error::new(io::ErrorKind::InvalidData, message));
    }
    Ok(sock)
}

pub async fn ping(sock: TcpStream) -> io::Result<TcpStream> {
    let (sock, _) = sock.write_all_owned(command(&[b"PING"], None)).await?;
    expect_reply(sock, b"+PONG\r\n").await
}

/// `SET key value`: the command header, the value and its `\r\n` in one vectored write.
pub async fn set(sock: TcpStream, key: &[u8], value: Bytes) -> io::Result<TcpStream> {
    let header = Bytes::from(command(&[b"SET", key], Some(value.len())));
    let request = header.chain(value).chain(&b"\r\n"[..]);
    let (sock, _) = sock.write_all_buf_owned(request).await?;
    expect_reply(sock, b"+OK\r\n").await
}

/// `GET key` of a value of `len` bytes, read into `buf` (resized to fit).
pub async fn get(
    sock: TcpStream,
    key: &[u8],
    len: usize,
    mut buf: Vec<u8>,
) -> io::Result<(TcpStream, Vec<u8>)> {
    let (sock, _) = sock.write_all_owned(command(&[b"GET", key], None)).await?;
    let sock = expect_reply(sock, format!("${len}\r\n").as_bytes()).await?;
    buf.resize(len + 2, 0);
    let (sock, mut value) = sock.read_exact_owned(buf).await?;
    if !value.ends_with(b"\r\n") {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "a bulk reply not ended by \\r\\n",
        ));
    }
    value.truncate(len);
    Ok((sock, value))
}

/// Connects to `addr` and runs `PING`, `SET` of a 1 MiB value and `GET` of it, printing each step.
pub async fn run(addr: &str) -> io::Result<()> {
    let started = Instant::now();
    let ms = || format!("{:>6.1} ms", started.elapsed().as_secs_f64() * 1e3);
    let sock = in_time("connect", async { TcpStream::connect(addr).await }).await?;
    println!("{}  connected to {addr}", ms());

    let sock = in_time("PING", ping(sock)).await?;
    println!("{}  PING -> +PONG", ms());

    let key = b"owned-io:example";
    let value: Vec<u8> = (0..1 << 20)
        .map(|i: u32| (i.wrapping_mul(2654435761) >> 24) as u8)
        .collect();
    let value = Bytes::from(value);
    let sock = in_time("SET", set(sock, key, value.clone())).await?;
    println!(
        "{}  SET {} ({} bytes) -> +OK",
        ms(),
        String::from_utf8_lossy(key),
        value.len()
    );

    let (_sock, got) = in_time("GET", get(sock, key, value.len(), Vec::new())).await?;
    if got != value {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "GET returned other bytes than were SET",
        ));
    }
    println!(
        "{}  GET {} -> {} bytes, identical to what was set",
        ms(),
        String::from_utf8_lossy(key),
        got.len()
    );
    Ok(())
}

/// What to tell someone whose run failed: how to start a server when there is none.
pub fn explain(addr: &str, error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::ConnectionRefused => format!(
            "no Redis server is listening on {addr} ({error}).\n\
             Start one, for example with `redis-server --port 6379 --save '' --appendonly no` \
             (Debian: `apt-get install redis-server`), or pass the address of yours: \
             `cargo run --example redis HOST:PORT`."
        ),
        _ => format!("the Redis exchange with {addr} failed: {error}"),
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:6379".to_string());
    match run(&addr).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}", explain(&addr, &error));
            std::process::ExitCode::FAILURE
        }
    }
}
