//! `copy_owned`, `copy_bidirectional_owned`, `flush_owned` and `shutdown_owned` on scripted
//! readers and writers: every byte delivered once, the pending bytes of a failed copy recovered
//! exactly, abandon and resume at every `Pending`, and the errors.

mod support;

use std::future::Future;
use std::io::ErrorKind;
use std::task::Poll;

use owned_io::{
    copy_bidirectional_owned, copy_owned, AsyncWriteOwnedExt, BidirectionalSide,
    CopyBidirectionalOwned, CopyOwned, CopyProgress, CopySide, FlushOwned, ShutdownOwned,
};
use support::{chunks, drive, poll_once, stream, ScriptedReader, ScriptedWriter, Step};

#[test]
fn copies_every_byte_through_the_callers_buffer_then_flushes() {
    for (len, read_chunk, write_chunk, buf) in [(0, 1, 1, 1), (100, 7, 3, 5), (1000, 64, 100, 32)] {
        let reader = ScriptedReader::new(chunks(len, read_chunk));
        let writer = ScriptedWriter::new(chunks(len * 2, write_chunk));
        let (reader, writer, buf, n) = drive(&mut copy_owned(reader, writer, vec![0u8; buf]))
            .0
            .unwrap();
        assert_eq!((n, &writer.written[..]), (len as u64, &stream(len)[..]));
        assert_eq!(reader.delivered(), len);
        assert!(reader.offers.iter().all(|&offer| offer <= buf.len()));
        assert_eq!(
            (writer.flushes, writer.shutdowns),
            (1, 0),
            "flushed once at the end"
        );
    }
}

/// A writer that fails after some bytes: those it took are written, the ones read but not
/// written are exactly the buffer's pending range, and the rest is still in the reader.
#[test]
fn a_writer_error_hands_back_the_pending_bytes_exactly() {
    for fail_after in 0..12 {
        for buf_len in [1, 3, 4, 16] {
            let reader = ScriptedReader::new(chunks(40, 5));
            let mut steps = chunks(fail_after, 2);
            steps.push(Step::Fail(ErrorKind::BrokenPipe));
            let writer = ScriptedWriter::new(steps);
            let err = drive(&mut copy_owned(reader, writer, vec![0u8; buf_len]))
                .0
                .unwrap_err();
            assert_eq!(err.kind(), ErrorKind::BrokenPipe);
            assert_eq!(err.side(), Some(CopySide::Writer));
            let (copied, pending) = (err.copied(), err.pending());
            let (_, reader, writer, buf) = err.into_parts();
            assert_eq!(copied as usize, writer.written.len());
            assert_eq!(
                writer.written_then(&buf[pending]),
                stream(reader.delivered()),
                "nothing lost, nothing twice"
            );
        }
    }
}

#[test]
fn a_reader_error_says_so() {
    let reader = ScriptedReader::new([Step::Bytes(3), Step::Fail(ErrorKind::ConnectionReset)]);
    let err = drive(&mut copy_owned(reader, ScriptedWriter::new([]), [0u8; 8]))
        .0
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.side()),
        (ErrorKind::ConnectionReset, Some(CopySide::Reader))
    );
    // As tokio's copy: a read, the writes of what it read, then the next read.
    assert_eq!((err.copied(), err.pending()), (3, 0..0));
    assert_eq!(err.to_string(), "copy_owned, reading: scripted failure");
    let (_, _, writer, _) = err.into_parts();
    assert_eq!(writer.written, stream(3));
}

#[test]
fn abandon_and_resume_at_every_pending_delivers_every_byte_once() {
    let read_steps = [
        Step::Bytes(5),
        Step::Pending,
        Step::Bytes(9),
        Step::Fail(ErrorKind::Interrupted),
        Step::Pending,
        Step::Bytes(20),
    ];
    let write_steps = [
        Step::Bytes(2),
        Step::Pending,
        Step::Bytes(3),
        Step::Pending,
        Step::Fail(ErrorKind::Interrupted),
        Step::Bytes(1),
        Step::Pending,
    ];
    let mut copy = copy_owned(
        ScriptedReader::new(read_steps),
        ScriptedWriter::new(write_steps),
        [0u8; 6],
    );
    let mut abandoned = 0;
    let (reader, writer, _, n) = loop {
        match poll_once(&mut copy) {
            Poll::Ready(out) => break out.unwrap(),
            Poll::Pending => {
                let (reader, writer, buf, progress) = copy.into_parts().expect("in flight");
                assert_eq!(
                    writer.written_then(&buf[progress.pending()]),
                    stream(reader.delivered())
                );
                abandoned += 1;
                copy = CopyOwned::resume(reader, writer, buf, progress);
            }
        }
    };
    assert!(abandoned >= 3, "{abandoned}");
    assert_eq!((n, &writer.written[..]), (34, &stream(34)[..]));
    assert_eq!(reader.delivered(), 34);
}

#[test]
fn lies_and_zero_writes_are_errors_of_the_side_that_made_them() {
    let reader = ScriptedReader::new([Step::Bytes(2), Step::Lie(1)]);
    let err = drive(&mut copy_owned(reader, ScriptedWriter::new([]), [0u8; 4]))
        .0
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.side()),
        (ErrorKind::InvalidData, Some(CopySide::Reader))
    );

    let writer = ScriptedWriter::new([Step::Bytes(1), Step::Lie(1)]);
    let reader = ScriptedReader::new([Step::Bytes(4)]);
    let err = drive(&mut copy_owned(reader, writer, [0u8; 4]))
        .0
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.side()),
        (ErrorKind::InvalidData, Some(CopySide::Writer))
    );
    assert_eq!((err.copied(), err.pending()), (1, 1..4));

    let writer = ScriptedWriter::new([Step::Zero]);
    let reader = ScriptedReader::new([Step::Bytes(4)]);
    let err = drive(&mut copy_owned(reader, writer, [0u8; 4]))
        .0
        .unwrap_err();
    assert_eq!((err.kind(), err.pending()), (ErrorKind::WriteZero, 0..4));
}

#[test]
fn an_empty_buffer_or_a_bad_progress_is_invalid_input_before_any_call() {
    let err = drive(&mut copy_owned(
        ScriptedReader::new([Step::Bytes(1)]),
        ScriptedWriter::new([]),
        [0u8; 0],
    ))
    .0
    .unwrap_err();
    assert_eq!((err.kind(), err.side()), (ErrorKind::InvalidInput, None));
    let (_, reader, writer, _) = err.into_parts();
    assert_eq!((reader.calls, writer.calls), (0, 0));

    // A progress from a bigger buffer: its pending range is clamped in the error.
    let (_, _, buf, progress) = {
        let mut copy = copy_owned(
            ScriptedReader::new([Step::Bytes(8), Step::Pending]),
            ScriptedWriter::new([Step::Pending]),
            [0u8; 8],
        );
        assert!(poll_once(&mut copy).is_pending());
        copy.into_parts().unwrap()
    };
    assert_eq!((progress.pending(), buf.len()), (0..8, 8));
    let err = drive(&mut CopyOwned::resume(
        ScriptedReader::new([]),
        ScriptedWriter::new([]),
        [0u8; 5],
        progress,
    ))
    .0
    .unwrap_err();
    assert_eq!((err.kind(), err.pending()), (ErrorKind::InvalidInput, 0..5));
}

#[test]
fn pending_bytes_delivered_elsewhere_are_skipped_on_resume() {
    let mut copy = copy_owned(
        ScriptedReader::new([Step::Bytes(4), Step::Pending, Step::Bytes(4)]),
        ScriptedWriter::new([Step::Fail(ErrorKind::BrokenPipe)]),
        [0u8; 4],
    );
    let err = drive(&mut copy).0.unwrap_err();
    let progress = err.progress();
    let (_, reader, _, buf) = err.into_parts();
    let elsewhere = buf[progress.pending()].to_vec();
    let resumed = CopyOwned::resume(
        reader,
        ScriptedWriter::new([]),
        buf,
        progress.without_pending(),
    );
    let (_, writer, _, n) = drive(&mut { resumed }).0.unwrap();
    assert_eq!(
        (elsewhere, &writer.written[..], n),
        (stream(4), &stream(8)[4..], 4)
    );
}

#[test]
fn accessors_debug_and_completion() {
    let mut copy = copy_owned(
        ScriptedReader::new([Step::Bytes(3), Step::Pending, Step::Pending]),
        ScriptedWriter::new([]),
        [0u8; 8],
    );
    assert!(poll_once(&mut copy).is_pending());
    assert_eq!(copy.copied(), 3);
    assert!(!copy.progress().reader_done());
    // Read, write, read (pending with nothing to write: flush), flush.
    assert_eq!(
        copy.get_ref().map(|(r, w)| (r.calls, w.calls, w.flushes)),
        Some((2, 1, 1))
    );
    assert!(copy.get_mut().is_some());
    assert!(format!("{copy:?}").starts_with("CopyOwned { progress: CopyProgress { copied: 3"));
    assert!(
        poll_once(&mut copy).is_pending(),
        "the second Pending of the reader"
    );
    assert!(matches!(
        poll_once(&mut copy),
        Poll::Ready(Ok((_, _, _, 3)))
    ));
    assert!(copy.is_terminated() && copy.get_ref().is_none());
    assert_eq!(CopyProgress::new(), CopyProgress::default());
}

#[test]
fn flush_and_shutdown_hand_the_writer_back() {
    let (writer, polls) = drive(&mut ScriptedWriter::new([]).flush_owned());
    let writer = writer.unwrap();
    assert_eq!((writer.flushes, writer.shutdowns, polls), (1, 0, 1));
    let writer = drive(&mut writer.shutdown_owned()).0.unwrap();
    assert_eq!((writer.flushes, writer.shutdowns), (1, 1));

    let flush = FlushOwned::resume(writer);
    assert!(!flush.is_terminated() && flush.get_ref().is_some());
    let writer = flush.into_parts().expect("not polled yet");
    let mut shutdown = ShutdownOwned::resume(writer);
    assert!(shutdown.get_mut().is_some());
    assert!(matches!(poll_once(&mut shutdown), Poll::Ready(Ok(_))));
    assert!(shutdown.is_terminated() && shutdown.into_parts().is_none());
    assert_eq!(
        format!("{:?}", ScriptedWriter::new([]).flush_owned()),
        "FlushOwned { terminated: false, .. }"
    );
}

/// A writer whose flush and shutdown follow scripts of their own.
struct Closing {
    flushes: std::collections::VecDeque<Step>,
}

impl tokio::io::AsyncWrite for Closing {
    fn poll_write(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> Poll<std::io::Result<()>> {
        match self.flushes.pop_front() {
            Some(Step::Pending) => {
                cx.waker().wake_by_ref();
                Poll::Pending
            }
            Some(Step::Fail(kind)) => Poll::Ready(Err(kind.into())),
            _ => Poll::Ready(Ok(())),
        }
    }

    fn poll_shutdown(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> Poll<std::io::Result<()>> {
        self.poll_flush(cx)
    }
}

#[test]
fn flush_retries_interrupted_and_hands_the_writer_back_with_an_error() {
    let steps = [
        Step::Fail(ErrorKind::Interrupted),
        Step::Pending,
        Step::Bytes(0),
    ];
    let closing = Closing {
        flushes: steps.into(),
    };
    let (out, polls) = drive(&mut closing.flush_owned());
    assert!(out.is_ok() && polls == 2);

    let closing = Closing {
        flushes: [Step::Fail(ErrorKind::BrokenPipe)].into(),
    };
    let err = drive(&mut closing.shutdown_owned()).0.err().unwrap();
    assert_eq!(err.kind(), ErrorKind::BrokenPipe);
    assert_eq!(err.to_string(), "shutdown_owned: broken pipe");
    let (_, writer) = err.into_parts();
    assert!(writer.flushes.is_empty());
}

/// An I/O object with a scripted reader and a scripted writer, for the bidirectional copy.
#[derive(Debug)]
struct Both {
    reader: ScriptedReader,
    writer: ScriptedWriter,
}

impl tokio::io::AsyncRead for Both {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.reader).poll_read(cx, buf)
    }
}

impl tokio::io::AsyncWrite for Both {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.writer).poll_write(cx, buf)
    }

    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.writer).poll_flush(cx)
    }

    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.writer).poll_shutdown(cx)
    }
}

#[test]
fn both_ways_each_shutting_its_writer_down() {
    let a = Both {
        reader: ScriptedReader::new([Step::Bytes(10), Step::Pending, Step::Bytes(5)]),
        writer: ScriptedWriter::new([Step::Bytes(3), Step::Pending]),
    };
    let b = Both {
        reader: ScriptedReader::new([Step::Pending, Step::Bytes(7)]),
        writer: ScriptedWriter::new([Step::Bytes(4), Step::Pending, Step::Bytes(2)]),
    };
    let (a, b, _, _, up, down) = drive(&mut copy_bidirectional_owned(a, b, [0u8; 6], vec![0u8; 3]))
        .0
        .unwrap();
    assert_eq!((up, down), (15, 7));
    assert_eq!(
        (&b.writer.written[..], &a.writer.written[..]),
        (&stream(15)[..], &stream(7)[..])
    );
    assert_eq!(
        (a.writer.shutdowns, b.writer.shutdowns),
        (1, 1),
        "half-closes"
    );
}

#[test]
fn a_bidirectional_error_says_which_side_with_both_progresses() {
    let a = Both {
        reader: ScriptedReader::new([Step::Bytes(4), Step::Pending]),
        writer: ScriptedWriter::new([]),
    };
    let b = Both {
        reader: ScriptedReader::new([Step::Pending]),
        writer: ScriptedWriter::new([Step::Bytes(1), Step::Fail(ErrorKind::ConnectionReset)]),
    };
    let err = drive(&mut copy_bidirectional_owned(a, b, [0u8; 8], [0u8; 8]))
        .0
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.side()),
        (ErrorKind::ConnectionReset, Some(BidirectionalSide::B))
    );
    assert_eq!((err.a_to_b().copied(), err.a_to_b().pending()), (1, 1..4));
    assert_eq!(err.b_to_a().copied(), 0);
    let (_, _, b, buf_a_to_b, _) = err.into_parts();
    assert_eq!(b.writer.written_then(&buf_a_to_b[1..4]), stream(4));
}

#[cfg(feature = "futures-io")]
mod futures_family {
    use super::*;
    use owned_io::futures_family::{copy_owned, AsyncWriteOwnedExt, CopyOwned};

    #[test]
    fn copies_and_resumes() {
        let reader = ScriptedReader::new([Step::Bytes(7), Step::Pending, Step::Bytes(9)]);
        let writer = ScriptedWriter::new([Step::Bytes(2), Step::Pending]);
        let mut copy = copy_owned(reader, writer, vec![0u8; 5]);
        let (_, writer, _, n) = loop {
            match poll_once(&mut copy) {
                Poll::Ready(out) => break out.unwrap(),
                Poll::Pending => {
                    let (r, w, buf, progress) = copy.into_parts().unwrap();
                    copy = CopyOwned::resume(r, w, buf, progress);
                }
            }
        };
        // One flush while the reader waited with nothing to write, one at its end.
        assert_eq!(
            (n, &writer.written[..], writer.flushes),
            (16, &stream(16)[..], 2)
        );

        let writer = drive(&mut writer.shutdown_owned()).0.unwrap();
        assert_eq!(writer.shutdowns, 1, "poll_close");
    }
}

/// Runs `body` on a thread of its own and says whether it finished within ten seconds: a copy
/// that never gives the thread back would hang the test instead of failing it.
fn finishes(body: impl FnOnce() + Send + 'static) -> bool {
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        body();
        let _ = done.send(());
    });
    finished
        .recv_timeout(std::time::Duration::from_secs(10))
        .is_ok()
}

/// As tokio's `copy_is_cooperative` (`tests/io_copy.rs`): a loop of copies between I/O objects
/// that are always ready gives the thread back, so the other branch of a biased `select!` runs.
#[test]
fn copies_are_cooperative() {
    let one_way = finishes(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            tokio::select! {
                biased;
                _ = async {
                    loop {
                        let reader: &[u8] = b"hello";
                        let _ = copy_owned(reader, Vec::new(), [0u8; 64]).await;
                    }
                } => {},
                _ = tokio::task::yield_now() => {}
            }
        });
    });
    assert!(one_way, "copy_owned never gave the thread back");

    let both_ways = finishes(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            tokio::select! {
                biased;
                _ = async {
                    loop {
                        let a = Both {
                            reader: ScriptedReader::new([Step::Bytes(4)]),
                            writer: ScriptedWriter::new([]),
                        };
                        let b = Both {
                            reader: ScriptedReader::new([]),
                            writer: ScriptedWriter::new([]),
                        };
                        let copy = owned_io::copy_bidirectional_owned(a, b, [0u8; 8], [0u8; 8]);
                        let _ = copy.await;
                    }
                } => {},
                _ = tokio::task::yield_now() => {}
            }
        });
    });
    assert!(
        both_ways,
        "copy_bidirectional_owned never gave the thread back"
    );
}

/// The futures family has no runtime budget: each poll of its copy makes at most 128 rounds,
/// then wakes the task and returns `Pending`, so an endless copy between I/O objects that are
/// always ready lets `futures::executor` run the other branch.
#[cfg(feature = "futures-io")]
#[test]
fn the_futures_family_s_copy_bounds_each_poll() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::task::{Context, Wake, Waker};

    struct Count(AtomicUsize);
    impl Wake for Count {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
    let count = Arc::new(Count(AtomicUsize::new(0)));
    let waker = Waker::from(count.clone());
    let mut cx = Context::from_waker(&waker);
    let endless = futures::io::repeat(7);
    let mut copy = owned_io::futures_family::copy_owned(endless, futures::io::sink(), [0u8; 8]);
    for poll in 1..=3 {
        assert!(std::pin::Pin::new(&mut copy).poll(&mut cx).is_pending());
        assert_eq!(
            count.0.load(Ordering::SeqCst),
            poll,
            "woken to be polled again"
        );
        assert_eq!(
            copy.copied(),
            poll as u64 * 128 * 8,
            "128 rounds of 8 bytes a poll"
        );
    }

    let gave_way = finishes(|| {
        futures::executor::block_on(async {
            use futures::FutureExt;
            let endless = futures::io::repeat(7);
            let copy = owned_io::futures_family::copy_owned(endless, futures::io::sink(), [0u8; 8]);
            let mut yielded = false;
            let other = futures::future::poll_fn(|cx| {
                if yielded {
                    return std::task::Poll::Ready(());
                }
                yielded = true;
                cx.waker().wake_by_ref();
                std::task::Poll::Pending
            });
            futures::select_biased! {
                _ = copy.fuse() => panic!("an endless copy ended"),
                _ = other.fuse() => {},
            }
        });
    });
    assert!(
        gave_way,
        "the futures family's copy never gave the thread back"
    );
}

/// The tokio family's copies spend the task's own budget: in a task whose budget is spent, a
/// copy returns `Pending` before any I/O; inside `unconstrained`, where tokio promises no
/// forced yields, a long copy of always-ready objects never returns `Pending`.
#[test]
fn tokio_copies_spend_the_task_s_budget() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(async {
        // Spend the budget with polls that each take a unit.
        let mut spent = 0;
        std::future::poll_fn(|cx| loop {
            match tokio::task::coop::poll_proceed(cx) {
                std::task::Poll::Ready(unit) => {
                    unit.made_progress();
                    spent += 1;
                }
                std::task::Poll::Pending => return std::task::Poll::Ready(()),
            }
        })
        .await;
        assert!(spent > 0);
        let reader = ScriptedReader::new([Step::Bytes(4)]);
        let mut copy = copy_owned(reader, ScriptedWriter::new([]), [0u8; 8]);
        let polled = std::future::poll_fn(|cx| {
            std::task::Poll::Ready(std::pin::Pin::new(&mut copy).poll(cx).is_pending())
        })
        .await;
        assert!(polled, "no budget left: the copy waits");
        let (reader, writer, _, progress) = copy.into_parts().unwrap();
        assert_eq!(
            (reader.calls, writer.calls, progress.copied()),
            (0, 0, 0),
            "no I/O"
        );
    });

    runtime.block_on(tokio::task::coop::unconstrained(async {
        let mut polls = 0;
        let reader = ScriptedReader::new(vec![Step::Bytes(1); 10_000]);
        let mut copy = copy_owned(reader, ScriptedWriter::new([]), [0u8; 1]);
        let out = std::future::poll_fn(|cx| {
            polls += 1;
            std::pin::Pin::new(&mut copy).poll(cx)
        })
        .await;
        assert_eq!(out.unwrap().3, 10_000);
        assert_eq!(polls, 1, "no forced yield inside unconstrained");
    }));
}

/// Both buffers, and both progresses given to `resume`, are checked before any I/O: the copy
/// from `a` does not start when the buffer from `b` is empty.
#[test]
fn a_bidirectional_copy_checks_both_buffers_before_any_io() {
    let both = |steps: Vec<Step>| Both {
        reader: ScriptedReader::new(steps),
        writer: ScriptedWriter::new([]),
    };
    let (a, b) = (both(vec![Step::Bytes(4)]), both(vec![]));
    let copy = owned_io::copy_bidirectional_owned(a, b, vec![0u8; 8], Vec::new());
    let err = drive(&mut { copy }).0.unwrap_err();
    assert_eq!((err.kind(), err.side()), (ErrorKind::InvalidInput, None));
    let (_, a, b, _, _) = err.into_parts();
    let calls = (
        a.reader.calls,
        a.writer.calls,
        b.reader.calls,
        b.writer.calls,
    );
    assert_eq!(calls, (0, 0, 0, 0), "no I/O before the check");
}

/// A copy whose writer fails resumes into a fresh writer with only what the error hands out:
/// the bytes read but not written go first, and every byte arrives once, in order.
#[test]
fn a_copy_resumes_after_an_error_with_what_the_error_hands_out() {
    let input = stream(40);
    let reader = ScriptedReader::new([Step::Bytes(16), Step::Bytes(16), Step::Bytes(8)]);
    let failing = ScriptedWriter::new([Step::Bytes(10), Step::Fail(ErrorKind::BrokenPipe)]);
    let err = drive(&mut copy_owned(reader, failing, [0u8; 16]))
        .0
        .unwrap_err();
    assert_eq!(
        (err.side(), err.copied(), err.pending()),
        (Some(CopySide::Writer), 10, 10..16)
    );
    let (error, reader, failing, buf, progress) = err.into_resume_parts();
    assert_eq!(error.kind(), ErrorKind::BrokenPipe);
    let resumed = CopyOwned::resume(reader, ScriptedWriter::new([]), buf, progress);
    let (_, fresh, _, copied) = drive(&mut { resumed }).0.expect("the rest goes through");
    assert_eq!(copied, 40, "the count covers the whole copy");
    let mut delivered = failing.written.clone();
    delivered.extend_from_slice(&fresh.written);
    assert_eq!(delivered, input, "every byte once, in order");

    // Both ways: the direction that failed resumes with its pending bytes first.
    let a = Both {
        reader: ScriptedReader::new([Step::Bytes(12)]),
        writer: ScriptedWriter::new([]),
    };
    let b = Both {
        reader: ScriptedReader::new([]),
        writer: ScriptedWriter::new([Step::Bytes(5), Step::Fail(ErrorKind::ConnectionReset)]),
    };
    let copy = owned_io::copy_bidirectional_owned(a, b, [0u8; 12], [0u8; 12]);
    let err = drive(&mut { copy }).0.unwrap_err();
    assert_eq!(err.side(), Some(BidirectionalSide::B));
    let (_, a, b, ab, ba, a_to_b, b_to_a) = err.into_resume_parts();
    assert_eq!((a_to_b.copied(), a_to_b.pending()), (5, 5..12));
    let fresh_b = Both {
        reader: ScriptedReader::new([]),
        writer: ScriptedWriter::new([]),
    };
    let resumed = CopyBidirectionalOwned::resume(a, fresh_b, ab, ba, a_to_b, b_to_a);
    let (_, fresh_b, ..) = drive(&mut { resumed }).0.expect("the rest goes through");
    let mut delivered = b.writer.written.clone();
    delivered.extend_from_slice(&fresh_b.writer.written);
    assert_eq!(delivered, stream(12));
}
