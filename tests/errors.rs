//! Errors a user can read: every message names the method the user called and says what
//! happened; `?` into `io::Error` keeps that; an I/O object's own errors pass through as they
//! are; a limit can be told apart from invalid UTF-8.
#![cfg(feature = "bytes")]

mod support;

use std::error::Error;
use std::io::{self, ErrorKind};

use bytes::{Buf, Bytes};
use owned_io::*;
use support::{drive, ScriptedReader, ScriptedWriter, Step};

#[tokio::test]
async fn a_line_over_its_limit_names_the_method_and_the_limit() {
    let reader: &[u8] = b"this line has no end within the limit";
    let err = reader.read_line_owned(String::new(), 32).await.unwrap_err();
    let message = "read_line_owned: no '\\n' within the limit of 32 bytes (32 bytes read)";
    assert_eq!(err.to_string(), message);
    assert!(err.is_limit_exceeded());
    let io_error = io::Error::from(err);
    assert_eq!(
        (io_error.kind(), io_error.to_string()),
        (ErrorKind::InvalidData, message.into())
    );

    let reader: &[u8] = b"a;b";
    let err = reader
        .read_until_owned(b';', Vec::new(), 1)
        .await
        .unwrap_err();
    assert!(err.is_limit_exceeded());
    assert_eq!(
        err.to_string(),
        "read_until_owned: no ';' within the limit of 1 bytes (1 bytes read)"
    );

    let reader: &[u8] = b"0123456789";
    let err = reader.read_to_end_owned(Vec::new(), 4).await.unwrap_err();
    assert!(err.is_limit_exceeded());
    assert_eq!(
        err.to_string(),
        "read_to_end_owned: the stream is longer than the limit of 4 bytes (5 bytes read)"
    );
}

/// Invalid UTF-8 keeps the method's name after `?`, and its `Utf8Error` is reachable as the
/// source of the `io::Error`'s inner error (the cause is in the chain once, not twice).
#[tokio::test]
async fn invalid_utf8_is_not_a_limit_and_keeps_its_method_and_utf8_error() {
    let reader: &[u8] = b"caf\xe9\n";
    let err = reader.read_line_owned(String::new(), 64).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidData);
    assert!(!err.is_limit_exceeded());
    assert_eq!(err.to_string(), "read_line_owned: the line is not UTF-8");
    let utf8 = err.source().expect("the Utf8Error");
    assert!(utf8.is::<std::str::Utf8Error>(), "{utf8:?}");
    let inner = err.error().get_ref().expect("an inner error");
    assert!(inner.source().unwrap().is::<std::str::Utf8Error>());

    let io_error = io::Error::from(err);
    assert_eq!(
        io_error.to_string(),
        "read_line_owned: the line is not UTF-8"
    );
    assert!(io_error
        .get_ref()
        .unwrap()
        .source()
        .unwrap()
        .is::<std::str::Utf8Error>());
}

/// An I/O object built on owned-io hands on an inner call's error as its own `io::Error`: the
/// outer call reports it as the I/O object's, under the outer method, and never takes the
/// inner call's limit for its own.
#[tokio::test]
async fn an_inner_call_s_error_is_not_the_outer_call_s_own() {
    use std::pin::Pin;
    use std::task::{Context, Poll};

    /// Reads through a `read_line_owned` with a limit of 4 on an inner reader.
    struct Lines(Option<ReadLineOwned<&'static [u8]>>);
    impl tokio::io::AsyncRead for Lines {
        fn poll_read(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
            _: &mut tokio::io::ReadBuf<'_>,
        ) -> Poll<io::Result<()>> {
            let inner = self.0.as_mut().expect("read once");
            let out = std::task::ready!(Pin::new(inner).poll(cx));
            Poll::Ready(out.map(|_| ()).map_err(io::Error::from))
        }
    }
    impl tokio::io::AsyncBufRead for Lines {
        fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>> {
            let mut empty = [0u8; 0];
            let mut buf = tokio::io::ReadBuf::new(&mut empty);
            std::task::ready!(tokio::io::AsyncRead::poll_read(self, cx, &mut buf))?;
            Poll::Ready(Ok(&[]))
        }
        fn consume(self: Pin<&mut Self>, _: usize) {}
    }
    use std::future::Future;

    let inner: &'static [u8] = b"a line longer than four bytes\n";
    let outer = Lines(Some(inner.read_line_owned(String::new(), 4)));
    let err = outer
        .read_until_owned(b'\n', Vec::new(), 1024)
        .await
        .err()
        .expect("the inner call's error");
    assert!(
        !err.is_limit_exceeded(),
        "the outer limit of 1024 was never reached"
    );
    assert_eq!(err.kind(), ErrorKind::InvalidData);
    let inner_message = "read_line_owned: no '\\n' within the limit of 4 bytes (4 bytes read)";
    assert_eq!(err.error().to_string(), inner_message, "passed on as it is");
    assert_eq!(
        err.to_string(),
        format!("read_until_owned: {inner_message}")
    );
}

/// `Debug` shows the method and the cause, and nothing private or empty.
#[tokio::test]
async fn debug_shows_the_method_and_the_cause() {
    let reader: &[u8] = b"abc";
    let err = reader.read_exact_owned([0u8; 8]).await.unwrap_err();
    assert_eq!(
        format!("{err:?}"),
        "ReadExactError { method: \"read_exact_owned\", error: Custom { kind: UnexpectedEof, \
         error: \"read_exact_owned: end of stream after 3 of 8 bytes\" }, filled: 3, .. }"
    );
    let full = std::io::Cursor::new(vec![0u8; 2].into_boxed_slice());
    let err = drive(&mut copy_owned(&b"abcd"[..], full, [0u8; 4]))
        .0
        .unwrap_err();
    let debug = format!("{err:?}");
    assert!(
        debug.starts_with(
            "CopyError { method: \"copy_owned\", error: Custom { kind: WriteZero, error: \
             \"copy_owned, writing: the writer accepted 0 bytes after 2 of 4 bytes\" }, \
             side: Some(Writer), progress: CopyProgress {"
        ),
        "{debug}"
    );
    for private in ["Failure", "Message", "method: \"\"", "what:"] {
        assert!(!debug.contains(private), "{debug}");
    }
}

#[tokio::test]
async fn end_of_stream_says_how_many_of_how_many() {
    let reader: &[u8] = b"abc";
    let err = reader.read_exact_owned([0u8; 8]).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "read_exact_owned: end of stream after 3 of 8 bytes"
    );
    assert!(err.source().is_none());

    let reader: &[u8] = b"ab";
    let err = reader
        .read_buf_exact_owned(Vec::with_capacity(4), 4)
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "read_buf_exact_owned: end of stream after 2 of 4 bytes"
    );
    assert!(!err.is_limit_exceeded());
}

#[test]
fn a_writer_that_gives_up_names_the_method_called() {
    let frame = Bytes::from_static(b"head").chain(Bytes::from_static(b"body"));
    let writer = ScriptedWriter::new([Step::Bytes(3), Step::Zero]);
    let err = drive(&mut writer.write_all_buf_owned(frame)).0.unwrap_err();
    assert_eq!(
        err.to_string(),
        "write_all_buf_owned: the writer accepted 0 bytes after 3 of 8 bytes"
    );
    let writer = ScriptedWriter::new([Step::Zero]);
    let err = drive(&mut writer.write_all_owned(*b"ab")).0.unwrap_err();
    assert_eq!(
        err.to_string(),
        "write_all_owned: the writer accepted 0 bytes after 0 of 2 bytes"
    );
}

#[test]
fn the_crate_s_own_errors_name_their_method_through_question_mark() {
    fn via_question_mark<T, E>(result: Result<T, E>) -> io::Error
    where
        io::Error: From<E>,
    {
        let run = || -> io::Result<T> {
            let value = result?;
            Ok(value)
        };
        run().err().expect("an error")
    }
    let lie = ScriptedReader::new([Step::Lie(0)]);
    let err = via_question_mark(drive(&mut lie.read_owned(Vec::with_capacity(4))).0);
    assert_eq!(err.kind(), ErrorKind::InvalidData);
    assert!(err.to_string().starts_with("read_owned: "), "{err}");

    let mut full = [0u8; 0];
    let err = via_question_mark(drive(&mut ScriptedReader::new([]).read_owned(&mut full[..])).0);
    assert_eq!(
        err.to_string(),
        "read_owned: a buffer with no room to read into (remaining_mut() == 0)"
    );

    let err = drive(&mut ReadExactOwned::resume(
        ScriptedReader::new([]),
        [0u8; 2],
        3,
    ))
    .0;
    let err = via_question_mark(err);
    assert_eq!(
        err.to_string(),
        "read_exact_owned: resumed at progress 3, past the end of the 2-byte buffer"
    );

    let empty: [u8; 0] = [];
    let err = drive(&mut copy_owned(
        ScriptedReader::new([]),
        ScriptedWriter::new([]),
        empty,
    ))
    .0;
    assert_eq!(
        via_question_mark(err).to_string(),
        "copy_owned: an empty buffer"
    );
}

/// `into_parts` and `into_error` give up the same named `io::Error` as `?`, which is the one
/// `error()` shows.
#[tokio::test]
async fn every_way_out_of_an_error_names_the_method() {
    let reader: &[u8] = b"abc";
    let err = reader.read_exact_owned([0u8; 8]).await.unwrap_err();
    assert_eq!(
        err.error().to_string(),
        "read_exact_owned: end of stream after 3 of 8 bytes"
    );
    let (error, _reader, _buf) = err.into_parts();
    assert_eq!(
        error.to_string(),
        "read_exact_owned: end of stream after 3 of 8 bytes"
    );

    let reader: &[u8] = b"abcdef";
    let err = reader
        .read_until_owned(b'\n', Vec::new(), 4)
        .await
        .unwrap_err();
    assert!(err.is_limit_exceeded());
    let message = err.to_string();
    let error = err.into_error();
    assert_eq!(error.to_string(), message);
    assert!(message.starts_with("read_until_owned: "), "{message}");
}

/// An error of the I/O object is handed on unchanged: its kind, its OS code and its message;
/// only the wrapper's `Display` says which method met it.
#[tokio::test]
async fn an_io_object_s_own_error_passes_through_unchanged() {
    let refused = io::Error::from_raw_os_error(104); // ECONNRESET on Linux
    let expected = (refused.kind(), refused.raw_os_error(), refused.to_string());
    let reader = tokio_test::io::Builder::new().read_error(refused).build();
    let err = reader.read_exact_owned([0u8; 4]).await.unwrap_err();
    assert_eq!(err.to_string(), format!("read_exact_owned: {}", expected.2));
    let io_error = io::Error::from(err);
    assert_eq!(
        (
            io_error.kind(),
            io_error.raw_os_error(),
            io_error.to_string()
        ),
        expected
    );
}
