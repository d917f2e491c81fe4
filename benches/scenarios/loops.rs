//! The loops users write most, measured as they write them: lines with the reader and the
//! buffer lent, pipelined Redis (RESP2) replies (a line, then a bulk body) in memory and over
//! TCP, a connection struct that keeps its reader and buffer in a field between reads, and a
//! frame loop over a `BufReader` against tokio-util's `FramedRead`.
//!
//! The hot futures (`read_until_owned`, `read_exact_owned`, `read_buf_exact_owned`) are called
//! from several places in this binary, as in a real program, so that no row is measured with
//! a single call site the compiler could specialise for.

use super::*;
use bytes::BytesMut;
use owned_io::{AsyncBufReadOwnedExt, AsyncReadOwnedExt};
use tokio::io::{AsyncBufReadExt, BufReader};

/// Replies one pass reads: two hundred thousand in a release build, a thousand in a debug one.
const REPLIES: usize = if cfg!(debug_assertions) {
    1_000
} else {
    200_000
};

/// The longest line the owned reads accept.
const LIMIT: usize = 1 << 10;

/// Every scenario of this file, in the order the comparison prints them.
pub fn all() -> Vec<Scenario> {
    vec![
        lines_lent(),
        resp_memory(Body::Exact),
        resp_memory(Body::BufExact),
        resp_tcp(),
        connection(Style::Field),
        connection(Style::Lent),
        frames_over_bufreader(),
        body_into_spare_capacity(),
    ]
}

/// Pipelined RESP2 replies: `+OK`, integers, and bulk strings of 1 to 200 bytes, from a fixed
/// seed.
fn replies() -> &'static [u8] {
    let mut state = 0x5eed_u64;
    let mut bytes = Vec::new();
    for i in 0..REPLIES {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        match (state >> 60) % 3 {
            0 => bytes.extend_from_slice(b"+OK\r\n"),
            1 => bytes.extend_from_slice(format!(":{}\r\n", state >> 40).as_bytes()),
            _ => {
                let len = 1 + (state >> 33) as usize % 200;
                bytes.extend_from_slice(format!("${len}\r\n").as_bytes());
                bytes.extend((0..len).map(|j| b'a' + ((i + j) % 26) as u8));
                bytes.extend_from_slice(b"\r\n");
            }
        }
    }
    Box::leak(bytes.into_boxed_slice())
}

/// The length a bulk reply's line announces, with its `\r\n`; `None` for other replies.
fn bulk_len(line: &[u8]) -> Option<usize> {
    let digits = line.strip_prefix(b"$")?.strip_suffix(b"\r\n")?;
    let len: usize = std::str::from_utf8(digits).ok()?.parse().ok()?;
    Some(len + 2)
}

/// How a bulk body is read.
#[derive(Clone, Copy, PartialEq)]
enum Body {
    /// `read_exact_owned` into the body `Vec`, resized to the length.
    Exact,
    /// `read_buf_exact_owned` into the body `Vec`'s spare capacity.
    BufExact,
}

/// Parses [`REPLIES`] replies with the owned methods, the reader and the buffers passed by
/// value through the loop.
async fn owned_replies<R: tokio::io::AsyncBufRead + Unpin>(
    body_read: Body,
    mut reader: R,
    mut line: Vec<u8>,
    mut body: Vec<u8>,
) -> (R, Vec<u8>, Vec<u8>) {
    for _ in 0..REPLIES {
        line.clear();
        let n;
        (reader, line, n) = reader
            .read_until_owned(b'\n', line, LIMIT)
            .await
            .expect("a reply");
        assert!(n > 0, "the corpus has that many replies");
        if let Some(len) = bulk_len(&line) {
            match body_read {
                Body::Exact => {
                    body.resize(len, 0);
                    (reader, body) = reader.read_exact_owned(body).await.expect("a body");
                }
                Body::BufExact => {
                    body.clear();
                    (reader, body) = reader
                        .read_buf_exact_owned(body, len)
                        .await
                        .expect("a body");
                }
            }
            black_box(&body[..]);
        }
        black_box(&line[..]);
    }
    (reader, line, body)
}

/// The same with tokio's borrowed `read_until` and `read_exact`.
async fn tokio_replies<R: tokio::io::AsyncBufRead + Unpin>(
    reader: &mut R,
    line: &mut Vec<u8>,
    body: &mut Vec<u8>,
) {
    for _ in 0..REPLIES {
        line.clear();
        let n = reader.read_until(b'\n', line).await.expect("a reply");
        assert!(n > 0, "the corpus has that many replies");
        if let Some(len) = bulk_len(line) {
            body.resize(len, 0);
            reader.read_exact(body).await.expect("a body");
            black_box(&body[..]);
        }
        black_box(&line[..]);
    }
}

/// Lines with the reader and the line lent: `(&mut reader).read_until_owned(b'\n', &mut line,
/// limit)`, the way a hot loop that keeps both in place calls it.
fn lines_lent() -> Scenario {
    let data = super::lines::corpus();
    let lines = super::lines::LINES;
    let waker = noop_waker();
    let mut line = Vec::new();
    let ours = side("owned-io read_until_owned, lent", move |iters| {
        timed(iters, || {
            let mut reader = BufReader::new(black_box(data));
            run_local(&waker, async {
                for _ in 0..lines {
                    line.clear();
                    let read = (&mut reader).read_until_owned(b'\n', &mut line, LIMIT);
                    let (_, _, n) = read.await.expect("a line");
                    assert!(n > 0, "the corpus has that many lines");
                    black_box(&line[..]);
                }
            });
        })
    });
    let waker = noop_waker();
    let mut line = Vec::new();
    let baseline = side("tokio read_until", move |iters| {
        timed(iters, || {
            let mut reader = BufReader::new(black_box(data));
            run_local(&waker, async {
                for _ in 0..lines {
                    line.clear();
                    let n = reader.read_until(b'\n', &mut line).await.expect("a line");
                    assert!(n > 0, "the corpus has that many lines");
                    black_box(&line[..]);
                }
            });
        })
    });
    let case = format!("read_until lent, {lines} lines of 1..200 B");
    Scenario::new("lines/memory", case, Target::Parity, ours, baseline)
}

/// Pipelined replies parsed from memory through a `BufReader` of 8 KiB.
fn resp_memory(body_read: Body) -> Scenario {
    let data = replies();
    let waker = noop_waker();
    let mut buffers = Some((Vec::new(), Vec::new()));
    let name = match body_read {
        Body::Exact => "owned-io lines + read_exact_owned",
        Body::BufExact => "owned-io lines + read_buf_exact_owned",
    };
    let ours = side(name, move |iters| {
        timed(iters, || {
            let reader = BufReader::new(black_box(data));
            let (line, body) = buffers.take().expect("handed back");
            let (_, line, body) = run_local(&waker, owned_replies(body_read, reader, line, body));
            buffers = Some((line, body));
        })
    });
    let waker = noop_waker();
    let (mut line, mut body) = (Vec::new(), Vec::new());
    let baseline = side("tokio read_until + read_exact", move |iters| {
        timed(iters, || {
            let mut reader = BufReader::new(black_box(data));
            run_local(&waker, tokio_replies(&mut reader, &mut line, &mut body));
        })
    });
    let case = match body_read {
        Body::Exact => format!("{REPLIES} replies, bodies by read_exact_owned"),
        Body::BufExact => format!("{REPLIES} replies, bodies by read_buf_exact_owned"),
    };
    Scenario::new("resp/memory", case, Target::Parity, ours, baseline)
}

/// Pipelined replies sent through a TCP connection by a task of their own.
fn resp_tcp() -> Scenario {
    let side_of = |name: &'static str, owned: bool| {
        let runtime = two_workers();
        let (client, server) = tcp_pair(&runtime);
        let mut state = Some((client, BufReader::new(server), Vec::new(), Vec::new()));
        side(name, move |iters| {
            let (client, mut reader, mut line, mut body) = state.take().expect("handed back");
            let start = Instant::now();
            let parts = runtime.block_on(async {
                let data = replies();
                let writer = tokio::spawn(async move {
                    let mut client = client;
                    for _ in 0..iters {
                        client.write_all(data).await.expect("the peer reads");
                    }
                    client
                });
                for _ in 0..iters {
                    if owned {
                        (reader, line, body) = owned_replies(Body::Exact, reader, line, body).await;
                    } else {
                        tokio_replies(&mut reader, &mut line, &mut body).await;
                    }
                }
                (writer.await.expect("no panic"), reader, line, body)
            });
            let elapsed = start.elapsed();
            state = Some(parts);
            elapsed
        })
    };
    Scenario::new(
        "resp/tcp",
        format!("{REPLIES} replies, bodies by read_exact_owned"),
        Target::Parity,
        side_of("owned-io lines + read_exact_owned", true),
        side_of("tokio read_until + read_exact", false),
    )
}

/// Records a connection struct reads.
const RECORD: usize = 16;
const RECORDS: usize = if cfg!(debug_assertions) {
    1_000
} else {
    500_000
};

/// How a connection struct keeps its reader and buffer between reads.
#[derive(Clone, Copy, PartialEq)]
enum Style {
    /// In an `Option` field, taken out by value for each read and put back.
    Field,
    /// In fields of their own, lent to each read.
    Lent,
}

/// A connection as users write one with owned reads: its parts live in a field between calls.
struct OwnedConnection<R> {
    parts: Option<(R, Vec<u8>)>,
    reader: Option<R>,
    record: Vec<u8>,
}

impl<R: tokio::io::AsyncRead + Unpin> OwnedConnection<R> {
    /// A record read with the parts taken out of their field and put back.
    async fn next_record_by_value(&mut self) -> u8 {
        let (reader, record) = self.parts.take().expect("put back after each read");
        let (reader, record) = reader.read_exact_owned(record).await.expect("a record");
        let first = record[0];
        self.parts = Some((reader, record));
        first
    }

    /// A record read with the reader and the record lent.
    async fn next_record_lent(&mut self) -> u8 {
        let reader = self.reader.as_mut().expect("a reader");
        let read = reader.read_exact_owned(&mut self.record[..]);
        read.await.expect("a record");
        self.record[0]
    }
}

/// A connection with tokio's borrowed `read_exact`.
struct TokioConnection<R> {
    reader: R,
    record: Vec<u8>,
}

impl<R: tokio::io::AsyncRead + Unpin> TokioConnection<R> {
    async fn next_record(&mut self) -> u8 {
        self.reader
            .read_exact(&mut self.record)
            .await
            .expect("a record");
        self.record[0]
    }
}

/// A connection struct that reads [`RECORDS`] records of 16 bytes from a `BufReader`.
fn connection(style: Style) -> Scenario {
    let data: &'static [u8] = Box::leak(vec![3u8; RECORD * RECORDS].into_boxed_slice());
    let waker = noop_waker();
    let mut record = Some(vec![0u8; RECORD]);
    let ours = side("owned-io read_exact_owned", move |iters| {
        timed(iters, || {
            let reader = BufReader::new(black_box(data));
            let buf = record.take().expect("handed back");
            let mut conn = match style {
                Style::Field => OwnedConnection {
                    parts: Some((reader, buf)),
                    reader: None,
                    record: Vec::new(),
                },
                Style::Lent => OwnedConnection {
                    parts: None,
                    reader: Some(reader),
                    record: buf,
                },
            };
            // The style is chosen once, outside the loop, as a program's code path is.
            run_local(&waker, async {
                match style {
                    Style::Field => {
                        for _ in 0..RECORDS {
                            black_box(conn.next_record_by_value().await);
                        }
                    }
                    Style::Lent => {
                        for _ in 0..RECORDS {
                            black_box(conn.next_record_lent().await);
                        }
                    }
                }
            });
            record = Some(match conn.parts {
                Some((_, buf)) => buf,
                None => conn.record,
            });
        })
    });
    let waker = noop_waker();
    let mut record = Some(vec![0u8; RECORD]);
    let baseline = side("tokio read_exact", move |iters| {
        timed(iters, || {
            let reader = BufReader::new(black_box(data));
            let mut conn = TokioConnection {
                reader,
                record: record.take().expect("handed back"),
            };
            run_local(&waker, async {
                for _ in 0..RECORDS {
                    black_box(conn.next_record().await);
                }
            });
            record = Some(conn.record);
        })
    });
    let case = match style {
        Style::Field => format!("{RECORDS} x 16 B, parts in an Option field"),
        Style::Lent => format!("{RECORDS} x 16 B, reader and record lent"),
    };
    Scenario::new("connection/memory", case, Target::Parity, ours, baseline)
}

/// The length-prefixed frames of the frame-stream scenarios, read by a loop over a `BufReader`:
/// a 4-byte header into an array, the body into one reused `Vec`, against `FramedRead`.
fn frames_over_bufreader() -> Scenario {
    let data = frames_in_memory();
    let waker = noop_waker();
    let mut body = Some(Vec::new());
    let ours = side("owned-io loop over a BufReader", move |iters| {
        timed(iters, || {
            let mut reader = BufReader::new(black_box(data));
            let mut buf = body.take().expect("handed back");
            buf = run_local(&waker, async move {
                let mut frames = 0;
                loop {
                    let header;
                    (reader, header) = match reader.read_exact_owned([0u8; 4]).await {
                        Ok(parts) => parts,
                        Err(end) if end.filled() == 0 => break,
                        Err(end) => panic!("a truncated frame: {end}"),
                    };
                    buf.resize(u32::from_be_bytes(header) as usize, 0);
                    (reader, buf) = reader.read_exact_owned(buf).await.expect("a body");
                    black_box(&buf[..]);
                    frames += 1;
                }
                assert_eq!(frames, FRAMES_PER_PASS);
                buf
            });
            body = Some(buf);
        })
    });
    let baseline = side("tokio-util FramedRead", move |iters| {
        passes(iters, || {
            tokio_util::codec::FramedRead::new(data, tokio_util::codec::LengthDelimitedCodec::new())
        })
    });
    let case = format!("{FRAMES_PER_PASS} frames of 1..1024 B");
    Scenario::new(
        "frame_loop/memory",
        case,
        Target::AtMost(1.0),
        ours,
        baseline,
    )
}

/// A body of known length into spare capacity, against the same body into a zeroed `Vec`.
fn body_into_spare_capacity() -> Scenario {
    const BODY: usize = 64 << 10;
    let data: &'static [u8] = Box::leak(vec![5u8; BODY].into_boxed_slice());
    let waker = noop_waker();
    let mut buf = Some(BytesMut::with_capacity(BODY));
    let ours = side("owned-io read_buf_exact_owned", move |iters| {
        timed_owned(iters, &mut buf, |mut buf| {
            buf.clear();
            let (_, buf) = run_local(&waker, black_box(data).read_buf_exact_owned(buf, BODY))
                .expect("enough bytes");
            black_box(&buf[..]);
            buf
        })
    });
    let waker = noop_waker();
    let mut buf = Some(Vec::new());
    let baseline = side("read_exact_owned(vec![0; n])", move |iters| {
        timed_owned(iters, &mut buf, |mut buf| {
            buf.clear();
            buf.resize(BODY, 0);
            let (_, buf) =
                run_local(&waker, black_box(data).read_exact_owned(buf)).expect("enough bytes");
            black_box(&buf[..]);
            buf
        })
    });
    Scenario::new(
        "body/memory",
        "64 KiB, reused buffer",
        Target::Report,
        ours,
        baseline,
    )
}
