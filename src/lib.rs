//! Async reads, writes and copies that own their I/O object and buffer.
//!
//! tokio's `read_exact` and `write_all` borrow the socket and the buffer, so their futures
//! cannot be stored next to the socket, spawned on their own or named in a struct field
//! without boxing. owned-io's futures take both by value and hand both back, on success, on
//! error (with the progress) and when abandoned with `into_parts()`:
//!
//! ```
//! use owned_io::*;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! let (client, server) = tokio::io::duplex(64);
//! let (_client, _) = client.write_all_owned(*b"\x00\x00\x00\x05hello").await?;
//! let (sock, header) = server.read_exact_owned([0u8; 4]).await?;
//! let len = u32::from_be_bytes(header) as usize;
//! let (_sock, body) = sock.read_exact_owned(vec![0u8; len]).await?;
//! assert_eq!(body, b"hello");
//! # Ok(())
//! # }
//! ```
//!
//! # Two idioms
//!
//! - **By value**, to store, spawn or name the future: `sock.read_exact_owned(buf)` moves the
//!   socket and the buffer in and hands them back.
//! - **Lent**, for a hot loop that keeps its parts in place (a connection struct's fields):
//!   `&mut T` is an I/O object too, so `(&mut self.sock).read_until_owned(b'\n', &mut
//!   self.line, limit)` moves nothing. `self.sock.write_all_owned(..)` on a field does not
//!   compile (E0507, cannot move out of `self.sock`): lend it.
//!
//! An error of a lent call borrows what was lent, so `?` into `Box<dyn Error>` or
//! `anyhow::Error` (which need `'static`) fails with borrow errors that point at the loop.
//! Convert first: `.map_err(|e| e.into_error())?`, or `.map_err(std::io::Error::from)?`.
//! `?` into `io::Error` needs nothing ([`generic::OwnedError`] shows both).
//!
//! # The operations
//!
//! | tokio's borrowed call | owned-io | `Ok` |
//! | --- | --- | --- |
//! | `read_exact` | [`read_exact_owned(buf)`](AsyncReadExactExt::read_exact_owned) | `(R, B)` |
//! | `read_buf` | `read_owned(buf)` (feature `bytes`) | `(R, B, n)` |
//! | `read_buf` in a loop of `n` bytes | `read_buf_exact_owned(buf, n)` (feature `bytes`) | `(R, B)` |
//! | `read_to_end` | `read_to_end_owned(buf, limit)` (feature `bytes`) | `(R, B, n)` |
//! | `read_until` | [`read_until_owned(delim, buf, limit)`](AsyncBufReadOwnedExt::read_until_owned) | `(R, B, n)` |
//! | `read_line` | [`read_line_owned(buf, limit)`](AsyncBufReadOwnedExt::read_line_owned) | `(R, String, n)` |
//! | `write_all` | [`write_all_owned(buf)`](AsyncWriteAllExt::write_all_owned) | `(W, B)` |
//! | `write_all_buf` | `write_all_buf_owned(buf)` (feature `bytes`) | `(W, B)` |
//! | `flush`, `shutdown` | [`flush_owned()`](AsyncWriteOwnedExt::flush_owned), [`shutdown_owned()`](AsyncWriteOwnedExt::shutdown_owned) | `W` |
//! | `copy` | [`copy_owned(r, w, buf)`](copy_owned) | `(R, W, B, n)` |
//! | `copy_bidirectional` | [`copy_bidirectional_owned(a, b, buf_ab, buf_ba)`](copy_bidirectional_owned) | `(A, B, BufAB, BufBA, ab, ba)` |
//! | none: zero copy | `splice_owned(r, w, pipe)`, `splice_bidirectional_owned(a, b, p, q)` (feature `splice`) | `(R, W, Pipe, n)`, … |
//!
//! `write_u8` and kin: `write_all_owned(n.to_be_bytes())`. Each future is named
//! (`ReadExactOwned`, …), `Unpin`, allocates nothing but an error's message, and implements
//! [`FusedFuture`](futures_core::future::FusedFuture). The splices move bytes socket → pipe →
//! socket in the kernel, through a `Pipe` the caller owns and gets back with any bytes it holds.
//!
//! # Errors
//!
//! Every error holds the `io::Error`, everything the operation owned and its progress, and
//! converts into `io::Error` for `?`. Its message names the method: an error the crate makes
//! (end of stream after `k` of `n` bytes, a writer that took 0 bytes, a limit, invalid UTF-8,
//! a count larger than the offer) says so in the `io::Error` itself; an error of the I/O object
//! is handed on as it is. `into_resume_parts()` hands out what `resume` takes to go on.
//!
//! # Interrupted
//!
//! [`Interrupted`](std::io::ErrorKind::Interrupted) is retried, never returned (tokio's and
//! futures-util's built-ins return it); otherwise each future makes the calls of the built-in
//! its method names. An I/O object that answers `Interrupted` forever keeps one poll busy
//! forever, as it would a loop around the built-ins.
//!
//! # Cancellation and timeouts
//!
//! A future given *by value* to `select!` or `tokio::time::timeout` is dropped when it loses,
//! and the socket and buffer with it. Race `&mut fut` instead: it survives and continues where
//! it stopped. `into_parts()` hands the socket back meanwhile, `resume` carries on:
//!
//! ```
//! use owned_io::*;
//! use std::time::Duration;
//! use tokio::io::AsyncWriteExt;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! let (mut peer, sock) = tokio::io::duplex(64);
//! peer.write_all(b"he").await?; // a slow peer
//! let mut read = sock.read_exact_owned([0u8; 5]);
//! let late = tokio::time::timeout(Duration::from_millis(10), &mut read).await;
//! assert!(late.is_err());
//! let (sock, buf, filled) = read.into_parts().expect("still in flight");
//! peer.write_all(b"llo").await?;
//! let (_sock, buf) = ReadExactOwned::resume(sock, buf, filled).await?;
//! assert_eq!(&buf, b"hello");
//! # Ok(())
//! # }
//! ```
//!
//! # Limits
//!
//! Every read whose length the peer decides takes a limit, which bounds memory: over it, the
//! error is `InvalidData` and [`ReadError::is_limit_exceeded`] says so. A limit does not bound
//! time (a peer sending a byte a minute stays within any limit): put a deadline around the
//! call as above, then resume it or close the connection. A length a peer announces in a
//! header needs a cap of your own before it sizes a buffer.
//!
//! # Reading into spare capacity
//!
//! `read_owned`, `read_buf_exact_owned` and `read_to_end_owned` read into a buffer's spare
//! capacity (`BytesMut::with_capacity(n)` as it is). The tokio family reads through
//! tokio-util's safe `poll_read_buf`, never zeroing; a reader that fills a `ReadBuf` other than
//! the one it was given gets `InvalidData` instead of that function's assertion. The futures
//! family's `poll_read` takes initialised bytes: `read_owned` reads at most 8 KiB a call into a
//! zeroed stack scratch and copies what arrived; `read_to_end_owned` zeroes what it offers, as
//! futures-util does. The crate has no `unsafe` code.
//!
//! # How it works
//!
//! Each operation is one future, written once for both I/O families: a zero-sized marker
//! ([`generic::Tokio`], `futures_family::FuturesIo`) is a type parameter, and the names at the
//! crate root and in `futures_family` are aliases that fix it. Every future is a
//! [`generic::Owned`]: the parts, a progress whose type decides the accessors, and the
//! operation. Each `poll` is a plain loop inside `Owned::poll_parts`, which hands the parts back
//! on every exit; helpers retry `Interrupted` and refuse lying counts. A copy is tokio's
//! `CopyBuffer::poll_copy`, top to bottom. Every error is a [`generic::OwnedError`].
//!
//! Files: `tokio_family.rs`, `futures_family.rs` (each family's traits, functions and future
//! names), `owned.rs` (the shared invariants), `family.rs` (each family's calls), `error.rs`
//! (the error core), then one file an operation, named after its method: `read/` (`mod.rs` is
//! `read_owned`'s; `exact`, `buf_exact`, `to_end`, `until`, `line`), `write/` (`all`,
//! `all_buf`, `flush`, `shutdown`), `copy/` and `splice/` (`mod.rs` is `copy_owned`'s and
//! `splice_owned`'s; `bidirectional`).
//!
//! # Cargo features
//!
//! - `bytes` (default): `read_owned`, `read_buf_exact_owned`, `read_to_end_owned` and
//!   `write_all_buf_owned`; adds `bytes` and `tokio-util` (only `io`).
//! - `futures-io`: the module `futures_family`, the same for `futures_io::AsyncRead` /
//!   `AsyncWrite` (async-std, smol); adds `futures-io`. Not re-exported at the root, so
//!   `use owned_io::*` never clashes with the `futures_io` crate.
//! - `splice` (Linux, Android): the splices and `Pipe`; adds `rustix` and tokio's `net`.
//!
//! Always: `tokio` (feature `rt`, for its task budget) and `futures-core`.
//!
//! Examples (`cargo run --example NAME`): `echo`, `framed` (a frame `Stream` and `Sink` holding
//! the named futures), `timeout_resume`, `redis`, `proxy`, and `compare`, the side-by-side
//! comparison with the built-ins.

#![forbid(unsafe_code)]
#![warn(
    missing_docs,
    missing_debug_implementations,
    rust_2018_idioms,
    unreachable_pub,
    clippy::must_use_candidate
)]
#![doc(test(attr(deny(warnings))))]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod copy;
mod error;
mod family;
#[cfg(feature = "futures-io")]
pub mod futures_family;
mod owned;
mod read;
#[cfg(all(feature = "splice", any(target_os = "linux", target_os = "android")))]
mod splice;
mod tokio_family;
mod write;

pub use copy::bidirectional::{BidirectionalSide, CopyBidirectionalError};
pub use copy::CopyProgress;
pub use copy::{CopyError, CopySide};
pub use error::{ReadError, ReadExactError, WriteAllError, WriterError};
#[cfg(all(feature = "splice", any(target_os = "linux", target_os = "android")))]
pub use splice::{
    bidirectional::{
        splice_bidirectional_owned, SpliceBidirectionalError, SpliceBidirectionalOwned,
    },
    splice_owned, Pipe, SpliceError, SpliceIo, SpliceOwned, SpliceProgress,
};
pub use tokio_family::*;

/// The types behind the names at the crate root and in `futures_family`, written once for both
/// I/O families.
///
/// Name them through those aliases: [`ReadExactOwned<R, B>`](crate::ReadExactOwned) is
/// `Owned<R, B, ReadExact<Tokio>, Filled>`, and `futures_family::ReadExactOwned<R, B>` is the
/// same future for futures-io (`futures_family::FuturesIo`). Every future
/// is an [`Owned`](generic::Owned) future: the I/O object and the buffer, a progress, and an operation that
/// adds its own `resume`, `Future` impl and accessors. Every error is an [`OwnedError`](generic::OwnedError).
pub mod generic {
    pub use crate::copy::bidirectional::CopyBidirectional;
    pub use crate::copy::Copy;
    pub use crate::error::{Appended, Copied, OwnedError};
    pub use crate::family::Tokio;
    pub use crate::owned::{Filled, Owned, Written};
    #[cfg(feature = "bytes")]
    pub use crate::read::buf_exact::ReadBufExact;
    pub use crate::read::exact::ReadExact;
    pub use crate::read::line::ReadLine;
    #[cfg(feature = "bytes")]
    pub use crate::read::to_end::ReadToEnd;
    pub use crate::read::until::ReadUntil;
    #[cfg(feature = "bytes")]
    pub use crate::read::Read;
    #[cfg(all(feature = "splice", any(target_os = "linux", target_os = "android")))]
    pub use crate::splice::{bidirectional::SpliceBidirectional, Splice};
    pub use crate::write::all::WriteAll;
    #[cfg(feature = "bytes")]
    pub use crate::write::all_buf::WriteAllBuf;
    pub use crate::write::flush::Flush;
    pub use crate::write::shutdown::Shutdown;
}
