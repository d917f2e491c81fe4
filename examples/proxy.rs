//! A TCP proxy built on `copy_bidirectional_owned`: each connection is copied both ways
//! through two buffers the proxy owns and gets back when the connection ends, so it keeps them
//! in a pool for the next one, and learns, if a connection fails, which side failed and which
//! bytes were read but not delivered. A connection on which nothing moves for [`IDLE`] is
//! closed, from the copy's own progress: the in-flight copy says how many bytes it has read each
//! way, so no wrapper stream has to count them.
//!
//! `cargo run --example proxy` starts an echo server, the proxy in front of it, and clients that
//! send requests through the proxy and check every reply; it ends by itself.
//! `cargo run --example proxy UPSTREAM` puts the proxy in front of a server of yours (a
//! `redis-server` on 127.0.0.1:6379, say) and sends it a Redis `PING` through the proxy.

use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use owned_io::{
    copy_bidirectional_owned, AsyncReadExactExt, AsyncWriteAllExt, CopyBidirectionalOwned,
    CopyProgress,
};
use tokio::net::{TcpListener, TcpStream};

/// The size of each direction's buffer.
pub const BUF: usize = 8 << 10;

/// How long a connection may carry nothing, either way, before the proxy closes it.
pub const IDLE: Duration = Duration::from_secs(30);

/// One connection's buffers: client to server, server to client.
type Buffers = (Vec<u8>, Vec<u8>);

/// Buffers handed back by finished connections, for the next ones.
#[derive(Clone, Default)]
pub struct Pool(Arc<Mutex<Pooled>>);

#[derive(Default)]
struct Pooled {
    idle: Vec<Buffers>,
    created: usize,
}

impl Pool {
    fn take(&self) -> Buffers {
        let mut pooled = self.0.lock().expect("no panic holds the lock");
        pooled.idle.pop().unwrap_or_else(|| {
            pooled.created += 1;
            (vec![0u8; BUF], vec![0u8; BUF])
        })
    }

    fn put(&self, bufs: Buffers) {
        self.0
            .lock()
            .expect("no panic holds the lock")
            .idle
            .push(bufs);
    }

    /// How many buffer pairs are waiting for a connection.
    pub fn idle(&self) -> usize {
        self.0.lock().expect("no panic holds the lock").idle.len()
    }

    /// How many buffer pairs were ever allocated: a connection that starts after another has
    /// ended reuses that one's pair instead.
    pub fn created(&self) -> usize {
        self.0.lock().expect("no panic holds the lock").created
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
/// [`TimedOut`](io::ErrorKind::TimedOut)). The buffers go back to `pool` either way.
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
    let (up_buf, down_buf) = pool.take();
    let mut copy = copy_bidirectional_owned(client, server, up_buf, down_buf);
    let mut seen = read_so_far(&copy);
    let done = loop {
        tokio::select! {
            done = &mut copy => break done,
            // Checked once a period: a connection is closed after `idle` to `2 * idle` of
            // silence, without a timer reset per byte.
            _ = tokio::time::sleep(idle) => {
                let now = read_so_far(&copy);
                if now != seen {
                    seen = now;
                    continue;
                }
                let (_client, _server, up_buf, down_buf, up, down) =
                    copy.into_parts().expect("the copy has not completed");
                pool.put((up_buf, down_buf));
                return Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!(
                        "nothing moved for {idle:?}, after {} bytes up and {} down",
                        up.copied(),
                        down.copied()
                    ),
                ));
            }
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

/// The bytes a copy has read each way: those it wrote and those still in its buffers.
fn read_so_far(copy: &CopyBidirectionalOwned<TcpStream, TcpStream, Vec<u8>, Vec<u8>>) -> [u64; 2] {
    let read = |p: CopyProgress| p.copied() + p.pending().len() as u64;
    [read(copy.a_to_b()), read(copy.b_to_a())]
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
    let upstream: Option<SocketAddr> = match std::env::args().nth(1) {
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
    let pool = Pool::default();

    match upstream {
        None => {
            let upstream = echo_server().await?;
            println!("echo server on {upstream}, proxy on {front}");
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
                 {} of {} buffer pairs allocated back in the pool",
                pool.idle(),
                pool.created()
            );
        }
        Some(upstream) => {
            println!("proxy on {front} in front of {upstream}");
            let proxy = tokio::spawn(serve(listener, upstream, pool.clone(), 1, IDLE));
            let sock = TcpStream::connect(front).await?;
            let (sock, _) = sock.write_all_owned(*b"*1\r\n$4\r\nPING\r\n").await?;
            let (sock, reply) = sock.read_exact_owned([0u8; 7]).await?;
            println!(
                "PING through the proxy -> {:?}",
                String::from_utf8_lossy(&reply)
            );
            drop(sock);
            let done = proxy
                .await
                .expect("no panic")
                .pop()
                .expect("one connection")?;
            println!("{} bytes up, {} bytes down", done.up, done.down);
        }
    }
    Ok(())
}
