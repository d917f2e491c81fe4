//! `read_owned` on scripted readers: one read into spare capacity, never zeroed in the tokio
//! family; a buffer with no room is an error; lies, `Interrupted`, abandon and resume.
#![cfg(feature = "bytes")]

mod support;

use std::io::ErrorKind;
use std::task::Poll;

use bytes::{BufMut, BytesMut};
use owned_io::{AsyncReadOwnedExt, ReadOwned};
use support::{drive, poll_once, stream, ScriptedReader, Step};

#[test]
fn one_read_into_spare_capacity_without_zeroing_it() {
    let reader = ScriptedReader::new([Step::Bytes(5), Step::Bytes(5)]);
    let buf = BytesMut::with_capacity(16);
    let (reader, buf, n) = drive(&mut reader.read_owned(buf)).0.unwrap();
    assert_eq!((n, &buf[..]), (5, &stream(5)[..]));
    assert_eq!(reader.calls, 1, "one read, whatever is left in the stream");
    assert_eq!(reader.offers, [16], "the whole spare capacity is offered");
    assert_eq!(
        reader.initialized,
        [0],
        "nothing was zeroed before the read"
    );
}

#[test]
fn appends_after_what_the_buffer_holds() {
    let mut buf = Vec::with_capacity(10);
    buf.extend_from_slice(b"ab");
    let reader = ScriptedReader::new([Step::Bytes(100)]);
    let (reader, buf, n) = drive(&mut reader.read_owned(buf)).0.unwrap();
    assert_eq!(n, 8, "the spare capacity, no more");
    assert_eq!((&buf[..2], &buf[2..]), (&b"ab"[..], &stream(8)[..]));
    assert_eq!(reader.offers, [8]);
}

#[test]
fn a_full_vec_or_bytes_mut_grows_as_buf_mut_does() {
    let reader = ScriptedReader::new([Step::Bytes(100)]);
    let (_, vec, n) = drive(&mut reader.read_owned(Vec::new())).0.unwrap();
    assert_eq!((n, vec.len()), (64, 64), "chunk_mut reserves 64 bytes");

    let reader = ScriptedReader::new([Step::Bytes(100)]);
    let (_, bytes, n) = drive(&mut reader.read_owned(BytesMut::new())).0.unwrap();
    assert_eq!((n, bytes.len()), (64, 64));
}

#[test]
fn end_of_stream_is_zero() {
    let reader = ScriptedReader::new([Step::Zero]);
    let (_, buf, n) = drive(&mut reader.read_owned(Vec::with_capacity(4)))
        .0
        .unwrap();
    assert_eq!((n, buf.len()), (0, 0));
}

#[test]
fn a_buffer_with_no_room_is_invalid_input_and_the_reader_is_untouched() {
    let mut full = [0u8; 3];
    let reader = ScriptedReader::new([Step::Bytes(3)]);
    let err = drive(&mut reader.read_owned(&mut full[..0])).0.unwrap_err();
    assert_eq!((err.kind(), err.filled()), (ErrorKind::InvalidInput, 0));
    let (_, reader, _) = err.into_parts();
    assert_eq!(reader.calls, 0);

    // A limited buffer at its limit has no room either.
    let reader = ScriptedReader::new([Step::Bytes(3)]);
    let limited = Vec::<u8>::new().limit(0);
    let err = drive(&mut reader.read_owned(limited)).0.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}

#[test]
fn interrupted_is_retried_and_pending_waits() {
    let reader = ScriptedReader::new([
        Step::Fail(ErrorKind::Interrupted),
        Step::Pending,
        Step::Fail(ErrorKind::Interrupted),
        Step::Bytes(3),
    ]);
    let ((reader, buf, n), polls) = {
        let (out, polls) = drive(&mut reader.read_owned(Vec::with_capacity(8)));
        (out.unwrap(), polls)
    };
    assert_eq!(
        (n, &buf[..], reader.calls, polls),
        (3, &stream(3)[..], 4, 2)
    );
}

#[test]
fn an_error_hands_back_the_reader_and_the_buffer_as_it_was() {
    let reader = ScriptedReader::new([Step::Fail(ErrorKind::ConnectionReset)]);
    let err = drive(&mut reader.read_owned(b"kept".to_vec()))
        .0
        .unwrap_err();
    assert_eq!((err.kind(), err.filled()), (ErrorKind::ConnectionReset, 0));
    let (_, reader, buf) = err.into_parts();
    assert_eq!((reader.calls, &buf[..]), (1, &b"kept"[..]));
}

/// A tokio reader that fills a `ReadBuf` of its own: tokio-util's `poll_read_buf` would
/// assert; the owned read returns `InvalidData` with everything handed back.
#[test]
fn a_reader_that_swaps_the_read_buf_is_invalid_data_not_a_panic() {
    for lie in [0, 1, 7] {
        let reader = ScriptedReader::new([Step::Lie(lie)]);
        let err = drive(&mut reader.read_owned(Vec::with_capacity(8)))
            .0
            .unwrap_err();
        assert_eq!((err.kind(), err.filled()), (ErrorKind::InvalidData, 0));
        let (_, _, buf) = err.into_parts();
        assert!(buf.is_empty(), "no byte of the lie was counted");
    }
}

#[test]
fn into_parts_while_pending_then_resume() {
    let reader = ScriptedReader::new([Step::Pending, Step::Bytes(4)]);
    let mut read = reader.read_owned(Vec::with_capacity(4));
    assert!(poll_once(&mut read).is_pending());
    assert_eq!(read.get_ref().map(|r| r.calls), Some(1));
    let (reader, buf, filled) = read.into_parts().expect("in flight");
    assert_eq!(
        (filled, buf.len()),
        (0, 0),
        "a single read has no progress in flight"
    );
    let (reader, buf, n) = drive(&mut ReadOwned::resume(reader, buf, filled))
        .0
        .unwrap();
    assert_eq!((n, &buf[..], reader.calls), (4, &stream(4)[..], 2));
}

#[test]
fn zero_means_end_of_stream_after_any_resume() {
    // A single read hands out a progress of 0: resumed with it, 0 is the end of stream.
    let read = ScriptedReader::new([]).read_owned(Vec::with_capacity(2));
    let (reader, buf, progress) = read.into_parts().expect("not polled");
    assert_eq!(progress, 0);
    let (_, _, n) = drive(&mut ReadOwned::resume(reader, buf, progress))
        .0
        .unwrap();
    assert_eq!(n, 0, "end of stream");

    // Any other progress is refused before the read, rather than added to the count.
    let reader = ScriptedReader::new([Step::Bytes(2)]);
    let err = drive(&mut ReadOwned::resume(reader, Vec::with_capacity(2), 5))
        .0
        .unwrap_err();
    assert_eq!((err.kind(), err.filled()), (ErrorKind::InvalidInput, 0));
    assert_eq!(err.into_parts().1.calls, 0, "the reader is untouched");
}

#[test]
fn polled_after_completion_panics_with_the_name() {
    let mut read = ScriptedReader::new([Step::Bytes(1)]).read_owned(Vec::with_capacity(1));
    assert!(matches!(poll_once(&mut read), Poll::Ready(Ok(_))));
    assert!(read.is_terminated() && read.into_parts().is_none());

    let mut read = ScriptedReader::new([Step::Bytes(1)]).read_owned(Vec::with_capacity(1));
    assert!(poll_once(&mut read).is_ready());
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| poll_once(&mut read)))
        .expect_err("a second poll panics");
    let message = panic.downcast_ref::<String>().expect("a formatted message");
    assert_eq!(message, "`ReadOwned` polled after completion");
}

#[test]
fn debug_without_debug_bounds() {
    /// A reader with no `Debug`.
    struct Opaque(ScriptedReader);
    impl tokio::io::AsyncRead for Opaque {
        fn poll_read(
            mut self: std::pin::Pin<&mut Self>,
            cx: &mut std::task::Context<'_>,
            buf: &mut tokio::io::ReadBuf<'_>,
        ) -> Poll<std::io::Result<()>> {
            std::pin::Pin::new(&mut self.0).poll_read(cx, buf)
        }
    }
    let mut read = ReadOwned::resume(Opaque(ScriptedReader::new([Step::Zero])), Vec::new(), 3);
    assert_eq!(
        format!("{read:?}"),
        "ReadOwned { filled: 3, terminated: false, .. }"
    );
    assert!(poll_once(&mut read).is_ready()); // refused: a single read has no progress
    assert_eq!(
        format!("{read:?}"),
        "ReadOwned { filled: 0, terminated: true, .. }"
    );
    let err = drive(
        &mut Opaque(ScriptedReader::new([Step::Fail(ErrorKind::BrokenPipe)]))
            .read_owned(Vec::new()),
    )
    .0
    .err()
    .expect("a scripted failure");
    assert_eq!(err.to_string(), "read_owned: scripted failure");
    assert!(format!("{err:?}").starts_with("ReadError { method: \"read_owned\", error: "));
}

#[cfg(feature = "futures-io")]
mod futures_family {
    use super::*;
    use owned_io::futures_family::{AsyncReadOwnedExt, ReadOwned};

    #[test]
    fn one_read_of_at_most_8_kib_copied_into_spare_capacity() {
        let reader = ScriptedReader::new([Step::Bytes(20_000)]);
        let (reader, buf, n) = drive(&mut reader.read_owned(BytesMut::with_capacity(10_000)))
            .0
            .unwrap();
        assert_eq!((n, &buf[..]), (8192, &stream(8192)[..]));
        assert_eq!(reader.offers, [8192]);

        let reader = ScriptedReader::new([Step::Bytes(20)]);
        let (reader, buf, n) = drive(&mut reader.read_owned(Vec::with_capacity(10)))
            .0
            .unwrap();
        assert_eq!(
            (n, &buf[..], &reader.offers[..]),
            (10, &stream(10)[..], &[10][..])
        );
    }

    #[test]
    fn errors_and_lies() {
        let reader = ScriptedReader::new([Step::Lie(3)]);
        let err = drive(&mut reader.read_owned(Vec::with_capacity(8)))
            .0
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidData);
        assert!(err.into_parts().2.is_empty(), "nothing of a lie is kept");

        let mut none = [0u8; 0];
        let reader = ScriptedReader::new([Step::Bytes(1)]);
        let err = drive(&mut reader.read_owned(&mut none[..])).0.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);

        let reader = ScriptedReader::new([Step::Fail(ErrorKind::Interrupted), Step::Bytes(2)]);
        let (reader, _, n) = drive(&mut reader.read_owned(Vec::with_capacity(2)))
            .0
            .unwrap();
        assert_eq!((n, reader.calls), (2, 2));
    }

    #[test]
    fn into_parts_then_resume() {
        let reader = ScriptedReader::new([Step::Pending, Step::Bytes(3)]);
        let mut read = reader.read_owned(Vec::with_capacity(3));
        assert!(poll_once(&mut read).is_pending());
        let (reader, buf, filled) = read.into_parts().expect("in flight");
        let (_, buf, n) = drive(&mut ReadOwned::resume(reader, buf, filled))
            .0
            .unwrap();
        assert_eq!((n, &buf[..]), (3, &stream(3)[..]));
    }
}
