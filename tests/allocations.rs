//! No owned operation allocates: counted by a global allocator, per thread, around operations
//! on in-memory I/O objects and buffers that already have the room they need.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

/// The system allocator, counting this thread's allocations.
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

fn count() {
    // `try_with`: the thread-local may be gone while a thread is torn down.
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

// SAFETY: every call is forwarded unchanged to the system allocator; the counter is a
// const-initialised thread-local that neither allocates nor touches the memory handed out.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

struct Noop;

impl Wake for Noop {
    fn wake(self: Arc<Self>) {}
}

/// Runs `fut` to completion on this thread and returns its output and the allocations made
/// while it ran (building the future included).
fn allocations<F: Future>(make: impl FnOnce() -> F) -> (F::Output, u64) {
    let waker = Waker::from(Arc::new(Noop)); // allocates: made before counting
    let mut cx = Context::from_waker(&waker);
    let before = ALLOCATIONS.with(Cell::get);
    let mut fut = pin!(make());
    let out = loop {
        if let Poll::Ready(out) = fut.as_mut().poll(&mut cx) {
            break out;
        }
    };
    (out, ALLOCATIONS.with(Cell::get) - before)
}

#[test]
fn the_counter_counts() {
    let (v, n) = allocations(|| async { vec![1u8; 10] });
    assert_eq!((v.len(), n), (10, 1));
}

#[test]
fn fixed_length_operations() {
    use owned_io::{AsyncReadExactExt, AsyncWriteAllExt};
    let data: &[u8] = &[7u8; 4096];
    let (out, n) = allocations(|| data.read_exact_owned(vec![0u8; 0]));
    assert_eq!(n, 0);
    drop(out);
    let buf = vec![0u8; 4096];
    let (out, n) = allocations(|| data.read_exact_owned(buf));
    assert_eq!(n, 0, "read_exact_owned");
    let (_, buf) = out.unwrap();
    let sink = Vec::with_capacity(8192);
    let (out, n) = allocations(|| sink.write_all_owned(buf));
    assert_eq!(n, 0, "write_all_owned");
    let (sink, _) = out.unwrap();
    assert_eq!(sink.len(), 4096);
    #[cfg(feature = "bytes")]
    {
        use bytes::Buf;
        let frame = bytes::Bytes::from_static(b"head").chain(bytes::Bytes::from_static(b"body"));
        let (out, n) = allocations(|| sink.write_all_buf_owned(frame));
        assert_eq!(n, 0, "write_all_buf_owned");
        assert_eq!(out.unwrap().0.len(), 4104);
    }
}

#[cfg(feature = "bytes")]
#[test]
fn reads_the_peer_decides() {
    use owned_io::AsyncReadOwnedExt;
    let data: &[u8] = &[7u8; 4096];
    let buf = bytes::BytesMut::with_capacity(4096);
    let (out, n) = allocations(|| data.read_owned(buf));
    assert_eq!((n, out.unwrap().2), (0, 4096), "read_owned");

    // Room for all of it and the probe tokio's read_to_end makes at the end.
    let buf = Vec::with_capacity(4096 + 32);
    let (out, n) = allocations(|| data.read_to_end_owned(buf, 1 << 20));
    assert_eq!((n, out.unwrap().2), (0, 4096), "read_to_end_owned");
}

#[test]
fn delimited_reads_once_the_buffers_have_grown() {
    use owned_io::AsyncBufReadOwnedExt;
    let lines: &[u8] = b"one\ntwo two\nthree three three\n";
    let mut reader = tokio::io::BufReader::new(lines);
    let (mut bytes, mut line) = (Vec::with_capacity(64), String::with_capacity(64));
    // The BufReader's own buffer is allocated on its first fill.
    (reader, bytes, _) = allocations(|| reader.read_until_owned(b'\n', bytes, 64))
        .0
        .unwrap();
    bytes.clear();
    let (out, n) = allocations(|| reader.read_until_owned(b'\n', bytes, 64));
    let (reader, _, _) = out.unwrap();
    assert_eq!(n, 0, "read_until_owned");
    line.clear();
    let (out, n) = allocations(|| reader.read_line_owned(line, 64));
    assert_eq!(
        (n, out.unwrap().1.as_str()),
        (0, "three three three\n"),
        "read_line_owned"
    );
}

#[test]
fn copies_flushes_and_shutdowns() {
    use owned_io::{copy_owned, AsyncWriteOwnedExt};
    let data: &[u8] = &[9u8; 100_000];
    let sink = Vec::with_capacity(100_000);
    let (out, n) = allocations(|| copy_owned(data, sink, [0u8; 8192]));
    let (_, sink, _, copied) = out.unwrap();
    assert_eq!((n, copied), (0, 100_000), "copy_owned");
    let (out, n) = allocations(|| sink.flush_owned());
    assert_eq!(n, 0, "flush_owned");
    let (out, n) = allocations(|| out.unwrap().shutdown_owned());
    assert!(out.is_ok());
    assert_eq!(n, 0, "shutdown_owned");
}

#[test]
fn a_bidirectional_copy() {
    use owned_io::copy_bidirectional_owned;
    use std::io;
    use std::pin::Pin;

    /// Reads what it was given, keeps what it is sent (with room for it already).
    struct End {
        given: &'static [u8],
        sent: Vec<u8>,
    }
    impl tokio::io::AsyncRead for End {
        fn poll_read(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
            buf: &mut tokio::io::ReadBuf<'_>,
        ) -> Poll<io::Result<()>> {
            Pin::new(&mut self.given).poll_read(cx, buf)
        }
    }
    impl tokio::io::AsyncWrite for End {
        fn poll_write(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
            buf: &[u8],
        ) -> Poll<io::Result<usize>> {
            Pin::new(&mut self.sent).poll_write(cx, buf)
        }
        fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }
        fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }
    }
    let a = End {
        given: &[1u8; 50_000],
        sent: Vec::with_capacity(70_000),
    };
    let b = End {
        given: &[2u8; 70_000],
        sent: Vec::with_capacity(50_000),
    };
    let (out, n) = allocations(|| copy_bidirectional_owned(a, b, [0u8; 4096], [0u8; 4096]));
    let (a, b, _, _, up, down) = out.unwrap();
    assert_eq!(
        (n, up, down),
        (0, 50_000, 70_000),
        "copy_bidirectional_owned"
    );
    assert_eq!((a.sent.len(), b.sent.len()), (70_000, 50_000));
}
