//! The auto-trait and size story of every owned future, as the API promises it.

mod support;

use std::cell::Cell;
use std::marker::{PhantomData, PhantomPinned};
use std::mem::size_of;
use std::rc::Rc;

use owned_io::{
    AsyncReadExactExt, AsyncWriteAllExt, ReadExactError, ReadExactOwned, WriteAllError,
    WriteAllOwned,
};
use tokio::net::TcpStream;

/// `implements!(T: Trait)` is true exactly when the concrete type `T` implements `Trait`.
///
/// An inherent method (bounded on `Trait`) wins over a trait method of the same name when its
/// bound holds; otherwise method resolution falls back to the trait's, which says `false`.
macro_rules! implements {
    ($ty:ty: $($bound:tt)+) => {{
        struct Probe<T: ?Sized>(PhantomData<T>);
        #[allow(dead_code)]
        trait Fallback {
            fn holds(&self) -> bool {
                false
            }
        }
        impl<T: ?Sized> Fallback for Probe<T> {}
        impl<T: ?Sized + $($bound)+> Probe<T> {
            #[allow(dead_code)]
            fn holds(&self) -> bool {
                true
            }
        }
        Probe::<$ty>(PhantomData).holds()
    }};
}

/// A buffer that must not move once pinned: the futures never pin it, so they stay `Unpin`.
struct PinnedBuf {
    bytes: [u8; 4],
    _pin: PhantomPinned,
}

impl AsMut<[u8]> for PinnedBuf {
    fn as_mut(&mut self) -> &mut [u8] {
        &mut self.bytes
    }
}

impl AsRef<[u8]> for PinnedBuf {
    fn as_ref(&self) -> &[u8] {
        &self.bytes
    }
}

type Reader = &'static [u8];
type Writer = Vec<u8>;

#[test]
fn the_probe_tells_both_ways() {
    assert!(implements!(u8: Send));
    assert!(!implements!(Rc<u8>: Send));
    assert!(!implements!(PhantomPinned: Unpin));
}

#[test]
fn unpin_whatever_the_buffer() {
    assert!(!implements!(PinnedBuf: Unpin));
    assert!(implements!(ReadExactOwned<Reader, PinnedBuf>: Unpin));
    assert!(implements!(WriteAllOwned<Writer, PinnedBuf>: Unpin));
    assert!(implements!(ReadExactOwned<TcpStream, Vec<u8>>: Unpin));
}

#[test]
fn a_pinned_buffer_works() {
    let buf = PinnedBuf {
        bytes: [0; 4],
        _pin: PhantomPinned,
    };
    let reader: Reader = b"abcd";
    let (_, buf) = support::drive(&mut reader.read_exact_owned(buf)).0.unwrap();
    assert_eq!(&buf.bytes, b"abcd");
    let (out, _) = support::drive(&mut Vec::new().write_all_owned(buf))
        .0
        .unwrap();
    assert_eq!(out, b"abcd");
}

#[test]
fn send_exactly_when_io_and_buffer_are() {
    assert!(implements!(ReadExactOwned<TcpStream, Vec<u8>>: Send));
    assert!(implements!(WriteAllOwned<TcpStream, Vec<u8>>: Send));
    assert!(implements!(ReadExactError<TcpStream, Vec<u8>>: Send));
    assert!(implements!(WriteAllError<TcpStream, Vec<u8>>: Send));

    assert!(!implements!(ReadExactOwned<Reader, Rc<[u8; 4]>>: Send));
    assert!(!implements!(WriteAllOwned<Rc<Writer>, Vec<u8>>: Send));
    assert!(!implements!(ReadExactError<Reader, Rc<[u8; 4]>>: Send));
    assert!(!implements!(WriteAllError<Rc<Writer>, Vec<u8>>: Send));
}

#[test]
fn sync_exactly_when_io_and_buffer_are() {
    assert!(implements!(ReadExactOwned<TcpStream, Vec<u8>>: Sync));
    assert!(implements!(WriteAllOwned<TcpStream, Vec<u8>>: Sync));
    assert!(implements!(ReadExactError<TcpStream, Vec<u8>>: Sync));
    assert!(implements!(WriteAllError<TcpStream, Vec<u8>>: Sync));

    assert!(!implements!(ReadExactOwned<Reader, Cell<u8>>: Sync));
    assert!(!implements!(WriteAllOwned<Cell<u8>, Vec<u8>>: Sync));
    assert!(!implements!(ReadExactError<Reader, Cell<u8>>: Sync));
    assert!(!implements!(WriteAllError<Cell<u8>, Vec<u8>>: Sync));
}

#[test]
fn static_when_io_and_buffer_are() {
    fn is_static<T: 'static>(_: &T) {}
    let fut = Reader::default().read_exact_owned(vec![0u8; 4]);
    is_static(&fut);
    let fut = Writer::new().write_all_owned(*b"abcd");
    is_static(&fut);
    assert!(implements!(ReadExactOwned<TcpStream, Vec<u8>>: std::any::Any));
    assert!(implements!(ReadExactError<TcpStream, Vec<u8>>: std::any::Any));
}

/// `FusedFuture` with every combination of features, none included, for every I/O object and
/// buffer the `Future` impl takes.
#[test]
fn fused_whatever_the_features() {
    use futures::future::FusedFuture;
    assert!(implements!(ReadExactOwned<Reader, PinnedBuf>: FusedFuture));
    assert!(implements!(ReadExactOwned<TcpStream, Vec<u8>>: FusedFuture));
    assert!(implements!(WriteAllOwned<Writer, PinnedBuf>: FusedFuture));
    assert!(implements!(WriteAllOwned<TcpStream, &'static str>: FusedFuture));
    // Only where it is a future at all: a reader that is not one has neither.
    assert!(!implements!(ReadExactOwned<u8, Vec<u8>>: FusedFuture));
}

#[test]
fn errors_are_std_errors_for_any_io_and_buffer() {
    assert!(implements!(ReadExactError<Rc<Cell<u8>>, PinnedBuf>: std::error::Error));
    assert!(implements!(WriteAllError<Rc<Cell<u8>>, PinnedBuf>: std::error::Error));
    assert!(implements!(ReadExactOwned<Rc<Cell<u8>>, PinnedBuf>: std::fmt::Debug));
    assert!(implements!(WriteAllOwned<Rc<Cell<u8>>, PinnedBuf>: std::fmt::Debug));
}

/// The futures add at most two machine words to what they own.
macro_rules! assert_size_bound {
    ($future:ident<$io:ty, $buf:ty>) => {{
        let owned = size_of::<$io>() + size_of::<$buf>();
        let future = size_of::<$future<$io, $buf>>();
        println!(
            "{}<{}, {}>: {future} bytes, owning {owned}",
            stringify!($future),
            stringify!($io),
            stringify!($buf),
        );
        assert!(
            future <= owned + 2 * size_of::<usize>(),
            "{} is {future} bytes for {owned} owned",
            stringify!($future)
        );
    }};
}

#[test]
fn at_most_two_words_over_what_they_own() {
    assert_size_bound!(ReadExactOwned<TcpStream, Vec<u8>>);
    assert_size_bound!(ReadExactOwned<TcpStream, [u8; 4]>);
    assert_size_bound!(ReadExactOwned<Reader, [u8; 1]>);
    assert_size_bound!(ReadExactOwned<tokio::io::DuplexStream, Box<[u8]>>);
    assert_size_bound!(ReadExactOwned<tokio::net::tcp::OwnedReadHalf, Vec<u8>>);
    assert_size_bound!(WriteAllOwned<TcpStream, Vec<u8>>);
    assert_size_bound!(WriteAllOwned<Writer, &'static [u8]>);
    assert_size_bound!(WriteAllOwned<tokio::net::tcp::OwnedWriteHalf, String>);
    assert_size_bound!(WriteAllOwned<(), ()>);
    assert_size_bound!(ReadExactOwned<(), ()>);
}

#[cfg(feature = "bytes")]
#[test]
fn write_all_buf_owned_too() {
    use bytes::{Buf, Bytes};
    use owned_io::WriteAllBufOwned;

    /// A `Buf` that must not move once pinned.
    struct PinnedBytes(Bytes, PhantomPinned);

    impl Buf for PinnedBytes {
        fn remaining(&self) -> usize {
            self.0.remaining()
        }
        fn chunk(&self) -> &[u8] {
            self.0.chunk()
        }
        fn advance(&mut self, cnt: usize) {
            self.0.advance(cnt)
        }
    }

    assert!(implements!(WriteAllBufOwned<Writer, PinnedBytes>: Unpin));
    let frame = PinnedBytes(Bytes::from_static(b"ab"), PhantomPinned);
    let (out, _) = support::drive(&mut Vec::new().write_all_buf_owned(frame))
        .0
        .unwrap();
    assert_eq!(out, b"ab");

    assert!(implements!(WriteAllBufOwned<TcpStream, Bytes>: Send));
    assert!(implements!(WriteAllBufOwned<TcpStream, Bytes>: Sync));
    assert!(!implements!(WriteAllBufOwned<Rc<Writer>, Bytes>: Send));
    assert!(!implements!(WriteAllBufOwned<Cell<u8>, Bytes>: Sync));
    assert!(implements!(WriteAllBufOwned<TcpStream, Bytes>: std::any::Any));
    assert!(implements!(WriteAllBufOwned<Rc<Cell<u8>>, PinnedBytes>: std::fmt::Debug));
    assert!(implements!(WriteAllBufOwned<Writer, PinnedBytes>: futures::future::FusedFuture));

    assert_size_bound!(WriteAllBufOwned<TcpStream, Bytes>);
    assert_size_bound!(WriteAllBufOwned<TcpStream, bytes::buf::Chain<Bytes, Bytes>>);
}

/// The reads whose length the peer decides: `Unpin` whatever the reader, `Send`/`Sync` exactly
/// when the reader (and the buffer) are, `FusedFuture`, `Debug` without bounds.
#[test]
fn the_vocabulary_too() {
    use futures::future::FusedFuture;
    use owned_io::{ReadError, ReadLineOwned, ReadUntilOwned};
    use tokio::io::BufReader;

    type Buffered = BufReader<TcpStream>;
    /// A reader that must not move once pinned.
    struct PinnedReader(PhantomPinned);

    assert!(implements!(ReadUntilOwned<PinnedReader>: Unpin));
    assert!(implements!(ReadLineOwned<PinnedReader>: Unpin));
    assert!(implements!(ReadUntilOwned<Buffered>: Send + Sync + FusedFuture + std::any::Any));
    assert!(implements!(ReadLineOwned<Buffered>: Send + Sync + FusedFuture + std::any::Any));
    assert!(!implements!(ReadUntilOwned<Rc<Buffered>>: Send));
    assert!(!implements!(ReadLineOwned<Cell<u8>>: Sync));
    assert!(implements!(ReadUntilOwned<PinnedReader>: std::fmt::Debug));
    assert!(implements!(ReadError<PinnedReader, Vec<u8>>: std::error::Error + Send + Sync));
    assert!(!implements!(ReadError<Rc<u8>, Vec<u8>>: Send));

    #[cfg(feature = "bytes")]
    {
        use owned_io::{ReadOwned, ReadToEndOwned};
        assert!(implements!(ReadOwned<PinnedReader, bytes::BytesMut>: Unpin));
        assert!(implements!(ReadToEndOwned<PinnedReader>: Unpin));
        assert!(implements!(ReadOwned<TcpStream, bytes::BytesMut>: Send + Sync + FusedFuture));
        assert!(implements!(ReadToEndOwned<TcpStream>: Send + Sync + FusedFuture));
        assert!(!implements!(ReadOwned<TcpStream, Rc<u8>>: Send));
        assert!(!implements!(ReadToEndOwned<Rc<TcpStream>>: Send));
    }
}

/// Copies, flushes and shutdowns: `Unpin` whatever the buffers, `Send`/`Sync` exactly when
/// everything they own is, `FusedFuture`, errors that are `std::error::Error`.
#[test]
fn copies_flushes_and_shutdowns_too() {
    use futures::future::FusedFuture;
    use owned_io::{
        CopyBidirectionalError, CopyBidirectionalOwned, CopyError, CopyOwned, FlushOwned,
        ShutdownOwned, WriterError,
    };

    assert!(implements!(CopyOwned<Reader, Writer, PinnedBuf>: Unpin + FusedFuture));
    assert!(implements!(CopyOwned<TcpStream, TcpStream, Vec<u8>>: Send + Sync + std::any::Any));
    assert!(!implements!(CopyOwned<TcpStream, TcpStream, Rc<[u8; 4]>>: Send));
    assert!(!implements!(CopyOwned<TcpStream, Cell<u8>, Vec<u8>>: Sync));
    type Bidi<B> = CopyBidirectionalOwned<TcpStream, TcpStream, B, B>;
    assert!(implements!(Bidi<PinnedBuf>: Unpin + FusedFuture + Send + Sync));
    assert!(!implements!(Bidi<Rc<[u8; 4]>>: Send));
    assert!(implements!(FlushOwned<TcpStream>: Unpin + FusedFuture + Send + Sync));
    assert!(implements!(ShutdownOwned<TcpStream>: Unpin + FusedFuture + Send + Sync));
    assert!(!implements!(ShutdownOwned<Rc<Writer>>: Send));
    assert!(implements!(CopyError<Rc<u8>, PinnedBuf, PinnedBuf>: std::error::Error));
    assert!(
        implements!(CopyBidirectionalError<Rc<u8>, Rc<u8>, PinnedBuf, PinnedBuf>: std::error::Error)
    );
    assert!(implements!(WriterError<Rc<u8>>: std::error::Error));
    assert!(implements!(CopyError<TcpStream, TcpStream, Vec<u8>>: Send + Sync));
    assert!(implements!(FlushOwned<Rc<Cell<u8>>>: std::fmt::Debug));
}
