//! `splice_owned` and `splice_bidirectional_owned` over real sockets: every byte arrives once and
//! in order, against tokio's `copy` and across abandons and resumes into fresh writers; a reset
//! writer's error hands back the pipe with exactly the bytes read but not written; half-closes
//! each way; a pipe handed back empty serves the next splice; the task's budget is spent.
#![cfg(all(feature = "splice", any(target_os = "linux", target_os = "android")))]

use std::io::ErrorKind;
use std::time::Duration;

use owned_io::{
    splice_bidirectional_owned, splice_owned, BidirectionalSide, CopySide, Pipe, SpliceOwned,
    SpliceProgress,
};
use proptest::prelude::*;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream, UnixStream};

/// A deterministic pattern, different at every offset.
fn pattern(len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i.wrapping_mul(131) % 251) as u8)
        .collect()
}

/// A connected pair of loopback TCP sockets.
async fn tcp_pair() -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (client, server) = tokio::join!(TcpStream::connect(addr), listener.accept());
    (client.unwrap(), server.unwrap().0)
}

/// Writes `data` into `sink` and shuts it down, on a task of its own.
fn send<W: AsyncWrite + Unpin + Send + 'static>(
    mut sink: W,
    data: Vec<u8>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        sink.write_all(&data).await.unwrap();
        sink.shutdown().await.unwrap();
    })
}

/// Reads `source` to its end, on a task of its own.
fn receive<R: AsyncRead + Unpin + Send + 'static>(
    mut source: R,
) -> tokio::task::JoinHandle<Vec<u8>> {
    tokio::spawn(async move {
        let mut got = Vec::new();
        source.read_to_end(&mut got).await.unwrap();
        got
    })
}

/// `len` bytes from a source socket through `splice_owned` to a sink socket, against the bytes
/// and the count of tokio's `copy` over the same kind of sockets.
async fn splice_matches_tokio_copy(len: usize, pipe: Pipe, unix: bool) -> Pipe {
    let data = pattern(len);
    if unix {
        let pairs = || (UnixStream::pair().unwrap(), UnixStream::pair().unwrap());
        compare(pairs(), pairs(), data, pipe).await
    } else {
        let spliced = (tcp_pair().await, tcp_pair().await);
        let copied = (tcp_pair().await, tcp_pair().await);
        compare(spliced, copied, data, pipe).await
    }
}

type Pairs<S> = ((S, S), (S, S));

/// Splices `data` from the first pair to the second, copies it with tokio's `copy` over the
/// other two, and compares.
async fn compare<S>(spliced: Pairs<S>, copied: Pairs<S>, data: Vec<u8>, pipe: Pipe) -> Pipe
where
    S: owned_io::SpliceIo + AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let ((src, reader), (writer, dst)) = spliced;
    let sender = send(src, data.clone());
    let receiver = receive(dst);
    let (_, writer, pipe, n) = splice_owned(reader, writer, pipe).await.unwrap();
    drop(writer);
    sender.await.unwrap();
    let got = receiver.await.unwrap();
    assert!(got == data, "every byte once, in order");
    assert_eq!((n, pipe.len()), (data.len() as u64, 0));

    let ((src, mut reader), (mut writer, dst)) = copied;
    let sender = send(src, data.clone());
    let receiver = receive(dst);
    let count = tokio::io::copy(&mut reader, &mut writer).await.unwrap();
    drop(writer);
    sender.await.unwrap();
    assert!(
        receiver.await.unwrap() == data && count == n,
        "as tokio's copy"
    );
    pipe
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Random sizes up to 16 MiB, random pipe sizes, TCP and Unix sockets: the bytes and the
    /// count are tokio's `copy`'s.
    #[test]
    fn splices_like_tokio_copy(len in 0usize..=16 << 20, pipe_kib in 4usize..=1024, unix: bool) {
        runtime().block_on(async {
            let pipe = Pipe::with_capacity(pipe_kib << 10).unwrap();
            let pipe = splice_matches_tokio_copy(len, pipe, unix).await;
            assert!(pipe.is_empty());
        });
    }
}

/// Abandoned after random short timeouts and resumed into a fresh writer each time: what the
/// writers' peers received, in writer order, is the source's bytes exactly once.
#[test]
fn abandon_and_resume_into_fresh_writers_loses_and_repeats_nothing() {
    runtime().block_on(async {
        let len = 4 << 20;
        let data = pattern(len);
        let (src, mut reader) = tcp_pair().await;
        let sender = tokio::spawn(async move {
            // Slowly, so that the splice waits and is abandoned in the middle.
            let mut src = src;
            for chunk in data.chunks(64 << 10) {
                src.write_all(chunk).await.unwrap();
                tokio::time::sleep(Duration::from_micros(200)).await;
            }
            src.shutdown().await.unwrap();
            data
        });
        let mut received = Vec::new();
        let mut pipe = Pipe::with_capacity(256 << 10).unwrap();
        let mut progress = SpliceProgress::new();
        let mut seed = 0x9e37_79b9_u32;
        let mut abandons = 0;
        loop {
            let (writer, peer) = UnixStream::pair().unwrap();
            let receiver = receive(peer);
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let wait = Duration::from_micros(u64::from(seed % 3000));
            let mut splice = SpliceOwned::resume(&mut reader, writer, pipe, progress);
            let done = tokio::time::timeout(wait, &mut splice).await;
            let writer;
            match done {
                Ok(out) => {
                    let (_, w, p, n) = out.unwrap();
                    (writer, pipe) = (w, p);
                    assert_eq!(n, len as u64);
                    drop(writer);
                    received.extend(receiver.await.unwrap());
                    break;
                }
                Err(_) => {
                    abandons += 1;
                    let (_, w, p, prog) = splice.into_parts().expect("in flight");
                    (writer, pipe, progress) = (w, p, prog);
                    drop(writer);
                    received.extend(receiver.await.unwrap());
                }
            }
        }
        let data = sender.await.unwrap();
        assert!(abandons > 3, "abandoned in flight ({abandons} times)");
        assert_eq!(received.len(), data.len());
        assert!(received == data, "every byte once, in order");
        assert!(pipe.is_empty());
    });
}

/// A writer whose peer resets: the error names the writer, and the pipe holds exactly the bytes
/// read but not written: with the reader's rest, they are the source's bytes past `copied`.
#[test]
fn a_reset_writer_hands_back_the_pipe_with_its_bytes() {
    runtime().block_on(async {
        let data = pattern(8 << 20);
        let (src, reader) = tcp_pair().await;
        let (writer, peer) = tcp_pair().await;
        let sender = send(src, data.clone());
        let resetter = tokio::spawn(async move {
            let mut peer = peer;
            let mut first = vec![0u8; 1 << 20];
            peer.read_exact(&mut first).await.unwrap();
            peer.set_zero_linger().unwrap();
            drop(peer); // RST
        });
        let err = splice_owned(reader, writer, Pipe::new().unwrap())
            .await
            .unwrap_err();
        resetter.await.unwrap();
        assert_eq!(err.side(), Some(CopySide::Writer), "{err}");
        assert!(
            matches!(
                err.kind(),
                ErrorKind::ConnectionReset | ErrorKind::BrokenPipe
            ),
            "{err:?}"
        );
        assert!(
            err.to_string().starts_with("splice_owned, writing: "),
            "{err}"
        );
        let copied = err.copied() as usize;
        let (_, mut reader, _, mut pipe) = err.into_parts();
        let mut rest = vec![0u8; pipe.len()];
        let mut held = 0;
        while held < rest.len() {
            let n = pipe.read_held(&mut rest[held..]).unwrap();
            assert!(n > 0, "the pipe holds what it counts");
            held += n;
        }
        assert!(pipe.is_empty());
        reader.read_to_end(&mut rest).await.unwrap();
        sender.await.unwrap();
        assert!(
            rest == data[copied..],
            "nothing lost: the pipe, then the reader"
        );
    });
}

/// Both ways at once, each direction half-closing its writer at its reader's end, over TCP and
/// Unix sockets; the pipes come back empty and serve the next splice.
#[test]
fn bidirectional_half_closes_and_reuses_its_pipes() {
    runtime().block_on(async {
        let mut pipes = (Pipe::new().unwrap(), Pipe::new().unwrap());
        for round in 0..3 {
            let (up, down) = (pattern(300_000 + round), pattern(700_000 + round * 7));
            let (mut client, front) = tcp_pair().await;
            let (back, mut server) = UnixStream::pair().unwrap();
            let proxy = tokio::spawn(splice_bidirectional_owned(front, back, pipes.0, pipes.1));
            let (c, s) = tokio::join!(
                async {
                    client.write_all(&up).await.unwrap();
                    client.shutdown().await.unwrap(); // a half-close: still reading
                    let mut got = Vec::new();
                    client.read_to_end(&mut got).await.unwrap();
                    got
                },
                async {
                    let mut got = Vec::new();
                    server.read_to_end(&mut got).await.unwrap(); // the client's half-close
                    server.write_all(&down).await.unwrap();
                    server.shutdown().await.unwrap();
                    got
                },
            );
            assert!(s == up && c == down, "each way, every byte once");
            let (_, _, ab, ba, n_up, n_down) = proxy.await.unwrap().unwrap();
            assert_eq!((n_up, n_down), (up.len() as u64, down.len() as u64));
            assert!(ab.is_empty() && ba.is_empty());
            pipes = (ab, ba);
        }
    });
}

/// A reset on one side of a bidirectional splice names that side and hands back both pipes.
#[test]
fn bidirectional_error_names_the_side() {
    runtime().block_on(async {
        let (client, front) = tcp_pair().await;
        let (back, server) = tcp_pair().await;
        let proxy = tokio::spawn(splice_bidirectional_owned(
            front,
            back,
            Pipe::new().unwrap(),
            Pipe::new().unwrap(),
        ));
        let data = pattern(4 << 20);
        let sender = tokio::spawn(async move {
            let mut client = client;
            let _ = client.write_all(&data).await;
            client
        });
        server.set_zero_linger().unwrap();
        drop(server); // b resets
        let err = proxy.await.unwrap().unwrap_err();
        assert_eq!(err.side(), Some(BidirectionalSide::B), "{err}");
        let (_, _, _, ab, ba) = err.into_parts();
        assert!(ab.capacity() > 0 && ba.is_empty());
        drop(sender.await.unwrap());
    });
}

/// A pipe handed back empty serves the next splice, and `Pipe::with_capacity` grants at least
/// what it was asked.
#[test]
fn a_pipe_serves_splice_after_splice() {
    runtime().block_on(async {
        let mut pipe = Pipe::with_capacity(128 << 10).unwrap();
        assert!(pipe.capacity() >= 128 << 10);
        for len in [0, 1, 65_536, 1 << 20] {
            pipe = splice_matches_tokio_copy(len, pipe, len % 2 == 0).await;
        }
    });
}

/// Each round spends a unit of the task's budget: in a task whose budget is spent, the splice
/// waits before any I/O.
#[test]
fn a_splice_spends_the_task_s_budget() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (mut src, reader) = UnixStream::pair().unwrap();
        let (writer, mut dst) = UnixStream::pair().unwrap();
        src.write_all(b"ready bytes").await.unwrap();
        drop(src);
        std::future::poll_fn(|cx| loop {
            match tokio::task::coop::poll_proceed(cx) {
                std::task::Poll::Ready(unit) => unit.made_progress(),
                std::task::Poll::Pending => return std::task::Poll::Ready(()),
            }
        })
        .await;
        let mut splice = splice_owned(reader, writer, Pipe::new().unwrap());
        let waited = std::future::poll_fn(|cx| {
            use std::future::Future;
            std::task::Poll::Ready(std::pin::Pin::new(&mut splice).poll(cx).is_pending())
        })
        .await;
        assert!(waited, "no budget left: the splice waits");
        assert_eq!(splice.copied(), 0);
        let (_, writer, pipe, n) = splice.await.unwrap();
        assert_eq!((n, pipe.len()), (11, 0));
        drop(writer);
        let mut got = Vec::new();
        dst.read_to_end(&mut got).await.unwrap();
        assert_eq!(got, b"ready bytes");
    });
}

/// Lent sockets and owned halves are spliced too, and handed back.
#[test]
fn lent_sockets_and_owned_halves() {
    runtime().block_on(async {
        let (src, reader) = tcp_pair().await;
        let (writer, dst) = UnixStream::pair().unwrap();
        let (read_half, _keep) = reader.into_split();
        let (_keep_too, write_half) = writer.into_split();
        let sender = send(src, pattern(100_000));
        let receiver = receive(dst);
        let mut write_half = write_half;
        let (_, _, _, n) = splice_owned(read_half, &mut write_half, Pipe::new().unwrap())
            .await
            .unwrap();
        drop((write_half, _keep_too));
        sender.await.unwrap();
        assert_eq!((n, receiver.await.unwrap()), (100_000, pattern(100_000)));
    });
}

/// A descriptor the kernel will not splice (an eventfd dressed as a socket): a clear error
/// naming the reader, with the reader, the writer and the pipe handed back; no panic, no
/// fallback to copying.
#[test]
fn a_descriptor_the_kernel_will_not_splice_is_an_error_with_everything_back() {
    use rustix::event::{eventfd, EventfdFlags};
    runtime().block_on(async {
        let fd = eventfd(1, EventfdFlags::NONBLOCK | EventfdFlags::CLOEXEC).unwrap(); // readable
        let reader = UnixStream::from_std(std::os::unix::net::UnixStream::from(fd)).unwrap();
        let (writer, _peer) = UnixStream::pair().unwrap();
        let err = splice_owned(reader, writer, Pipe::new().unwrap())
            .await
            .unwrap_err();
        assert_eq!(err.side(), Some(CopySide::Reader), "{err}");
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err:?}"); // EINVAL
        assert!(
            err.to_string().starts_with("splice_owned, reading: "),
            "{err}"
        );
        let (_, _reader, _writer, pipe) = err.into_parts();
        assert!(pipe.is_empty() && pipe.capacity() > 0);
    });
}

/// The futures are named, `Unpin`, `Send` and `'static` when their parts are, and
/// `FusedFuture`; `Pipe` is `Send` and `'static`.
#[test]
fn the_futures_and_the_pipe_are_send_unpin_and_fused() {
    use futures::future::FusedFuture;
    use owned_io::SpliceBidirectionalOwned;
    fn owned<T: Send + Unpin + 'static>() {}
    fn fused<T: FusedFuture>() {}
    owned::<Pipe>();
    owned::<SpliceOwned<TcpStream, UnixStream>>();
    owned::<SpliceBidirectionalOwned<TcpStream, TcpStream>>();
    fused::<SpliceOwned<TcpStream, UnixStream>>();
    fused::<SpliceBidirectionalOwned<TcpStream, TcpStream>>();
    runtime().block_on(async {
        let (a, b) = UnixStream::pair().unwrap();
        let splice = splice_owned(a, b, Pipe::new().unwrap());
        assert!(!splice.is_terminated() && splice.get_ref().is_some());
        assert_eq!(
            format!("{splice:?}"),
            "SpliceOwned { progress: SpliceProgress { copied: 0, reader_done: false, shut_down: false }, terminated: false, .. }"
        );
    });
}
