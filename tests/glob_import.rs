//! `use owned_io::*;` next to the crates a user is likely to have, with every feature on: nothing
//! it brings may shadow `futures_io`, `futures`, `tokio` or `bytes`, whose paths must keep
//! working in `use` declarations, bounds and expressions.
#![cfg(all(feature = "futures-io", feature = "bytes"))]

use owned_io::*;

use bytes::Buf;
use futures::io::AsyncReadExt as _;
use futures_io::AsyncRead;
use tokio::io::AsyncWriteExt as _;

/// A bound through the `futures_io` crate, and a call through it.
async fn futures_io_bound<R: futures_io::AsyncRead + Unpin>(mut reader: R) -> Vec<u8> {
    let mut out = Vec::new();
    futures::io::AsyncReadExt::read_to_end(&mut reader, &mut out)
        .await
        .expect("an in-memory read");
    out
}

fn is_futures_reader<R: AsyncRead>(_: &R) {}

#[tokio::test]
async fn every_crate_path_still_resolves() {
    // futures_io:: and futures::io::
    let reader = futures::io::Cursor::new(b"abc".to_vec());
    is_futures_reader(&reader);
    assert_eq!(futures_io_bound(reader).await, b"abc");
    let mut via_futures = futures::io::Cursor::new(b"de".to_vec());
    let mut two = [0u8; 2];
    via_futures.read_exact(&mut two).await.unwrap();
    assert_eq!(&two, b"de");

    // tokio::io::
    let mut sink: Vec<u8> = Vec::new();
    tokio::io::AsyncWriteExt::write_all(&mut sink, b"fg")
        .await
        .unwrap();
    sink.write_all(b"h").await.unwrap();
    assert_eq!(sink, b"fgh");

    // bytes::
    let chain = bytes::Bytes::from_static(b"ij").chain(&b"k"[..]);
    assert_eq!(chain.remaining(), 3);

    // and the glob's own names.
    let (out, _) = Vec::new().write_all_buf_owned(chain).await.unwrap();
    let (_, got) = out.as_slice().read_exact_owned([0u8; 3]).await.unwrap();
    assert_eq!(&got, b"ijk");
}

/// Both families in one module: the futures family's traits imported as `_` so their methods
/// are callable without their names competing with the glob's.
#[tokio::test]
async fn both_families_in_one_module() {
    use owned_io::futures_family::AsyncReadExactExt as _;

    let tokio_side: &[u8] = b"tokio";
    let (_, got) = AsyncReadExactExt::read_exact_owned(tokio_side, [0u8; 5])
        .await
        .unwrap();
    assert_eq!(&got, b"tokio");

    let futures_side = futures::io::Cursor::new(b"futures".to_vec());
    let (_, got) = futures_side.read_exact_owned([0u8; 7]).await.unwrap();
    assert_eq!(&got, b"futures");
}
