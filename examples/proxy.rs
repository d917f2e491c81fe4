//! A TCP proxy built on `copy_bidirectional_owned`, or on `splice_bidirectional_owned` with
//! `--splice` (Linux, feature `splice`): each connection is relayed both ways through two
//! buffers (or two pipes) the proxy owns and gets back when the connection ends, so it keeps them
//! in a pool for the next one, and learns, if a connection fails, which side failed. A
//! connection on which nothing moves for [`IDLE`] is closed within one [`tick`] of it, from the
//! relay's own progress: the in-flight future says how many bytes it has moved each way, so no
//! wrapper stream has to count them.
//!
//! `cargo run --example proxy` starts an echo server, the proxy in front of it, and clients that
//! check every reply through it; it ends by itself. `cargo run --example proxy -- UPSTREAM`
//! serves connections to a server of yours (a `redis-server` on 127.0.0.1:6379, say) until it
//! is stopped (Ctrl-C). Add `--splice` to either for the zero-copy relay:
//! `cargo run --example proxy --features splice -- --splice 127.0.0.1:6379`.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use owned_io::{copy_bidirectional_owned, AsyncReadExactExt, AsyncWriteAllExt, CopyProgress};
use tokio::net::{TcpListener, TcpStream};

/// The size of each direction's buffer.
pub const BUF: usize = 8 << 10;

/// The size each direction's pipe asks for with `--splice`: the kernel's limit for an
/// unprivileged process, and where splicing gains most.
pub const PIPE: usize = 1 << 20;

/// How long a connection may carry nothing, either way, before the proxy closes it.
pub const IDLE: Duration = Duration::from_secs(30);

/// How often the proxy looks at a connection's progress: a silent connection is closed between
/// `idle` and `idle + tick(idle)` after its last byte.
pub fn tick(idle: Duration) -> Duration {
    idle / 10
}

/// One connection's buffers: client to server, server to client.
type Buffers = (Vec<u8>, Vec<u8>);

/// One connection's pipes, for the zero-copy relay.
#[cfg(all(feature = "splice", any(target_os = "linux", target_os = "android")))]
type Pipes = (owned_io::Pipe, owned_io::Pipe);

/// Buffers (or pipes) handed back by finished connections, for the next ones. A pool made with
/// [`Pool::splicing`] relays with `splice_bidirectional_owned` through pipes.
#[derive(Clone, Default)]
pub struct Pool(Arc<Mutex<Pooled>>);

#[derive(Default)]
struct Pooled {
    buffers: Vec<Buffers>,
    #[cfg(all(feature = "splice", any(target_os = "linux", target_os = "android")))]
    pipes: Option<Vec<Pipes>>,
    created: usize,
}

impl Pool {
    /// A pool of pipe pairs: the proxy splices.
    #[cfg(all(feature = "splice", any(target_os = "linux", target_os = "android")))]
    pub fn splicing() -> Self {
        let pooled = Pooled {
            pipes: Some(Vec::new()),
            ..Pooled::default()
        };
        Pool(Arc::new(Mutex::new(pooled)))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Pooled> {
        self.0.lock().expect("no panic holds the lock")
    }

    fn take(&self) -> Buffers {
        let mut pooled = self.lock();
        pooled.buffers.pop().unwrap_or_else(|| {
            pooled.created += 1;
            (vec![0u8; BUF], vec![0u8; BUF])
        })
    }

    fn put(&self, bufs: Buffers) {
        self.lock().buffers.push(bufs);
    }

    /// How many buffer (or pipe) pairs are waiting for a connection.
    pub fn idle(&self) -> usize {
        let pooled = self.lock();
        #[cfg(all(feature = "splice", any(target_os = "linux", target_os = "android")))]
        if let Some(pipes) = &pooled.pipes {
            return pipes.len();
        }
        pooled.buffers.len()
    }

    /// How many pairs were ever made: a connection that starts after another has ended reuses
    /// that one's pair instead.
    pub fn created(&self) -> usize {
        self.lock().created
    }
}

/// What one proxied connection did.
#[derive(Debug, PartialEq, Eq)]
pub struct Proxied {
    /// Bytes from the client to the upstream server, and back.
    pub up: u64,
    pub down: u64,
}

/// Proxies one client connection to `upstream`, both ways, until both sides have ended, or
/// until nothing has moved either way for `idle` (the error is then
/// [`TimedOut`](io::ErrorKind::TimedOut)). The buffers or pipes go back to `pool` either way.
pub async fn proxy(
    client: TcpStream,
    upstream: SocketAddr,
    pool: Pool,
    idle: Duration,
) -> io::Result<Proxied> {
    let server = TcpStream::connect(upstream).await?;
    // A proxy forwards what it has at once: Nagle's algorithm would hold a small reply back
    // until the peer's delayed acknowledgement, some 40 ms per request and reply.
    client.set_nodelay(true)?;
    server.set_nodelay(true)?;
    #[cfg(all(feature = "splice", any(target_os = "linux", target_os = "android")))]
    if pool.lock().pipes.is_some() {
        return splice::proxy(client, server, pool, idle).await;
    }
    let (up_buf, down_buf) = pool.take();
    let copy = copy_bidirectional_owned(client, server, up_buf, down_buf);
    let moved = |p: CopyProgress| p.copied() + p.pending().len() as u64;
    let done = match until_idle(copy, |c| [moved(c.a_to_b()), moved(c.b_to_a())], idle).await {
        Ok(done) => done,
        Err(copy) => {
            let (_, _, up_buf, down_buf, up, down) = copy.into_parts().expect("in flight");
            pool.put((up_buf, down_buf));
            return Err(timed_out(idle, up.copied(), down.copied()));
        }
    };
    match done {
        Ok((_, _, up_buf, down_buf, up, down)) => {
            pool.put((up_buf, down_buf));
            Ok(Proxied { up, down })
        }
        Err(err) => {
            let (side, pending) = (err.side(), err.a_to_b().pending().len());
            let pending_back = err.b_to_a().pending().len();
            let (error, _client, _server, up_buf, down_buf) = err.into_parts();
            pool.put((up_buf, down_buf)); // the buffers survive a failed connection too
            Err(io::Error::new(
                error.kind(),
                format!(
                    "{error} on {side:?} (A is the client), with {pending} bytes read from the \
                     client and {pending_back} from the server not yet delivered"
                ),
            ))
        }
    }
}

/// Runs `relay` until it completes, or until `moved` (the bytes it has moved each way) has not
/// changed for `idle`: then hands the relay back, in flight, to be taken apart.
async fn until_idle<F: Future + Unpin>(
    mut relay: F,
    moved: impl Fn(&F) -> [u64; 2],
    idle: Duration,
) -> Result<F::Output, F> {
    let mut seen = (moved(&relay), Instant::now());
    loop {
        tokio::select! {
            done = &mut relay => return Ok(done),
            _ = tokio::time::sleep(tick(idle)) => {
                let now = moved(&relay);
                if now != seen.0 {
                    seen = (now, Instant::now());
                } else if seen.1.elapsed() >= idle {
                    return Err(relay);
                }
            }
        }
    }
}

fn timed_out(idle: Duration, up: u64, down: u64) -> io::Error {
    let what = format!("nothing moved for {idle:?}, after {up} bytes up and {down} down");
    io::Error::new(io::ErrorKind::TimedOut, what)
}

/// The zero-copy relay: the same connection through two pipes from the pool.
#[cfg(all(feature = "splice", any(target_os = "linux", target_os = "android")))]
mod splice {
    use super::*;
    use owned_io::{splice_bidirectional_owned, Pipe};

    pub(super) async fn proxy(
        client: TcpStream,
        server: TcpStream,
        pool: Pool,
        idle: Duration,
    ) -> io::Result<Proxied> {
        let (up_pipe, down_pipe) = take(&pool)?;
        let relay = splice_bidirectional_owned(client, server, up_pipe, down_pipe);
        let moved = |r: &owned_io::SpliceBidirectionalOwned<TcpStream, TcpStream>| {
            [r.a_to_b().copied(), r.b_to_a().copied()]
        };
        let done = match until_idle(relay, moved, idle).await {
            Ok(done) => done,
            Err(relay) => {
                let (_, _, up_pipe, down_pipe, up, down) = relay.into_parts().expect("in flight");
                put(&pool, (up_pipe, down_pipe));
                return Err(timed_out(idle, up.copied(), down.copied()));
            }
        };
        match done {
            Ok((_, _, up_pipe, down_pipe, up, down)) => {
                put(&pool, (up_pipe, down_pipe));
                Ok(Proxied { up, down })
            }
            Err(err) => {
                let message = err.to_string();
                let (error, _client, _server, up_pipe, down_pipe) = err.into_parts();
                put(&pool, (up_pipe, down_pipe)); // emptied before reuse: see `put`
                Err(io::Error::new(error.kind(), message))
            }
        }
    }

    fn take(pool: &Pool) -> io::Result<Pipes> {
        let mut pooled = pool.lock();
        if let Some(pipes) = pooled.pipes.as_mut().and_then(Vec::pop) {
            return Ok(pipes);
        }
        pooled.created += 1;
        Ok((Pipe::with_capacity(PIPE)?, Pipe::with_capacity(PIPE)?))
    }

    /// Back into the pool, but only a pipe that is empty: one with bytes of a failed connection
    /// is dropped (with them), so that they never reach the next connection.
    fn put(pool: &Pool, (up, down): Pipes) {
        if up.is_empty() && down.is_empty() {
            pool.lock()
                .pipes
                .get_or_insert_with(Vec::new)
                .push((up, down));
        }
    }
}

/// Accepts connections on `listener` and proxies each to `upstream` on a task of its own,
/// `connections` of them, each closed after `idle` of silence, then returns what each did.
pub async fn serve(
    listener: TcpListener,
    upstream: SocketAddr,
    pool: Pool,
    connections: usize,
    idle: Duration,
) -> Vec<io::Result<Proxied>> {
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (client, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                tasks.push(tokio::spawn(async move { Err(e) }));
                continue;
            }
        };
        tasks.push(tokio::spawn(proxy(client, upstream, pool.clone(), idle)));
    }
    let mut done = Vec::new();
    for task in tasks {
        done.push(task.await.expect("a proxy task does not panic"));
    }
    done
}

/// Accepts connections on `listener` and proxies each to `upstream` until `stop` completes,
/// reporting each connection as it ends.
pub async fn serve_until(
    listener: TcpListener,
    upstream: SocketAddr,
    pool: Pool,
    idle: Duration,
    stop: impl Future<Output = ()>,
) {
    tokio::pin!(stop);
    loop {
        let client = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stop => return,
        };
        let (client, from) = match client {
            Ok(accepted) => accepted,
            Err(e) => {
                eprintln!("accept: {e}");
                continue;
            }
        };
        let pool = pool.clone();
        tokio::spawn(async move {
            match proxy(client, upstream, pool, idle).await {
                Ok(done) => println!("{from}: {} bytes up, {} down", done.up, done.down),
                Err(e) => println!("{from}: {e}"),
            }
        });
    }
}

/// An echo server: every connection gets back what it sends, until it shuts its side down.
pub async fn echo_server() -> io::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        while let Ok((sock, _)) = listener.accept().await {
            tokio::spawn(async move {
                let _ = sock.set_nodelay(true); // as the proxy: each echo goes out at once
                let (mut reader, mut writer) = sock.into_split();
                let _ = tokio::io::copy(&mut reader, &mut writer).await;
            });
        }
    });
    Ok(addr)
}

/// A client: frames of `size` bytes through `proxy`, each echoed back whole.
pub async fn echo_client(proxy: SocketAddr, frames: usize, size: usize) -> io::Result<u64> {
    let sock = TcpStream::connect(proxy).await?;
    sock.set_nodelay(true)?; // a frame's last segment goes out without waiting for an ack
    let (mut reader, mut writer) = sock.into_split();
    let mut out = vec![0u8; size];
    let mut back = vec![0u8; size];
    for i in 0..frames {
        out.iter_mut()
            .enumerate()
            .for_each(|(j, b)| *b = (i * 31 + j) as u8);
        (writer, out) = writer.write_all_owned(out).await?;
        (reader, back) = reader.read_exact_owned(back).await?;
        if back != out {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "an echo came back changed",
            ));
        }
    }
    drop(writer); // the proxy shuts the server's side down; the echo ends
    match reader.read_exact_owned([0u8; 1]).await {
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof && e.filled() == 0 => {}
        Err(e) => return Err(e.into()),
        Ok(_) => {
            let message = "bytes after the last echo";
            return Err(io::Error::new(io::ErrorKind::InvalidData, message));
        }
    }
    Ok((frames * size) as u64)
}

#[tokio::main]
async fn main() -> io::Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let splice = args.iter().any(|arg| arg == "--splice");
    args.retain(|arg| arg != "--splice");
    let pool = if splice { splicing()? } else { Pool::default() };
    let upstream: Option<SocketAddr> = match args.first() {
        Some(addr) => Some(addr.parse().map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("UPSTREAM {addr:?}: {e}"),
            )
        })?),
        None => None,
    };
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let front = listener.local_addr()?;
    let relay = if splice { "splice" } else { "copy" };

    match upstream {
        None => {
            let upstream = echo_server().await?;
            println!("echo server on {upstream}, proxy ({relay}) on {front}");
            const CLIENTS: usize = 8;
            let proxy = tokio::spawn(serve(listener, upstream, pool.clone(), CLIENTS, IDLE));
            let mut clients = Vec::new();
            for c in 0..CLIENTS {
                clients.push(tokio::spawn(echo_client(front, 200, 1000 + c * 3000)));
            }
            let mut sent = 0;
            for client in clients {
                sent += client.await.expect("no panic")?;
            }
            for (i, done) in proxy.await.expect("no panic").into_iter().enumerate() {
                let done = done?;
                assert_eq!(done.up, done.down, "an echo sends back what it got");
                println!(
                    "connection {i}: {} bytes up, {} bytes down",
                    done.up, done.down
                );
            }
            println!(
                "{CLIENTS} connections, {sent} bytes each way, every echo intact; \
                 {} of {} pairs made back in the pool",
                pool.idle(),
                pool.created()
            );
        }
        Some(upstream) => {
            println!("proxy ({relay}) on {front} in front of {upstream}; Ctrl-C stops it");
            let stop = async {
                let _ = tokio::signal::ctrl_c().await;
            };
            serve_until(listener, upstream, pool, IDLE, stop).await;
        }
    }
    Ok(())
}

#[cfg(all(feature = "splice", any(target_os = "linux", target_os = "android")))]
fn splicing() -> io::Result<Pool> {
    Ok(Pool::splicing())
}

#[cfg(not(all(feature = "splice", any(target_os = "linux", target_os = "android"))))]
fn splicing() -> io::Result<Pool> {
    let what = "--splice needs Linux and the `splice` feature: --features splice";
    Err(io::Error::new(io::ErrorKind::Unsupported, what))
}
