//! `read_buf_exact_owned`: exactly `n` bytes into spare capacity, nothing read past them, never
//! zeroed in the tokio family; against a loop of tokio's `read_buf` and futures-util's
//! `read_exact` on random scripts, and over real TCP.
#![cfg(feature = "bytes")]

mod support;

use std::io::ErrorKind;
use std::task::Poll;

use bytes::{BufMut, BytesMut};
use owned_io::{AsyncReadExactExt, AsyncReadOwnedExt, ReadBufExactOwned};
use proptest::prelude::*;
use support::{drive, poll_once, stream, ScriptedReader, Step};
use tokio::io::AsyncReadExt;

#[test]
fn reads_exactly_n_bytes_and_nothing_past_them() {
    let reader = ScriptedReader::new([Step::Bytes(3), Step::Bytes(100)]);
    let buf = BytesMut::with_capacity(64);
    let (reader, buf) = drive(&mut reader.read_buf_exact_owned(buf, 10)).0.unwrap();
    assert_eq!(&buf[..], &stream(10)[..]);
    assert_eq!(
        reader.offers,
        [10, 7],
        "no read is offered more than is due"
    );
    assert_eq!(reader.initialized, [0, 0], "spare capacity is never zeroed");
    assert_eq!(reader.delivered(), 10);
}

#[test]
fn zero_bytes_complete_without_touching_the_reader() {
    let reader = ScriptedReader::new([Step::Fail(ErrorKind::BrokenPipe)]);
    let (reader, buf) = drive(&mut reader.read_buf_exact_owned(Vec::new(), 0))
        .0
        .unwrap();
    assert_eq!((reader.calls, buf.len()), (0, 0));
}

#[test]
fn a_buffer_without_room_is_invalid_input_before_any_read() {
    let reader = ScriptedReader::new([Step::Bytes(8)]);
    let mut space = [0u8; 4];
    let err = drive(&mut reader.read_buf_exact_owned(&mut space[..], 5))
        .0
        .unwrap_err();
    assert_eq!((err.kind(), err.filled()), (ErrorKind::InvalidInput, 0));
    assert_eq!(err.into_parts().1.calls, 0);
}

#[test]
fn end_of_stream_first_is_unexpected_eof_with_the_bytes_that_arrived() {
    let reader = ScriptedReader::new([Step::Bytes(3), Step::Zero]);
    let err = drive(&mut reader.read_buf_exact_owned(Vec::with_capacity(8), 8))
        .0
        .unwrap_err();
    assert_eq!((err.kind(), err.filled()), (ErrorKind::UnexpectedEof, 3));
    let (_, _, buf) = err.into_parts();
    assert_eq!(buf, stream(3));
}

#[test]
fn a_lie_is_invalid_data_and_interrupted_is_retried() {
    let reader = ScriptedReader::new([Step::Fail(ErrorKind::Interrupted), Step::Lie(0)]);
    let err = drive(&mut reader.read_buf_exact_owned(Vec::new(), 4))
        .0
        .unwrap_err();
    assert_eq!((err.kind(), err.filled()), (ErrorKind::InvalidData, 0));
    assert_eq!(err.into_parts().1.calls, 2);
}

#[test]
fn abandoned_and_resumed_at_every_pending_it_loses_nothing() {
    let steps = [
        Step::Bytes(2),
        Step::Pending,
        Step::Bytes(3),
        Step::Pending,
        Step::Bytes(9),
    ];
    let mut read = ScriptedReader::new(steps).read_buf_exact_owned(BytesMut::new(), 9);
    let (reader, buf) = loop {
        match poll_once(&mut read) {
            Poll::Ready(out) => break out.unwrap(),
            Poll::Pending => {
                let (reader, buf, filled) = read.into_parts().expect("in flight");
                assert_eq!(&buf[..], &stream(filled)[..]);
                read = ReadBufExactOwned::resume(reader, buf, filled, 9);
            }
        }
    };
    assert_eq!((&buf[..], reader.delivered()), (&stream(9)[..], 9));
}

#[test]
fn a_progress_past_n_is_invalid_input() {
    let reader = ScriptedReader::new([Step::Bytes(8)]);
    let err = drive(&mut ReadBufExactOwned::resume(reader, Vec::new(), 5, 4))
        .0
        .unwrap_err();
    assert_eq!((err.kind(), err.filled()), (ErrorKind::InvalidInput, 4));
}

/// Every step an honest reader can take, `Interrupted` and lies included.
fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (1usize..=24).prop_map(Step::Bytes),
        2 => Just(Step::Pending),
        1 => Just(Step::Zero),
        1 => Just(Step::Fail(ErrorKind::Interrupted)),
        1 => Just(Step::Fail(ErrorKind::ConnectionReset)),
    ]
}

/// What the caller and the reader can observe of one read of `n` bytes.
#[derive(Debug, PartialEq, Eq)]
struct Observed {
    result: Result<(), ErrorKind>,
    bytes: Vec<u8>,
    calls: usize,
    offers: Vec<usize>,
    delivered: usize,
}

/// The same read as a loop of tokio's borrowed `read_buf`, each offered what is still due.
fn tokio_loop(steps: &[Step], n: usize) -> Observed {
    let mut reader = ScriptedReader::new(steps.to_vec());
    let mut buf = BytesMut::with_capacity(n);
    let result = drive(&mut Box::pin(async {
        while buf.len() < n {
            let left = n - buf.len();
            match reader.read_buf(&mut (&mut buf).limit(left)).await {
                Ok(0) => return Err(ErrorKind::UnexpectedEof),
                Ok(_) => {}
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e.kind()),
            }
        }
        Ok(())
    }))
    .0;
    Observed {
        result,
        bytes: buf.to_vec(),
        calls: reader.calls,
        offers: reader.offers.clone(),
        delivered: reader.delivered(),
    }
}

fn owned(steps: &[Step], n: usize) -> Observed {
    let reader = ScriptedReader::new(steps.to_vec());
    let read = reader.read_buf_exact_owned(BytesMut::with_capacity(n), n);
    let (result, reader, buf) = match drive(&mut { read }).0 {
        Ok((reader, buf)) => (Ok(()), reader, buf),
        Err(err) => {
            let (kind, filled) = (err.kind(), err.filled());
            let (_, reader, buf) = err.into_parts();
            assert_eq!(filled, buf.len(), "filled() counts the bytes appended");
            (Err(kind), reader, buf)
        }
    };
    Observed {
        result,
        bytes: buf.to_vec(),
        calls: reader.calls,
        offers: reader.offers.clone(),
        delivered: reader.delivered(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn matches_a_loop_of_tokio_read_buf(steps in prop::collection::vec(step(), 0..24), n in 0usize..80) {
        prop_assert_eq!(owned(&steps, n), tokio_loop(&steps, n));
    }
}

/// The futures family against futures-util's `read_exact` into `n` zeroed bytes: the same bytes
/// and the same error, on scripts without `Interrupted` (which futures-util returns).
#[cfg(feature = "futures-io")]
mod futures_family {
    use super::*;
    use owned_io::futures_family::AsyncReadOwnedExt as FuturesOwned;

    fn futures_util(steps: &[Step], n: usize) -> (Result<(), ErrorKind>, Vec<u8>) {
        let mut reader = ScriptedReader::new(steps.to_vec());
        let mut buf = vec![0u8; n];
        let result = drive(&mut Box::pin(futures::io::AsyncReadExt::read_exact(
            &mut reader,
            &mut buf,
        )))
        .0;
        let got = buf[..reader.delivered().min(n)].to_vec();
        (result.map_err(|e| e.kind()), got)
    }

    fn owned(steps: &[Step], n: usize) -> (Result<(), ErrorKind>, Vec<u8>) {
        let reader = ScriptedReader::new(steps.to_vec());
        let read = FuturesOwned::read_buf_exact_owned(reader, Vec::with_capacity(n), n);
        match drive(&mut { read }).0 {
            Ok((reader, buf)) => {
                assert_eq!(reader.delivered(), n, "nothing read past the n bytes");
                (Ok(()), buf)
            }
            Err(err) => (Err(err.kind()), err.into_parts().2),
        }
    }

    fn honest_step() -> impl Strategy<Value = Step> {
        step().prop_filter("futures-util returns Interrupted", |step| {
            *step != Step::Fail(ErrorKind::Interrupted)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        #[test]
        fn matches_futures_util_read_exact(steps in prop::collection::vec(honest_step(), 0..24), n in 0usize..80) {
            prop_assert_eq!(owned(&steps, n), futures_util(&steps, n));
        }
    }
}

/// Length-prefixed frames over TCP: each header with `read_exact_owned`, each body with
/// `read_buf_exact_owned` into spare capacity, every byte checked.
#[tokio::test]
async fn length_prefixed_frames_over_tcp() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let frames: Vec<Vec<u8>> = (0..200usize).map(|i| stream(i * 37 % 5000)).collect();
    let sent = frames.clone();
    let writer = tokio::spawn(async move {
        use tokio::io::AsyncWriteExt;
        let (mut sock, _) = listener.accept().await.unwrap();
        for frame in &sent {
            sock.write_all(&(frame.len() as u32).to_be_bytes())
                .await
                .unwrap();
            sock.write_all(frame).await.unwrap();
        }
    });
    let mut sock = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut body = BytesMut::new();
    for frame in &frames {
        let header;
        (sock, header) = sock.read_exact_owned([0u8; 4]).await.unwrap();
        let len = u32::from_be_bytes(header) as usize;
        body.clear();
        body.reserve(len);
        (sock, body) = sock.read_buf_exact_owned(body, len).await.unwrap();
        assert_eq!(&body[..], &frame[..]);
    }
    writer.await.unwrap();
    let end = sock
        .read_buf_exact_owned(BytesMut::with_capacity(1), 1)
        .await
        .unwrap_err();
    assert_eq!((end.kind(), end.filled()), (ErrorKind::UnexpectedEof, 0));
}
