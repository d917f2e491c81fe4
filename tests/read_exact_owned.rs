//! `read_exact_owned` on scripted readers: progress, errors, wake-ups, abandon and resume.

mod support;

use std::error::Error as _;
use std::io::{self, ErrorKind};
use std::task::Poll;

use owned_io::{AsyncReadExactExt, ReadExactError, ReadExactOwned};
use support::{drive, first, ok, poll_once, stream, ScriptedReader, Step};
use tokio_test::{assert_pending, assert_ready, assert_ready_ok};

const LEN: usize = 8;

#[test]
fn fills_the_buffer_across_chunks_and_hands_both_back() {
    let reader = ScriptedReader::new([Step::Bytes(3), Step::Bytes(1), Step::Bytes(100)]);
    let (reader, buf) = drive(&mut reader.read_exact_owned([0u8; LEN])).0.unwrap();
    assert_eq!(buf.to_vec(), stream(LEN));
    assert_eq!(reader.calls, 3);
    assert_eq!(reader.delivered(), LEN);
    // What did not fit stays in the reader for the next read.
    let ((reader, next), _) = ok(drive(&mut reader.read_exact_owned([0u8; 2])));
    assert_eq!(next.to_vec(), stream(LEN + 2)[LEN..]);
    assert_eq!(reader.calls, 4);
}

#[tokio::test]
async fn works_with_tokio_test_mock() {
    let mock = tokio_test::io::Builder::new()
        .read(b"\x00\x00")
        .read(b"\x00\x03ab")
        .read(b"c")
        .build();
    let (mock, header) = mock.read_exact_owned([0u8; 4]).await.unwrap();
    let len = u32::from_be_bytes(header) as usize;
    let (_mock, body) = mock.read_exact_owned(vec![0u8; len]).await.unwrap();
    assert_eq!(body, b"abc");
}

#[tokio::test]
async fn tokio_test_mock_error_is_handed_back_with_progress() {
    let mock = tokio_test::io::Builder::new()
        .read(b"ab")
        .read_error(io::Error::new(ErrorKind::ConnectionReset, "reset"))
        .build();
    let err = mock.read_exact_owned(vec![0u8; 5]).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ConnectionReset);
    assert_eq!(err.filled(), 2);
    let (error, _mock, buf) = err.into_parts();
    assert_eq!(error.to_string(), "reset");
    assert_eq!(&buf[..2], b"ab");
}

#[test]
fn any_buffer_type_and_a_borrowed_reader() {
    let mut reader = ScriptedReader::new([Step::Bytes(2), Step::Bytes(100)]);
    let ((_, vec), _) = ok(drive(&mut (&mut reader).read_exact_owned(vec![0u8; 3])));
    assert_eq!(vec, stream(3));
    let ((_, boxed), _) = ok(drive(
        &mut (&mut reader).read_exact_owned(vec![0u8; 3].into_boxed_slice()),
    ));
    assert_eq!(boxed[..], stream(6)[3..]);
    let mut storage = [0u8; 3];
    let ((back, slice), _) = ok(drive(&mut (&mut reader).read_exact_owned(&mut storage[..])));
    assert_eq!(slice, &stream(9)[6..]);
    back.calls += 100; // the `&mut` handed back is the caller's reader
    assert_eq!(reader.calls, 104);
}

#[tokio::test]
async fn wakes_when_data_arrives() {
    use tokio::io::AsyncWriteExt;
    let (mut peer, sock) = tokio::io::duplex(64);
    let mut task = tokio_test::task::spawn(sock.read_exact_owned([0u8; 5]));
    assert_pending!(task.poll());
    peer.write_all(b"he").await.unwrap();
    assert!(task.is_woken());
    assert_pending!(task.poll());
    assert_eq!(task.filled(), 2);
    peer.write_all(b"llo").await.unwrap();
    assert!(task.is_woken());
    let (_sock, buf) = assert_ready_ok!(task.poll());
    assert_eq!(&buf, b"hello");
}

#[test]
fn pending_keeps_progress_and_then_completes() {
    let reader = ScriptedReader::new([
        Step::Bytes(2),
        Step::Pending,
        Step::Bytes(3),
        Step::Pending,
        Step::Bytes(3),
    ]);
    let mut fut = reader.read_exact_owned([0u8; LEN]);
    assert!(poll_once(&mut fut).is_pending());
    assert_eq!(fut.filled(), 2);
    assert!(poll_once(&mut fut).is_pending());
    assert_eq!(fut.filled(), 5);
    let (reader, buf) = match poll_once(&mut fut) {
        Poll::Ready(Ok(parts)) => parts,
        other => panic!("expected completion, got {other:?}"),
    };
    assert_eq!(buf.to_vec(), stream(LEN));
    assert_eq!(reader.calls, 5);
}

#[test]
fn end_of_stream_at_every_offset() {
    for k in 0..LEN {
        let reader = ScriptedReader::new(first(k, [Step::Zero]));
        let (out, _) = drive(&mut reader.read_exact_owned([0u8; LEN]));
        let err = out.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnexpectedEof, "offset {k}");
        assert_eq!(
            err.filled(),
            k,
            "a clean close has filled 0, a truncated read > 0"
        );
        let (error, reader, buf) = err.into_parts();
        assert_eq!(buf[..k], stream(k)[..], "the bytes that arrived are kept");
        assert!(buf[k..].iter().all(|&b| b == 0));
        assert_eq!(reader.calls, if k == 0 { 1 } else { 2 });
        assert!(
            error.to_string().contains(&format!("{k} of {LEN}")),
            "{error}"
        );
    }
}

#[test]
fn errors_at_every_offset_are_handed_back_with_everything() {
    for k in 0..LEN {
        let reader = ScriptedReader::new(first(
            k,
            [Step::Fail(ErrorKind::ConnectionReset), Step::Bytes(LEN)],
        ));
        let (out, _) = drive(&mut reader.read_exact_owned(vec![0u8; LEN]));
        let err = out.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ConnectionReset);
        assert_eq!(err.filled(), k);
        let (_, reader, buf) = err.into_parts();
        assert_eq!(buf[..k], stream(k)[..]);
        // The reader is handed back where it stopped: the rest is still there.
        assert_eq!(reader.left(), 1);
        assert_eq!(reader.delivered(), k);
    }
}

#[test]
fn interrupted_is_retried_not_returned() {
    let reader = ScriptedReader::new([
        Step::Fail(ErrorKind::Interrupted),
        Step::Bytes(3),
        Step::Fail(ErrorKind::Interrupted),
        Step::Fail(ErrorKind::Interrupted),
        Step::Bytes(LEN),
    ]);
    let (out, polls) = drive(&mut reader.read_exact_owned([0u8; LEN]));
    let (reader, buf) = out.unwrap();
    assert_eq!(buf.to_vec(), stream(LEN));
    assert_eq!(reader.calls, 5);
    assert_eq!(polls, 1, "Interrupted is retried within the same poll");
}

#[test]
fn a_reader_that_claims_more_than_offered_is_invalid_data() {
    for k in 0..LEN {
        let reader = ScriptedReader::new(first(k, [Step::Lie(1)]));
        let (out, _) = drive(&mut reader.read_exact_owned([0u8; LEN]));
        let err = out.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidData);
        assert_eq!(err.filled(), k);
        let (_, reader, buf) = err.into_parts();
        assert_eq!(buf[..k], stream(k)[..]);
        assert_eq!(reader.calls, if k == 0 { 1 } else { 2 });
    }
}

#[test]
fn a_reader_that_fills_a_buffer_of_its_own_is_invalid_data() {
    let reader = ScriptedReader::new([Step::Bytes(3), Step::Lie(0)]);
    let (out, _) = drive(&mut reader.read_exact_owned([0u8; LEN]));
    let err = out.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidData);
    assert_eq!(err.filled(), 3);
}

#[test]
fn an_empty_buffer_completes_without_touching_the_reader() {
    let reader = ScriptedReader::new([Step::Fail(ErrorKind::Other)]);
    let ((reader, buf), polls) = ok(drive(&mut reader.read_exact_owned(Vec::new())));
    assert!(buf.is_empty());
    assert_eq!((reader.calls, polls), (0, 1));
}

#[test]
#[should_panic(expected = "`ReadExactOwned` polled after completion")]
fn polling_after_completion_panics_with_a_clear_message() {
    let mut fut = ScriptedReader::new([Step::Bytes(LEN)]).read_exact_owned([0u8; LEN]);
    assert!(poll_once(&mut fut).is_ready());
    let _ = poll_once(&mut fut);
}

#[test]
fn polling_after_an_error_panics_too() {
    let mut fut = ScriptedReader::new([Step::Zero]).read_exact_owned([0u8; LEN]);
    assert!(matches!(poll_once(&mut fut), Poll::Ready(Err(_))));
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| poll_once(&mut fut)))
        .expect_err("a spent future must not be polled");
    let message = panic.downcast_ref::<String>().expect("a formatted message");
    assert!(message.contains("ReadExactOwned"), "{message}");
}

#[test]
fn into_parts_mid_flight_loses_nothing() {
    for k in 0..LEN {
        let reader = ScriptedReader::new(first(k, [Step::Pending, Step::Bytes(LEN)]));
        let mut fut = reader.read_exact_owned([0u8; LEN]);
        assert!(poll_once(&mut fut).is_pending());
        let filled = fut.filled();
        let (reader, buf, handed_back) = fut.into_parts().expect("in flight");
        assert_eq!((filled, handed_back), (k, k));
        assert_eq!(buf[..k], stream(k)[..]);

        let ((reader, buf), _) = ok(drive(&mut ReadExactOwned::resume(reader, buf, filled)));
        assert_eq!(buf.to_vec(), stream(LEN));
        assert_eq!(reader.delivered(), LEN);
    }
}

#[test]
fn into_parts_after_completion_is_none() {
    let mut fut = ScriptedReader::new([Step::Bytes(LEN)]).read_exact_owned([0u8; LEN]);
    assert!(matches!(poll_once(&mut fut), Poll::Ready(Ok(_))));
    assert!(fut.into_parts().is_none());

    let mut failed = ScriptedReader::new([Step::Zero]).read_exact_owned([0u8; LEN]);
    assert!(matches!(poll_once(&mut failed), Poll::Ready(Err(_))));
    assert!(failed.into_parts().is_none());
}

#[test]
fn into_parts_before_the_first_poll() {
    let fut = ScriptedReader::new([]).read_exact_owned([7u8; LEN]);
    assert_eq!(fut.filled(), 0);
    let (reader, buf, filled) = fut.into_parts().unwrap();
    assert_eq!((reader.calls, buf, filled), (0, [7u8; LEN], 0));
}

#[test]
fn resume_from_every_offset() {
    for k in 0..=LEN {
        let mut buf = [0u8; LEN];
        buf[..k].copy_from_slice(&stream(k));
        // The reader's stream picks up where the first `k` bytes left off.
        let mut reader = ScriptedReader::new(first(k, [Step::Bytes(LEN)]));
        ok(drive(&mut (&mut reader).read_exact_owned(vec![0u8; k])));
        let calls_before = reader.calls;

        let mut fut = ReadExactOwned::resume(reader, buf, k);
        assert_eq!(fut.filled(), k);
        let ((reader, buf), _) = ok(drive(&mut fut));
        assert_eq!(buf.to_vec(), stream(LEN));
        let expected_calls = if k == LEN { 0 } else { 1 };
        assert_eq!(reader.calls - calls_before, expected_calls);
    }
}

#[test]
fn resume_past_the_end_is_invalid_input_not_a_panic() {
    let reader = ScriptedReader::new([Step::Bytes(LEN)]);
    let (out, _) = drive(&mut ReadExactOwned::resume(reader, [1u8; LEN], LEN + 1));
    let err = out.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(err.filled(), LEN, "never past the end of the buffer");
    let filled = err.filled();
    let (_, reader, buf) = err.into_parts();
    assert_eq!(
        &buf[..filled],
        &[1u8; LEN],
        "slicing by filled() never panics"
    );
    assert_eq!(reader.calls, 0);

    let (out, _) = drive(&mut ReadExactOwned::resume(
        ScriptedReader::new([]),
        [0u8; 0],
        usize::MAX,
    ));
    let err = out.unwrap_err();
    assert_eq!((err.kind(), err.filled()), (ErrorKind::InvalidInput, 0));
}

/// A reader with no `Debug` impl, to show the error and future types don't need one.
struct Opaque(ScriptedReader);

impl tokio::io::AsyncRead for Opaque {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        std::pin::Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

#[test]
fn error_reports_without_debug_bounds() {
    let mut fut =
        Opaque(ScriptedReader::new([Step::Bytes(3), Step::Zero])).read_exact_owned([0u8; LEN]);
    assert_eq!(
        format!("{fut:?}"),
        "ReadExactOwned { filled: 0, terminated: false, .. }"
    );
    let err: ReadExactError<Opaque, [u8; LEN]> = match drive(&mut fut).0 {
        Ok(_) => panic!("the stream ends after 3 bytes"),
        Err(err) => err,
    };
    assert_eq!(
        format!("{fut:?}"),
        "ReadExactOwned { filled: 3, terminated: true, .. }"
    );
    let message = "read_exact_owned: end of stream after 3 of 8 bytes";
    assert_eq!(err.to_string(), message);
    assert!(format!("{err:?}").starts_with("ReadExactError { "));
    assert!(format!("{err:?}").contains("filled: 3"));
    assert!(
        err.source().is_none(),
        "the cause is in the message, not again in source()"
    );

    let io_error: io::Error = err.into();
    assert_eq!(io_error.kind(), ErrorKind::UnexpectedEof);
    assert_eq!(io_error.to_string(), message, "`?` keeps the method's name");
}

#[test]
fn question_mark_converts_into_io_error() {
    fn frame_q(reader: ScriptedReader) -> io::Result<[u8; LEN]> {
        let (out, _) = drive(&mut reader.read_exact_owned([0u8; LEN]));
        let (_, buf) = out?;
        Ok(buf)
    }
    assert_eq!(
        frame_q(ScriptedReader::new([Step::Bytes(LEN)]))
            .unwrap()
            .to_vec(),
        stream(LEN)
    );
    let err = frame_q(ScriptedReader::new([Step::Bytes(2)])).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnexpectedEof);
}

#[tokio::test]
async fn tokio_test_task_reports_ready_after_wake() {
    let reader = ScriptedReader::new([Step::Pending, Step::Bytes(LEN)]);
    let mut task = tokio_test::task::spawn(reader.read_exact_owned([0u8; LEN]));
    assert_pending!(task.poll());
    assert!(
        task.is_woken(),
        "a pending reader's wake-up reaches the task"
    );
    let out = assert_ready!(task.poll());
    assert_eq!(out.unwrap().1.to_vec(), stream(LEN));
}

/// `error()` reads the `io::Error` in place (its OS code, its message) with the reader and the
/// buffer still in the error; `into_error()` gives it up for them.
#[test]
fn error_in_place_and_into_error() {
    struct Refusing;
    impl tokio::io::AsyncRead for Refusing {
        fn poll_read(
            self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
            _: &mut tokio::io::ReadBuf<'_>,
        ) -> Poll<io::Result<()>> {
            Poll::Ready(Err(io::Error::from_raw_os_error(104))) // ECONNRESET on Linux
        }
    }

    let err = drive(&mut Refusing.read_exact_owned([7u8; 2]))
        .0
        .err()
        .unwrap();
    assert_eq!(err.error().raw_os_error(), Some(104));
    assert_eq!(err.error().kind(), err.kind());
    let (error, _reader, buf) = err.into_parts();
    assert_eq!((error.raw_os_error(), buf), (Some(104), [7u8; 2]));

    let err = drive(&mut Refusing.read_exact_owned([0u8; 2]))
        .0
        .err()
        .unwrap();
    let message = err.error().to_string();
    let error: io::Error = err.into_error();
    assert_eq!(
        (error.raw_os_error(), error.to_string()),
        (Some(104), message)
    );
}
