//! `read_to_end_owned` on scripted readers: the limit at every offset, a hostile endless stream
//! in bounded memory, abandon and resume at every `Pending`, lies, and bad `resume`s.
#![cfg(feature = "bytes")]

mod support;

use std::io::ErrorKind;
use std::task::Poll;

use owned_io::{AsyncReadOwnedExt, ReadToEndOwned};
use support::{chunks, drive, poll_once, stream, Endless, ScriptedReader, Step};

#[test]
fn reads_to_the_end_and_counts_only_what_it_appended() {
    let reader = ScriptedReader::new(chunks(100, 7));
    let (reader, buf, n) = drive(&mut reader.read_to_end_owned(b"head:".to_vec(), 100))
        .0
        .unwrap();
    assert_eq!(n, 100);
    assert_eq!((&buf[..5], &buf[5..]), (&b"head:"[..], &stream(100)[..]));
    assert_eq!(
        reader.initialized.iter().sum::<usize>(),
        0,
        "nothing zeroed"
    );
}

/// Every stream length against every limit: within it, `Ok` with every byte; past it,
/// `InvalidData` with exactly `limit + 1` bytes read, all in the buffer, the rest in the reader.
/// No read is offered more than what is left to the limit plus one.
#[test]
fn the_limit_at_every_offset() {
    for limit in 0..40 {
        for len in 0..45 {
            for chunk in [1, 3, 64] {
                let reader = ScriptedReader::new(chunks(len, chunk));
                let out = drive(&mut reader.read_to_end_owned(Vec::new(), limit)).0;
                let (result, reader, buf) = match out {
                    Ok((reader, buf, n)) => {
                        assert_eq!(n, len);
                        (Ok(()), reader, buf)
                    }
                    Err(err) => {
                        let filled = err.filled();
                        let (error, reader, buf) = err.into_parts();
                        assert_eq!(filled, buf.len());
                        (Err((error.kind(), filled)), reader, buf)
                    }
                };
                if len <= limit {
                    assert_eq!(result, Ok(()), "len {len} limit {limit}");
                } else {
                    assert_eq!(
                        result,
                        Err((ErrorKind::InvalidData, limit + 1)),
                        "len {len} limit {limit}"
                    );
                }
                let read = len.min(limit + 1);
                assert_eq!(buf, stream(read), "every byte read is in the buffer");
                assert_eq!(reader.delivered(), read, "the rest is left in the reader");
                for (&offer, &before) in reader.offers.iter().zip(&reader.delivered_before) {
                    assert!(
                        offer <= limit - before + 1,
                        "offered {offer} with {before} of {limit} read"
                    );
                }
            }
        }
    }
}

/// A hostile peer that never stops sending: the read stops one byte past the limit, and the
/// vector never holds more room than the limit needs (tokio's unlimited `read_to_end` would
/// double the vector until the process dies).
#[test]
fn an_endless_stream_stops_at_the_limit_in_bounded_memory() {
    for limit in [
        0,
        1,
        31,
        32,
        33,
        1000,
        4096,
        (1 << 20) - 1,
        1 << 20,
        3 << 20,
    ] {
        let err = drive(&mut Endless::default().read_to_end_owned(Vec::new(), limit))
            .0
            .unwrap_err();
        assert_eq!(
            (err.kind(), err.filled()),
            (ErrorKind::InvalidData, limit + 1)
        );
        let (_, reader, buf) = err.into_parts();
        assert_eq!((reader.delivered, buf.len()), (limit + 1, limit + 1));
        assert!(
            buf.capacity() <= (limit + 1).max(32),
            "capacity {} for a limit of {limit}",
            buf.capacity()
        );
    }
}

#[test]
fn into_parts_and_resume_at_every_pending() {
    let mut steps = Vec::new();
    for n in [1, 5, 40, 3, 90, 2] {
        steps.push(Step::Bytes(n));
        steps.push(Step::Pending);
    }
    let total = 141;
    let limit = 1000;
    let mut read = ScriptedReader::new(steps).read_to_end_owned(b"!".to_vec(), limit);
    let mut abandoned = 0;
    let (reader, buf, n) = loop {
        match poll_once(&mut read) {
            Poll::Ready(out) => break out.unwrap(),
            Poll::Pending => {
                let (reader, buf, filled) = read.into_parts().expect("in flight");
                assert_eq!(
                    buf.len(),
                    1 + filled,
                    "the bytes so far are all in the buffer"
                );
                assert_eq!(&buf[1..], &stream(filled)[..]);
                abandoned += 1;
                read = ReadToEndOwned::resume(reader, buf, filled, limit);
            }
        }
    };
    assert_eq!(abandoned, 6);
    assert_eq!(
        (n, &buf[1..], reader.delivered()),
        (total, &stream(total)[..], total)
    );
}

#[test]
fn the_limit_holds_across_resume() {
    let reader = ScriptedReader::new([Step::Bytes(6), Step::Pending, Step::Bytes(100)]);
    let mut read = reader.read_to_end_owned(Vec::new(), 10);
    assert!(poll_once(&mut read).is_pending());
    let (reader, buf, filled) = read.into_parts().expect("in flight");
    let err = drive(&mut ReadToEndOwned::resume(reader, buf, filled, 10))
        .0
        .unwrap_err();
    assert_eq!((err.kind(), err.filled()), (ErrorKind::InvalidData, 11));
    assert_eq!(err.into_parts().2, stream(11));
}

#[test]
fn a_bad_resume_is_an_error_before_anything_else() {
    let reader = ScriptedReader::new([Step::Bytes(3)]);
    let err = drive(&mut ReadToEndOwned::resume(reader, b"ab".to_vec(), 3, 10))
        .0
        .unwrap_err();
    assert_eq!((err.kind(), err.filled()), (ErrorKind::InvalidInput, 2));
    assert_eq!(err.into_parts().1.calls, 0);

    let reader = ScriptedReader::new([Step::Bytes(3)]);
    let err = drive(&mut ReadToEndOwned::resume(reader, b"abc".to_vec(), 3, 2))
        .0
        .unwrap_err();
    assert_eq!((err.kind(), err.filled()), (ErrorKind::InvalidData, 3));
    assert_eq!(err.into_parts().1.calls, 0);
}

#[test]
fn errors_and_lies_keep_every_byte_read_before() {
    let reader = ScriptedReader::new([
        Step::Bytes(4),
        Step::Fail(ErrorKind::Interrupted),
        Step::Bytes(2),
        Step::Fail(ErrorKind::ConnectionReset),
    ]);
    let err = drive(&mut reader.read_to_end_owned(Vec::new(), 100))
        .0
        .unwrap_err();
    assert_eq!((err.kind(), err.filled()), (ErrorKind::ConnectionReset, 6));
    assert_eq!(err.into_parts().2, stream(6));

    let reader = ScriptedReader::new([Step::Bytes(4), Step::Lie(2)]);
    let err = drive(&mut reader.read_to_end_owned(Vec::new(), 100))
        .0
        .unwrap_err();
    assert_eq!((err.kind(), err.filled()), (ErrorKind::InvalidData, 4));
    assert_eq!(err.into_parts().2, stream(4), "no byte of the lie");
}

#[test]
fn accessors_and_completion() {
    let mut read =
        ScriptedReader::new([Step::Bytes(2), Step::Pending]).read_to_end_owned(Vec::new(), 9);
    assert_eq!(read.limit(), 9);
    assert!(poll_once(&mut read).is_pending());
    assert_eq!(
        (read.filled(), read.get_ref().map(|r| r.calls)),
        (2, Some(2))
    );
    assert_eq!(
        format!("{read:?}"),
        "ReadToEndOwned { filled: 2, terminated: false, .. }"
    );
    assert!(matches!(poll_once(&mut read), Poll::Ready(Ok((_, _, 2)))));
    assert!(read.is_terminated() && read.get_mut().is_none());
}

#[cfg(feature = "futures-io")]
mod futures_family {
    use super::*;
    use owned_io::futures_family::{AsyncReadOwnedExt, ReadToEndOwned};

    #[test]
    fn the_limit_at_every_offset() {
        for limit in 0..30 {
            for len in 0..35 {
                let reader = ScriptedReader::new(chunks(len, 4));
                let out = drive(&mut reader.read_to_end_owned(Vec::new(), limit)).0;
                let read = len.min(limit + 1);
                let (reader, buf) = match out {
                    Ok((reader, buf, n)) => {
                        assert!(len <= limit);
                        assert_eq!(n, len);
                        (reader, buf)
                    }
                    Err(err) => {
                        assert!(len > limit);
                        assert_eq!((err.kind(), err.filled()), (ErrorKind::InvalidData, read));
                        let (_, reader, buf) = err.into_parts();
                        (reader, buf)
                    }
                };
                assert_eq!((buf, reader.delivered()), (stream(read), read));
            }
        }
    }

    #[test]
    fn an_endless_stream_stops_at_the_limit_in_bounded_memory() {
        for limit in [0, 33, 4096, 1 << 20] {
            let err = drive(&mut Endless::default().read_to_end_owned(Vec::new(), limit))
                .0
                .unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidData);
            let (_, reader, buf) = err.into_parts();
            assert_eq!((reader.delivered, buf.len()), (limit + 1, limit + 1));
            assert!(buf.capacity() <= (limit + 1).max(32));
        }
    }

    #[test]
    fn into_parts_and_resume_at_every_pending_truncates_the_zeroed_room() {
        let steps = [
            Step::Bytes(3),
            Step::Pending,
            Step::Bytes(50),
            Step::Pending,
            Step::Bytes(1),
        ];
        let mut read = ScriptedReader::new(steps).read_to_end_owned(Vec::new(), 100);
        let (reader, buf, n) = loop {
            match poll_once(&mut read) {
                Poll::Ready(out) => break out.unwrap(),
                Poll::Pending => {
                    let (reader, buf, filled) = read.into_parts().expect("in flight");
                    assert_eq!(buf, stream(filled), "no zeroed spare bytes handed back");
                    read = ReadToEndOwned::resume(reader, buf, filled, 100);
                }
            }
        };
        assert_eq!((n, buf, reader.delivered()), (54, stream(54), 54));
    }

    #[test]
    fn errors_and_lies() {
        let reader = ScriptedReader::new([Step::Bytes(2), Step::Lie(1)]);
        let err = drive(&mut reader.read_to_end_owned(Vec::new(), 100))
            .0
            .unwrap_err();
        assert_eq!((err.kind(), err.filled()), (ErrorKind::InvalidData, 2));
        assert_eq!(err.into_parts().2, stream(2), "zeroed room and lie cut off");

        let reader = ScriptedReader::new([Step::Fail(ErrorKind::Interrupted), Step::Bytes(2)]);
        let (_, buf, n) = drive(&mut reader.read_to_end_owned(Vec::new(), 100))
            .0
            .unwrap();
        assert_eq!((n, buf), (2, stream(2)));
    }
}

/// A lent buffer is read into as a given one is: the same bytes, count, limit and error.
#[tokio::test]
async fn a_lent_buffer_reads_to_the_end_as_a_given_one() {
    let mut lent = Vec::from(&b"> "[..]);
    let reader: &[u8] = b"0123456789";
    let (_, _, n) = reader.read_to_end_owned(&mut lent, 10).await.unwrap();
    assert_eq!((&lent[..], n), (&b"> 0123456789"[..], 10));

    lent.clear();
    let err = reader.read_to_end_owned(&mut lent, 4).await.unwrap_err();
    assert_eq!(
        (err.kind(), err.filled()),
        (std::io::ErrorKind::InvalidData, 5)
    );
    drop(err);
    assert_eq!(lent, b"01234");
}
