//! `write_all_owned` on scripted writers: progress, errors, wake-ups, abandon and resume.

mod support;

use std::error::Error as _;
use std::io::{self, ErrorKind};
use std::task::Poll;

use owned_io::{AsyncWriteAllExt, WriteAllError, WriteAllOwned};
use support::{drive, first, ok, poll_once, stream, ScriptedWriter, Step};
use tokio_test::{assert_pending, assert_ready_ok};

const LEN: usize = 8;

#[test]
fn writes_everything_across_partial_writes_and_hands_both_back() {
    let writer = ScriptedWriter::new([Step::Bytes(3), Step::Bytes(1), Step::Bytes(100)]);
    let ((writer, buf), polls) = ok(drive(&mut writer.write_all_owned(stream(LEN))));
    assert_eq!(writer.written, stream(LEN));
    assert_eq!(buf, stream(LEN), "the buffer comes back untouched");
    assert_eq!((writer.calls, polls), (3, 1));
}

#[tokio::test]
async fn works_with_tokio_test_mock() {
    let mock = tokio_test::io::Builder::new()
        .write(b"\x00\x00\x00\x03")
        .write(b"abc")
        .build();
    let (mock, _) = mock.write_all_owned(3u32.to_be_bytes()).await.unwrap();
    let (_mock, body) = mock.write_all_owned("abc").await.unwrap();
    assert_eq!(body, "abc");
}

#[tokio::test]
async fn tokio_test_mock_error_is_handed_back_with_progress() {
    let mock = tokio_test::io::Builder::new()
        .write(b"ab")
        .write_error(io::Error::new(ErrorKind::BrokenPipe, "pipe"))
        .build();
    let err = mock.write_all_owned(b"abcde".to_vec()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BrokenPipe);
    assert_eq!(err.written(), 2);
    let (error, _mock, buf) = err.into_parts();
    assert_eq!(error.to_string(), "pipe");
    assert_eq!(buf, b"abcde");
}

#[test]
fn any_buffer_type_and_a_borrowed_writer() {
    let mut writer = ScriptedWriter::new([Step::Bytes(2)]);
    ok(drive(&mut (&mut writer).write_all_owned([1u8, 2, 3])));
    ok(drive(&mut (&mut writer).write_all_owned(vec![4u8])));
    ok(drive(&mut (&mut writer).write_all_owned(&b"\x05"[..])));
    ok(drive(
        &mut (&mut writer).write_all_owned(String::from("\x06")),
    ));
    ok(drive(&mut (&mut writer).write_all_owned(bytes_box())));
    assert_eq!(writer.written, [1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(writer.calls, 6);
}

fn bytes_box() -> Box<[u8]> {
    vec![7u8].into_boxed_slice()
}

#[tokio::test]
async fn wakes_when_the_peer_makes_room() {
    use tokio::io::AsyncReadExt;
    let (sock, mut peer) = tokio::io::duplex(4);
    let mut task = tokio_test::task::spawn(sock.write_all_owned(*b"hello"));
    assert_pending!(task.poll());
    assert_eq!(task.written(), 4);
    let mut got = [0u8; 5];
    peer.read_exact(&mut got[..4]).await.unwrap();
    assert!(task.is_woken());
    let (_sock, buf) = assert_ready_ok!(task.poll());
    peer.read_exact(&mut got[4..]).await.unwrap();
    assert_eq!((&got, &buf), (b"hello", b"hello"));
}

#[test]
fn pending_keeps_progress_and_then_completes() {
    let writer =
        ScriptedWriter::new([Step::Bytes(2), Step::Pending, Step::Bytes(3), Step::Pending]);
    let mut fut = writer.write_all_owned(stream(LEN));
    assert!(poll_once(&mut fut).is_pending());
    assert_eq!(fut.written(), 2);
    assert!(poll_once(&mut fut).is_pending());
    assert_eq!(fut.written(), 5);
    let (writer, _) = match poll_once(&mut fut) {
        Poll::Ready(Ok(parts)) => parts,
        other => panic!("expected completion, got {other:?}"),
    };
    assert_eq!(writer.written, stream(LEN));
    assert_eq!(writer.calls, 5);
}

#[test]
fn write_zero_at_every_offset() {
    for k in 0..LEN {
        let writer = ScriptedWriter::new(first(k, [Step::Zero]));
        let (out, _) = drive(&mut writer.write_all_owned(stream(LEN)));
        let err = out.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::WriteZero, "offset {k}");
        assert_eq!(err.written(), k);
        let (error, writer, buf) = err.into_parts();
        assert_eq!(writer.written, stream(k));
        assert_eq!(buf, stream(LEN));
        assert!(
            error.to_string().contains(&format!("{k} of {LEN}")),
            "{error}"
        );
    }
}

#[test]
fn errors_at_every_offset_are_handed_back_with_everything() {
    for k in 0..LEN {
        let writer = ScriptedWriter::new(first(k, [Step::Fail(ErrorKind::BrokenPipe), Step::Zero]));
        let (out, _) = drive(&mut writer.write_all_owned(stream(LEN)));
        let err = out.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::BrokenPipe);
        assert_eq!(err.written(), k);
        let (_, writer, buf) = err.into_parts();
        assert_eq!(writer.written, stream(k));
        assert_eq!(
            writer.left(),
            1,
            "the writer is handed back where it stopped"
        );
        assert_eq!(buf, stream(LEN));
    }
}

#[test]
fn interrupted_is_retried_not_returned() {
    let writer = ScriptedWriter::new([
        Step::Fail(ErrorKind::Interrupted),
        Step::Bytes(3),
        Step::Fail(ErrorKind::Interrupted),
        Step::Fail(ErrorKind::Interrupted),
    ]);
    let ((writer, _), polls) = ok(drive(&mut writer.write_all_owned(stream(LEN))));
    assert_eq!(writer.written, stream(LEN));
    assert_eq!((writer.calls, polls), (5, 1));
}

#[test]
fn a_writer_that_claims_more_than_offered_is_invalid_data() {
    for k in 0..LEN {
        for extra in [1, usize::MAX - LEN] {
            let writer = ScriptedWriter::new(first(k, [Step::Lie(extra)]));
            let (out, _) = drive(&mut writer.write_all_owned(stream(LEN)));
            let err = out.unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidData);
            assert_eq!(err.written(), k);
            let (_, writer, buf) = err.into_parts();
            assert_eq!((writer.written, buf), (stream(k), stream(LEN)));
        }
    }
}

#[test]
fn an_empty_buffer_completes_without_touching_the_writer() {
    let writer = ScriptedWriter::new([Step::Fail(ErrorKind::Other)]);
    let ((writer, buf), polls) = ok(drive(&mut writer.write_all_owned("")));
    assert_eq!(buf, "");
    assert_eq!((writer.calls, polls), (0, 1));
}

#[test]
#[should_panic(expected = "`WriteAllOwned` polled after completion")]
fn polling_after_completion_panics_with_a_clear_message() {
    let mut fut = ScriptedWriter::new([]).write_all_owned(stream(LEN));
    assert!(poll_once(&mut fut).is_ready());
    let _ = poll_once(&mut fut);
}

#[test]
fn into_parts_mid_flight_loses_nothing() {
    for k in 0..LEN {
        let writer = ScriptedWriter::new(first(k, [Step::Pending]));
        let mut fut = writer.write_all_owned(stream(LEN));
        assert!(poll_once(&mut fut).is_pending());
        let written = fut.written();
        let (writer, buf, handed_back) = fut.into_parts().expect("in flight");
        assert_eq!((written, handed_back, &writer.written), (k, k, &stream(k)));

        let ((writer, _), _) = ok(drive(&mut WriteAllOwned::resume(writer, buf, written)));
        assert_eq!(
            writer.written,
            stream(LEN),
            "no byte written twice, none skipped"
        );
    }
}

#[test]
fn into_parts_after_completion_is_none() {
    let mut fut = ScriptedWriter::new([]).write_all_owned(stream(LEN));
    assert!(matches!(poll_once(&mut fut), Poll::Ready(Ok(_))));
    assert!(fut.into_parts().is_none());

    let mut failed = ScriptedWriter::new([Step::Zero]).write_all_owned(stream(LEN));
    assert!(matches!(poll_once(&mut failed), Poll::Ready(Err(_))));
    assert!(failed.into_parts().is_none());
}

#[test]
fn resume_from_every_offset() {
    for k in 0..=LEN {
        let mut fut = WriteAllOwned::resume(ScriptedWriter::new([]), stream(LEN), k);
        assert_eq!(fut.written(), k);
        let ((writer, _), _) = ok(drive(&mut fut));
        assert_eq!(writer.written, stream(LEN)[k..]);
        assert_eq!(writer.calls, usize::from(k < LEN));
    }
}

#[test]
fn resume_past_the_end_is_invalid_input_not_a_panic() {
    let writer = ScriptedWriter::new([]);
    let (out, _) = drive(&mut WriteAllOwned::resume(writer, stream(LEN), LEN + 1));
    let err = out.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(err.written(), LEN, "never past the end of the buffer");
    let written = err.written();
    let (_, writer, buf) = err.into_parts();
    assert_eq!(&buf[written..], b"", "slicing by written() never panics");
    assert_eq!((writer.calls, buf), (0, stream(LEN)));

    let (out, _) = drive(&mut WriteAllOwned::resume(
        ScriptedWriter::new([]),
        [0u8; 0],
        usize::MAX,
    ));
    let err = out.unwrap_err();
    assert_eq!((err.kind(), err.written()), (ErrorKind::InvalidInput, 0));
}

/// A writer with no `Debug` impl, to show the error and future types don't need one.
struct Opaque(ScriptedWriter);

impl tokio::io::AsyncWrite for Opaque {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        std::pin::Pin::new(&mut self.0).poll_write(cx, buf)
    }
    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> Poll<io::Result<()>> {
        std::pin::Pin::new(&mut self.0).poll_flush(cx)
    }
    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> Poll<io::Result<()>> {
        std::pin::Pin::new(&mut self.0).poll_shutdown(cx)
    }
}

#[test]
fn error_reports_without_debug_bounds() {
    let mut fut = Opaque(ScriptedWriter::new(first(3, [Step::Zero]))).write_all_owned(stream(LEN));
    assert_eq!(
        format!("{fut:?}"),
        "WriteAllOwned { written: 0, terminated: false, .. }"
    );
    let err: WriteAllError<Opaque, Vec<u8>> = match drive(&mut fut).0 {
        Ok(_) => panic!("the writer stops after 3 bytes"),
        Err(err) => err,
    };
    assert_eq!(
        format!("{fut:?}"),
        "WriteAllOwned { written: 3, terminated: true, .. }"
    );
    let message = "write_all_owned: the writer accepted 0 bytes after 3 of 8 bytes";
    assert_eq!(err.to_string(), message);
    assert!(format!("{err:?}").contains("written: 3"));
    assert!(err.source().is_none(), "the cause is in the message");
    let io_error: io::Error = err.into();
    assert_eq!(
        (io_error.kind(), io_error.to_string()),
        (ErrorKind::WriteZero, message.into())
    );
}

/// `error()` reads the `io::Error` in place with the writer and the buffer still in the
/// error; `into_error()` gives it up for them.
#[test]
fn error_in_place_and_into_error() {
    let failing = || ScriptedWriter::new([Step::Bytes(2), Step::Fail(ErrorKind::BrokenPipe)]);
    let err = drive(&mut failing().write_all_owned(stream(LEN)))
        .0
        .unwrap_err();
    assert_eq!(err.error().kind(), ErrorKind::BrokenPipe);
    assert_eq!(err.error().to_string(), "scripted failure");
    assert_eq!(err.written(), 2);
    let (_, writer, buf) = err.into_parts();
    assert_eq!((writer.written.len(), buf), (2, stream(LEN)));

    let err = drive(&mut failing().write_all_owned(stream(LEN)))
        .0
        .unwrap_err();
    let error: io::Error = err.into_error();
    assert_eq!(error.kind(), ErrorKind::BrokenPipe);
}
