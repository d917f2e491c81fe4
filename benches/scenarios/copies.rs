//! Copies over TCP loopback: `copy_owned` against `tokio::io::copy`, and
//! `copy_bidirectional_owned` against `tokio::io::copy_bidirectional`, each operation on fresh
//! connections made the same way for both sides.

use super::*;
use owned_io::{copy_bidirectional_owned, copy_owned};

/// Bytes one copy moves each way.
const COPIED: usize = if cfg!(debug_assertions) {
    1 << 20
} else {
    16 << 20
};

/// Every scenario of this file, in the order the comparison prints them.
pub fn all() -> Vec<Scenario> {
    vec![
        copy(8 << 10, Target::Parity),
        copy(64 << 10, Target::Report),
        bidirectional(),
    ]
}

/// Writes [`COPIED`] bytes on `sock` and shuts it down.
async fn source(mut sock: TcpStream) {
    let chunk = vec![0x5au8; 64 << 10];
    for _ in 0..COPIED / chunk.len() {
        sock.write_all(&chunk).await.expect("the copy reads");
    }
    sock.shutdown().await.expect("a shutdown");
}

/// Reads `sock` to its end; returns how many bytes came.
async fn sink(mut sock: TcpStream) -> usize {
    let mut buf = vec![0u8; 64 << 10];
    let mut total = 0;
    loop {
        let n = sock.read(&mut buf).await.expect("the copy writes");
        if n == 0 {
            return total;
        }
        total += n;
    }
}

/// A connected pair of sockets from `listener`.
async fn connected(listener: &TcpListener) -> (TcpStream, TcpStream) {
    let addr = listener.local_addr().expect("an address");
    let (client, accepted) = tokio::join!(TcpStream::connect(addr), listener.accept());
    let client = client.expect("connect");
    client.set_nodelay(true).expect("nodelay");
    (client, accepted.expect("accept").0)
}

/// [`COPIED`] bytes from a source through a copy to a sink, on two fresh connections an
/// operation: `owned` says whether the copy is `copy_owned` with a buffer of `size` bytes
/// (reused from one operation to the next) or tokio's `copy` (its own 8 KiB buffer).
fn copy(size: usize, target: Target) -> Scenario {
    let side_of = |name: &'static str, owned: bool| {
        let runtime = two_workers();
        let listener = runtime
            .block_on(TcpListener::bind("127.0.0.1:0"))
            .expect("bind 127.0.0.1");
        let mut buf = Some(vec![0u8; size]);
        side(name, move |iters| {
            let mut own = buf.take().expect("handed back");
            let mut took = Duration::ZERO;
            own = runtime.block_on(async {
                for _ in 0..iters {
                    let (to_copy, mut reader) = connected(&listener).await;
                    let (mut writer, to_sink) = connected(&listener).await;
                    let start = Instant::now();
                    let fed = tokio::spawn(source(to_copy));
                    let drained = tokio::spawn(sink(to_sink));
                    let copied = if owned {
                        let out = copy_owned(reader, writer, own).await.expect("a copy");
                        (_, writer, own, _) = out;
                        out.3
                    } else {
                        tokio::io::copy(&mut reader, &mut writer)
                            .await
                            .expect("a copy")
                    };
                    drop(writer);
                    fed.await.expect("no panic");
                    assert_eq!(drained.await.expect("no panic"), COPIED);
                    took += start.elapsed();
                    assert_eq!(copied as usize, COPIED);
                }
                own
            });
            buf = Some(own);
            took
        })
    };
    Scenario::new(
        "copy/tcp",
        format!("{} MiB, {} buffer", COPIED >> 20, size_label(size)),
        target,
        side_of("owned-io copy_owned", true),
        side_of("tokio copy (8 KiB)", false),
    )
}

/// [`COPIED`] bytes each way between a client and a server through a copy both ways, each
/// side shutting down after sending; two fresh connections an operation.
fn bidirectional() -> Scenario {
    let side_of = |name: &'static str, owned: bool| {
        let runtime = two_workers();
        let listener = runtime
            .block_on(TcpListener::bind("127.0.0.1:0"))
            .expect("bind 127.0.0.1");
        let mut bufs = Some((vec![0u8; 8 << 10], vec![0u8; 8 << 10]));
        side(name, move |iters| {
            let (mut up, mut down) = bufs.take().expect("handed back");
            let mut took = Duration::ZERO;
            (up, down) = runtime.block_on(async {
                for _ in 0..iters {
                    let (client, mut front) = connected(&listener).await;
                    let (mut back, server) = connected(&listener).await;
                    let start = Instant::now();
                    let ends = [client, server]
                        .map(|end| tokio::spawn(send_and_count(end, COPIED, 64 << 10)));
                    let counts = if owned {
                        let out = copy_bidirectional_owned(front, back, up, down)
                            .await
                            .expect("a copy");
                        (up, down) = (out.2, out.3);
                        (out.4, out.5)
                    } else {
                        tokio::io::copy_bidirectional(&mut front, &mut back)
                            .await
                            .expect("a copy")
                    };
                    for end in ends {
                        assert_eq!(end.await.expect("no panic"), COPIED);
                    }
                    took += start.elapsed();
                    assert_eq!(counts, (COPIED as u64, COPIED as u64));
                }
                (up, down)
            });
            bufs = Some((up, down));
            took
        })
    };
    Scenario::new(
        "copy_bidirectional/tcp",
        format!("{} MiB each way, 8 KiB buffers", COPIED >> 20),
        Target::Parity,
        side_of("owned-io copy_bidirectional_owned", true),
        side_of("tokio copy_bidirectional", false),
    )
}
