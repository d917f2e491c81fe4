//! The side-by-side scenarios, shared by the criterion benches (`benches/owned_vs_builtin.rs`)
//! and the quick comparison (`examples/compare.rs`).
//!
//! Each scenario runs the same work twice: once with owned-io, once with a baseline (tokio's or
//! futures-util's borrowed built-in, a boxed future, tokio-util's `FramedRead`). A side is a
//! closure that performs `iters` operations and returns the time they took, so criterion can
//! drive it with `iter_custom` and the comparison can alternate the two sides round by round.
#![allow(dead_code)]

use std::future::Future;
use std::hint::black_box;
use std::io;
use std::pin::{pin, Pin};
use std::sync::Arc;
use std::task::{ready, Context, Poll, Wake, Waker};
use std::time::{Duration, Instant};

use bytes::{Buf, Bytes};
use futures::Stream;
use owned_io::{AsyncReadExactExt, AsyncWriteAllExt};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

mod copies;
mod lines;
mod loops;
mod reads;
#[cfg(all(feature = "splice", any(target_os = "linux", target_os = "android")))]
mod splices;

/// The frame reader of `examples/framed.rs`.
#[allow(dead_code)]
#[path = "../../examples/framed.rs"]
mod framed;

/// `iters` operations; returns how long they took.
pub type Run = Box<dyn FnMut(u64) -> Duration>;

/// What a scenario's ratio (ours / baseline) is held to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Target {
    /// Parity: ours / baseline at most 1.03.
    Parity,
    /// Ours / baseline at most this.
    AtMost(f64),
    /// No target: where we stand.
    Report,
}

impl Target {
    pub fn limit(self) -> Option<f64> {
        match self {
            Target::Parity => Some(1.03),
            Target::AtMost(limit) => Some(limit),
            Target::Report => None,
        }
    }
}

pub struct Side {
    pub name: &'static str,
    pub run: Run,
}

pub struct Scenario {
    /// The criterion group, e.g. `read_exact/memory`.
    pub group: &'static str,
    /// What varies inside the group, e.g. `4 KiB`.
    pub case: String,
    pub ours: Side,
    pub baseline: Side,
    pub target: Target,
}

impl Scenario {
    fn new(
        group: &'static str,
        case: impl Into<String>,
        target: Target,
        ours: Side,
        baseline: Side,
    ) -> Self {
        Self {
            group,
            case: case.into(),
            ours,
            baseline,
            target,
        }
    }
}

fn side(name: &'static str, run: impl FnMut(u64) -> Duration + 'static) -> Side {
    Side {
        name,
        run: Box::new(run),
    }
}

/// Every scenario, in the order the comparison prints them.
pub fn all() -> Vec<Scenario> {
    let mut all = Vec::new();
    for size in [8, 4 << 10, 1 << 20] {
        all.push(read_memory_tokio(size));
        #[cfg(feature = "futures-io")]
        all.push(futures_family::read_memory(size));
    }
    all.push(read_array_tokio());
    #[cfg(feature = "futures-io")]
    all.push(futures_family::read_array());
    #[cfg(feature = "futures-io")]
    all.push(futures_family::read_array_floor());
    all.push(read_pending_tokio());
    #[cfg(feature = "futures-io")]
    all.push(futures_family::read_pending());
    for max in [64, 4 << 10] {
        all.push(write_memory_tokio(max));
        #[cfg(feature = "futures-io")]
        all.push(futures_family::write_memory(max));
    }
    all.push(duplex());
    all.push(tcp());
    all.extend(frame_stream());
    all.push(frame_stream_tcp());
    all.extend(header_and_body_tcp());
    all.extend(reads::all());
    all.extend(lines::all());
    all.extend(loops::all());
    all.extend(copies::all());
    #[cfg(all(feature = "splice", any(target_os = "linux", target_os = "android")))]
    all.extend(splices::all());
    all
}

struct Noop;

impl Wake for Noop {
    fn wake(self: Arc<Self>) {}

    /// The default clones the `Arc` to call `wake`: two atomic operations per `Pending` that
    /// would swamp what the pending-reader scenario measures.
    fn wake_by_ref(self: &Arc<Self>) {}
}

/// A waker that does nothing: the in-memory I/O objects here are ready at once or wake
/// themselves before returning `Pending`. Each side makes one up front, since making a waker
/// allocates.
pub fn noop_waker() -> Waker {
    Waker::from(Arc::new(Noop))
}

/// Polls `fut` to completion on this thread.
#[inline(always)]
pub fn run_local<F: Future>(waker: &Waker, fut: F) -> F::Output {
    let mut cx = Context::from_waker(waker);
    let mut fut = pin!(fut);
    loop {
        if let Poll::Ready(out) = fut.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

fn timed(iters: u64, mut op: impl FnMut()) -> Duration {
    let start = Instant::now();
    for _ in 0..iters {
        op();
    }
    start.elapsed()
}

/// Times `iters` operations that each take what they own by value and hand it back, as a loop
/// over an owned API is written: the state is a local of the loop, moved into each operation
/// and out of it, and goes back into `state` for the next batch.
fn timed_owned<S>(iters: u64, state: &mut Option<S>, mut op: impl FnMut(S) -> S) -> Duration {
    let mut owned = state.take().expect("handed back after each batch");
    let start = Instant::now();
    for _ in 0..iters {
        owned = op(owned);
    }
    let took = start.elapsed();
    *state = Some(owned);
    took
}

/// A `read_exact/memory` scenario: `size` bytes from a slice, with the owned method `$owned`
/// against the borrowed `$borrowed`, each called as a function so that either family fits.
macro_rules! read_memory {
    ($size:expr, $ours:literal: $owned:path, $baseline:literal: $borrowed:path) => {{
        let size: usize = $size;
        let mut ours_buf = Some(aligned(|| vec![0u8; size], |b| b.as_ptr()));
        let data = Source::facing(ours_buf.as_deref().expect("just made"), size);
        let waker = noop_waker();
        let ours = side($ours, move |iters| {
            timed_owned(iters, &mut ours_buf, |buf| {
                let reader: &[u8] = black_box(data.bytes());
                let (_, buf) = run_local(&waker, $owned(reader, buf)).expect("enough bytes");
                black_box(&buf[..]);
                buf
            })
        });
        let mut buf = aligned(|| vec![0u8; size], |b| b.as_ptr());
        let data = Source::facing(&buf, size);
        let waker = noop_waker();
        let baseline = side($baseline, move |iters| {
            timed(iters, || {
                let mut reader: &[u8] = black_box(data.bytes());
                run_local(&waker, $borrowed(&mut reader, &mut buf)).expect("enough bytes");
                black_box(&buf[..]);
            })
        });
        Scenario::new(
            "read_exact/memory",
            size_label(size),
            Target::Parity,
            ours,
            baseline,
        )
    }};
}

/// A `read_exact/memory` scenario with a 4 KiB array passed by value,
/// `read_exact_owned([0u8; 4096])`, as a parser of fixed-size blocks writes it: the array moves
/// into the future and back out with the output on every call, where the borrowed built-in
/// reads into one array in place. Held to 1.10 of the borrowed time, which the two 4 KiB
/// copies a call keep out of reach: the row against a minimal owned future shows the floor.
macro_rules! read_array {
    ($ours:literal: $owned:path, $baseline:literal: $borrowed:path) => {{
        let (data, waker) = (vec![7u8; ARRAY], noop_waker());
        let mut buf = [0u8; ARRAY];
        let baseline = side($baseline, move |iters| {
            timed(iters, || {
                let mut reader: &[u8] = black_box(&data[..]);
                run_local(&waker, $borrowed(&mut reader, &mut buf)).expect("enough bytes");
                black_box(&buf[..]);
            })
        });
        let (ours, case) = (array_by_value!($ours: $owned), "4 KiB array by value");
        Scenario::new("read_exact/memory", case, Target::AtMost(1.10), ours, baseline)
    }};
}

/// The side that reads [`ARRAY`] bytes from a slice into an array passed by value to `$owned`,
/// and takes it back from the output.
macro_rules! array_by_value {
    ($name:literal: $owned:expr) => {{
        let (data, waker) = (vec![7u8; ARRAY], noop_waker());
        let mut ours_buf = Some([0u8; ARRAY]);
        side($name, move |iters| {
            timed_owned(iters, &mut ours_buf, |buf| {
                let reader: &[u8] = black_box(&data[..]);
                let (_, buf) = run_local(&waker, $owned(reader, buf)).expect("enough bytes");
                black_box(buf)
            })
        })
    }};
}

/// The array of the by-value array rows.
const ARRAY: usize = 4 << 10;

fn read_array_tokio() -> Scenario {
    read_array!(
        "owned-io": AsyncReadExactExt::read_exact_owned,
        "tokio read_exact": AsyncReadExt::read_exact
    )
}

fn read_memory_tokio(size: usize) -> Scenario {
    read_memory!(
        size,
        "owned-io": AsyncReadExactExt::read_exact_owned,
        "tokio read_exact": AsyncReadExt::read_exact
    )
}

/// A buffer from `make` whose bytes start at the beginning of a 4 KiB page where the allocator
/// offers one within 1024 tries (successive 4 KiB allocations step through a page 16 bytes at
/// a time), else the last one made. `memcpy` of a few KiB (`rep movsb`) runs at a speed that
/// depends on where in a page and on which cache-line boundary it starts: `read_exact` of
/// 4 KiB swung between 1.06 and 1.45 of tokio's time from one build to the next. Both sides of
/// an in-memory row get the same placement instead of what the allocator happened to give.
pub fn aligned<T>(make: impl Fn() -> T, start: impl Fn(&T) -> *const u8) -> T {
    let mut misses = Vec::new();
    loop {
        let buf = make();
        if start(&buf) as usize % 4096 == 0 || misses.len() == 1024 {
            return buf;
        }
        misses.push(buf); // kept until the loop ends, so the allocator offers another address
    }
}

/// The bytes an in-memory read copies from, placed at the same offset within a 4 KiB page as
/// the buffer they are copied into. How the two addresses fall relative to each other can
/// slow `memcpy` several times over (4K aliasing); fixing it keeps allocation luck out of the
/// comparison.
pub struct Source {
    data: Vec<u8>,
    offset: usize,
}

impl Source {
    fn facing(dst: &[u8], size: usize) -> Self {
        let data = vec![7u8; size + 4096];
        let offset = (dst.as_ptr() as usize).wrapping_sub(data.as_ptr() as usize) % 4096;
        Self { data, offset }
    }

    fn bytes(&self) -> &[u8] {
        &self.data[self.offset..]
    }
}

fn size_label(size: usize) -> String {
    match size {
        s if s >= 1 << 20 => format!("{} MiB", s >> 20),
        s if s >= 1 << 10 => format!("{} KiB", s >> 10),
        s => format!("{s} B"),
    }
}

/// How many bytes a pending-reader read takes: one `Pending` and one 1-byte read per byte.
const PENDING_READ: usize = 64;

/// A reader that hands out one byte a call and returns `Pending` (after waking) in between:
/// every byte is a trip out of and back into the state machine.
#[derive(Default)]
pub struct Trickle {
    pending_next: bool,
}

impl Trickle {
    fn step(&mut self, cx: &mut Context<'_>, room: usize) -> Poll<usize> {
        self.pending_next = !self.pending_next;
        if self.pending_next {
            cx.waker().wake_by_ref();
            Poll::Pending
        } else {
            Poll::Ready(room.min(1))
        }
    }
}

impl AsyncRead for Trickle {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let n = ready!(self.step(cx, buf.remaining()));
        buf.put_slice(&[0x5a; 1][..n]);
        Poll::Ready(Ok(()))
    }
}

/// A `read_exact/pending` scenario: 64 bytes from a [`Trickle`], owned against borrowed.
macro_rules! read_pending {
    ($ours:literal: $owned:path, $baseline:literal: $borrowed:path) => {{
        let mut ours_state = Some((Trickle::default(), [0u8; PENDING_READ]));
        let waker = noop_waker();
        let ours = side($ours, move |iters| {
            timed_owned(iters, &mut ours_state, |(reader, buf)| {
                let parts = run_local(&waker, $owned(reader, buf)).expect("never ends");
                black_box(&parts.1[..]);
                parts
            })
        });
        let mut reader = Trickle::default();
        let mut buf = [0u8; PENDING_READ];
        let waker = noop_waker();
        let baseline = side($baseline, move |iters| {
            timed(iters, || {
                run_local(&waker, $borrowed(&mut reader, &mut buf)).expect("never ends");
                black_box(&buf[..]);
            })
        });
        Scenario::new(
            "read_exact/pending",
            "64 x 1 B",
            Target::Parity,
            ours,
            baseline,
        )
    }};
}

fn read_pending_tokio() -> Scenario {
    read_pending!(
        "owned-io": AsyncReadExactExt::read_exact_owned,
        "tokio read_exact": AsyncReadExt::read_exact
    )
}

/// Bytes written per write operation.
const WRITE: usize = 4 << 10;

/// A writer that takes at most `max` bytes a call and throws them away.
pub struct Sink {
    max: usize,
    taken: u64,
}

impl Sink {
    fn take(&mut self, offered: usize) -> usize {
        let n = offered.min(self.max);
        self.taken += n as u64;
        n
    }
}

impl AsyncWrite for Sink {
    fn poll_write(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Poll::Ready(Ok(self.take(buf.len())))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// A `write_all/memory` scenario: 4 KiB into a [`Sink`] taking `max` a call.
macro_rules! write_memory {
    ($max:expr, $ours:literal: $owned:path, $baseline:literal: $borrowed:path) => {{
        let max: usize = $max;
        let mut ours_state = Some((Sink { max, taken: 0 }, vec![1u8; WRITE]));
        let waker = noop_waker();
        let ours = side($ours, move |iters| {
            timed_owned(iters, &mut ours_state, |(sink, buf)| {
                let parts = run_local(&waker, $owned(sink, buf)).expect("a sink takes all");
                black_box(parts.0.taken);
                parts
            })
        });
        let mut sink = Sink { max, taken: 0 };
        let buf = vec![1u8; WRITE];
        let waker = noop_waker();
        let baseline = side($baseline, move |iters| {
            timed(iters, || {
                run_local(&waker, $borrowed(&mut sink, black_box(&buf))).expect("a sink takes all");
                black_box(sink.taken);
            })
        });
        let case = format!("4 KiB, {} a call", size_label(max));
        Scenario::new("write_all/memory", case, Target::Parity, ours, baseline)
    }};
}

fn write_memory_tokio(max: usize) -> Scenario {
    write_memory!(
        max,
        "owned-io": AsyncWriteAllExt::write_all_owned,
        "tokio write_all": AsyncWriteExt::write_all
    )
}

/// Size of the frames that go through a duplex pipe or a TCP connection.
const FRAME: usize = 64 << 10;

fn current_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

fn two_workers() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
}

/// One end of a relay: sends `bytes` in chunks of `chunk` bytes and shuts its write side down,
/// while it reads what comes through a buffer of `chunk` bytes; returns how many bytes came.
async fn send_and_count(sock: TcpStream, bytes: usize, chunk: usize) -> usize {
    let (mut read, mut write) = sock.into_split();
    let sent = tokio::spawn(async move {
        let data = vec![0x5au8; chunk];
        for _ in 0..bytes / chunk {
            write.write_all(&data).await.expect("the proxy reads");
        }
        write.shutdown().await.expect("a shutdown");
        write
    });
    let mut buf = vec![0u8; chunk];
    let mut total = 0;
    loop {
        let n = read.read(&mut buf).await.expect("the proxy writes");
        if n == 0 {
            break;
        }
        total += n;
    }
    drop(sent.await.expect("no panic"));
    total
}

fn duplex() -> Scenario {
    let runtime = current_thread();
    let mut ours_state: Option<(DuplexStream, DuplexStream, Vec<u8>, Vec<u8>)> = {
        let (a, b) = tokio::io::duplex(FRAME);
        Some((a, b, vec![3u8; FRAME], vec![0u8; FRAME]))
    };
    let ours = side("owned-io", move |iters| {
        let (mut a, mut b, mut out, mut into) = ours_state.take().expect("handed back each time");
        let start = Instant::now();
        let state = runtime.block_on(async move {
            for _ in 0..iters {
                let (write, read) = tokio::join!(a.write_all_owned(out), b.read_exact_owned(into));
                (a, out) = write.expect("the pipe is open");
                (b, into) = read.expect("the pipe is open");
                black_box(&into);
            }
            (a, b, out, into)
        });
        let elapsed = start.elapsed();
        ours_state = Some(state);
        elapsed
    });
    let runtime = current_thread();
    let (mut a, mut b) = tokio::io::duplex(FRAME);
    let (out, mut into) = (vec![3u8; FRAME], vec![0u8; FRAME]);
    let tokio = side("tokio read_exact + write_all", move |iters| {
        let start = Instant::now();
        runtime.block_on(async {
            for _ in 0..iters {
                let (write, read) = tokio::join!(a.write_all(&out), b.read_exact(&mut into));
                write.expect("the pipe is open");
                read.expect("the pipe is open");
                black_box(&into);
            }
        });
        start.elapsed()
    });
    Scenario::new("duplex", "64 KiB frames", Target::Parity, ours, tokio)
}

/// A connected pair of TCP sockets on 127.0.0.1, made inside `runtime`.
fn tcp_pair(runtime: &tokio::runtime::Runtime) -> (TcpStream, TcpStream) {
    runtime.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let (client, accepted) = tokio::join!(
            TcpStream::connect(listener.local_addr().expect("an address")),
            listener.accept()
        );
        let (client, server) = (client.expect("connect"), accepted.expect("accept").0);
        client.set_nodelay(true).expect("nodelay");
        (client, server)
    })
}

fn tcp() -> Scenario {
    let runtime = two_workers();
    let (client, server) = tcp_pair(&runtime);
    let mut ours_state = Some((client, server, vec![9u8; FRAME], vec![0u8; FRAME]));
    let ours = side("owned-io", move |iters| {
        let (mut client, mut server, mut out, mut into) = ours_state.take().expect("handed back");
        let start = Instant::now();
        let state = runtime.block_on(async {
            let writer = tokio::spawn(async move {
                for _ in 0..iters {
                    (client, out) = client.write_all_owned(out).await.expect("the peer reads");
                }
                (client, out)
            });
            let reader = tokio::spawn(async move {
                for _ in 0..iters {
                    (server, into) = server
                        .read_exact_owned(into)
                        .await
                        .expect("the peer writes");
                }
                (server, into)
            });
            let ((c, o), (s, i)) = (
                writer.await.expect("no panic"),
                reader.await.expect("no panic"),
            );
            (c, s, o, i)
        });
        let elapsed = start.elapsed();
        ours_state = Some(state);
        elapsed
    });
    let runtime = two_workers();
    let (client, server) = tcp_pair(&runtime);
    let mut tokio_state = Some((client, server, vec![9u8; FRAME], vec![0u8; FRAME]));
    let tokio = side("tokio read_exact + write_all", move |iters| {
        let (mut client, mut server, out, mut into) = tokio_state.take().expect("handed back");
        let start = Instant::now();
        let state = runtime.block_on(async {
            let writer = tokio::spawn(async move {
                for _ in 0..iters {
                    client.write_all(&out).await.expect("the peer reads");
                }
                (client, out)
            });
            let reader = tokio::spawn(async move {
                for _ in 0..iters {
                    server.read_exact(&mut into).await.expect("the peer writes");
                }
                (server, into)
            });
            let ((c, o), (s, i)) = (
                writer.await.expect("no panic"),
                reader.await.expect("no panic"),
            );
            (c, s, o, i)
        });
        let elapsed = start.elapsed();
        tokio_state = Some(state);
        elapsed
    });
    Scenario::new("tcp", "64 KiB frames, 2 tasks", Target::Parity, ours, tokio)
}

/// Length-prefixed frames of 1 to 1024 bytes, from a fixed seed.
fn frames_in_memory() -> &'static [u8] {
    let mut state = 0x5eed_u64;
    let mut bytes = Vec::new();
    for _ in 0..FRAMES_PER_PASS {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let len = 1 + (state >> 33) as usize % 1024;
        bytes.extend_from_slice(&(len as u32).to_be_bytes());
        bytes.extend((0..len).map(|i| i as u8));
    }
    Box::leak(bytes.into_boxed_slice())
}

/// Frames decoded per `frame_stream` operation: one pass over [`frames_in_memory`].
pub const FRAMES_PER_PASS: usize = 1000;

type BoxedFrame<R> = Pin<Box<dyn Future<Output = io::Result<Option<(R, Vec<u8>)>>> + Send>>;

/// The same `Stream` as users write it today with tokio's borrowed `read_exact`: an
/// `async move` block per frame, boxed to be stored.
pub struct BoxedFrames<R> {
    next: Option<BoxedFrame<R>>,
}

impl<R: AsyncRead + Unpin + Send + 'static> BoxedFrames<R> {
    pub fn new(reader: R) -> Self {
        Self {
            next: Some(Self::frame(reader)),
        }
    }

    fn frame(mut reader: R) -> BoxedFrame<R> {
        Box::pin(async move {
            let mut header = [0u8; 4];
            match reader.read_exact(&mut header).await {
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
                Err(e) => return Err(e),
            }
            let mut body = vec![0u8; u32::from_be_bytes(header) as usize];
            reader.read_exact(&mut body).await?;
            Ok(Some((reader, body)))
        })
    }
}

impl<R: AsyncRead + Unpin + Send + 'static> Stream for BoxedFrames<R> {
    type Item = io::Result<Vec<u8>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let Some(next) = self.next.as_mut() else {
            return Poll::Ready(None);
        };
        let out = ready!(next.as_mut().poll(cx));
        self.next = None;
        Poll::Ready(match out {
            Ok(Some((reader, body))) => {
                self.next = Some(Self::frame(reader));
                Some(Ok(body))
            }
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        })
    }
}

/// Decodes every frame of `stream`, `iters` times over, each pass on a fresh stream.
fn passes<S, F>(iters: u64, mut make: impl FnMut() -> S) -> Duration
where
    S: Stream<Item = io::Result<F>>,
    F: AsRef<[u8]>,
{
    use futures::StreamExt;
    let waker = noop_waker();
    timed(iters, || {
        let mut frames = 0;
        run_local(&waker, async {
            let mut stream = pin!(make());
            while let Some(frame) = stream.next().await {
                black_box(frame.expect("well-formed frames").as_ref());
                frames += 1;
            }
        });
        assert_eq!(frames, FRAMES_PER_PASS);
    })
}

fn frame_stream() -> [Scenario; 2] {
    let data = frames_in_memory();
    let ours = || {
        side("owned-io FrameReader (read_owned)", move |iters| {
            passes(iters, || framed::FrameReader::new(data, 1 << 10))
        })
    };
    let boxed = side("boxed async read_exact", move |iters| {
        passes(iters, || BoxedFrames::new(data))
    });
    let framed = side("tokio-util FramedRead", move |iters| {
        passes(iters, || {
            tokio_util::codec::FramedRead::new(data, tokio_util::codec::LengthDelimitedCodec::new())
        })
    });
    let case = format!("{FRAMES_PER_PASS} frames of 1..1024 B");
    [
        Scenario::new(
            "frame_stream",
            case.clone(),
            Target::AtMost(0.85),
            ours(),
            boxed,
        ),
        Scenario::new("frame_stream", case, Target::AtMost(1.0), ours(), framed),
    ]
}

/// The same frames sent over TCP, [`FRAMES_PER_PASS`] an operation, decoded on a connection
/// that lasts: the owned frame reader against `FramedRead`.
fn frame_stream_tcp() -> Scenario {
    use futures::StreamExt;

    /// Decodes `iters` passes of frames from `frames`, fed by a task of its own.
    fn side_of<S, F>(name: &'static str, make: impl FnOnce(TcpStream) -> S + 'static) -> Side
    where
        S: futures::Stream<Item = io::Result<F>> + Unpin + Send + 'static,
        F: AsRef<[u8]>,
    {
        let runtime = two_workers();
        let (client, server) = tcp_pair(&runtime);
        let mut state = Some((client, make(server)));
        let data = frames_in_memory();
        side(name, move |iters| {
            let (client, mut frames) = state.take().expect("handed back");
            let start = Instant::now();
            let parts = runtime.block_on(async {
                let writer = tokio::spawn(async move {
                    let mut client = client;
                    for _ in 0..iters {
                        client.write_all(data).await.expect("the peer reads");
                    }
                    client
                });
                for _ in 0..iters as usize * FRAMES_PER_PASS {
                    let frame = frames.next().await.expect("a frame").expect("well formed");
                    black_box(frame.as_ref());
                }
                (writer.await.expect("no panic"), frames)
            });
            let elapsed = start.elapsed();
            state = Some(parts);
            elapsed
        })
    }

    Scenario::new(
        "frame_stream/tcp",
        format!("{FRAMES_PER_PASS} frames of 1..1024 B"),
        Target::AtMost(1.0),
        side_of("owned-io FrameReader (read_owned)", |sock| {
            framed::FrameReader::new(sock, 1 << 10)
        }),
        side_of("tokio-util FramedRead", |sock| {
            tokio_util::codec::FramedRead::new(sock, tokio_util::codec::LengthDelimitedCodec::new())
        }),
    )
}

/// Header and body of the small frames that `write_all_buf_owned` sends in one `writev`.
const HEADER: &[u8] = &[0, 0, 0, 64];
const BODY: &[u8] = &[0x42; 64];

/// Writes a number of frames on a socket and hands it back: one boxed future a batch, the same
/// for every side.
type WriteFrames = fn(TcpStream, u64) -> Pin<Box<dyn Future<Output = TcpStream> + Send>>;

/// Writes `iters` frames of `HEADER` + `BODY` with `write` on one task while another drains the
/// peer, on a fresh connection.
fn header_and_body_side(name: &'static str, write: WriteFrames) -> Side {
    let runtime = two_workers();
    let (client, server) = tcp_pair(&runtime);
    let mut state = Some((client, server));
    side(name, move |iters| {
        let (client, server) = state.take().expect("handed back");
        let start = Instant::now();
        let parts = runtime.block_on(async {
            let reader = tokio::spawn(async move {
                let mut server = server;
                let mut left = iters as usize * (HEADER.len() + BODY.len());
                let mut buf = vec![0u8; 64 << 10];
                while left > 0 {
                    let n = server
                        .read(&mut buf[..left.min(64 << 10)])
                        .await
                        .expect("the peer writes");
                    assert!(n > 0, "the peer closed early");
                    left -= n;
                }
                server
            });
            let client = write(client, iters).await;
            (client, reader.await.expect("no panic"))
        });
        let elapsed = start.elapsed();
        state = Some(parts);
        elapsed
    })
}

fn header_and_body_tcp() -> [Scenario; 2] {
    let ours = || {
        header_and_body_side("owned-io write_all_buf_owned(chain)", |mut sock, iters| {
            Box::pin(async move {
                for _ in 0..iters {
                    let frame = Bytes::from_static(HEADER).chain(Bytes::from_static(BODY));
                    sock = sock
                        .write_all_buf_owned(frame)
                        .await
                        .expect("the peer reads")
                        .0;
                }
                sock
            })
        })
    };
    let two_writes = header_and_body_side("tokio write_all x2", |mut sock, iters| {
        Box::pin(async move {
            for _ in 0..iters {
                sock.write_all(HEADER).await.expect("the peer reads");
                sock.write_all(BODY).await.expect("the peer reads");
            }
            sock
        })
    });
    let write_all_buf = header_and_body_side("tokio write_all_buf(chain)", |mut sock, iters| {
        Box::pin(async move {
            for _ in 0..iters {
                let mut frame = Bytes::from_static(HEADER).chain(Bytes::from_static(BODY));
                sock.write_all_buf(&mut frame)
                    .await
                    .expect("the peer reads");
            }
            sock
        })
    });
    let case = "4 + 64 B frames over TCP";
    [
        Scenario::new("header_body", case, Target::AtMost(0.7), ours(), two_writes),
        Scenario::new("header_body", case, Target::Parity, ours(), write_all_buf),
    ]
}

/// The futures family's owned futures against futures-util's borrowed built-ins.
#[cfg(feature = "futures-io")]
mod futures_family {
    use super::*;
    // Both families' traits are in scope through `super::*`: the calls name theirs.
    use futures::io::{AsyncReadExt as FuturesRead, AsyncWriteExt as FuturesWrite};
    use owned_io::futures_family::{
        AsyncReadExactExt as OwnedRead, AsyncWriteAllExt as OwnedWrite,
    };

    pub(super) fn read_memory(size: usize) -> Scenario {
        read_memory!(
            size,
            "owned-io futures_family": OwnedRead::read_exact_owned,
            "futures-util read_exact": FuturesRead::read_exact
        )
    }

    pub(super) fn read_array() -> Scenario {
        read_array!(
            "owned-io futures_family": OwnedRead::read_exact_owned,
            "futures-util read_exact": FuturesRead::read_exact
        )
    }

    /// The least an owned read can do: a hand-written future that owns a reader and a buffer,
    /// reads until the buffer is full and hands both back, without the crate's checks. With an
    /// array by value, its time is the floor that moving the array in and out sets.
    struct Minimal<R, B> {
        parts: Option<(R, B)>,
        filled: usize,
    }

    impl<R: futures::io::AsyncRead + Unpin, B: AsMut<[u8]> + Unpin> Future for Minimal<R, B> {
        type Output = Result<(R, B), (io::Error, R, B)>;

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            let this = &mut *self;
            let (reader, buf) = this.parts.as_mut().expect("polled after completion");
            let buf = buf.as_mut();
            while this.filled < buf.len() {
                let error =
                    match ready!(Pin::new(&mut *reader).poll_read(cx, &mut buf[this.filled..])) {
                        Ok(0) => io::ErrorKind::UnexpectedEof.into(),
                        Ok(n) => {
                            this.filled += n;
                            continue;
                        }
                        Err(error) => error,
                    };
                let (reader, buf) = this.parts.take().expect("in flight");
                return Poll::Ready(Err((error, reader, buf)));
            }
            Poll::Ready(Ok(this.parts.take().expect("in flight")))
        }
    }

    /// The array by value against [`Minimal`]: what the crate's future adds to the moves.
    pub(super) fn read_array_floor() -> Scenario {
        fn minimal<R, B>(reader: R, buf: B) -> Minimal<R, B> {
            let parts = Some((reader, buf));
            Minimal { parts, filled: 0 }
        }
        Scenario::new(
            "read_exact/memory",
            "4 KiB array by value",
            Target::Parity,
            array_by_value!("owned-io futures_family": OwnedRead::read_exact_owned),
            array_by_value!("a minimal owned future": minimal),
        )
    }

    impl futures::io::AsyncRead for Trickle {
        fn poll_read(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
            buf: &mut [u8],
        ) -> Poll<io::Result<usize>> {
            let n = ready!(self.step(cx, buf.len()));
            buf[..n].fill(0x5a);
            Poll::Ready(Ok(n))
        }
    }

    pub(super) fn read_pending() -> Scenario {
        read_pending!(
            "owned-io futures_family": OwnedRead::read_exact_owned,
            "futures-util read_exact": FuturesRead::read_exact
        )
    }

    impl futures::io::AsyncWrite for Sink {
        fn poll_write(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
            buf: &[u8],
        ) -> Poll<io::Result<usize>> {
            Poll::Ready(Ok(self.take(buf.len())))
        }

        fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }

        fn poll_close(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }
    }

    pub(super) fn write_memory(max: usize) -> Scenario {
        write_memory!(
            max,
            "owned-io futures_family": OwnedWrite::write_all_owned,
            "futures-util write_all": FuturesWrite::write_all
        )
    }
}
