//! Delimited reads: `read_until_owned` and `read_line_owned` on a `BufReader`, line after line
//! into one reused buffer, against tokio's `read_until` / `read_line` and tokio-util's
//! `LinesCodec`, in memory and over TCP.

use super::*;
use owned_io::AsyncBufReadOwnedExt;
use tokio::io::{AsyncBufReadExt, BufReader};

/// Lines one operation reads: a million in a release build, a thousand in a debug one (which
/// only checks that the scenarios still run).
pub const LINES: usize = if cfg!(debug_assertions) {
    1_000
} else {
    1_000_000
};

/// The longest line the owned reads accept: more than any line of the corpus.
const LIMIT: usize = 1 << 10;

/// Every scenario of this file, in the order the comparison prints them.
pub fn all() -> Vec<Scenario> {
    vec![
        memory(Kind::Until),
        memory(Kind::Line),
        lines_codec(),
        tcp(Kind::Until),
        tcp(Kind::Line),
    ]
}

/// [`LINES`] lines of 1 to 200 bytes, `\n` included, printable ASCII, from a fixed seed; made
/// once for every scenario that reads it.
pub(super) fn corpus() -> &'static [u8] {
    static CORPUS: std::sync::OnceLock<&'static [u8]> = std::sync::OnceLock::new();
    CORPUS.get_or_init(make_corpus)
}

fn make_corpus() -> &'static [u8] {
    let mut state = 0x11ae_u64;
    let mut bytes = Vec::new();
    for _ in 0..LINES {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let len = 1 + (state >> 33) as usize % 200;
        bytes.extend((0..len - 1).map(|i| b' ' + ((state >> (i % 32)) as u8 % 95)));
        bytes.push(b'\n');
    }
    Box::leak(bytes.into_boxed_slice())
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Until,
    Line,
}

/// Reads [`LINES`] lines from `reader` with the owned method, into one reused buffer, which
/// moves in and out of each read as the owned methods are meant to be used; hands the reader
/// and the buffers back.
async fn owned_lines<R: tokio::io::AsyncBufRead + Unpin>(
    kind: Kind,
    mut reader: R,
    mut bytes: Vec<u8>,
    mut line: String,
) -> (R, Vec<u8>, String) {
    match kind {
        Kind::Until => {
            for _ in 0..LINES {
                let n;
                (reader, bytes, n) = reader
                    .read_until_owned(b'\n', bytes, LIMIT)
                    .await
                    .expect("a line");
                assert!(n > 0, "the corpus has that many lines");
                black_box(&bytes[..]);
                bytes.clear();
            }
        }
        Kind::Line => {
            for _ in 0..LINES {
                let n;
                (reader, line, n) = reader.read_line_owned(line, LIMIT).await.expect("a line");
                assert!(n > 0, "the corpus has that many lines");
                black_box(line.as_str());
                line.clear();
            }
        }
    }
    (reader, bytes, line)
}

/// The same with tokio's borrowed `read_until` / `read_line`.
async fn tokio_lines<R: tokio::io::AsyncBufRead + Unpin>(
    kind: Kind,
    reader: &mut R,
    bytes: &mut Vec<u8>,
    line: &mut String,
) {
    for _ in 0..LINES {
        let n = match kind {
            Kind::Until => {
                let n = reader.read_until(b'\n', bytes).await.expect("a line");
                black_box(&bytes[..]);
                bytes.clear();
                n
            }
            Kind::Line => {
                let n = reader.read_line(line).await.expect("a line");
                black_box(line.as_str());
                line.clear();
                n
            }
        };
        assert!(n > 0, "the corpus has that many lines");
    }
}

fn names(kind: Kind) -> (&'static str, &'static str, &'static str) {
    match kind {
        Kind::Until => (
            "owned-io read_until_owned",
            "tokio read_until",
            "read_until",
        ),
        Kind::Line => ("owned-io read_line_owned", "tokio read_line", "read_line"),
    }
}

/// A pass over the corpus in memory, through a `BufReader` of 8 KiB made for the pass.
fn memory(kind: Kind) -> Scenario {
    let data = corpus();
    let (ours_name, tokio_name, what) = names(kind);
    let waker = noop_waker();
    let mut buffers = Some((Vec::new(), String::new()));
    let ours = side(ours_name, move |iters| {
        timed(iters, || {
            let reader = BufReader::new(black_box(data));
            let (bytes, line) = buffers.take().expect("handed back");
            let (_, bytes, line) = run_local(&waker, owned_lines(kind, reader, bytes, line));
            buffers = Some((bytes, line));
        })
    });
    let waker = noop_waker();
    let (mut bytes, mut line) = (Vec::new(), String::new());
    let baseline = side(tokio_name, move |iters| {
        timed(iters, || {
            let mut reader = BufReader::new(black_box(data));
            run_local(
                &waker,
                tokio_lines(kind, &mut reader, &mut bytes, &mut line),
            );
        })
    });
    Scenario::new(
        "lines/memory",
        format!("{what}, {LINES} lines of 1..200 B"),
        Target::Parity,
        ours,
        baseline,
    )
}

/// The owned `read_line_owned` against tokio-util's `FramedRead` with a `LinesCodec`, which
/// makes a `String` a line.
fn lines_codec() -> Scenario {
    use futures::StreamExt;
    let data = corpus();
    let waker = noop_waker();
    let mut buffers = Some((Vec::new(), String::new()));
    let ours = side("owned-io read_line_owned", move |iters| {
        timed(iters, || {
            let reader = BufReader::new(black_box(data));
            let (bytes, line) = buffers.take().expect("handed back");
            let lines = owned_lines(Kind::Line, reader, bytes, line);
            let (_, bytes, line) = run_local(&waker, lines);
            buffers = Some((bytes, line));
        })
    });
    let waker = noop_waker();
    let baseline = side("tokio-util LinesCodec", move |iters| {
        timed(iters, || {
            let codec = tokio_util::codec::LinesCodec::new_with_max_length(LIMIT);
            let mut lines = tokio_util::codec::FramedRead::new(black_box(data), codec);
            run_local(&waker, async {
                for _ in 0..LINES {
                    let line = lines.next().await.expect("a line").expect("valid");
                    black_box(line.as_str());
                }
            });
        })
    });
    Scenario::new(
        "lines/memory",
        format!("read_line, {LINES} lines of 1..200 B"),
        Target::Report,
        ours,
        baseline,
    )
}

/// Sends the corpus `iters` times on a task of its own, and hands the socket back.
fn send_corpus(client: TcpStream, iters: u64) -> tokio::task::JoinHandle<TcpStream> {
    let data = corpus();
    tokio::spawn(async move {
        let mut client = client;
        for _ in 0..iters {
            client.write_all(data).await.expect("the peer reads");
        }
        client
    })
}

/// A pass over the corpus sent through a TCP connection, read through a `BufReader` of 8 KiB.
fn tcp(kind: Kind) -> Scenario {
    let (ours_name, tokio_name, what) = names(kind);
    let side_of = |name: &'static str, owned: bool| {
        let runtime = two_workers();
        let (client, server) = tcp_pair(&runtime);
        let mut state = Some((client, BufReader::new(server), Vec::new(), String::new()));
        side(name, move |iters| {
            let (client, mut reader, mut bytes, mut line) = state.take().expect("handed back");
            let start = Instant::now();
            let parts = runtime.block_on(async {
                let writer = send_corpus(client, iters);
                for _ in 0..iters {
                    if owned {
                        (reader, bytes, line) = owned_lines(kind, reader, bytes, line).await;
                    } else {
                        tokio_lines(kind, &mut reader, &mut bytes, &mut line).await;
                    }
                }
                (writer.await.expect("no panic"), reader, bytes, line)
            });
            let elapsed = start.elapsed();
            state = Some(parts);
            elapsed
        })
    };
    Scenario::new(
        "lines/tcp",
        format!("{what}, {LINES} lines of 1..200 B"),
        Target::Parity,
        side_of(ours_name, true),
        side_of(tokio_name, false),
    )
}
