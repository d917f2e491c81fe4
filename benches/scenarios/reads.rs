//! Reads whose length the peer decides: `read_owned` against tokio's `read_buf`,
//! `read_to_end_owned` against tokio's `read_to_end`, and a frame read into spare capacity
//! against one into a zeroed `Vec`.

use super::*;
use bytes::BytesMut;
use owned_io::AsyncReadOwnedExt;

/// Every scenario of this file, in the order the comparison prints them.
pub fn all() -> Vec<Scenario> {
    vec![
        read_owned_memory(4 << 10),
        read_owned_memory_by_ref(4 << 10),
        read_owned_memory(64 << 10),
        read_owned_tcp(),
        read_to_end_memory(),
        read_to_end_tcp(),
        frame_without_zeroing(),
    ]
}

/// tokio's `read_buf` of `size` bytes from a slice into a `BytesMut` of that capacity, emptied
/// after.
fn tokio_read_buf(size: usize) -> Side {
    let mut buf = aligned(|| BytesMut::with_capacity(size), |b| b.as_ptr());
    let data = Source::facing(&buf, size);
    let waker = noop_waker();
    side("tokio read_buf", move |iters| {
        timed(iters, || {
            let mut reader: &[u8] = &black_box(data.bytes())[..size];
            buf.clear();
            let n = run_local(&waker, reader.read_buf(&mut buf)).expect("in memory");
            black_box((&buf[..], n));
        })
    })
}

/// One read of `size` bytes from a slice into a `BytesMut` of that capacity, emptied after.
fn read_owned_memory(size: usize) -> Scenario {
    let mut ours_buf = Some(aligned(|| BytesMut::with_capacity(size), |b| b.as_ptr()));
    let data = Source::facing(ours_buf.as_deref().expect("just made"), size);
    let waker = noop_waker();
    let ours = side("owned-io read_owned", move |iters| {
        timed_owned(iters, &mut ours_buf, |mut buf| {
            let reader: &[u8] = &black_box(data.bytes())[..size];
            buf.clear();
            let (_, buf, n) = run_local(&waker, reader.read_owned(buf)).expect("in memory");
            black_box((&buf[..], n));
            buf
        })
    });
    let baseline = tokio_read_buf(size);
    Scenario::new(
        "read_owned/memory",
        format!("{} into BytesMut", size_label(size)),
        Target::Parity,
        ours,
        baseline,
    )
}

/// The same read with the buffer lent as `&mut BytesMut` (a `BufMut` too): what is handed back
/// is a reference, not the 32-byte `BytesMut` whose length the read just changed.
fn read_owned_memory_by_ref(size: usize) -> Scenario {
    let mut ours_buf = aligned(|| BytesMut::with_capacity(size), |b| b.as_ptr());
    let data = Source::facing(&ours_buf, size);
    let waker = noop_waker();
    let ours = side("owned-io read_owned(&mut)", move |iters| {
        timed(iters, || {
            let reader: &[u8] = &black_box(data.bytes())[..size];
            ours_buf.clear();
            let read = reader.read_owned(&mut ours_buf);
            let (_, _, n) = run_local(&waker, read).expect("in memory");
            black_box((&ours_buf[..], n));
        })
    });
    let baseline = tokio_read_buf(size);
    Scenario::new(
        "read_owned/memory",
        format!("{} into &mut BytesMut", size_label(size)),
        Target::Parity,
        ours,
        baseline,
    )
}

/// Bytes one TCP read operation takes.
const TCP_OP: usize = 1 << 20;

/// Writes `iters` × [`TCP_OP`] bytes on `client` on a task of its own, and hands it back.
fn pump(client: TcpStream, iters: u64) -> tokio::task::JoinHandle<TcpStream> {
    tokio::spawn(async move {
        let mut client = client;
        let chunk = vec![0x33u8; 64 << 10];
        for _ in 0..iters as usize * TCP_OP / chunk.len() {
            client.write_all(&chunk).await.expect("the peer reads");
        }
        client
    })
}

/// 1 MiB over TCP through reads into a 64 KiB `BytesMut`, emptied after each read; the same
/// writer task on both sides.
fn read_owned_tcp() -> Scenario {
    let runtime = two_workers();
    let (client, server) = tcp_pair(&runtime);
    let mut state = Some((client, server, BytesMut::with_capacity(64 << 10)));
    let ours = side("owned-io read_owned", move |iters| {
        let (client, mut server, mut buf) = state.take().expect("handed back");
        let start = Instant::now();
        let parts = runtime.block_on(async {
            let writer = pump(client, iters);
            let mut left = iters as usize * TCP_OP;
            while left > 0 {
                let n;
                (server, buf, n) = server.read_owned(buf).await.expect("the peer writes");
                assert!(n > 0, "the peer closed early");
                black_box(&buf[..]);
                buf.clear();
                left -= n;
            }
            (writer.await.expect("no panic"), server, buf)
        });
        let elapsed = start.elapsed();
        state = Some(parts);
        elapsed
    });
    let runtime = two_workers();
    let (client, server) = tcp_pair(&runtime);
    let mut state = Some((client, server, BytesMut::with_capacity(64 << 10)));
    let baseline = side("tokio read_buf", move |iters| {
        let (client, mut server, mut buf) = state.take().expect("handed back");
        let start = Instant::now();
        let parts = runtime.block_on(async {
            let writer = pump(client, iters);
            let mut left = iters as usize * TCP_OP;
            while left > 0 {
                let n = server.read_buf(&mut buf).await.expect("the peer writes");
                assert!(n > 0, "the peer closed early");
                black_box(&buf[..]);
                buf.clear();
                left -= n;
            }
            (writer.await.expect("no panic"), server, buf)
        });
        let elapsed = start.elapsed();
        state = Some(parts);
        elapsed
    });
    Scenario::new(
        "read_owned/tcp",
        "1 MiB in 64 KiB BytesMut reads",
        Target::Parity,
        ours,
        baseline,
    )
}

/// Bytes one read to the end takes.
const TO_END: usize = 16 << 20;

/// 16 MiB from a slice into a vector that keeps its capacity from one operation to the next.
fn read_to_end_memory() -> Scenario {
    let mut ours_buf = Some(Vec::with_capacity(TO_END));
    let data = Source::facing(ours_buf.as_deref().expect("just made"), TO_END);
    let waker = noop_waker();
    let ours = side("owned-io read_to_end_owned", move |iters| {
        timed_owned(iters, &mut ours_buf, |mut buf| {
            let reader: &[u8] = &black_box(data.bytes())[..TO_END];
            buf.clear();
            let read = reader.read_to_end_owned(buf, usize::MAX);
            let (_, buf, n) = run_local(&waker, read).expect("in memory");
            black_box((&buf[..], n));
            buf
        })
    });
    let mut buf = Vec::with_capacity(TO_END);
    let data = Source::facing(&buf, TO_END);
    let waker = noop_waker();
    let baseline = side("tokio read_to_end", move |iters| {
        timed(iters, || {
            let mut reader: &[u8] = &black_box(data.bytes())[..TO_END];
            buf.clear();
            let n = run_local(&waker, reader.read_to_end(&mut buf)).expect("in memory");
            black_box((&buf[..], n));
        })
    });
    Scenario::new(
        "read_to_end/memory",
        "16 MiB from a slice",
        Target::Parity,
        ours,
        baseline,
    )
}

/// A connection a read to the end: 16 MiB sent by a task of its own, then closed.
async fn to_end_connection(listener: &TcpListener) -> TcpStream {
    let addr = listener.local_addr().expect("an address");
    let sender = tokio::spawn(async move {
        let mut client = TcpStream::connect(addr).await.expect("connect");
        let chunk = vec![0x44u8; 1 << 20];
        for _ in 0..TO_END / chunk.len() {
            client.write_all(&chunk).await.expect("the peer reads");
        }
    });
    let (server, _) = listener.accept().await.expect("accept");
    drop(sender);
    server
}

/// 16 MiB over a fresh TCP connection until its end, into a vector that keeps its capacity.
fn read_to_end_tcp() -> Scenario {
    let side_of = |name: &'static str, owned: bool| {
        let runtime = two_workers();
        let listener = runtime
            .block_on(TcpListener::bind("127.0.0.1:0"))
            .expect("bind 127.0.0.1");
        let mut buf = Some(Vec::with_capacity(TO_END));
        side(name, move |iters| {
            let mut vec = buf.take().expect("handed back");
            let start = Instant::now();
            vec = runtime.block_on(async {
                for _ in 0..iters {
                    let mut server = to_end_connection(&listener).await;
                    vec.clear();
                    let n;
                    if owned {
                        (_, vec, n) = server
                            .read_to_end_owned(vec, usize::MAX)
                            .await
                            .expect("the peer writes");
                    } else {
                        n = server.read_to_end(&mut vec).await.expect("the peer writes");
                    }
                    assert_eq!(n, TO_END);
                    black_box(&vec[..]);
                }
                vec
            });
            let elapsed = start.elapsed();
            buf = Some(vec);
            elapsed
        })
    };
    Scenario::new(
        "read_to_end/tcp",
        "16 MiB, a connection each",
        Target::Parity,
        side_of("owned-io read_to_end_owned", true),
        side_of("tokio read_to_end", false),
    )
}

/// Bytes of the frame read into spare capacity.
const FRAME_1M: usize = 1 << 20;

/// A 1 MiB frame into a fresh `BytesMut::with_capacity`, never zeroed, against one into a fresh
/// `vec![0u8; 1 MiB]`: the `vec!` and its zeroing are part of what is measured.
fn frame_without_zeroing() -> Scenario {
    let probe = vec![0u8; FRAME_1M];
    let data = Source::facing(&probe, FRAME_1M);
    drop(probe);
    let waker = noop_waker();
    let ours = side("owned-io read_owned, no zeroing", move |iters| {
        timed(iters, || {
            let mut reader: &[u8] = &black_box(data.bytes())[..FRAME_1M];
            let mut frame = BytesMut::with_capacity(FRAME_1M);
            while frame.len() < FRAME_1M {
                let n;
                (reader, frame, n) =
                    run_local(&waker, reader.read_owned(frame)).expect("in memory");
                assert!(n > 0, "a whole frame is there");
            }
            black_box(&frame[..]);
        })
    });
    let probe = vec![0u8; FRAME_1M];
    let data = Source::facing(&probe, FRAME_1M);
    drop(probe);
    let waker = noop_waker();
    let baseline = side("read_exact_owned(vec![0; 1 MiB])", move |iters| {
        timed(iters, || {
            let reader: &[u8] = &black_box(data.bytes())[..FRAME_1M];
            let frame = vec![0u8; FRAME_1M];
            let (_, frame) = run_local(&waker, reader.read_exact_owned(frame)).expect("in memory");
            black_box(&frame[..]);
        })
    });
    Scenario::new(
        "frame_1mib/memory",
        "fresh buffer each frame",
        Target::AtMost(0.8),
        ours,
        baseline,
    )
}
