//! The futures-io front-end: `owned_io::futures_family` on scripted readers and writers, futures'
//! in-memory types, and smol's TCP sockets on smol's executor.
#![cfg(feature = "futures-io")]

mod support;

use std::io::ErrorKind;
use std::task::Poll;

use futures::io::Cursor;
use owned_io::futures_family::{
    AsyncReadExactExt, AsyncWriteAllExt, ReadExactError, ReadExactOwned, WriteAllError,
    WriteAllOwned,
};
use support::{drive, first, poll_once, stream, ScriptedReader, ScriptedWriter, Step};

const LEN: usize = 8;

type ReadOutput = Result<(ScriptedReader, [u8; LEN]), ReadExactError<ScriptedReader, [u8; LEN]>>;
type WriteOutput = Result<(ScriptedWriter, Vec<u8>), WriteAllError<ScriptedWriter, Vec<u8>>>;

// The outputs carry the whole scripted I/O object, as the futures' outputs do.
#[allow(clippy::result_large_err)]
fn read(steps: Vec<Step>) -> ReadOutput {
    drive(&mut ScriptedReader::new(steps).read_exact_owned([0u8; LEN])).0
}

#[allow(clippy::result_large_err)]
fn write(steps: Vec<Step>) -> WriteOutput {
    drive(&mut ScriptedWriter::new(steps).write_all_owned(stream(LEN))).0
}

#[test]
fn reads_and_writes_across_chunks() {
    let (reader, buf) = read(vec![Step::Bytes(3), Step::Pending, Step::Bytes(100)]).unwrap();
    assert_eq!((buf.to_vec(), reader.calls), (stream(LEN), 3));
    let (writer, buf) = write(vec![Step::Bytes(3), Step::Pending, Step::Bytes(1)]).unwrap();
    assert_eq!(
        (writer.written, writer.calls, buf),
        (stream(LEN), 4, stream(LEN))
    );
}

#[test]
fn end_of_stream_and_errors_at_every_offset() {
    for k in 0..LEN {
        let err = read(first(k, [Step::Zero])).unwrap_err();
        assert_eq!((err.kind(), err.filled()), (ErrorKind::UnexpectedEof, k));
        let (_, _, buf) = err.into_parts();
        assert_eq!(buf[..k], stream(k)[..]);

        let err = read(first(k, [Step::Fail(ErrorKind::ConnectionReset)])).unwrap_err();
        assert_eq!((err.kind(), err.filled()), (ErrorKind::ConnectionReset, k));

        let err = write(first(k, [Step::Zero])).unwrap_err();
        assert_eq!((err.kind(), err.written()), (ErrorKind::WriteZero, k));
        let (_, writer, buf) = err.into_parts();
        assert_eq!((writer.written, buf), (stream(k), stream(LEN)));

        let err = write(first(k, [Step::Fail(ErrorKind::BrokenPipe)])).unwrap_err();
        assert_eq!((err.kind(), err.written()), (ErrorKind::BrokenPipe, k));
    }
}

/// The one behaviour that differs from futures-util's built-ins: they return `Interrupted`.
#[test]
fn interrupted_is_retried_where_futures_util_returns_it() {
    let steps = vec![
        Step::Bytes(2),
        Step::Fail(ErrorKind::Interrupted),
        Step::Bytes(LEN),
    ];

    let (reader, buf) = read(steps.clone()).unwrap();
    assert_eq!((buf.to_vec(), reader.calls), (stream(LEN), 3));
    let mut reader = ScriptedReader::new(steps.clone());
    let mut buf = [0u8; LEN];
    let borrowed = drive(&mut futures::io::AsyncReadExt::read_exact(
        &mut reader,
        &mut buf,
    ))
    .0;
    assert_eq!(borrowed.unwrap_err().kind(), ErrorKind::Interrupted);

    let (writer, _) = write(steps.clone()).unwrap();
    assert_eq!((writer.written, writer.calls), (stream(LEN), 3));
    let mut writer = ScriptedWriter::new(steps);
    let data = stream(LEN);
    let borrowed = drive(&mut futures::io::AsyncWriteExt::write_all(
        &mut writer,
        &data,
    ))
    .0;
    assert_eq!(borrowed.unwrap_err().kind(), ErrorKind::Interrupted);
}

/// The other: a reader that claims more bytes than the buffer had is `InvalidData` here, where
/// futures-util's `read_exact` panics on `split_at`.
#[test]
fn a_lying_reader_is_invalid_data_where_futures_util_panics() {
    for k in 0..LEN {
        let err = read(first(k, [Step::Lie(1)])).unwrap_err();
        assert_eq!((err.kind(), err.filled()), (ErrorKind::InvalidData, k));
        let (_, reader, buf) = err.into_parts();
        assert_eq!(
            (reader.calls, buf[..k].to_vec()),
            (usize::from(k > 0) + 1, stream(k))
        );

        let err = write(first(k, [Step::Lie(1)])).unwrap_err();
        assert_eq!((err.kind(), err.written()), (ErrorKind::InvalidData, k));
    }

    let borrowed = std::panic::catch_unwind(|| {
        let mut reader = ScriptedReader::new([Step::Lie(1)]);
        let mut buf = [0u8; LEN];
        drive(&mut futures::io::AsyncReadExt::read_exact(
            &mut reader,
            &mut buf,
        ))
        .0
    });
    assert!(
        borrowed.is_err(),
        "futures-util's read_exact panics on a lying reader"
    );
}

#[test]
fn an_empty_buffer_completes_without_touching_the_io_object() {
    let reader = ScriptedReader::new([Step::Fail(ErrorKind::Other)]);
    let (reader, _) = drive(&mut reader.read_exact_owned([0u8; 0])).0.unwrap();
    assert_eq!(reader.calls, 0);
    let writer = ScriptedWriter::new([Step::Fail(ErrorKind::Other)]);
    let (writer, _) = drive(&mut writer.write_all_owned("")).0.unwrap();
    assert_eq!(writer.calls, 0);
}

#[test]
#[should_panic(expected = "`ReadExactOwned` polled after completion")]
fn polling_a_read_after_completion_panics() {
    let mut fut = ScriptedReader::new([Step::Bytes(LEN)]).read_exact_owned([0u8; LEN]);
    assert!(poll_once(&mut fut).is_ready());
    let _ = poll_once(&mut fut);
}

#[test]
#[should_panic(expected = "`WriteAllOwned` polled after completion")]
fn polling_a_write_after_completion_panics() {
    let mut fut = ScriptedWriter::new([]).write_all_owned("ab");
    assert!(poll_once(&mut fut).is_ready());
    let _ = poll_once(&mut fut);
}

#[test]
fn into_parts_mid_flight_then_resume_from_every_offset() {
    for k in 0..LEN {
        let mut fut = ScriptedReader::new(first(k, [Step::Pending, Step::Bytes(LEN)]))
            .read_exact_owned([0u8; LEN]);
        assert!(poll_once(&mut fut).is_pending());
        let filled = fut.filled();
        let (reader, buf, handed_back) = fut.into_parts().expect("in flight");
        assert_eq!(handed_back, filled);
        let (_, buf) = drive(&mut ReadExactOwned::resume(reader, buf, filled))
            .0
            .unwrap();
        assert_eq!((filled, buf.to_vec()), (k, stream(LEN)));

        let mut fut = ScriptedWriter::new(first(k, [Step::Pending])).write_all_owned(stream(LEN));
        assert!(poll_once(&mut fut).is_pending());
        let written = fut.written();
        let (writer, buf, handed_back) = fut.into_parts().expect("in flight");
        assert_eq!(handed_back, written);
        let (writer, _) = drive(&mut WriteAllOwned::resume(writer, buf, written))
            .0
            .unwrap();
        assert_eq!((written, writer.written), (k, stream(LEN)));
    }
}

#[test]
fn into_parts_after_completion_is_none() {
    let mut fut = ScriptedReader::new([Step::Bytes(LEN)]).read_exact_owned([0u8; LEN]);
    assert!(matches!(poll_once(&mut fut), Poll::Ready(Ok(_))));
    assert!(fut.into_parts().is_none());
    let mut fut = ScriptedWriter::new([Step::Zero]).write_all_owned("ab");
    assert!(matches!(poll_once(&mut fut), Poll::Ready(Err(_))));
    assert!(fut.into_parts().is_none());
}

#[test]
fn resume_past_the_end_is_invalid_input() {
    let reader = ScriptedReader::new([]);
    let err = drive(&mut ReadExactOwned::resume(reader, [0u8; 2], 3))
        .0
        .unwrap_err();
    assert_eq!((err.kind(), err.filled()), (ErrorKind::InvalidInput, 2));
    let writer = ScriptedWriter::new([]);
    let err = drive(&mut WriteAllOwned::resume(writer, "ab", 3))
        .0
        .unwrap_err();
    assert_eq!((err.kind(), err.written()), (ErrorKind::InvalidInput, 2));
    assert_eq!(err.into_parts().1.calls, 0);
}

#[test]
fn wakes_through_the_task() {
    let reader = ScriptedReader::new([Step::Pending, Step::Bytes(LEN)]);
    let mut task = tokio_test::task::spawn(reader.read_exact_owned([0u8; LEN]));
    tokio_test::assert_pending!(task.poll());
    assert!(task.is_woken());
    let (_, buf) = tokio_test::assert_ready_ok!(task.poll());
    assert_eq!(buf.to_vec(), stream(LEN));
}

#[test]
fn futures_cursor_and_vec() {
    futures::executor::block_on(async {
        let cursor = Cursor::new(stream(LEN));
        let (cursor, head) = cursor.read_exact_owned([0u8; 3]).await.unwrap();
        let (cursor, tail) = cursor.read_exact_owned(vec![0u8; LEN - 3]).await.unwrap();
        assert_eq!([&head[..], &tail[..]].concat(), stream(LEN));
        let err = cursor.read_exact_owned([0u8; 1]).await.unwrap_err();
        assert_eq!((err.kind(), err.filled()), (ErrorKind::UnexpectedEof, 0));

        let (out, _) = Vec::new().write_all_owned(stream(LEN)).await.unwrap();
        assert_eq!(out, stream(LEN));
        let mut cursor = Cursor::new(vec![0u8; LEN]);
        let (back, _) = (&mut cursor).write_all_owned("abc").await.unwrap();
        assert_eq!(back.position(), 3, "a `&mut` writer is handed back");
        assert_eq!(&cursor.get_ref()[..3], b"abc");
    });
}

#[cfg(feature = "bytes")]
#[test]
fn write_all_buf_owned_vectored_and_not() {
    use bytes::{Buf, Bytes};
    let frame = || Bytes::from_static(b"\x00\x05").chain(Bytes::from_static(b"hello"));
    let (writer, rest) = drive(&mut ScriptedWriter::vectored([]).write_all_buf_owned(frame()))
        .0
        .unwrap();
    assert_eq!(writer.offers, [(true, vec![2, 5])]);
    assert_eq!(
        (writer.written, rest.remaining()),
        (b"\x00\x05hello".to_vec(), 0)
    );

    let (writer, _) = drive(&mut ScriptedWriter::new([]).write_all_buf_owned(frame()))
        .0
        .unwrap();
    assert_eq!(writer.offers, [(false, vec![2]), (false, vec![5])]);

    let err = drive(
        &mut ScriptedWriter::vectored([Step::Bytes(4), Step::Zero]).write_all_buf_owned(frame()),
    )
    .0
    .unwrap_err();
    assert_eq!((err.kind(), err.written()), (ErrorKind::WriteZero, 4));
    let (_, _, rest) = err.into_parts();
    assert_eq!(rest.chunk(), b"llo");
}

#[test]
fn auto_traits_and_size() {
    fn unpin_send_sync_static<T: Unpin + Send + Sync + 'static>() {}
    /// A buffer that must not move once pinned.
    #[allow(dead_code)]
    struct Pinned([u8; 4], std::marker::PhantomPinned);
    unpin_send_sync_static::<ReadExactOwned<smol::net::TcpStream, Vec<u8>>>();
    unpin_send_sync_static::<WriteAllOwned<smol::net::TcpStream, Vec<u8>>>();
    unpin_send_sync_static::<ReadExactOwned<Cursor<Vec<u8>>, Pinned>>();
    unpin_send_sync_static::<WriteAllOwned<Cursor<Vec<u8>>, Pinned>>();
    unpin_send_sync_static::<ReadExactError<smol::net::TcpStream, Vec<u8>>>();
    unpin_send_sync_static::<WriteAllError<smol::net::TcpStream, Vec<u8>>>();

    // `Rc` is neither `Send` nor `Sync`; that the futures are not either is the crate root's
    // `auto_traits` test, on the shared state both families use.
    let word = std::mem::size_of::<usize>();
    let owned = std::mem::size_of::<smol::net::TcpStream>() + std::mem::size_of::<Vec<u8>>();
    let read = std::mem::size_of::<ReadExactOwned<smol::net::TcpStream, Vec<u8>>>();
    let write = std::mem::size_of::<WriteAllOwned<smol::net::TcpStream, Vec<u8>>>();
    println!("ReadExactOwned<smol TcpStream, Vec<u8>>: {read} bytes, owning {owned}");
    assert!(read <= owned + 2 * word && write <= owned + 2 * word);
}

/// xorshift64*: frame sizes and contents that both ends regenerate from a seed.
fn next(state: &mut u64) -> u64 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_f491_4f6c_dd1d)
}

fn fnv(sum: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(sum, |acc, &b| {
        (acc ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

const TOTAL: usize = 16 << 20;

#[test]
fn sixteen_mib_of_checksummed_frames_over_smol_tcp() {
    smol::block_on(async {
        let listener = smol::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let sender = smol::spawn(async move {
            let mut sock = smol::net::TcpStream::connect(addr).await.unwrap();
            let (mut state, mut sum, mut sent) = (0x5eed_u64, 0xcbf2_9ce4_8422_2325_u64, 0);
            let mut body = Vec::new();
            while sent < TOTAL {
                let len = ((next(&mut state) % (128 << 10)) as usize).min(TOTAL - sent);
                body.clear();
                body.extend((0..len).map(|_| next(&mut state) as u8));
                sum = fnv(sum, &body);
                let (s, _) = sock
                    .write_all_owned((len as u32).to_be_bytes())
                    .await
                    .unwrap();
                (sock, body) = s.write_all_owned(body).await.unwrap();
                sent += len;
            }
            sum
        });

        let (mut sock, _) = listener.accept().await.unwrap();
        let (mut sum, mut received) = (0xcbf2_9ce4_8422_2325_u64, 0);
        let mut body = Vec::new();
        loop {
            let (s, header) = match sock.read_exact_owned([0u8; 4]).await {
                Ok(parts) => parts,
                Err(err) => {
                    assert_eq!((err.kind(), err.filled()), (ErrorKind::UnexpectedEof, 0));
                    break;
                }
            };
            body.resize(u32::from_be_bytes(header) as usize, 0);
            let (s, b) = s.read_exact_owned(body).await.unwrap();
            sum = fnv(sum, &b);
            received += b.len();
            (sock, body) = (s, b);
        }
        assert_eq!(received, TOTAL);
        assert_eq!(sum, sender.await);
    });
}
