//! `read_until_owned` and `read_line_owned` on `BufReader`s over scripted readers: the limit at
//! every offset, a line that never ends, UTF-8 split at every offset, abandon and resume at every
//! `Pending`, and the errors.

mod support;

use std::io::ErrorKind;
use std::task::Poll;

use owned_io::{AsyncBufReadOwnedExt, ReadLineOwned, ReadUntilOwned};
use support::{drive, poll_once, Endless, ScriptedReader, Step};
use tokio::io::BufReader;

/// A buffered reader over `bytes`, handed out `chunk` bytes a fill.
fn buffered(bytes: &[u8], chunk: usize, capacity: usize) -> BufReader<tokio_test::io::Mock> {
    let mut builder = tokio_test::io::Builder::new();
    for piece in bytes.chunks(chunk.max(1)) {
        builder.read(piece);
    }
    BufReader::with_capacity(capacity, builder.build())
}

/// What is left in a reader, read to its end.
async fn rest<R: tokio::io::AsyncRead + Unpin>(mut reader: R) -> Vec<u8> {
    let mut rest = Vec::new();
    tokio::io::AsyncReadExt::read_to_end(&mut reader, &mut rest)
        .await
        .unwrap();
    rest
}

#[tokio::test]
async fn reads_through_the_delimiter_and_leaves_the_rest() {
    for chunk in [1, 2, 3, 7, 100] {
        for capacity in [1, 4, 8192] {
            let reader = buffered(b"first;second;last", chunk, capacity);
            let (reader, buf, n) = reader
                .read_until_owned(b';', b"> ".to_vec(), 64)
                .await
                .unwrap();
            assert_eq!((&buf[..], n), (&b"> first;"[..], 6));
            let (reader, buf, n) = reader.read_until_owned(b';', Vec::new(), 64).await.unwrap();
            assert_eq!((&buf[..], n), (&b"second;"[..], 7));
            // A last line without the delimiter comes back as it is.
            let (reader, buf, n) = reader.read_until_owned(b';', Vec::new(), 64).await.unwrap();
            assert_eq!((&buf[..], n), (&b"last"[..], 4));
            let (_, buf, n) = reader.read_until_owned(b';', buf, 64).await.unwrap();
            assert_eq!((&buf[..], n), (&b"last"[..], 0), "end of stream");
        }
    }
}

/// Every line length against every limit: within it, `Ok`; past it, `InvalidData` with exactly
/// `limit` bytes taken, all in the buffer, and the rest of the line still in the reader.
#[tokio::test]
async fn the_limit_at_every_offset() {
    for limit in 0..24 {
        for len in 1..28 {
            for (chunk, capacity) in [(1, 8192), (5, 3), (64, 8192)] {
                let mut input = vec![b'x'; len - 1];
                input.push(b'\n');
                input.extend_from_slice(b"after");
                let reader = buffered(&input, chunk, capacity);
                match reader.read_until_owned(b'\n', Vec::new(), limit).await {
                    Ok((reader, buf, n)) => {
                        assert!(len <= limit, "len {len} limit {limit}");
                        assert_eq!((n, &buf[..]), (len, &input[..len]));
                        assert_eq!(rest(reader).await, b"after");
                    }
                    Err(err) => {
                        assert!(len > limit, "len {len} limit {limit}: {err}");
                        assert_eq!((err.kind(), err.filled()), (ErrorKind::InvalidData, limit));
                        let (_, reader, buf) = err.into_parts();
                        assert_eq!(buf, &input[..limit], "the bytes taken are all there");
                        assert_eq!(rest(reader).await, &input[limit..], "the rest is unread");
                    }
                }
            }
        }
    }
}

#[tokio::test]
async fn a_last_line_of_exactly_the_limit_is_not_too_long() {
    let reader = buffered(b"abcd", 2, 8192);
    let (_, buf, n) = reader.read_until_owned(b'\n', Vec::new(), 4).await.unwrap();
    assert_eq!((&buf[..], n), (&b"abcd"[..], 4));
}

/// A peer that sends one endless line: the read stops at the limit, and the memory it holds is
/// the limit plus the `BufReader`'s capacity.
#[tokio::test]
async fn an_endless_line_stops_at_the_limit_in_bounded_memory() {
    for limit in [0, 1, 100, 8192, 100_000, 1 << 20] {
        let reader = BufReader::with_capacity(8192, Endless::default());
        let err = reader
            .read_until_owned(b'\n', Vec::new(), limit)
            .await
            .unwrap_err();
        assert_eq!((err.kind(), err.filled()), (ErrorKind::InvalidData, limit));
        let (_, reader, buf) = err.into_parts();
        assert_eq!(buf.len(), limit);
        assert!(
            buf.capacity() <= limit.max(8),
            "capacity {} for a limit of {limit}",
            buf.capacity()
        );
        // All that is held: the line up to the limit, and what the `BufReader` buffers.
        assert!(reader.buffer().len() <= 8192);
        assert!(
            !reader.buffer().is_empty(),
            "the rest of the line is left in the reader"
        );
    }
}

#[test]
fn into_parts_and_resume_at_every_pending() {
    let steps = [
        Step::Bytes(3),
        Step::Pending,
        Step::Fail(ErrorKind::Interrupted),
        Step::Bytes(2),
        Step::Pending,
        Step::Bytes(50),
    ];
    let stream = support::stream(55);
    let delim = stream[40];
    let end = stream.iter().position(|&b| b == delim).unwrap() + 1;
    let reader = BufReader::with_capacity(4, ScriptedReader::new(steps));
    let mut read = reader.read_until_owned(delim, Vec::new(), 1000);
    let mut abandoned = 0;
    let (_, line, n) = loop {
        match poll_once(&mut read) {
            Poll::Ready(out) => break out.unwrap(),
            Poll::Pending => {
                let (reader, buf, filled) = read.into_parts().expect("in flight");
                assert_eq!(buf, stream[..filled], "the line so far is all there");
                abandoned += 1;
                read = ReadUntilOwned::resume(reader, buf, filled, delim, 1000);
            }
        }
    };
    assert_eq!(abandoned, 2);
    assert_eq!((n, line), (end, stream[..end].to_vec()));
}

#[tokio::test]
async fn errors_keep_the_bytes_read_and_a_bad_resume_fails_first() {
    let reader = BufReader::with_capacity(
        4,
        ScriptedReader::new([Step::Bytes(6), Step::Fail(ErrorKind::ConnectionReset)]),
    );
    let err = reader
        .read_until_owned(0xff, Vec::new(), 100)
        .await
        .unwrap_err();
    assert_eq!((err.kind(), err.filled()), (ErrorKind::ConnectionReset, 6));
    assert_eq!(err.into_parts().2, support::stream(6));

    let reader = buffered(b"abc\n", 4, 8);
    let err = ReadUntilOwned::resume(reader, b"ab".to_vec(), 3, b'\n', 10)
        .await
        .unwrap_err();
    assert_eq!((err.kind(), err.filled()), (ErrorKind::InvalidInput, 2));
    let reader = err.into_parts().1;
    assert_eq!(rest(reader).await, b"abc\n", "nothing was read");
}

#[test]
fn accessors_debug_and_completion() {
    let reader = BufReader::new(ScriptedReader::new([Step::Bytes(2), Step::Pending]));
    let mut read = reader.read_until_owned(b'\n', Vec::new(), 9);
    assert_eq!((read.delim(), read.limit()), (b'\n', 9));
    assert!(poll_once(&mut read).is_pending());
    assert_eq!(read.filled(), 2);
    assert!(read.get_ref().is_some() && read.get_mut().is_some());
    assert_eq!(
        format!("{read:?}"),
        "ReadUntilOwned { filled: 2, terminated: false, .. }"
    );
    assert!(matches!(poll_once(&mut read), Poll::Ready(Ok((_, _, 2)))));
    assert!(read.is_terminated() && read.get_ref().is_none());
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| poll_once(&mut read)))
        .expect_err("a second poll panics");
    assert_eq!(
        panic.downcast_ref::<String>().unwrap(),
        "`ReadUntilOwned` polled after completion"
    );
}

/// Every multi-byte character of a line split at every offset, by the reader's fills and by an
/// abandon and resume in between: the line is checked whole.
#[test]
fn utf8_split_at_every_offset() {
    let line = "a é € 😀 z\n";
    let bytes = line.as_bytes();
    for split in 0..=bytes.len() {
        // Split by the reader: the first fill ends at `split`.
        let (head, tail) = bytes.split_at(split);
        let mut steps = Vec::new();
        for piece in [head, tail] {
            if !piece.is_empty() {
                steps.push(Step::Pending);
                steps.push(Step::Bytes(piece.len()));
            }
        }
        let reader = BufReader::with_capacity(64, Literal::new(bytes, steps));
        let mut read = reader.read_line_owned(String::from(">"), 64);
        // Abandoned at every `Pending`, resumed with the raw bytes.
        let (_, got, n) = loop {
            match poll_once(&mut read) {
                Poll::Ready(out) => break out.expect("the whole line is UTF-8"),
                Poll::Pending => {
                    let (reader, buf, filled) = read.into_parts().expect("in flight");
                    assert_eq!(&buf[1..], &bytes[..filled]);
                    read = ReadLineOwned::resume(reader, buf, filled, 64);
                }
            }
        };
        assert_eq!(
            (got, n),
            (format!(">{line}"), bytes.len()),
            "split at {split}"
        );

        // Split by the `BufReader`'s capacity: every fill ends `split` bytes on.
        let everything = vec![Step::Bytes(bytes.len())];
        let reader = BufReader::with_capacity(split.max(1), Literal::new(bytes, everything));
        let (_, got, _) = drive(&mut reader.read_line_owned(String::new(), 64))
            .0
            .expect("the whole line is UTF-8");
        assert_eq!(got, line, "fills of {split} bytes");
    }
}

#[tokio::test]
async fn invalid_utf8_hands_every_raw_byte_back() {
    for bad in [&b"\xff\n"[..], b"ok \xe2\x82\n", b"\xc3"] {
        let reader = buffered(bad, 1, 2);
        let err = reader
            .read_line_owned(String::from("kept "), 64)
            .await
            .unwrap_err();
        assert_eq!(
            (err.kind(), err.filled()),
            (ErrorKind::InvalidData, bad.len())
        );
        assert!(err
            .error()
            .get_ref()
            .unwrap()
            .source()
            .unwrap()
            .is::<std::str::Utf8Error>());
        let (_, reader, bytes) = err.into_parts();
        assert_eq!(&bytes[..5], b"kept ");
        assert_eq!(&bytes[5..], bad, "where tokio's read_line drops them");
        assert!(rest(reader).await.is_empty());
    }
}

#[tokio::test]
async fn read_line_limit_and_end_of_stream() {
    let reader = buffered(b"0123456789\nnext\n", 3, 4);
    let err = reader.read_line_owned(String::new(), 5).await.unwrap_err();
    assert_eq!((err.kind(), err.filled()), (ErrorKind::InvalidData, 5));
    let (_, reader, bytes) = err.into_parts();
    assert_eq!(bytes, b"01234");
    let (reader, line, n) = reader.read_line_owned(String::new(), 64).await.unwrap();
    assert_eq!((line.as_str(), n), ("56789\n", 6));
    let (reader, line, _) = reader.read_line_owned(line, 64).await.unwrap();
    assert_eq!(line, "56789\nnext\n");
    let (_, line, n) = reader.read_line_owned(String::new(), 64).await.unwrap();
    assert_eq!((line.as_str(), n), ("", 0));
}

/// A reader of fixed bytes following a script of `Pending`s and chunk sizes.
struct Literal {
    bytes: Vec<u8>,
    at: usize,
    steps: std::collections::VecDeque<Step>,
}

impl Literal {
    fn new(bytes: &[u8], steps: Vec<Step>) -> Self {
        Self {
            bytes: bytes.to_vec(),
            at: 0,
            steps: steps.into(),
        }
    }
}

impl tokio::io::AsyncRead for Literal {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        match self.steps.pop_front() {
            Some(Step::Pending) => {
                cx.waker().wake_by_ref();
                Poll::Pending
            }
            Some(Step::Bytes(n)) => {
                let given = n.min(buf.remaining());
                if given < n {
                    self.steps.push_front(Step::Bytes(n - given));
                }
                let n = given;
                let at = self.at;
                buf.put_slice(&self.bytes[at..at + n]);
                self.at += n;
                Poll::Ready(Ok(()))
            }
            _ => Poll::Ready(Ok(())),
        }
    }
}

#[cfg(feature = "futures-io")]
mod futures_family {
    use super::*;
    use futures::io::{BufReader, Cursor};
    use owned_io::futures_family::{AsyncBufReadOwnedExt, ReadUntilOwned};

    #[test]
    fn the_limit_at_every_offset() {
        futures::executor::block_on(async {
            for limit in 0..16 {
                for len in 1..20 {
                    let mut input = vec![b'y'; len - 1];
                    input.push(b';');
                    input.extend_from_slice(b"tail");
                    let reader = BufReader::with_capacity(3, Cursor::new(input.clone()));
                    match reader.read_until_owned(b';', Vec::new(), limit).await {
                        Ok((_, buf, n)) => {
                            assert!(len <= limit);
                            assert_eq!((n, &buf[..]), (len, &input[..len]));
                        }
                        Err(err) => {
                            assert!(len > limit);
                            assert_eq!((err.kind(), err.filled()), (ErrorKind::InvalidData, limit));
                            let (_, mut reader, buf) = err.into_parts();
                            assert_eq!(buf, &input[..limit]);
                            let mut rest = Vec::new();
                            futures::io::AsyncReadExt::read_to_end(&mut reader, &mut rest)
                                .await
                                .unwrap();
                            assert_eq!(rest, &input[limit..]);
                        }
                    }
                }
            }
        });
    }

    #[test]
    fn lines_resume_and_utf8() {
        futures::executor::block_on(async {
            let reader = Cursor::new("é\n\u{20ac}\n".as_bytes().to_vec());
            let (reader, line, n) = reader.read_line_owned(String::new(), 8).await.unwrap();
            assert_eq!((line.as_str(), n), ("é\n", 3));
            let (_, line, _) = reader.read_line_owned(line, 8).await.unwrap();
            assert_eq!(line, "é\n€\n");

            let bad = Cursor::new(b"\xfe\n".to_vec());
            let err = bad.read_line_owned(String::new(), 8).await.unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidData);
            assert_eq!(err.into_parts().2, b"\xfe\n");

            let read = Cursor::new(b"xy;z".to_vec()).read_until_owned(b';', Vec::new(), 8);
            let (reader, buf, filled) = read.into_parts().unwrap();
            let (_, buf, n) = ReadUntilOwned::resume(reader, buf, filled, b';', 8)
                .await
                .unwrap();
            assert_eq!((&buf[..], n), (&b"xy;"[..], 3));
        });
    }
}

/// The reader and the buffer lent, as a hot loop or a connection struct keeps them: the same
/// lines, the same limit and the same progress as given by value.
#[tokio::test]
async fn a_lent_reader_and_buffer_read_the_same_lines() {
    for chunk in [1, 3, 100] {
        let mut owned = buffered(b"one\ntwo\nthree is too long\nfour", chunk, 4);
        let mut lent = buffered(b"one\ntwo\nthree is too long\nfour", chunk, 4);
        let mut line = Vec::new();
        for _ in 0..2 {
            let (reader, by_value, n) = owned.read_until_owned(b'\n', Vec::new(), 8).await.unwrap();
            owned = reader;
            line.clear();
            let (_, _, m) = (&mut lent)
                .read_until_owned(b'\n', &mut line, 8)
                .await
                .unwrap();
            assert_eq!((&line[..], m), (&by_value[..], n));
        }
        line.clear();
        let err = (&mut lent)
            .read_until_owned(b'\n', &mut line, 8)
            .await
            .unwrap_err();
        assert_eq!((err.kind(), err.filled()), (ErrorKind::InvalidData, 8));
        drop(err);
        assert_eq!(line, b"three is");
        assert_eq!(rest(&mut lent).await, b" too long\nfour");
        assert_eq!(rest(owned).await, b"three is too long\nfour");
    }
}

/// A lent read abandoned at every `Pending` and resumed with the same `&mut`s loses nothing.
#[test]
fn a_lent_read_abandoned_and_resumed_loses_nothing() {
    let steps = [
        Step::Bytes(2),
        Step::Pending,
        Step::Bytes(3),
        Step::Pending,
        Step::Bytes(40),
    ];
    let mut reader = BufReader::with_capacity(4, ScriptedReader::new(steps));
    let mut line = b"> ".to_vec();
    let delim = support::stream(40)[20];
    let mut read = (&mut reader).read_until_owned(delim, &mut line, 64);
    let n = loop {
        match poll_once(&mut read) {
            Poll::Ready(out) => break out.unwrap().2,
            Poll::Pending => {
                let (reader, line, filled) = read.into_parts().expect("in flight");
                read = ReadUntilOwned::resume(reader, line, filled, delim, 64);
            }
        }
    };
    let through = support::stream(40)
        .iter()
        .position(|&b| b == delim)
        .unwrap()
        + 1;
    assert_eq!(n, through);
    assert_eq!(
        (&line[..2], &line[2..]),
        (&b"> "[..], &support::stream(through)[..])
    );
}
