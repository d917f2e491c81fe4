//! The splices over TCP loopback, against the copies. A proxy relays between a client and a
//! server on a thread of its own with a current-thread runtime, so that its CPU time can be read
//! (`CLOCK_THREAD_CPUTIME_ID`); the client and the server run on the two-worker runtime. Each
//! side measures the wall time of the transfer, or the proxy thread's CPU time: the same
//! relays, two questions.

use super::*;
use owned_io::{
    copy_bidirectional_owned, copy_owned, splice_bidirectional_owned, splice_owned, Pipe,
};

/// Bytes a relay moves each way.
const MOVED: usize = if cfg!(debug_assertions) {
    1 << 20
} else {
    64 << 20
};

/// What relays the bytes.
#[derive(Clone, Copy)]
enum Relay {
    /// `splice_owned` / `splice_bidirectional_owned` through pipes of this many bytes.
    Splice(usize),
    /// `copy_owned` / `copy_bidirectional_owned` through buffers of this many bytes.
    Copy(usize),
    /// tokio's `copy` / `copy_bidirectional`, with their own 8 KiB buffers.
    Tokio,
    /// tokio-splice2's `copy` / `copy_bidirectional`, with pipes of their own.
    Splice2,
}

/// What a side measures.
#[derive(Clone, Copy, PartialEq)]
enum Metric {
    Wall,
    ProxyCpu,
}

/// Every scenario of this file, in the order the comparison prints them.
pub fn all() -> Vec<Scenario> {
    let (mib, copy) = (Relay::Splice(1 << 20), Relay::Copy(64 << 10));
    let mut all = Vec::new();
    for metric in [Metric::Wall, Metric::ProxyCpu] {
        // Against the copy: the CPU at most 0.6 of it, the throughput at least 1.15 times.
        let against_copy = Target::AtMost(match metric {
            Metric::ProxyCpu => 0.6,
            Metric::Wall => 1.0 / 1.15,
        });
        let rows = [
            (true, mib, Relay::Tokio, Target::AtMost(0.5)),
            (true, mib, copy, against_copy),
            (true, Relay::Splice(64 << 10), mib, Target::Report),
            (true, mib, Relay::Splice2, Target::AtMost(1.0)),
            (false, mib, copy, against_copy),
            (false, mib, Relay::Splice2, Target::AtMost(1.0)),
        ];
        for (both_ways, ours, base, target) in rows {
            all.push(relay(both_ways, metric, ours, base, target));
        }
    }
    all.push(echo());
    all.push(fresh_pipe());
    all
}

fn label(relay: Relay) -> &'static str {
    match relay {
        Relay::Splice(size) if size >= 1 << 20 => "owned-io splice, 1 MiB pipes",
        Relay::Splice(_) => "owned-io splice, 64 KiB pipes",
        Relay::Copy(_) => "owned-io copy, 64 KiB buffers",
        Relay::Tokio => "tokio copy (8 KiB buffers)",
        Relay::Splice2 => "tokio-splice2",
    }
}

/// The CPU time this thread has used.
fn thread_cpu() -> Duration {
    let now = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// A connected pair of sockets from `listener`, `TCP_NODELAY` on both.
async fn pair(listener: &TcpListener) -> (TcpStream, TcpStream) {
    let addr = listener.local_addr().expect("an address");
    let (a, accepted) = tokio::join!(TcpStream::connect(addr), listener.accept());
    let (a, b) = (a.expect("connect"), accepted.expect("accept").0);
    a.set_nodelay(true).expect("nodelay");
    b.set_nodelay(true).expect("nodelay");
    (a, b)
}

/// Runs one relay between `front` and `back` on a thread of its own (one way: from `front` to
/// `back`, then `back` is closed); returns the proxy thread's CPU time.
fn proxy(relay: Relay, both_ways: bool, front: TcpStream, back: TcpStream) -> Duration {
    let (front, back) = (
        front.into_std().expect("std"),
        back.into_std().expect("std"),
    );
    let thread = std::thread::spawn(move || {
        let runtime = current_thread();
        runtime.block_on(async move {
            let front = TcpStream::from_std(front).expect("registered");
            let back = TcpStream::from_std(back).expect("registered");
            let start = thread_cpu();
            run(relay, both_ways, front, back).await;
            thread_cpu() - start
        })
    });
    thread.join().expect("no panic")
}

async fn run(relay: Relay, both_ways: bool, mut front: TcpStream, mut back: TcpStream) {
    let moved = MOVED as u64;
    match (relay, both_ways) {
        (Relay::Splice(size), true) => {
            let pipes = (pipe(size), pipe(size));
            let out = splice_bidirectional_owned(front, back, pipes.0, pipes.1).await;
            assert_eq!(out.expect("a splice").4, moved);
        }
        (Relay::Splice(size), false) => {
            let out = splice_owned(front, back, pipe(size)).await;
            assert_eq!(out.expect("a splice").3, moved);
        }
        (Relay::Copy(size), true) => {
            let bufs = (vec![0u8; size], vec![0u8; size]);
            let out = copy_bidirectional_owned(front, back, bufs.0, bufs.1).await;
            assert_eq!(out.expect("a copy").4, moved);
        }
        (Relay::Copy(size), false) => {
            let out = copy_owned(front, back, vec![0u8; size]).await;
            assert_eq!(out.expect("a copy").3, moved);
        }
        (Relay::Tokio, true) => {
            let out = tokio::io::copy_bidirectional(&mut front, &mut back).await;
            assert_eq!(out.expect("a copy").0, moved);
        }
        (Relay::Tokio, false) => {
            let out = tokio::io::copy(&mut front, &mut back).await;
            assert_eq!(out.expect("a copy"), moved);
        }
        (Relay::Splice2, true) => {
            let out = tokio_splice2::copy_bidirectional(&mut front, &mut back).await;
            out.expect("a splice");
        }
        (Relay::Splice2, false) => {
            let out = tokio_splice2::copy(&mut front, &mut back).await;
            out.expect("a splice");
        }
    }
}

fn pipe(size: usize) -> Pipe {
    Pipe::with_capacity(size).expect("a pipe")
}

/// The runtime of a relay side's client and server, and the listener they connect through.
fn runtime_and_listener() -> (tokio::runtime::Runtime, TcpListener) {
    let runtime = two_workers();
    let listener = runtime
        .block_on(TcpListener::bind("127.0.0.1:0"))
        .expect("bind 127.0.0.1");
    (runtime, listener)
}

/// One side: `iters` relays of [`MOVED`] bytes (each way, or one way), timed by `metric`.
fn relay_side(relay: Relay, both_ways: bool, metric: Metric) -> Side {
    let (runtime, listener) = runtime_and_listener();
    side(label(relay), move |iters| {
        let mut took = Duration::ZERO;
        for _ in 0..iters {
            let (client, front) = runtime.block_on(pair(&listener));
            let (back, server) = runtime.block_on(pair(&listener));
            let start = Instant::now();
            let client = runtime.spawn(send_and_count(client, MOVED, 256 << 10));
            let server = runtime.spawn(send_and_count(
                server,
                if both_ways { MOVED } else { 0 },
                256 << 10,
            ));
            let cpu = proxy(relay, both_ways, front, back);
            let (up, down) = runtime.block_on(async {
                (
                    server.await.expect("no panic"),
                    client.await.expect("no panic"),
                )
            });
            assert_eq!((up, down), (MOVED, if both_ways { MOVED } else { 0 }));
            took += match metric {
                Metric::Wall => start.elapsed(),
                Metric::ProxyCpu => cpu,
            };
        }
        took
    })
}

fn relay(both_ways: bool, metric: Metric, ours: Relay, base: Relay, target: Target) -> Scenario {
    let group = match (both_ways, metric) {
        (true, Metric::Wall) => "splice_bidirectional/tcp wall",
        (true, Metric::ProxyCpu) => "splice_bidirectional/tcp proxy CPU",
        (false, Metric::Wall) => "splice/tcp wall",
        (false, Metric::ProxyCpu) => "splice/tcp proxy CPU",
    };
    let way = if both_ways { " each way" } else { "" };
    let case = format!("{} MiB{way}, {}", MOVED >> 20, label(ours));
    let (ours, base) = (
        relay_side(ours, both_ways, metric),
        relay_side(base, both_ways, metric),
    );
    Scenario::new(group, case, target, ours, base)
}

/// Round trips of a 64-byte request and its 64-byte reply through a bidirectional relay on a
/// proxy thread: latency, splice against `copy_bidirectional_owned`.
fn echo() -> Scenario {
    const TRIPS: usize = 2000;
    let side_of = |relay: Relay| {
        let (runtime, listener) = runtime_and_listener();
        side(label(relay), move |iters| {
            let mut took = Duration::ZERO;
            for _ in 0..iters {
                let (mut client, front) = runtime.block_on(pair(&listener));
                let (back, mut server) = runtime.block_on(pair(&listener));
                let (front, back) = (
                    front.into_std().expect("std"),
                    back.into_std().expect("std"),
                );
                let proxy = std::thread::spawn(move || {
                    current_thread().block_on(async move {
                        let front = TcpStream::from_std(front).expect("registered");
                        let back = TcpStream::from_std(back).expect("registered");
                        match relay {
                            Relay::Splice(size) => {
                                let pipes = (pipe(size), pipe(size));
                                let out = splice_bidirectional_owned(front, back, pipes.0, pipes.1);
                                out.await.map(|_| ()).expect("a splice");
                            }
                            _ => {
                                let bufs = (vec![0u8; 64 << 10], vec![0u8; 64 << 10]);
                                let out = copy_bidirectional_owned(front, back, bufs.0, bufs.1);
                                out.await.map(|_| ()).expect("a copy");
                            }
                        }
                    })
                });
                took += runtime.block_on(async {
                    let echo = tokio::spawn(async move {
                        let mut request = [0u8; 64];
                        while server.read_exact(&mut request).await.is_ok() {
                            server.write_all(&request).await.expect("the reply");
                        }
                        server.shutdown().await.expect("a shutdown");
                    });
                    let start = Instant::now();
                    let mut reply = [0u8; 64];
                    for _ in 0..TRIPS {
                        client.write_all(&[0x42; 64]).await.expect("a request");
                        client.read_exact(&mut reply).await.expect("a reply");
                    }
                    let took = start.elapsed();
                    client.shutdown().await.expect("a shutdown");
                    echo.await.expect("no panic");
                    drop(client);
                    took
                });
                proxy.join().expect("no panic");
            }
            took
        })
    };
    Scenario::new(
        "splice_bidirectional/tcp echo",
        format!("{TRIPS} round trips of 64 B"),
        Target::AtMost(1.05),
        side_of(Relay::Splice(1 << 20)),
        side_of(Relay::Copy(64 << 10)),
    )
}

/// What a pipe costs to make: a 4 KiB splice with a fresh 1 MiB pipe each time, against the
/// same with one pipe reused, between Unix sockets on one thread.
fn fresh_pipe() -> Scenario {
    let side_of = |name: &'static str, fresh: bool| {
        let runtime = current_thread();
        let mut reused = Some(pipe(1 << 20));
        side(name, move |iters| {
            runtime.block_on(async {
                let start = Instant::now();
                for _ in 0..iters {
                    let (mut src, reader) = tokio::net::UnixStream::pair().expect("a pair");
                    let (writer, mut dst) = tokio::net::UnixStream::pair().expect("a pair");
                    src.write_all(&[7u8; 4096]).await.expect("room");
                    drop(src);
                    let p = if fresh {
                        pipe(1 << 20)
                    } else {
                        reused.take().expect("handed back")
                    };
                    let (_, _, p, n) = splice_owned(reader, writer, p).await.expect("a splice");
                    assert_eq!(n, 4096);
                    if !fresh {
                        reused = Some(p);
                    }
                    let mut got = [0u8; 4096];
                    dst.read_exact(&mut got).await.expect("the bytes");
                }
                start.elapsed()
            })
        })
    };
    Scenario::new(
        "splice/unix pipe",
        "4 KiB a splice, 1 MiB pipe",
        Target::Report,
        side_of("Pipe::with_capacity each splice", true),
        side_of("one pipe reused", false),
    )
}
