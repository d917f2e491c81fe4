//! Random scripts run once through tokio's borrowed built-ins and once through the owned futures:
//! the same bytes, the same error kinds, the same number of `poll_read` / `poll_write` calls and
//! the same number of polls, plus the exact progress that only the owned futures report.

mod support;

use std::io::ErrorKind;

use owned_io::{AsyncReadExactExt, AsyncWriteAllExt};
use proptest::prelude::*;
use support::{drive, stream, ScriptedReader, ScriptedWriter, Step};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const CASES: u32 = 1024;

/// What a caller and the I/O object can observe of one run.
#[derive(Debug, PartialEq, Eq)]
struct Observed {
    result: Result<(), ErrorKind>,
    polls: usize,
    calls: usize,
    /// Read: the whole buffer. Write: what the writer accepted.
    bytes: Vec<u8>,
}

/// Every step an honest I/O object can take; `Interrupted` included, since both retry it.
fn honest_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (1usize..=24).prop_map(Step::Bytes),
        2 => Just(Step::Pending),
        1 => Just(Step::Fail(ErrorKind::Interrupted)),
        1 => Just(Step::Fail(ErrorKind::ConnectionReset)),
        1 => Just(Step::Zero),
    ]
}

fn any_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => honest_step(),
        1 => (0usize..=4).prop_map(Step::Lie),
    ]
}

fn script(step: impl Strategy<Value = Step>) -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(step, 0..24)
}

/// The script with each lie replaced by the error the owned futures turn it into.
fn lies_as_errors(steps: &[Step]) -> Vec<Step> {
    steps
        .iter()
        .map(|step| match step {
            Step::Lie(_) => Step::Fail(ErrorKind::InvalidData),
            honest => honest.clone(),
        })
        .collect()
}

fn tokio_read(steps: &[Step], len: usize) -> Observed {
    let mut reader = ScriptedReader::new(steps.to_vec());
    let mut buf = vec![0u8; len];
    let (out, polls) = drive(&mut Box::pin(reader.read_exact(&mut buf)));
    Observed {
        result: out.map(|n| assert_eq!(n, len)).map_err(|e| e.kind()),
        polls,
        calls: reader.calls,
        bytes: buf,
    }
}

fn owned_read(steps: &[Step], len: usize) -> Observed {
    let reader = ScriptedReader::new(steps.to_vec());
    let (out, polls) = drive(&mut reader.read_exact_owned(vec![0u8; len]));
    let (result, reader, buf) = match out {
        Ok((reader, buf)) => (Ok(()), reader, buf),
        Err(err) => {
            let filled = err.filled();
            let (error, reader, buf) = err.into_parts();
            assert_eq!(filled, reader.delivered(), "filled() is the exact progress");
            (Err(error.kind()), reader, buf)
        }
    };
    let delivered = reader.delivered();
    assert_eq!(
        buf[..delivered],
        stream(delivered)[..],
        "bytes land in order"
    );
    Observed {
        result,
        polls,
        calls: reader.calls,
        bytes: buf,
    }
}

fn tokio_write(steps: &[Step], len: usize) -> Observed {
    let mut writer = ScriptedWriter::new(steps.to_vec());
    let buf = stream(len);
    let (out, polls) = drive(&mut Box::pin(writer.write_all(&buf)));
    Observed {
        result: out.map_err(|e| e.kind()),
        polls,
        calls: writer.calls,
        bytes: writer.written,
    }
}

fn owned_write(steps: &[Step], len: usize) -> Observed {
    let writer = ScriptedWriter::new(steps.to_vec());
    let (out, polls) = drive(&mut writer.write_all_owned(stream(len)));
    let (result, writer, buf) = match out {
        Ok((writer, buf)) => (Ok(()), writer, buf),
        Err(err) => {
            let written = err.written();
            let (error, writer, buf) = err.into_parts();
            assert_eq!(
                written,
                writer.written.len(),
                "written() is the exact progress"
            );
            (Err(error.kind()), writer, buf)
        }
    };
    assert_eq!(buf, stream(len), "the buffer comes back as it went in");
    Observed {
        result,
        polls,
        calls: writer.calls,
        bytes: writer.written,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn read_exact_owned_matches_tokio(steps in script(honest_step()), len in 0usize..64) {
        prop_assert_eq!(owned_read(&steps, len), tokio_read(&steps, len));
    }

    #[test]
    fn write_all_owned_matches_tokio(steps in script(honest_step()), len in 0usize..64) {
        prop_assert_eq!(owned_write(&steps, len), tokio_write(&steps, len));
    }

    /// tokio's built-ins panic or misbehave on an I/O object that reports more bytes than it
    /// was offered. The owned futures treat such an answer as an `InvalidData` error from that
    /// call, with the lie's bytes not counted: so they must behave exactly as tokio's built-ins
    /// on the same script with each lie replaced by that error.
    #[test]
    fn a_lie_is_an_invalid_data_error_at_that_call(steps in script(any_step()), len in 0usize..64) {
        let as_errors = lies_as_errors(&steps);
        prop_assert_eq!(owned_read(&steps, len), tokio_read(&as_errors, len));
        prop_assert_eq!(owned_write(&steps, len), tokio_write(&as_errors, len));
    }
}

/// `write_all_buf_owned` against tokio's borrowed `write_all_buf`, on plain and vectored writers
/// and buffers of many chunks (more than the 64 one vectored write takes, at times).
#[cfg(feature = "bytes")]
mod write_all_buf {
    use super::*;
    use bytes::Buf;
    use support::Pieces;

    fn chunks() -> impl Strategy<Value = Vec<usize>> {
        prop::collection::vec(0usize..6, 0..80)
    }

    fn tokio_write_buf(steps: &[Step], vectored: bool, lengths: &[usize]) -> (Observed, usize) {
        let mut writer = ScriptedWriter::new(steps.to_vec());
        writer.vectored = vectored;
        let mut buf = Pieces::new(lengths);
        let (out, polls) = drive(&mut Box::pin(writer.write_all_buf(&mut buf)));
        let observed = Observed {
            result: out.map_err(|e| e.kind()),
            polls,
            calls: writer.calls,
            bytes: writer.written,
        };
        (observed, buf.remaining())
    }

    fn owned_write_buf(steps: &[Step], vectored: bool, lengths: &[usize]) -> (Observed, usize) {
        let mut writer = ScriptedWriter::new(steps.to_vec());
        writer.vectored = vectored;
        let (out, polls) = drive(&mut writer.write_all_buf_owned(Pieces::new(lengths)));
        let (result, writer, buf) = match out {
            Ok((writer, buf)) => (Ok(()), writer, buf),
            Err(err) => {
                let written = err.written();
                let (error, writer, buf) = err.into_parts();
                assert_eq!(
                    written,
                    writer.written.len(),
                    "written() is the exact progress"
                );
                (Err(error.kind()), writer, buf)
            }
        };
        let total: usize = lengths.iter().sum();
        assert_eq!(
            writer.written.len() + buf.remaining(),
            total,
            "advanced exactly"
        );
        let offers_fit = writer.offers.iter().all(|(_, slices)| slices.len() <= 64);
        assert!(offers_fit, "at most 64 slices a call");
        let observed = Observed {
            result,
            polls,
            calls: writer.calls,
            bytes: writer.written,
        };
        (observed, buf.remaining())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(CASES))]

        #[test]
        fn write_all_buf_owned_matches_tokio(
            steps in script(honest_step()),
            vectored in any::<bool>(),
            lengths in chunks(),
        ) {
            prop_assert_eq!(
                owned_write_buf(&steps, vectored, &lengths),
                tokio_write_buf(&steps, vectored, &lengths)
            );
        }

        #[test]
        fn a_lie_is_an_invalid_data_error_at_that_call(
            steps in script(any_step()),
            vectored in any::<bool>(),
            lengths in chunks(),
        ) {
            let as_errors = lies_as_errors(&steps);
            prop_assert_eq!(
                owned_write_buf(&steps, vectored, &lengths),
                tokio_write_buf(&as_errors, vectored, &lengths)
            );
        }
    }
}
