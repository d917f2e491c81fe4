//! In-flight access to every owned future: `get_ref` / `get_mut` while in flight, `None` after;
//! `is_terminated` and `FusedFuture`, so `futures::select!` takes the futures as they are and
//! `into_parts` stays reachable after a branch loses.

mod support;

use std::task::Poll;

use futures::future::FusedFuture;
use owned_io::{AsyncBufReadOwnedExt, AsyncReadExactExt, AsyncWriteAllExt, ReadExactOwned};
use support::{poll_once, stream, ScriptedReader, ScriptedWriter, Step};

#[test]
fn read_exact_owned_in_flight_and_after() {
    let mut fut = ScriptedReader::new([Step::Bytes(2), Step::Pending, Step::Bytes(2)])
        .read_exact_owned([0u8; 4]);
    assert!(!fut.is_terminated() && !FusedFuture::is_terminated(&fut));
    assert!(poll_once(&mut fut).is_pending());
    assert_eq!(fut.get_ref().map(|r| r.calls), Some(2));
    assert_eq!(fut.get_mut().map(|r| r.left()), Some(1));
    assert!(poll_once(&mut fut).is_ready());
    assert!(fut.is_terminated() && FusedFuture::is_terminated(&fut));
    assert!(fut.get_ref().is_none() && fut.get_mut().is_none());
}

#[test]
fn write_all_owned_in_flight_and_after() {
    let mut fut = ScriptedWriter::new([Step::Bytes(1), Step::Pending]).write_all_owned(stream(3));
    assert!(poll_once(&mut fut).is_pending());
    assert_eq!(fut.get_ref().map(|w| w.written.len()), Some(1));
    assert!(fut.get_mut().is_some());
    assert!(!FusedFuture::is_terminated(&fut));
    assert!(matches!(poll_once(&mut fut), Poll::Ready(Ok(_))));
    assert!(fut.is_terminated() && FusedFuture::is_terminated(&fut));
    assert!(fut.get_ref().is_none());
}

#[cfg(feature = "bytes")]
#[test]
fn write_all_buf_owned_in_flight_and_after() {
    let mut fut = ScriptedWriter::new([Step::Pending]).write_all_buf_owned(&b"ab"[..]);
    assert!(poll_once(&mut fut).is_pending());
    assert_eq!(fut.get_ref().map(|w| w.calls), Some(1));
    assert!(fut.get_mut().is_some() && !fut.is_terminated());
    assert!(matches!(poll_once(&mut fut), Poll::Ready(Ok(_))));
    assert!(FusedFuture::is_terminated(&fut) && fut.get_mut().is_none());
}

/// `futures::select!` needs `FusedFuture`; the owned futures are, so no `.fuse()` hides
/// `into_parts` when the other branch wins.
#[tokio::test]
async fn select_takes_the_future_as_it_is_and_into_parts_follows() {
    use tokio::io::AsyncWriteExt;

    let (mut peer, sock) = tokio::io::duplex(64);
    peer.write_all(b"ab").await.unwrap();
    let mut read = sock.read_exact_owned([0u8; 4]);
    let timer = tokio::time::sleep(std::time::Duration::from_millis(10));
    let mut timer = std::pin::pin!(futures::FutureExt::fuse(timer));
    futures::select! {
        _ = read => panic!("only 2 of 4 bytes were sent"),
        () = timer => {}
    }
    let (sock, buf, filled) = read.into_parts().expect("the read lost the race");
    assert_eq!((filled, &buf[..2]), (2, &b"ab"[..]));

    peer.write_all(b"cd").await.unwrap();
    let mut read = ReadExactOwned::resume(sock, buf, filled);
    let (_, buf) = futures::select! { out = read => out.unwrap() };
    assert_eq!(&buf, b"abcd");
    assert!(
        read.is_terminated(),
        "select! sees a spent future and skips it"
    );
}

#[cfg(feature = "futures-io")]
mod futures_family {
    use super::*;
    use owned_io::futures_family::{AsyncReadExactExt, AsyncWriteAllExt};

    #[test]
    fn every_future_in_flight_and_after() {
        let mut read = ScriptedReader::new([Step::Pending]).read_exact_owned([0u8; 2]);
        assert!(poll_once(&mut read).is_pending());
        assert_eq!(read.get_ref().map(|r| r.calls), Some(1));
        assert!(read.get_mut().is_some() && !FusedFuture::is_terminated(&read));
        assert!(poll_once(&mut read).is_ready());
        assert!(read.is_terminated() && read.get_ref().is_none());

        let mut write = ScriptedWriter::new([Step::Pending]).write_all_owned("ab");
        assert!(poll_once(&mut write).is_pending());
        assert!(write.get_ref().is_some() && write.get_mut().is_some());
        assert!(poll_once(&mut write).is_ready());
        assert!(FusedFuture::is_terminated(&write) && write.get_mut().is_none());

        #[cfg(feature = "bytes")]
        {
            let mut write = ScriptedWriter::new([Step::Pending]).write_all_buf_owned(&b"ab"[..]);
            assert!(poll_once(&mut write).is_pending());
            assert!(write.get_ref().is_some() && !write.is_terminated());
            assert!(poll_once(&mut write).is_ready());
            assert!(FusedFuture::is_terminated(&write) && write.get_ref().is_none());
        }
    }

    #[test]
    fn select_takes_the_futures_family_future_as_it_is() {
        futures::executor::block_on(async {
            let reader = futures::io::Cursor::new(b"xy".to_vec());
            let mut read = reader.read_exact_owned([0u8; 2]);
            let (_, buf) = futures::select! { out = read => out.unwrap() };
            assert_eq!(&buf, b"xy");
            assert!(read.is_terminated());
        });
    }
}

/// A reader whose `poll_read` panics.
struct Panicking;

impl tokio::io::AsyncRead for Panicking {
    fn poll_read(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
        _: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        panic!("the reader's own bug");
    }
}

impl tokio::io::AsyncBufRead for Panicking {
    fn poll_fill_buf(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<&[u8]>> {
        panic!("the reader's own bug");
    }

    fn consume(self: std::pin::Pin<&mut Self>, _: usize) {}
}

/// The same for the delimited reads, which keep parts larger than two references in place
/// (a reader and a `Vec` by value) and move lent ones out.
#[test]
fn a_panic_inside_the_reader_terminates_a_line_read_by_value_or_lent() {
    use std::panic::{catch_unwind, AssertUnwindSafe};

    let mut line = Vec::new();
    let mut lent = Panicking;
    let mut by_value = Panicking.read_until_owned(b'\n', vec![0u8; 64], 1024);
    let mut borrowed = (&mut lent).read_until_owned(b'\n', &mut line, 1024);
    assert!(catch_unwind(AssertUnwindSafe(|| support::poll_once(&mut by_value))).is_err());
    assert!(catch_unwind(AssertUnwindSafe(|| support::poll_once(&mut borrowed))).is_err());
    assert!(by_value.is_terminated() && by_value.get_ref().is_none());
    assert!(borrowed.is_terminated() && borrowed.get_ref().is_none());
    assert!(by_value.into_parts().is_none() && borrowed.into_parts().is_none());
}

/// After a panic inside the I/O object, the future is terminated and its parts are gone,
/// whether they were moved out for the poll (a `Vec`) or polled in place (a large array).
#[test]
fn a_panic_inside_the_io_object_terminates_the_future_whatever_its_parts() {
    use std::panic::{catch_unwind, AssertUnwindSafe};

    let mut small = Panicking.read_exact_owned(vec![0u8; 4]);
    let mut large = Panicking.read_exact_owned([0u8; 256]);
    assert!(catch_unwind(AssertUnwindSafe(|| support::poll_once(&mut small))).is_err());
    assert!(catch_unwind(AssertUnwindSafe(|| support::poll_once(&mut large))).is_err());
    assert!(small.is_terminated() && small.get_ref().is_none());
    assert!(large.is_terminated() && large.get_ref().is_none());
    assert!(small.into_parts().is_none() && large.into_parts().is_none());
}
