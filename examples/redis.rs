//! A small client for a real Redis server, built only from the owned methods, that reads every
//! reply as a real client must: by its first line.
//!
//! A RESP reply's first line says what follows: `+PONG` (a status), `-ERR …` (an error),
//! `:1` (an integer), `$-1` (no value) or `$N` (a bulk string of N bytes, then `\r\n`). The
//! client reads that line with `read_until_owned` on a `BufReader` over the socket (with a
//! limit, so a server gone wrong cannot grow it without bound), then, for a bulk string,
//! exactly the N bytes the line announced with `read_exact_owned` on the same `BufReader`.
//! The connection and the line buffer stay in place and are lent to each call,
//! `(&mut *conn).read_until_owned(b'\n', &mut *line, MAX_LINE)`: the idiom of a hot loop,
//! which moves nothing per call. It sends `PING`,
//! `SET` of a 1 MiB value (one vectored write of the command header, the value and its
//! `\r\n`), `GET` of it back, `DEL` and `INCR` of a counter, `GET` of a missing key, a command
//! the server does not know, and `INFO`, whose length it cannot know in advance.
//!
//! Run with `cargo run --example redis [ADDR]` against a server (default `127.0.0.1:6379`),
//! for example one started with `redis-server --port 6379 --save '' --appendonly no`.

use std::future::Future;
use std::io;
use std::time::{Duration, Instant};

use bytes::{Buf, Bytes};
use owned_io::{AsyncBufReadOwnedExt, AsyncReadExactExt, AsyncWriteAllExt};
use tokio::io::BufReader;
use tokio::net::TcpStream;

/// How long one command may take before the client gives up.
const PATIENCE: Duration = Duration::from_secs(10);

/// The longest first line a reply may have: status and error lines are short, and a bulk's
/// length is a number.
const MAX_LINE: usize = 64 << 10;

/// The longest bulk string the client accepts: a server's own default cap
/// (`proto-max-bulk-len`). The line limit does not bound it: `$1125899906842624` is a short
/// line announcing a petabyte, and the body buffer is sized from it.
pub const MAX_BULK: usize = 512 << 20;

/// A connection: the socket behind a `BufReader`, which also passes writes through.
pub type Conn = BufReader<TcpStream>;

/// A reply, read by its first line.
#[derive(Debug, PartialEq, Eq)]
pub enum Reply {
    /// `+…`
    Status(String),
    /// `-…`
    Error(String),
    /// `:…`
    Integer(i64),
    /// `$N` and N bytes, or `$-1` for none.
    Bulk(Option<Vec<u8>>),
}

async fn in_time<T>(what: &str, op: impl Future<Output = io::Result<T>>) -> io::Result<T> {
    tokio::time::timeout(PATIENCE, op).await.map_err(|_| {
        io::Error::new(
            io::ErrorKind::TimedOut,
            format!("no reply to {what} in {PATIENCE:?}"),
        )
    })?
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
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

/// Reads one reply. `line` is a buffer for the first line, lent for each reply.
pub async fn reply(conn: &mut Conn, line: &mut Vec<u8>) -> io::Result<Reply> {
    line.clear();
    let (_, _, n) = (&mut *conn)
        .read_until_owned(b'\n', &mut *line, MAX_LINE)
        .await
        .map_err(|e| e.into_error())?; // a lent call's error borrows `conn`: keep the io::Error
    if n == 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the server closed the connection",
        ));
    }
    let line = std::str::from_utf8(line).map_err(|e| invalid(format!("a reply line: {e}")))?;
    let Some(body) = line.strip_suffix("\r\n") else {
        return Err(invalid(format!(
            "a reply line not ended by \\r\\n: {line:?}"
        )));
    };
    let (kind, rest) = body.split_at(body.len().min(1));
    Ok(match kind {
        "+" => Reply::Status(rest.to_string()),
        "-" => Reply::Error(rest.to_string()),
        ":" => Reply::Integer(
            rest.parse()
                .map_err(|_| invalid(format!("not an integer: {line:?}")))?,
        ),
        "$" if rest == "-1" => Reply::Bulk(None),
        "$" => {
            let len: usize = rest
                .parse()
                .map_err(|_| invalid(format!("not a bulk length: {line:?}")))?;
            if len > MAX_BULK {
                return Err(invalid(format!(
                    "a bulk reply of {len} bytes, over the limit of {MAX_BULK}"
                )));
            }
            let mut value = vec![0u8; len + 2];
            (&mut *conn)
                .read_exact_owned(&mut value[..])
                .await
                .map_err(|e| e.into_error())?;
            if !value.ends_with(b"\r\n") {
                return Err(invalid("a bulk reply not ended by \\r\\n".to_string()));
            }
            value.truncate(len);
            Reply::Bulk(Some(value))
        }
        _ => return Err(invalid(format!("a reply of no known kind: {line:?}"))),
    })
}

/// Sends `args` as one command and reads its reply.
pub async fn call(conn: &mut Conn, args: &[&[u8]], line: &mut Vec<u8>) -> io::Result<Reply> {
    (&mut *conn)
        .write_all_owned(command(args, None))
        .await
        .map_err(|e| e.into_error())?;
    reply(conn, line).await
}

/// `SET key value`: the command header, the value and its `\r\n` in one vectored write.
pub async fn set(
    conn: &mut Conn,
    key: &[u8],
    value: Bytes,
    line: &mut Vec<u8>,
) -> io::Result<Reply> {
    let header = Bytes::from(command(&[b"SET", key], Some(value.len())));
    let request = header.chain(value).chain(&b"\r\n"[..]);
    (&mut *conn)
        .write_all_buf_owned(request)
        .await
        .map_err(|e| e.into_error())?;
    reply(conn, line).await
}

/// Checks a reply against what was expected.
fn expect(what: &str, got: &Reply, expected: impl Fn(&Reply) -> bool) -> io::Result<()> {
    if expected(got) {
        Ok(())
    } else {
        Err(invalid(format!("unexpected reply to {what}: {got:?}")))
    }
}

/// Connects to `addr` and runs every kind of reply, printing each step.
pub async fn run(addr: &str) -> io::Result<()> {
    let started = Instant::now();
    let ms = || format!("{:>6.1} ms", started.elapsed().as_secs_f64() * 1e3);
    let sock = in_time("connect", async { TcpStream::connect(addr).await }).await?;
    let mut conn = BufReader::new(sock);
    let mut line = Vec::new();
    let (conn, line) = (&mut conn, &mut line);
    println!("{}  connected to {addr}", ms());

    let got = in_time("PING", call(conn, &[b"PING"], line)).await?;
    expect("PING", &got, |r| *r == Reply::Status("PONG".into()))?;
    println!("{}  PING -> status {got:?}", ms());

    let key = b"owned-io:example";
    let value: Vec<u8> = (0..1 << 20)
        .map(|i: u32| (i.wrapping_mul(2654435761) >> 24) as u8)
        .collect();
    let value = Bytes::from(value);
    let got = in_time("SET", set(conn, key, value.clone(), line)).await?;
    expect("SET", &got, |r| *r == Reply::Status("OK".into()))?;
    println!("{}  SET ({} bytes) -> status {got:?}", ms(), value.len());

    let got = in_time("GET", call(conn, &[b"GET", key], line)).await?;
    expect(
        "GET",
        &got,
        |r| matches!(r, Reply::Bulk(Some(v)) if *v == value),
    )?;
    println!("{}  GET -> bulk of {} bytes, identical", ms(), value.len());

    let counter = b"owned-io:counter";
    let got = in_time("DEL", call(conn, &[b"DEL", counter], line)).await?;
    expect("DEL", &got, |r| matches!(r, Reply::Integer(0 | 1)))?;
    let got = in_time("INCR", call(conn, &[b"INCR", counter], line)).await?;
    expect("INCR", &got, |r| *r == Reply::Integer(1))?;
    println!("{}  INCR -> integer {got:?}", ms());

    let missing = b"owned-io:missing";
    let got = in_time("GET", call(conn, &[b"GET", missing], line)).await?;
    expect("GET of a missing key", &got, |r| *r == Reply::Bulk(None))?;
    println!("{}  GET missing -> nil bulk {got:?}", ms());

    let got = in_time("NOSUCH", call(conn, &[b"OWNEDIO-NOSUCH"], line)).await?;
    expect(
        "an unknown command",
        &got,
        |r| matches!(r, Reply::Error(e) if e.starts_with("ERR")),
    )?;
    println!("{}  OWNEDIO-NOSUCH -> error {got:?}", ms());

    let got = in_time("INFO", call(conn, &[b"INFO", b"server"], line)).await?;
    let Reply::Bulk(Some(info)) = got else {
        return Err(invalid(format!("unexpected reply to INFO: {got:?}")));
    };
    let info = String::from_utf8_lossy(&info);
    let version = info
        .lines()
        .find_map(|l| l.strip_prefix("redis_version:"))
        .ok_or_else(|| invalid("INFO without redis_version".to_string()))?;
    println!(
        "{}  INFO server -> bulk of {} bytes, length read from its first line (redis_version {version})",
        ms(),
        info.len()
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
