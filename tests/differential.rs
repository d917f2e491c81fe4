//! Random scripts run once through a borrowed built-in (tokio's, or futures-util's for the
//! futures family) and once through the owned futures: the same bytes, the same error kinds,
//! the same number of `poll_read` / `poll_write` calls and the same number of polls, plus the
//! exact progress that only the owned futures report.

mod support;

use std::future::Future;
use std::io::ErrorKind;

use owned_io::{ReadExactError, WriteAllError};
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

/// Every step an honest I/O object can take.
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

type ReadOutput = Result<(ScriptedReader, Vec<u8>), ReadExactError<ScriptedReader, Vec<u8>>>;

/// Runs an owned read, tokio's or the futures family's, as `start` makes it.
fn owned_read<F>(steps: &[Step], len: usize, start: fn(ScriptedReader, Vec<u8>) -> F) -> Observed
where
    F: Future<Output = ReadOutput> + Unpin,
{
    let reader = ScriptedReader::new(steps.to_vec());
    let (out, polls) = drive(&mut start(reader, vec![0u8; len]));
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

/// The parts of a finished owned write, with `written()` checked against the writer.
fn write_parts<B>(
    out: Result<(ScriptedWriter, B), WriteAllError<ScriptedWriter, B>>,
) -> (Result<(), ErrorKind>, ScriptedWriter, B) {
    match out {
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
    }
}

type WriteOutput = Result<(ScriptedWriter, Vec<u8>), WriteAllError<ScriptedWriter, Vec<u8>>>;

/// Runs an owned write, tokio's or the futures family's, as `start` makes it.
fn owned_write<F>(steps: &[Step], len: usize, start: fn(ScriptedWriter, Vec<u8>) -> F) -> Observed
where
    F: Future<Output = WriteOutput> + Unpin,
{
    let writer = ScriptedWriter::new(steps.to_vec());
    let (out, polls) = drive(&mut start(writer, stream(len)));
    let (result, writer, buf) = write_parts(out);
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
        let owned = owned_read(&steps, len, owned_io::AsyncReadExactExt::read_exact_owned);
        prop_assert_eq!(owned, tokio_read(&steps, len));
    }

    #[test]
    fn write_all_owned_matches_tokio(steps in script(honest_step()), len in 0usize..64) {
        let owned = owned_write(&steps, len, owned_io::AsyncWriteAllExt::write_all_owned);
        prop_assert_eq!(owned, tokio_write(&steps, len));
    }

    /// tokio's built-ins panic or misbehave on an I/O object that reports more bytes than it
    /// was offered. The owned futures treat such an answer as an `InvalidData` error from that
    /// call, with the lie's bytes not counted: so they must behave exactly as tokio's built-ins
    /// on the same script with each lie replaced by that error.
    #[test]
    fn a_lie_is_an_invalid_data_error_at_that_call(steps in script(any_step()), len in 0usize..64) {
        let as_errors = lies_as_errors(&steps);
        let read = owned_read(&steps, len, owned_io::AsyncReadExactExt::read_exact_owned);
        prop_assert_eq!(read, tokio_read(&as_errors, len));
        let write = owned_write(&steps, len, owned_io::AsyncWriteAllExt::write_all_owned);
        prop_assert_eq!(write, tokio_write(&as_errors, len));
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

    pub(crate) fn tokio_write_buf(
        steps: &[Step],
        vectored: bool,
        lengths: &[usize],
    ) -> (Observed, usize) {
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

    type Output = Result<(ScriptedWriter, Pieces), WriteAllError<ScriptedWriter, Pieces>>;

    /// Runs an owned `Buf` write, tokio's or the futures family's, as `start` makes it.
    pub(crate) fn owned_write_buf<F>(
        steps: &[Step],
        vectored: bool,
        lengths: &[usize],
        start: fn(ScriptedWriter, Pieces) -> F,
    ) -> (Observed, usize)
    where
        F: Future<Output = Output> + Unpin,
    {
        let mut writer = ScriptedWriter::new(steps.to_vec());
        writer.vectored = vectored;
        let (out, polls) = drive(&mut start(writer, Pieces::new(lengths)));
        let (result, writer, buf) = write_parts(out);
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
            let start = owned_io::AsyncWriteAllExt::write_all_buf_owned;
            prop_assert_eq!(
                owned_write_buf(&steps, vectored, &lengths, start),
                tokio_write_buf(&steps, vectored, &lengths)
            );
        }

        #[test]
        fn a_lie_is_an_invalid_data_error_at_that_call(
            steps in script(any_step()),
            vectored in any::<bool>(),
            lengths in chunks(),
        ) {
            let start = owned_io::AsyncWriteAllExt::write_all_buf_owned;
            prop_assert_eq!(
                owned_write_buf(&steps, vectored, &lengths, start),
                tokio_write_buf(&lies_as_errors(&steps), vectored, &lengths)
            );
        }

        /// futures-util has no `write_all_buf`; tokio's is the reference for the futures
        /// family's too. A futures-io writer that is not vectored takes the first chunk of a
        /// vectored write, so the calls it sees are the ones tokio's plain writes make.
        #[cfg(feature = "futures-io")]
        #[test]
        fn futures_family_write_all_buf_owned_matches_tokio(
            steps in script(honest_step()),
            vectored in any::<bool>(),
            lengths in chunks(),
        ) {
            let start = owned_io::futures_family::AsyncWriteAllExt::write_all_buf_owned;
            prop_assert_eq!(
                owned_write_buf(&steps, vectored, &lengths, start),
                tokio_write_buf(&steps, vectored, &lengths)
            );
        }

        /// The futures family offers every gathered chunk, vectored writer or not, so a lie is
        /// a count over all of them: scripted here on vectored writers, where tokio's calls
        /// offer the same.
        #[cfg(feature = "futures-io")]
        #[test]
        fn futures_family_lie_is_an_invalid_data_error_at_that_call(
            steps in script(any_step()),
            lengths in chunks(),
        ) {
            let start = owned_io::futures_family::AsyncWriteAllExt::write_all_buf_owned;
            prop_assert_eq!(
                owned_write_buf(&steps, true, &lengths, start),
                tokio_write_buf(&lies_as_errors(&steps), true, &lengths)
            );
        }
    }
}

/// The futures family's owned futures against futures-util's `read_exact` / `write_all`.
#[cfg(feature = "futures-io")]
mod futures_family {
    use super::*;

    /// futures-util returns `Interrupted` where the owned futures retry it: these scripts
    /// leave it out, and the retry has tests of its own.
    pub(crate) fn step_without_interrupted() -> impl Strategy<Value = Step> {
        any_step().prop_filter("futures-util returns Interrupted", |step| {
            *step != Step::Fail(ErrorKind::Interrupted)
        })
    }

    /// futures-util panics on a lying I/O object, so scripts for it are honest.
    pub(crate) fn honest_step_without_interrupted() -> impl Strategy<Value = Step> {
        step_without_interrupted().prop_filter("futures-util panics on lies", |step| {
            !matches!(step, Step::Lie(_))
        })
    }

    fn futures_read(steps: &[Step], len: usize) -> Observed {
        let mut reader = ScriptedReader::new(steps.to_vec());
        let mut buf = vec![0u8; len];
        let (out, polls) = drive(&mut futures::io::AsyncReadExt::read_exact(
            &mut reader,
            &mut buf,
        ));
        Observed {
            result: out.map_err(|e| e.kind()),
            polls,
            calls: reader.calls,
            bytes: buf,
        }
    }

    fn futures_write(steps: &[Step], len: usize) -> Observed {
        let mut writer = ScriptedWriter::new(steps.to_vec());
        let buf = stream(len);
        let (out, polls) = drive(&mut futures::io::AsyncWriteExt::write_all(
            &mut writer,
            &buf,
        ));
        Observed {
            result: out.map_err(|e| e.kind()),
            polls,
            calls: writer.calls,
            bytes: writer.written,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(CASES))]

        #[test]
        fn read_exact_owned_matches_futures_util(
            steps in script(honest_step_without_interrupted()),
            len in 0usize..64,
        ) {
            let start = owned_io::futures_family::AsyncReadExactExt::read_exact_owned;
            prop_assert_eq!(owned_read(&steps, len, start), futures_read(&steps, len));
        }

        #[test]
        fn write_all_owned_matches_futures_util(
            steps in script(honest_step_without_interrupted()),
            len in 0usize..64,
        ) {
            let start = owned_io::futures_family::AsyncWriteAllExt::write_all_owned;
            prop_assert_eq!(owned_write(&steps, len, start), futures_write(&steps, len));
        }

        #[test]
        fn a_lie_is_an_invalid_data_error_at_that_call(
            steps in script(step_without_interrupted()),
            len in 0usize..64,
        ) {
            let as_errors = lies_as_errors(&steps);
            let read = owned_io::futures_family::AsyncReadExactExt::read_exact_owned;
            prop_assert_eq!(owned_read(&steps, len, read), futures_read(&as_errors, len));
            let write = owned_io::futures_family::AsyncWriteAllExt::write_all_owned;
            prop_assert_eq!(owned_write(&steps, len, write), futures_write(&as_errors, len));
        }

        /// With `Interrupted` in the script, the futures family retries it as tokio's built-ins
        /// do: tokio's are the reference here, on the tokio face of the same script.
        #[test]
        fn interrupted_is_retried_as_tokio_does(steps in script(any_step()), len in 0usize..64) {
            let as_errors = lies_as_errors(&steps);
            let read = owned_io::futures_family::AsyncReadExactExt::read_exact_owned;
            prop_assert_eq!(owned_read(&steps, len, read), tokio_read(&as_errors, len));
            let write = owned_io::futures_family::AsyncWriteAllExt::write_all_owned;
            prop_assert_eq!(owned_write(&steps, len, write), tokio_write(&as_errors, len));
        }
    }
}

/// `read_owned` and `read_to_end_owned` against tokio's `read_buf` / `read_to_end` and
/// futures-util's `read` / `read_to_end`: the same bytes, error kinds, polls, `poll_read` calls
/// and bytes offered to each call; the owned side also reports its exact progress.
#[cfg(feature = "bytes")]
mod reads_the_peer_decides {
    use super::*;
    use bytes::BytesMut;
    use std::io;

    /// What a caller and the reader can observe of one read into spare capacity.
    #[derive(Debug, PartialEq, Eq)]
    struct Spare {
        observed: Observed,
        offers: Vec<usize>,
        capacity: usize,
    }

    fn spare(
        out: io::Result<usize>,
        polls: usize,
        reader: &ScriptedReader,
        bytes: &[u8],
        capacity: usize,
    ) -> Spare {
        Spare {
            observed: Observed {
                result: out.map(|_| ()).map_err(|e| e.kind()),
                polls,
                calls: reader.calls,
                bytes: bytes.to_vec(),
            },
            offers: reader.offers.clone(),
            capacity,
        }
    }

    fn tokio_read_buf(steps: &[Step], cap: usize) -> Spare {
        let mut reader = ScriptedReader::new(steps.to_vec());
        let mut buf = BytesMut::with_capacity(cap);
        let (out, polls) = {
            let (reader, buf) = (&mut reader, &mut buf);
            let mut fut = Box::pin(async move {
                loop {
                    match reader.read_buf(buf).await {
                        Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                        other => return other,
                    }
                }
            });
            drive(&mut fut)
        };
        spare(out, polls, &reader, &buf, buf.capacity())
    }

    type ReadOwnedOutput<B> =
        Result<(ScriptedReader, B, usize), owned_io::ReadError<ScriptedReader, B>>;

    /// Runs an owned read, tokio's or the futures family's, as `start` makes it.
    fn owned_read_buf<F>(
        steps: &[Step],
        cap: usize,
        start: fn(ScriptedReader, BytesMut) -> F,
    ) -> Spare
    where
        F: std::future::Future<Output = ReadOwnedOutput<BytesMut>> + Unpin,
    {
        let reader = ScriptedReader::new(steps.to_vec());
        let (out, polls) = drive(&mut start(reader, BytesMut::with_capacity(cap)));
        let (out, reader, buf) = match out {
            Ok((reader, buf, n)) => {
                assert_eq!(n, buf.len(), "the count is what was appended");
                (Ok(n), reader, buf)
            }
            Err(err) => {
                assert_eq!(err.filled(), 0);
                let (error, reader, buf) = err.into_parts();
                (Err(error), reader, buf)
            }
        };
        assert_eq!(buf[..], stream(reader.delivered())[..]);
        let capacity = buf.capacity();
        spare(out, polls, &reader, &buf, capacity)
    }

    fn tokio_read_to_end(steps: &[Step], prefix: usize, cap: usize) -> Spare {
        let mut reader = ScriptedReader::new(steps.to_vec());
        let mut buf = Vec::with_capacity(cap);
        buf.resize(prefix, b'^');
        let (out, polls) = drive(&mut Box::pin(reader.read_to_end(&mut buf)));
        spare(out, polls, &reader, &buf, buf.capacity())
    }

    type ReadToEndOutput = ReadOwnedOutput<Vec<u8>>;

    fn owned_read_to_end<F>(
        steps: &[Step],
        prefix: usize,
        cap: usize,
        start: fn(ScriptedReader, Vec<u8>, usize) -> F,
    ) -> Spare
    where
        F: std::future::Future<Output = ReadToEndOutput> + Unpin,
    {
        let reader = ScriptedReader::new(steps.to_vec());
        let mut buf = Vec::with_capacity(cap);
        buf.resize(prefix, b'^');
        let (out, polls) = drive(&mut start(reader, buf, usize::MAX));
        let (out, reader, buf) = match out {
            Ok((reader, buf, n)) => (Ok(n), reader, buf),
            Err(err) => {
                let filled = err.filled();
                let (error, reader, buf) = err.into_parts();
                assert_eq!(filled, reader.delivered(), "filled() is the exact progress");
                (Err(error), reader, buf)
            }
        };
        if let Ok(n) = out {
            assert_eq!(n, reader.delivered(), "the count is what was appended");
        }
        assert_eq!(buf[prefix..], stream(reader.delivered())[..]);
        let capacity = buf.capacity();
        spare(out, polls, &reader, &buf, capacity)
    }

    fn buffer_shape() -> impl Strategy<Value = (usize, usize)> {
        prop_oneof![
            Just(0usize),
            Just(8),
            Just(32),
            Just(40),
            Just(64),
            0usize..100
        ]
        .prop_flat_map(|cap| (0..=cap, Just(cap)))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(CASES))]

        /// tokio's `read_buf` returns `Interrupted`; the reference retries it as a caller must,
        /// which is what `read_owned` does by itself.
        #[test]
        fn read_owned_matches_tokio_read_buf(steps in script(honest_step()), cap in 0usize..80) {
            let start = owned_io::AsyncReadOwnedExt::read_owned;
            prop_assert_eq!(owned_read_buf(&steps, cap, start), tokio_read_buf(&steps, cap));
        }

        #[test]
        fn read_owned_lie_is_an_invalid_data_error_at_that_call(
            steps in script(any_step()),
            cap in 0usize..80,
        ) {
            let start = owned_io::AsyncReadOwnedExt::read_owned;
            prop_assert_eq!(
                owned_read_buf(&steps, cap, start),
                tokio_read_buf(&lies_as_errors(&steps), cap)
            );
        }

        #[test]
        fn read_to_end_owned_matches_tokio(
            steps in script(honest_step()),
            (prefix, cap) in buffer_shape(),
        ) {
            let start = owned_io::AsyncReadOwnedExt::read_to_end_owned;
            prop_assert_eq!(
                owned_read_to_end(&steps, prefix, cap, start),
                tokio_read_to_end(&steps, prefix, cap)
            );
        }

        /// tokio's `read_to_end` asserts on a reader that swaps its `ReadBuf`; the owned read
        /// makes that call an `InvalidData` error.
        #[test]
        fn read_to_end_owned_lie_is_an_invalid_data_error_at_that_call(
            steps in script(any_step()),
            (prefix, cap) in buffer_shape(),
        ) {
            let start = owned_io::AsyncReadOwnedExt::read_to_end_owned;
            prop_assert_eq!(
                owned_read_to_end(&steps, prefix, cap, start),
                tokio_read_to_end(&lies_as_errors(&steps), prefix, cap)
            );
        }
    }

    #[cfg(feature = "futures-io")]
    mod futures_family {
        use super::*;
        use crate::futures_family::{honest_step_without_interrupted, step_without_interrupted};
        use futures::io::AsyncReadExt as FuturesRead;

        /// futures-util's `read` into a slice of `cap` bytes, retried on `Interrupted`.
        fn futures_read(steps: &[Step], cap: usize) -> Spare {
            let mut reader = ScriptedReader::new(steps.to_vec());
            let mut slice = vec![0u8; cap];
            let (out, polls) = {
                let (reader, slice) = (&mut reader, &mut slice);
                let mut fut = Box::pin(async move {
                    loop {
                        match FuturesRead::read(reader, slice).await {
                            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                            other => return other,
                        }
                    }
                });
                drive(&mut fut)
            };
            let n = *out.as_ref().unwrap_or(&0);
            let mut got = BytesMut::with_capacity(cap);
            got.extend_from_slice(&slice[..n]);
            spare(out, polls, &reader, &got, got.capacity())
        }

        fn futures_read_to_end(steps: &[Step], prefix: usize, cap: usize) -> Spare {
            let mut reader = ScriptedReader::new(steps.to_vec());
            let mut buf = Vec::with_capacity(cap);
            buf.resize(prefix, b'^');
            let (out, polls) = drive(&mut FuturesRead::read_to_end(&mut reader, &mut buf));
            spare(out, polls, &reader, &buf, buf.capacity())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(CASES))]

            #[test]
            fn read_owned_matches_futures_util_read(
                steps in script(honest_step()),
                cap in 1usize..80,
            ) {
                let start = owned_io::futures_family::AsyncReadOwnedExt::read_owned;
                prop_assert_eq!(owned_read_buf(&steps, cap, start), futures_read(&steps, cap));
            }

            /// futures-util's `read` panics on a lie; the owned read makes it an error.
            #[test]
            fn read_owned_lie_is_an_invalid_data_error_at_that_call(
                steps in script(any_step()),
                cap in 1usize..80,
            ) {
                let start = owned_io::futures_family::AsyncReadOwnedExt::read_owned;
                prop_assert_eq!(
                    owned_read_buf(&steps, cap, start),
                    futures_read(&lies_as_errors(&steps), cap)
                );
            }

            /// futures-util's `read_to_end` returns `Interrupted`, and calling it again grows
            /// the vector where one uninterrupted call would not: these scripts leave it out,
            /// and the retry has tests of its own.
            #[test]
            fn read_to_end_owned_matches_futures_util(
                steps in script(honest_step_without_interrupted()),
                (prefix, cap) in buffer_shape(),
            ) {
                let start = owned_io::futures_family::AsyncReadOwnedExt::read_to_end_owned;
                prop_assert_eq!(
                    owned_read_to_end(&steps, prefix, cap, start),
                    futures_read_to_end(&steps, prefix, cap)
                );
            }

            #[test]
            fn read_to_end_owned_lie_is_an_invalid_data_error_at_that_call(
                steps in script(step_without_interrupted()),
                (prefix, cap) in buffer_shape(),
            ) {
                let start = owned_io::futures_family::AsyncReadOwnedExt::read_to_end_owned;
                prop_assert_eq!(
                    owned_read_to_end(&steps, prefix, cap, start),
                    futures_read_to_end(&lies_as_errors(&steps), prefix, cap)
                );
            }
        }
    }
}

/// `read_until_owned` and `read_line_owned` against tokio's `read_until` / `read_line` and
/// futures-util's, on buffered readers of every capacity over scripted readers: the same bytes,
/// error kinds, polls, `poll_read` calls and bytes consumed from the stream.
mod delimited {
    use super::*;
    use std::io;

    /// Every step a reader behind a `BufReader` takes (a lie is the `BufReader`'s business).
    fn step() -> impl Strategy<Value = Step> {
        honest_step()
    }

    /// What a caller and the reader can observe of one delimited read.
    #[derive(Debug, PartialEq, Eq)]
    struct Delimited {
        observed: Observed,
        /// Bytes taken from the stream, and of those still buffered, unconsumed.
        delivered: usize,
        buffered: usize,
    }

    fn tokio_until(steps: &[Step], capacity: usize, delim: u8) -> Delimited {
        let mut reader =
            tokio::io::BufReader::with_capacity(capacity, ScriptedReader::new(steps.to_vec()));
        let mut buf = b"^".to_vec();
        let (out, polls) = drive(&mut Box::pin(tokio::io::AsyncBufReadExt::read_until(
            &mut reader,
            delim,
            &mut buf,
        )));
        Delimited {
            observed: Observed {
                result: out.map(|_| ()).map_err(|e| e.kind()),
                polls,
                calls: reader.get_ref().calls,
                bytes: buf,
            },
            delivered: reader.get_ref().delivered(),
            buffered: reader.buffer().len(),
        }
    }

    fn tokio_line(steps: &[Step], capacity: usize) -> (Delimited, Option<String>) {
        let mut reader =
            tokio::io::BufReader::with_capacity(capacity, ScriptedReader::new(steps.to_vec()));
        let mut line = String::from("^");
        let (out, polls) = drive(&mut Box::pin(tokio::io::AsyncBufReadExt::read_line(
            &mut reader,
            &mut line,
        )));
        let ok = out.is_ok();
        let observed = Delimited {
            observed: Observed {
                result: out.map(|_| ()).map_err(|e| e.kind()),
                polls,
                calls: reader.get_ref().calls,
                bytes: Vec::new(),
            },
            delivered: reader.get_ref().delivered(),
            buffered: reader.buffer().len(),
        };
        (observed, ok.then_some(line))
    }

    type Output<B> = Result<
        (tokio::io::BufReader<ScriptedReader>, B, usize),
        owned_io::ReadError<tokio::io::BufReader<ScriptedReader>, Vec<u8>>,
    >;

    /// The parts of a finished owned read, with its count checked against the buffer.
    fn parts<B: AsRef<[u8]>>(
        out: Output<B>,
    ) -> (
        io::Result<usize>,
        tokio::io::BufReader<ScriptedReader>,
        Vec<u8>,
    ) {
        match out {
            Ok((reader, buf, n)) => {
                assert_eq!(n, buf.as_ref().len() - 1, "the count is what was appended");
                (Ok(n), reader, buf.as_ref().to_vec())
            }
            Err(err) => {
                let filled = err.filled();
                let (error, reader, buf) = err.into_parts();
                assert_eq!(filled, buf.len() - 1, "filled() is the exact progress");
                (Err(error), reader, buf)
            }
        }
    }

    fn owned_until(steps: &[Step], capacity: usize, delim: u8) -> Delimited {
        let reader =
            tokio::io::BufReader::with_capacity(capacity, ScriptedReader::new(steps.to_vec()));
        let read = owned_io::AsyncBufReadOwnedExt::read_until_owned(
            reader,
            delim,
            b"^".to_vec(),
            usize::MAX,
        );
        let (out, polls) = drive(&mut { read });
        let (out, reader, buf) = parts(out);
        Delimited {
            observed: Observed {
                result: out.map(|_| ()).map_err(|e| e.kind()),
                polls,
                calls: reader.get_ref().calls,
                bytes: buf,
            },
            delivered: reader.get_ref().delivered(),
            buffered: reader.buffer().len(),
        }
    }

    fn owned_line(steps: &[Step], capacity: usize) -> (Delimited, Option<String>, Vec<u8>) {
        let reader =
            tokio::io::BufReader::with_capacity(capacity, ScriptedReader::new(steps.to_vec()));
        let read =
            owned_io::AsyncBufReadOwnedExt::read_line_owned(reader, String::from("^"), usize::MAX);
        let (out, polls) = drive(&mut { read });
        let (out, line, reader, bytes) = match out {
            Ok((reader, line, n)) => {
                assert_eq!(n, line.len() - 1);
                (Ok(()), Some(line.clone()), reader, line.into_bytes())
            }
            Err(err) => {
                let (error, reader, bytes) = err.into_parts();
                (Err(error.kind()), None, reader, bytes)
            }
        };
        let observed = Delimited {
            observed: Observed {
                result: out,
                polls,
                calls: reader.get_ref().calls,
                bytes: Vec::new(),
            },
            delivered: reader.get_ref().delivered(),
            buffered: reader.buffer().len(),
        };
        (observed, line, bytes)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(CASES))]

        #[test]
        fn read_until_owned_matches_tokio(
            steps in script(step()),
            capacity in 1usize..40,
            delim in any::<u8>(),
        ) {
            prop_assert_eq!(owned_until(&steps, capacity, delim), tokio_until(&steps, capacity, delim));
        }

        /// The same outcome as tokio's `read_line`; where that is invalid UTF-8, the owned
        /// error holds the raw bytes that tokio's `read_until` would have appended.
        #[test]
        fn read_line_owned_matches_tokio(steps in script(step()), capacity in 1usize..40) {
            let (owned, line, bytes) = owned_line(&steps, capacity);
            let (tokio, tokio_line) = tokio_line(&steps, capacity);
            prop_assert_eq!(&owned, &tokio);
            prop_assert_eq!(line, tokio_line);
            prop_assert_eq!(bytes, tokio_until(&steps, capacity, b'\n').observed.bytes);
        }
    }

    #[cfg(feature = "futures-io")]
    mod futures_family {
        use super::*;
        use crate::futures_family::honest_step_without_interrupted;
        use futures::io::BufReader;

        fn futures_until(steps: &[Step], capacity: usize, delim: u8) -> Delimited {
            let mut reader =
                BufReader::with_capacity(capacity, ScriptedReader::new(steps.to_vec()));
            let mut buf = b"^".to_vec();
            let (out, polls) = drive(&mut futures::io::AsyncBufReadExt::read_until(
                &mut reader,
                delim,
                &mut buf,
            ));
            Delimited {
                observed: Observed {
                    result: out.map(|_| ()).map_err(|e| e.kind()),
                    polls,
                    calls: reader.get_ref().calls,
                    bytes: buf,
                },
                delivered: reader.get_ref().delivered(),
                buffered: reader.buffer().len(),
            }
        }

        fn owned_until(steps: &[Step], capacity: usize, delim: u8) -> Delimited {
            let reader = BufReader::with_capacity(capacity, ScriptedReader::new(steps.to_vec()));
            let read = owned_io::futures_family::AsyncBufReadOwnedExt::read_until_owned(
                reader,
                delim,
                b"^".to_vec(),
                usize::MAX,
            );
            let (out, polls) = drive(&mut { read });
            let (out, reader, buf) = match out {
                Ok((reader, buf, n)) => {
                    assert_eq!(n, buf.len() - 1);
                    (Ok(()), reader, buf)
                }
                Err(err) => {
                    let (error, reader, buf) = err.into_parts();
                    (Err(error.kind()), reader, buf)
                }
            };
            Delimited {
                observed: Observed {
                    result: out,
                    polls,
                    calls: reader.get_ref().calls,
                    bytes: buf,
                },
                delivered: reader.get_ref().delivered(),
                buffered: reader.buffer().len(),
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(CASES))]

            /// futures-util returns `Interrupted`: these scripts leave it out.
            #[test]
            fn read_until_owned_matches_futures_util(
                steps in script(honest_step_without_interrupted()),
                capacity in 1usize..40,
                delim in any::<u8>(),
            ) {
                prop_assert_eq!(
                    owned_until(&steps, capacity, delim),
                    futures_until(&steps, capacity, delim)
                );
            }

            /// With `Interrupted` in the script, the futures family retries it as tokio does.
            #[test]
            fn interrupted_is_retried_as_tokio_does(
                steps in script(step()),
                capacity in 1usize..40,
                delim in any::<u8>(),
            ) {
                prop_assert_eq!(
                    owned_until(&steps, capacity, delim),
                    tokio_until(&steps, capacity, delim)
                );
            }
        }
    }
}

/// `copy_owned` against `tokio::io::copy` on scripted reader and writer pairs, with the owned
/// copy's buffer as large as tokio's own (8 KiB): the same bytes delivered, the same error
/// kinds, the same read, write and flush calls; and where the copy fails, the bytes read but not
/// written are exactly the pending range of the buffer handed back.
mod copies {
    use super::*;

    /// What the reader, the writer and the caller can observe of one copy.
    #[derive(Debug, PartialEq, Eq)]
    struct Copied {
        result: Result<u64, ErrorKind>,
        written: Vec<u8>,
        reads: usize,
        writes: usize,
        flushes: usize,
    }

    fn tokio_copy(reads: &[Step], writes: &[Step]) -> Copied {
        let mut reader = ScriptedReader::new(reads.to_vec());
        let mut writer = ScriptedWriter::new(writes.to_vec());
        let (out, _) = drive(&mut Box::pin(tokio::io::copy(&mut reader, &mut writer)));
        Copied {
            result: out.map_err(|e| e.kind()),
            written: writer.written,
            reads: reader.calls,
            writes: writer.calls,
            flushes: writer.flushes,
        }
    }

    type CopyOutput = Result<
        (ScriptedReader, ScriptedWriter, Vec<u8>, u64),
        owned_io::CopyError<ScriptedReader, ScriptedWriter, Vec<u8>>,
    >;

    fn owned_copy<F>(
        reads: &[Step],
        writes: &[Step],
        start: fn(ScriptedReader, ScriptedWriter, Vec<u8>) -> F,
    ) -> Copied
    where
        F: Future<Output = CopyOutput> + Unpin,
    {
        let reader = ScriptedReader::new(reads.to_vec());
        let writer = ScriptedWriter::new(writes.to_vec());
        let (out, _) = drive(&mut start(reader, writer, vec![0u8; 8 << 10]));
        let (result, reader, writer) = match out {
            Ok((reader, writer, _, n)) => {
                assert_eq!(writer.written, stream(reader.delivered()));
                (Ok(n), reader, writer)
            }
            Err(err) => {
                let (kind, copied, pending) = (err.kind(), err.copied(), err.pending());
                let (_, reader, writer, buf) = err.into_parts();
                assert_eq!(copied as usize, writer.written.len());
                assert_eq!(
                    writer.written_then(&buf[pending]),
                    stream(reader.delivered()),
                    "pending bytes exactly"
                );
                (Err(kind), reader, writer)
            }
        };
        Copied {
            result,
            written: writer.written,
            reads: reader.calls,
            writes: writer.calls,
            flushes: writer.flushes,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(CASES))]

        #[test]
        fn copy_owned_matches_tokio_copy(reads in script(honest_step()), writes in script(honest_step())) {
            prop_assert_eq!(owned_copy(&reads, &writes, owned_io::copy_owned), tokio_copy(&reads, &writes));
        }

        /// tokio's `copy` panics on a writer or reader that lies; the owned copy makes that
        /// call an `InvalidData` error.
        #[test]
        fn a_lie_is_an_invalid_data_error_at_that_call(reads in script(any_step()), writes in script(any_step())) {
            prop_assert_eq!(
                owned_copy(&reads, &writes, owned_io::copy_owned),
                tokio_copy(&lies_as_errors(&reads), &lies_as_errors(&writes))
            );
        }

        /// Abandoned with `into_parts` at every `Pending` and resumed from its progress, the
        /// copy delivers the same bytes as tokio's `copy` does uninterrupted, each exactly once.
        #[test]
        fn abandoned_and_resumed_at_every_pending_it_delivers_every_byte_once(
            reads in script(honest_step()),
            writes in script(honest_step()),
            size in 1usize..64,
        ) {
            let reader = ScriptedReader::new(reads.clone());
            let writer = ScriptedWriter::new(writes.clone());
            let mut copy = owned_io::copy_owned(reader, writer, vec![0u8; size]);
            let (result, writer) = loop {
                match support::poll_once(&mut copy) {
                    std::task::Poll::Ready(Ok((_, writer, _, n))) => break (Ok(n), writer),
                    std::task::Poll::Ready(Err(err)) => {
                        let kind = err.kind();
                        break (Err(kind), err.into_parts().2);
                    }
                    std::task::Poll::Pending => {
                        let (r, w, buf, progress) = copy.into_parts().expect("in flight");
                        prop_assert_eq!(
                            w.written_then(&buf[progress.pending()]),
                            stream(r.delivered())
                        );
                        copy = owned_io::CopyOwned::resume(r, w, buf, progress);
                    }
                }
            };
            // The bytes written are those tokio's copy writes through a buffer of `size` bytes:
            // a prefix of the stream, all of it when both succeed.
            prop_assert_eq!(&writer.written[..], &stream(writer.written.len())[..]);
            if let (Ok(n), Ok(m)) = (result, tokio_copy(&reads, &writes).result) {
                prop_assert_eq!(n, m);
            }
        }

        /// The futures family's copy makes the same calls (futures-util's `copy` goes through a
        /// `BufReader` of its own, so tokio's is the reference).
        #[cfg(feature = "futures-io")]
        #[test]
        fn futures_family_copy_owned_matches_tokio_copy(reads in script(any_step()), writes in script(any_step())) {
            prop_assert_eq!(
                owned_copy(&reads, &writes, owned_io::futures_family::copy_owned),
                tokio_copy(&lies_as_errors(&reads), &lies_as_errors(&writes))
            );
        }
    }
}
