//! `write_all_buf_owned`: vectored and plain writes of `bytes::Buf` chains.
#![cfg(feature = "bytes")]

mod support;

use std::collections::VecDeque;
use std::io::ErrorKind;
use std::task::Poll;

use bytes::{Buf, Bytes, BytesMut};
use owned_io::{AsyncReadExactExt, AsyncWriteAllExt, WriteAllBufOwned};
use support::{drive, ok, poll_once, stream, Pieces, ScriptedWriter, Step};

/// A three-part chain of consecutive stream bytes: 3, 4 and 5 bytes.
fn three_parts() -> bytes::buf::Chain<Bytes, bytes::buf::Chain<Bytes, Bytes>> {
    let all = Bytes::from(stream(12));
    all.slice(..3).chain(all.slice(3..7).chain(all.slice(7..)))
}

/// The chunk lengths of [`three_parts`].
const PARTS: [usize; 3] = [3, 4, 5];

/// A plain and a vectored writer, each scripted to accept exactly `k` bytes of [`three_parts`]
/// (a plain writer is offered one chunk a call, so it needs a step per chunk), then `then`.
/// Also returns, per writer, how many calls the first `k` bytes take.
fn writers(k: usize, then: &[Step]) -> [(ScriptedWriter, usize); 2] {
    let mut plain = Vec::new();
    let mut left = k;
    for len in PARTS {
        if left == 0 {
            break;
        }
        let take = left.min(len);
        plain.push(Step::Bytes(take));
        left -= take;
    }
    let vectored: Vec<Step> = (k > 0).then_some(Step::Bytes(k)).into_iter().collect();
    let (plain_calls, vectored_calls) = (plain.len(), vectored.len());
    [
        (
            ScriptedWriter::new(plain.into_iter().chain(then.iter().cloned())),
            plain_calls,
        ),
        (
            ScriptedWriter::vectored(vectored.into_iter().chain(then.iter().cloned())),
            vectored_calls,
        ),
    ]
}

#[test]
fn a_vectored_writer_gets_header_and_body_in_one_call() {
    let frame = Bytes::from_static(b"\x00\x00\x00\x05").chain(Bytes::from_static(b"hello"));
    let ((writer, frame), polls) = ok(drive(
        &mut ScriptedWriter::vectored([]).write_all_buf_owned(frame),
    ));
    assert_eq!(writer.written, b"\x00\x00\x00\x05hello");
    assert_eq!(writer.offers, [(true, vec![4, 5])]);
    assert_eq!((frame.remaining(), polls), (0, 1));
}

#[test]
fn a_writer_that_is_not_vectored_gets_one_chunk_a_call() {
    let ((writer, frame), _) = ok(drive(
        &mut ScriptedWriter::new([]).write_all_buf_owned(three_parts()),
    ));
    assert_eq!(writer.written, stream(12));
    assert_eq!(
        writer.offers,
        [(false, vec![3]), (false, vec![4]), (false, vec![5])]
    );
    assert!(!frame.has_remaining());
}

#[test]
fn partial_writes_at_every_offset_of_a_three_part_chain() {
    for k in 1..12 {
        for (writer, calls) in writers(k, &[]) {
            let vectored = writer.vectored;
            let ((writer, rest), _) = ok(drive(&mut writer.write_all_buf_owned(three_parts())));
            assert_eq!(
                writer.written,
                stream(12),
                "offset {k}, vectored {vectored}"
            );
            assert!(!rest.has_remaining());
            // The next call starts exactly where the written bytes end, inside a chunk or not.
            let ends = [3, 7, 12];
            let next_end = ends.iter().find(|&&end| end > k).unwrap();
            let next = &writer.offers[calls].1;
            assert_eq!(next[0], next_end - k, "offset {k}, vectored {vectored}");
            if vectored {
                assert_eq!(writer.calls, 2);
                assert_eq!(next.iter().sum::<usize>(), 12 - k);
            }
        }
    }
}

#[test]
fn at_most_64_slices_a_call() {
    let lengths = vec![1; 150];
    let ((writer, buf), _) = ok(drive(
        &mut ScriptedWriter::vectored([]).write_all_buf_owned(Pieces::new(&lengths)),
    ));
    assert_eq!(writer.written, stream(150));
    let counts: Vec<usize> = writer.offers.iter().map(|(_, s)| s.len()).collect();
    assert_eq!(counts, [64, 64, 22]);
    assert!(!buf.has_remaining());
}

#[test]
fn any_buf_type() {
    let mut deque: VecDeque<u8> = VecDeque::with_capacity(8);
    deque.extend(stream(6));
    deque.rotate_left(4); // two chunks in the ring
    let ((writer, deque), _) = ok(drive(&mut Vec::new().write_all_buf_owned(deque)));
    let expected: Vec<u8> = stream(6)[4..]
        .iter()
        .chain(&stream(6)[..4])
        .copied()
        .collect();
    assert_eq!((writer, deque.len()), (expected, 0));

    let ((writer, _), _) = ok(drive(
        &mut Vec::new().write_all_buf_owned(BytesMut::from(&b"abc"[..])),
    ));
    assert_eq!(writer, b"abc");
    let ((writer, _), _) = ok(drive(&mut Vec::new().write_all_buf_owned(&b"xyz"[..])));
    assert_eq!(writer, b"xyz");
}

#[test]
fn errors_at_every_offset_leave_the_buf_advanced_exactly() {
    for k in 0..12 {
        for fail in [Step::Zero, Step::Fail(ErrorKind::BrokenPipe), Step::Lie(1)] {
            for (writer, _) in writers(k, std::slice::from_ref(&fail)) {
                let (out, _) = drive(&mut writer.write_all_buf_owned(three_parts()));
                let err = out.unwrap_err();
                let expected = match fail {
                    Step::Zero => ErrorKind::WriteZero,
                    Step::Lie(_) => ErrorKind::InvalidData,
                    _ => ErrorKind::BrokenPipe,
                };
                assert_eq!(err.kind(), expected, "offset {k}");
                assert_eq!(err.written(), k);
                let (_, writer, mut rest) = err.into_parts();
                assert_eq!(writer.written, stream(k));
                assert_eq!(rest.copy_to_bytes(rest.remaining()), stream(12)[k..]);
            }
        }
    }
}

#[test]
fn interrupted_is_retried_not_returned() {
    let steps = [
        Step::Fail(ErrorKind::Interrupted),
        Step::Bytes(5),
        Step::Fail(ErrorKind::Interrupted),
    ];
    for (writer, _) in writers(0, &steps) {
        let ((writer, _), polls) = ok(drive(&mut writer.write_all_buf_owned(three_parts())));
        assert_eq!(writer.written, stream(12));
        assert_eq!(polls, 1);
    }
}

#[test]
fn an_empty_buffer_completes_without_touching_the_writer() {
    for (writer, _) in writers(0, &[Step::Fail(ErrorKind::Other)]) {
        let ((writer, _), polls) = ok(drive(&mut writer.write_all_buf_owned(Bytes::new())));
        assert_eq!((writer.calls, polls), (0, 1));
    }
}

#[test]
fn into_parts_mid_flight_then_resume_writes_exactly_the_rest() {
    for k in 1..12 {
        for (writer, _) in writers(k, &[Step::Pending, Step::Pending]) {
            let mut fut = writer.write_all_buf_owned(three_parts());
            assert!(poll_once(&mut fut).is_pending());
            let written = fut.written();
            let (writer, rest, handed_back) = fut.into_parts().expect("in flight");
            assert_eq!((written, handed_back, rest.remaining()), (k, k, 12 - k));

            let mut resumed = WriteAllBufOwned::resume(writer, rest, written);
            assert_eq!(resumed.written(), k);
            assert!(
                poll_once(&mut resumed).is_pending(),
                "the second scripted Pending"
            );
            let ((writer, rest), _) = ok(drive(&mut resumed));
            assert_eq!(writer.written, stream(12), "no byte twice, none skipped");
            assert!(!rest.has_remaining());
        }
    }
}

#[test]
fn resume_seeds_the_count_only() {
    let mut fut = WriteAllBufOwned::resume(ScriptedWriter::new([Step::Zero]), three_parts(), 100);
    let err = drive(&mut fut).0.unwrap_err();
    assert_eq!((err.kind(), err.written()), (ErrorKind::WriteZero, 100));

    let mut fut = WriteAllBufOwned::resume(Vec::new(), Bytes::from_static(b"ab"), usize::MAX);
    assert!(matches!(poll_once(&mut fut), Poll::Ready(Ok(_))));
    assert_eq!(
        fut.written(),
        usize::MAX,
        "a huge seed saturates, never overflows"
    );
}

#[test]
#[should_panic(expected = "`WriteAllBufOwned` polled after completion")]
fn polling_after_completion_panics_with_a_clear_message() {
    let mut fut = Vec::new().write_all_buf_owned(three_parts());
    assert!(poll_once(&mut fut).is_ready());
    let _ = poll_once(&mut fut);
}

#[test]
fn into_parts_after_completion_is_none() {
    let mut fut = Vec::new().write_all_buf_owned(three_parts());
    assert!(poll_once(&mut fut).is_ready());
    assert!(fut.into_parts().is_none());
}

const FRAMES: usize = 1000;
const BODY: usize = 64;

/// Frame `i` as a 4-byte length header and a body.
fn frame(i: usize) -> (Bytes, Bytes) {
    let body: Vec<u8> = (0..BODY).map(|at| (i * 7 + at) as u8).collect();
    (
        Bytes::copy_from_slice(&(BODY as u32).to_be_bytes()),
        Bytes::from(body),
    )
}

/// Sends `FRAMES` header + body frames over TCP 127.0.0.1, `write_all_buf_owned` on the chain
/// or two tokio `write_all` calls, reads them back on the other end and compares a checksum.
/// Prints the sending socket's file descriptor for the `strace` test below.
fn frames_over_tcp(two_write_all: bool) {
    use std::os::fd::AsRawFd;
    use tokio::io::AsyncWriteExt;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let client = tokio::net::TcpStream::connect(listener.local_addr().unwrap());
        let (client, accepted) = tokio::join!(client, listener.accept());
        let (mut sock, server) = (client.unwrap(), accepted.unwrap().0);
        println!("fd={}", sock.as_raw_fd());

        let reader = tokio::spawn(async move {
            let mut sum = 0u64;
            let mut server = server;
            for _ in 0..FRAMES {
                let (s, header) = server.read_exact_owned([0u8; 4]).await.unwrap();
                let body = vec![0u8; u32::from_be_bytes(header) as usize];
                let (s, body) = s.read_exact_owned(body).await.unwrap();
                sum = body.iter().fold(sum, |acc, &b| {
                    acc.wrapping_mul(31).wrapping_add(u64::from(b))
                });
                server = s;
            }
            sum
        });

        let mut expected = 0u64;
        for i in 0..FRAMES {
            let (header, body) = frame(i);
            expected = body.iter().fold(expected, |acc, &b| {
                acc.wrapping_mul(31).wrapping_add(u64::from(b))
            });
            if two_write_all {
                sock.write_all(&header).await.unwrap();
                sock.write_all(&body).await.unwrap();
            } else {
                sock = sock
                    .write_all_buf_owned(header.chain(body))
                    .await
                    .unwrap()
                    .0;
            }
        }
        assert_eq!(reader.await.unwrap(), expected);
    });
}

/// Set by the `strace` test to run one variant of [`frames_over_tcp`] under `strace`.
const STRACE_MODE: &str = "OWNED_IO_STRACE_MODE";

#[test]
fn header_and_body_frames_over_tcp_arrive_intact() {
    match std::env::var(STRACE_MODE).as_deref() {
        Ok("owned") => frames_over_tcp(false),
        Ok("two_write_all") => frames_over_tcp(true),
        _ => {
            frames_over_tcp(false);
            frames_over_tcp(true);
        }
    }
}

/// Runs [`frames_over_tcp`] under `strace` and counts the vectored (`writev`) and plain
/// (`write`, `sendto`) write calls on the sending socket.
fn syscalls_per_mode(mode: &str) -> (usize, usize) {
    let trace = std::env::temp_dir().join(format!("owned-io-strace-{mode}-{}", std::process::id()));
    let output = std::process::Command::new("strace")
        .args(["-f", "-e", "trace=writev,write,sendto", "-o"])
        .arg(&trace)
        .arg(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "header_and_body_frames_over_tcp_arrive_intact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(STRACE_MODE, mode)
        .output()
        .expect("strace runs (Debian package `strace`)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let fd = stdout
        .lines()
        .find_map(|line| line.split("fd=").nth(1))
        .expect("the child prints its socket's fd");
    let lines = std::fs::read_to_string(&trace).unwrap();
    std::fs::remove_file(&trace).unwrap();
    let count = |call: &str| lines.matches(&format!("{call}({fd},")).count();
    // A plain socket write is `sendto` on Linux (std's `send` with MSG_NOSIGNAL).
    (count("writev"), count("write") + count("sendto"))
}

#[test]
#[ignore = "needs strace (Debian package `strace`); .ci/run installs it and runs this"]
fn strace_shows_one_writev_per_small_frame() {
    let (owned_writev, owned_write) = syscalls_per_mode("owned");
    let (two_writev, two_write) = syscalls_per_mode("two_write_all");
    println!(
        "{FRAMES} frames of 4 + {BODY} bytes: write_all_buf_owned: {owned_writev} writev + {owned_write} write/sendto; \
         two write_all: {two_writev} writev + {two_write} write/sendto"
    );
    assert_eq!((owned_writev, owned_write), (FRAMES, 0));
    assert_eq!((two_writev, two_write), (0, 2 * FRAMES));
}
