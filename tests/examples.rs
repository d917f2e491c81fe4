//! The examples' own code under test: the framed `Stream` / `Sink` of `examples/framed.rs`, the
//! Redis client of `examples/redis.rs` against a `redis-server` this test starts, and the proxy
//! of `examples/proxy.rs` in front of an echo server and of that `redis-server`. The examples
//! themselves run in `.ci/run`.
#![cfg(feature = "bytes")]

#[allow(dead_code)] // the examples' `main`s
#[path = "../examples/framed.rs"]
mod framed;

#[allow(dead_code)]
#[path = "../examples/redis.rs"]
mod redis;

#[allow(dead_code)]
#[path = "../examples/proxy.rs"]
mod proxy;

use std::io::ErrorKind;

use framed::{FrameReader, FrameWriter};
use futures::{SinkExt, StreamExt};

#[tokio::test]
async fn framed_round_trip_over_a_duplex_pipe() {
    let (client, server) = tokio::io::duplex(256);
    let sizes = [0usize, 1, 255, 256, 257, 10_000, 3];
    let writer = tokio::spawn(async move {
        let mut sink = FrameWriter::new(client);
        for (i, &size) in sizes.iter().enumerate() {
            sink.send(vec![i as u8; size]).await.unwrap();
        }
        sink.close().await.unwrap();
    });
    let mut frames = FrameReader::new(server, 16 << 10);
    for (i, &size) in sizes.iter().enumerate() {
        let frame = frames.next().await.expect("a frame").expect("intact");
        assert_eq!(frame, vec![i as u8; size]);
    }
    assert!(
        frames.next().await.is_none(),
        "a clean close ends the stream"
    );
    writer.await.unwrap();
    assert!(
        frames.into_inner().is_some(),
        "the reader comes back after a clean close"
    );
}

#[tokio::test]
async fn framed_rejects_an_oversized_frame_and_hands_the_reader_back() {
    let bytes: &[u8] = &[0, 0, 0, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    let mut frames = FrameReader::new(bytes, 8);
    let err = frames.next().await.expect("an item").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidData);
    assert_eq!(err.to_string(), "frame of 9 bytes is over the maximum of 8");
    assert!(
        frames.next().await.is_none(),
        "the stream stops after an error"
    );
    let (reader, read) = frames.into_inner().expect("the reader is handed back");
    let mut rest = read.to_vec();
    rest.extend_from_slice(reader);
    assert_eq!(rest, [1, 2, 3, 4, 5, 6, 7, 8, 9], "just past the header");
}

#[tokio::test]
async fn framed_says_how_much_of_a_truncated_frame_arrived() {
    let body: &[u8] = &[0, 0, 0, 10, 1, 2, 3];
    let err = FrameReader::new(body, 64)
        .next()
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnexpectedEof);
    assert_eq!(err.to_string(), "closed after 3 of the 10 bytes of a frame");

    let header: &[u8] = &[0, 0];
    let err = FrameReader::new(header, 64)
        .next()
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnexpectedEof);
    assert_eq!(
        err.to_string(),
        "closed after 2 of the 4 bytes of a frame header"
    );
}

#[tokio::test]
async fn framed_reader_is_lazy_and_gives_the_reader_back_between_frames() {
    let bytes: &[u8] = &[0, 0, 0, 1, 7, 0, 0, 0, 1, 8];
    let frames = FrameReader::new(bytes, 64);
    assert_eq!(
        frames.into_inner().unwrap().0,
        bytes,
        "nothing read before a poll"
    );
    let mut frames = FrameReader::new(bytes, 64);
    assert_eq!(frames.next().await.unwrap().unwrap(), [7][..]);
    let (reader, read) = frames.into_inner().expect("between frames");
    let mut rest = read.to_vec();
    rest.extend_from_slice(reader);
    assert_eq!(
        rest,
        [0, 0, 0, 1, 8],
        "the next frame, read or not, is all there"
    );
}

#[tokio::test]
async fn framed_sink_sends_each_frame_in_one_vectored_write() {
    /// Records the calls it gets, as a vectored writer.
    #[derive(Default)]
    struct Recorder {
        calls: Vec<(bool, usize)>,
        bytes: Vec<u8>,
    }
    impl tokio::io::AsyncWrite for Recorder {
        fn poll_write(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
            buf: &[u8],
        ) -> std::task::Poll<std::io::Result<usize>> {
            self.calls.push((false, buf.len()));
            self.bytes.extend_from_slice(buf);
            std::task::Poll::Ready(Ok(buf.len()))
        }
        fn poll_write_vectored(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
            bufs: &[std::io::IoSlice<'_>],
        ) -> std::task::Poll<std::io::Result<usize>> {
            let n = bufs.iter().map(|b| b.len()).sum();
            self.calls.push((true, n));
            bufs.iter().for_each(|b| self.bytes.extend_from_slice(b));
            std::task::Poll::Ready(Ok(n))
        }
        fn is_write_vectored(&self) -> bool {
            true
        }
        fn poll_flush(
            self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<std::io::Result<()>> {
            std::task::Poll::Ready(Ok(()))
        }
        fn poll_shutdown(
            self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<std::io::Result<()>> {
            std::task::Poll::Ready(Ok(()))
        }
    }

    let mut recorder = Recorder::default();
    let mut sink = FrameWriter::new(&mut recorder);
    sink.send(b"hello".to_vec()).await.unwrap();
    sink.send(Vec::new()).await.unwrap();
    drop(sink);
    assert_eq!(recorder.calls, [(true, 9), (true, 4)]);
    assert_eq!(recorder.bytes, b"\x00\x00\x00\x05hello\x00\x00\x00\x00");
}

/// A `redis-server` on a free port of 127.0.0.1, persistence off, stopped when dropped.
struct RedisServer {
    child: std::process::Child,
    addr: String,
    /// One server at a time in this binary: two tests that each pick a free port by binding
    /// and closing it can pick the same one, and then the second server fails to start while
    /// its test talks to the first, until that test ends and kills it.
    _alone: std::sync::MutexGuard<'static, ()>,
}

static ONE_SERVER_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl RedisServer {
    fn start() -> Self {
        let alone = ONE_SERVER_AT_A_TIME
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let child = std::process::Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("redis-server runs (Debian package `redis-server`)");
        let mut server = Self {
            child,
            addr: format!("127.0.0.1:{port}"),
            _alone: alone,
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while std::net::TcpStream::connect(&server.addr).is_err() {
            let exited = server.child.try_wait().expect("the child's status");
            assert!(exited.is_none(), "redis-server exited: {exited:?}");
            assert!(
                std::time::Instant::now() < deadline,
                "redis-server did not start"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        server
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        // Exactly the process this test started.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
#[ignore = "needs redis-server (Debian package `redis-server`); .ci/run installs it and runs this"]
async fn redis_example_against_a_real_server() {
    use redis::Reply;

    let server = RedisServer::start();
    redis::run(&server.addr)
        .await
        .expect("every kind of reply, as expected");

    // Every kind of reply, read by its first line.
    let sock = tokio::net::TcpStream::connect(&server.addr).await.unwrap();
    let mut conn = tokio::io::BufReader::new(sock);
    let mut line = Vec::new();
    let (conn, line) = (&mut conn, &mut line);
    let value = bytes::Bytes::from_static(b"0123456789");
    let got = redis::set(conn, b"k", value, line).await.unwrap();
    assert_eq!(got, Reply::Status("OK".into()));
    let got = redis::call(conn, &[b"GET", b"k"], line).await.unwrap();
    assert_eq!(got, Reply::Bulk(Some(b"0123456789".to_vec())));
    let got = redis::call(conn, &[b"GET", b"nothing here"], line)
        .await
        .unwrap();
    assert_eq!(got, Reply::Bulk(None));
    let got = redis::call(conn, &[b"INCRBY", b"n", b"41"], line)
        .await
        .unwrap();
    assert_eq!(got, Reply::Integer(41));
    let got = redis::call(conn, &[b"INCR", b"k"], line).await.unwrap();
    assert!(
        matches!(&got, Reply::Error(e) if e.starts_with("ERR value is not an integer")),
        "{got:?}"
    );
    let got = redis::call(conn, &[b"INFO"], line).await.unwrap();
    let Reply::Bulk(Some(info)) = got else {
        panic!("INFO is a bulk reply: {got:?}");
    };
    assert!(info.len() > 1000 && info.starts_with(b"# Server"));
    // A value of unknown length, 3 MiB of it, read after its first line.
    let big = bytes::Bytes::from(vec![b'v'; 3 << 20]);
    redis::set(conn, b"big", big, line).await.unwrap();
    let got = redis::call(conn, &[b"GET", b"big"], line).await.unwrap();
    assert_eq!(got, Reply::Bulk(Some(vec![b'v'; 3 << 20])));
}

/// A server gone wrong (a reply line with no end) is a clear error at the line limit, not a
/// buffer that grows without bound.
#[tokio::test]
async fn redis_example_refuses_an_endless_reply_line() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let junk = [b'+'; 4096];
        while tokio::io::AsyncWriteExt::write_all(&mut sock, &junk)
            .await
            .is_ok()
        {}
    });
    let mut conn = tokio::io::BufReader::new(tokio::net::TcpStream::connect(addr).await.unwrap());
    let err = redis::reply(&mut conn, &mut Vec::new()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidData);
    assert!(err.to_string().contains("limit of 65536 bytes"), "{err}");
    server.abort();
}

/// A server (or anything in between) that announces a petabyte-long bulk string gets an
/// error, before the client sizes a buffer from it: without the cap, `vec![0u8; len + 2]`
/// aborts the process.
#[tokio::test]
async fn redis_example_refuses_a_bulk_length_over_its_cap() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        tokio::io::AsyncWriteExt::write_all(&mut sock, b"$1125899906842624\r\nabc")
            .await
            .unwrap();
        sock // kept open: the client must not wait for the body
    });
    let mut conn = tokio::io::BufReader::new(tokio::net::TcpStream::connect(addr).await.unwrap());
    let err = redis::reply(&mut conn, &mut Vec::new()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidData);
    assert_eq!(
        err.to_string(),
        format!(
            "a bulk reply of 1125899906842624 bytes, over the limit of {}",
            redis::MAX_BULK
        )
    );
    drop(server.await.unwrap());
}

/// With no server listening, the example says how to start one instead of dumping the error.
#[tokio::test]
async fn redis_example_explains_a_refused_connection() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    drop(listener); // nothing listens there now
    let error = redis::run(&addr).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ConnectionRefused);
    let message = redis::explain(&addr, &error);
    assert!(message.starts_with(&format!("no Redis server is listening on {addr}")));
    assert!(message.contains("redis-server --port 6379"), "{message}");
}

/// The proxy in front of a fresh echo server, serving `connections` with `pool`: the address
/// clients connect to, and the task that returns each connection's result.
async fn proxy_for_echo(
    pool: proxy::Pool,
    connections: usize,
    idle: std::time::Duration,
) -> (
    std::net::SocketAddr,
    tokio::task::JoinHandle<Vec<std::io::Result<proxy::Proxied>>>,
) {
    let upstream = proxy::echo_server().await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let front = listener.local_addr().unwrap();
    let serving = proxy::serve(listener, upstream, pool, connections, idle);
    (front, tokio::spawn(serving))
}

/// The bytes each connection relayed, checked to be the same both ways (an echo).
fn echoed(results: Vec<std::io::Result<proxy::Proxied>>) -> Vec<u64> {
    let each = |done: std::io::Result<proxy::Proxied>| {
        let done = done.unwrap();
        assert_eq!(done.up, done.down);
        done.up
    };
    results.into_iter().map(each).collect()
}

/// The proxy in front of an echo server: concurrent clients, every echo intact, the counts
/// right, and every connection's buffers back in the pool.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn proxy_in_front_of_an_echo_server() {
    let pool = proxy::Pool::default();
    let (front, serving) = proxy_for_echo(pool.clone(), 4, proxy::IDLE).await;
    let clients: Vec<_> = (0..4)
        .map(|c| tokio::spawn(proxy::echo_client(front, 50, 100 + c * 5000)))
        .collect();
    let mut sent = Vec::new();
    for client in clients {
        sent.push(client.await.unwrap().unwrap());
    }
    let mut counts = echoed(serving.await.unwrap());
    counts.sort_unstable();
    sent.sort_unstable();
    assert_eq!(counts, sent);
    // A connection that starts after another has ended reuses its pair, so there may be fewer
    // than four; every pair ever allocated must be back.
    let created = pool.created();
    assert!(
        (1..=4).contains(&created),
        "{created} pairs for 4 connections"
    );
    assert_eq!(
        pool.idle(),
        created,
        "every connection handed its buffers back"
    );
}

/// The proxy with `--splice`: the same clients through pipes instead of buffers, every echo
/// intact, and the pipes back in the pool for the next connections.
#[cfg(all(feature = "splice", any(target_os = "linux", target_os = "android")))]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn splicing_proxy_in_front_of_an_echo_server() {
    let pool = proxy::Pool::splicing();
    let (front, serving) = proxy_for_echo(pool.clone(), 6, proxy::IDLE).await;
    let mut sent = 0;
    for round in 0..2 {
        let clients: Vec<_> = (0..3)
            .map(|c| tokio::spawn(proxy::echo_client(front, 40, 100 + (round * 3 + c) * 7000)))
            .collect();
        for client in clients {
            sent += client.await.unwrap().unwrap();
        }
    }
    let moved: u64 = echoed(serving.await.unwrap()).into_iter().sum();
    assert_eq!(moved, sent);
    let created = pool.created();
    assert!(
        (1..=6).contains(&created),
        "{created} pipe pairs for 6 connections"
    );
    assert_eq!(
        pool.idle(),
        created,
        "every connection handed its pipes back"
    );
}

/// `serve_until` serves connections until it is told to stop.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn proxy_serves_until_stopped() {
    let upstream = proxy::echo_server().await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let front = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(proxy::serve_until(
        listener,
        upstream,
        proxy::Pool::default(),
        proxy::IDLE,
        async {
            let _ = stopped.await;
        },
    ));
    for c in 0..5 {
        proxy::echo_client(front, 10, 100 + c).await.unwrap();
    }
    assert!(
        !serving.is_finished(),
        "still serving after five connections"
    );
    stop.send(()).unwrap();
    serving.await.unwrap();
    assert!(
        tokio::net::TcpStream::connect(front).await.is_err(),
        "the listener is closed"
    );
}

/// A connection on which nothing moves is closed within one tick of the idle period, from the
/// copy's own progress, and its buffers go back to the pool; one that keeps talking is not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn proxy_closes_an_idle_connection_and_keeps_its_buffers() {
    use owned_io::{AsyncReadExactExt, AsyncWriteAllExt};
    use std::time::{Duration, Instant};

    let idle = Duration::from_millis(200);
    let pool = proxy::Pool::default();
    let (front, serving) = proxy_for_echo(pool.clone(), 2, idle).await;

    // A client that echoes a frame every 20 ms, well inside the period, for five periods.
    let (mut busy, mut frame) = (
        tokio::net::TcpStream::connect(front).await.unwrap(),
        [7u8; 5],
    );
    let started = Instant::now();
    while started.elapsed() < 5 * idle {
        (busy, _) = busy.write_all_owned(frame).await.unwrap();
        (busy, frame) = busy.read_exact_owned(frame).await.unwrap();
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    drop(busy); // it ends cleanly

    // A client that echoes one frame and then falls silent.
    let quiet = tokio::net::TcpStream::connect(front).await.unwrap();
    let (quiet, _) = quiet.write_all_owned(*b"hello").await.unwrap();
    let (quiet, _) = quiet.read_exact_owned([0u8; 5]).await.unwrap();
    let silent = Instant::now();
    let err = tokio::time::timeout(10 * idle, quiet.read_exact_owned([0u8; 1]))
        .await
        .expect("the proxy closes the silent connection")
        .unwrap_err();
    assert_eq!((err.kind(), err.filled()), (ErrorKind::UnexpectedEof, 0));
    let waited = silent.elapsed();
    // Within one tick of the stated time (and a little for the scheduler of a shared machine).
    let bound = idle + proxy::tick(idle) + Duration::from_millis(60);
    assert!(
        waited >= idle && waited <= bound,
        "closed after {waited:?} of silence, not within {idle:?}..{bound:?}"
    );

    let mut done = serving.await.unwrap().into_iter();
    let busy_done = done.next().unwrap().unwrap();
    assert_eq!(busy_done.up, busy_done.down);
    assert!(busy_done.up >= 5 * 5, "{busy_done:?}");
    let quiet_err = done.next().unwrap().unwrap_err();
    assert_eq!(quiet_err.kind(), ErrorKind::TimedOut);
    assert_eq!(
        quiet_err.to_string(),
        "nothing moved for 200ms, after 5 bytes up and 5 down"
    );
    assert_eq!(
        pool.idle(),
        pool.created(),
        "both connections' buffers are back"
    );
}

/// The proxy in front of a real `redis-server`: the Redis example's whole exchange (every kind
/// of reply, a 1 MiB value) goes through it unchanged.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs redis-server (Debian package `redis-server`); .ci/run installs it and runs this"]
async fn proxy_in_front_of_a_real_redis_server() {
    let server = RedisServer::start();
    let upstream = server.addr.parse().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let front = listener.local_addr().unwrap().to_string();
    let serving = tokio::spawn(proxy::serve(
        listener,
        upstream,
        proxy::Pool::default(),
        1,
        proxy::IDLE,
    ));
    if let Err(error) = redis::run(&front).await {
        // The client sees only that the proxy closed its connection; the proxy knows why.
        let proxied = serving.await.unwrap().pop();
        panic!("through the proxy: {error}; the proxy: {proxied:?}");
    }
    let done = serving.await.unwrap().pop().unwrap().unwrap();
    assert!(done.up > 1 << 20 && done.down > 1 << 20, "{done:?}");
}

/// Steady-state decoding allocates nothing: the frames split off the read buffer share its
/// allocation, and once they are dropped the buffer reuses their room.
#[tokio::test]
async fn framed_reader_reuses_its_buffer_once_frames_are_dropped() {
    let mut bytes = Vec::new();
    for i in 0..10_000u32 {
        let len = 1 + (i as usize * 37) % 700;
        bytes.extend_from_slice(&(len as u32).to_be_bytes());
        bytes.extend((0..len).map(|j| (i as usize + j) as u8));
    }
    let mut frames = FrameReader::new(&bytes[..], 1 << 10);
    let mut first = None;
    let mut count = 0;
    while let Some(frame) = frames.next().await {
        let frame = frame.unwrap();
        let i = count as u32;
        assert_eq!(frame.len(), 1 + (i as usize * 37) % 700);
        assert!(frame
            .iter()
            .enumerate()
            .all(|(j, &b)| b == (i as usize + j) as u8));
        // Every frame comes from the same allocation, reused from the front.
        let base = frame.as_ptr() as usize;
        let first = *first.get_or_insert(base);
        assert!(
            base.abs_diff(first) < 64 << 10,
            "frame {count} outside the read buffer"
        );
        count += 1;
    }
    assert_eq!(count, 10_000);
}
