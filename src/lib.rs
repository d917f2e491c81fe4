//! Async reads, writes and copies that own their I/O object and buffer.
//!
//! tokio's [`read_exact`](https://docs.rs/tokio/1/tokio/io/trait.AsyncReadExt.html#method.read_exact) and
//! [`write_all`](https://docs.rs/tokio/1/tokio/io/trait.AsyncWriteExt.html#method.write_all) borrow the socket and the buffer, so the
//! future they return cannot be stored next to the socket, spawned on its own task or named in
//! a struct field without boxing. owned-io's futures take the I/O object and the buffer by value
//! and hand both back, on success and on error:
//!
//! ```
//! use owned_io::*;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! let (client, server) = tokio::io::duplex(64);
//! let (_client, _) = client.write_all_owned(*b"\x00\x00\x00\x05hello").await?;
//!
//! let (sock, header) = server.read_exact_owned([0u8; 4]).await?;
//! let len = u32::from_be_bytes(header) as usize;
//! let (_sock, body) = sock.read_exact_owned(vec![0u8; len]).await?;
//! assert_eq!(body, b"hello");
//! # Ok(())
//! # }
//! ```
//!
//! # What you get
//!
//! - [`AsyncReadExactExt::read_exact_owned`] and [`AsyncWriteAllExt::write_all_owned`], on every
//!   [`tokio::io::AsyncRead`] / [`tokio::io::AsyncWrite`]: a `TcpStream`, its `into_split()`
//!   halves, a `BufReader`, a TLS stream, or `&mut` any of them (which hands back the `&mut`).
//! - With the `bytes` feature (on by default), `AsyncWriteAllExt::write_all_buf_owned` for
//!   any `bytes::Buf`: a header chained to a body goes out in one vectored write.
//! - Named futures, [`ReadExactOwned`], [`WriteAllOwned`] and `WriteAllBufOwned`: hand-written
//!   state machines, no boxing, no allocation (but for an error's message), `Unpin` whatever
//!   the buffer, `Send`/`Sync` when the I/O object and the buffer are, at most two words larger
//!   than what they own. They make the same `poll_read` / `poll_write` calls as tokio's
//!   borrowed built-ins, and implement [`FusedFuture`](futures_core::future::FusedFuture), so
//!   `futures::select!` takes them as they are.
//! - With the `bytes` feature, the reads whose length the peer decides, on
//!   `AsyncReadOwnedExt`: `read_owned(buf)`, one read into any `bytes::BufMut`'s spare
//!   capacity, and `read_to_end_owned(buf, limit)`, to the end of stream with a limit that
//!   bounds the bytes read and the memory they take.
//! - Delimited reads on every `AsyncBufRead`, on [`AsyncBufReadOwnedExt`]:
//!   `read_until_owned(delim, buf, limit)` and `read_line_owned(buf, limit)`, resumable where
//!   tokio's `read_line` is not cancel safe, with a limit a peer that never sends the
//!   delimiter cannot get past, and the raw bytes handed back from a line that is not UTF-8.
//! - Copies through the caller's buffer: [`copy_owned`] (reader to writer) and
//!   [`copy_bidirectional_owned`] (both ways, each direction shutting its writer down at its
//!   reader's end), whose errors say which side failed and which bytes of the buffer were read
//!   but not written, and whose `into_parts` / `resume` lose and repeat nothing.
//! - [`AsyncWriteOwnedExt::flush_owned`] and [`AsyncWriteOwnedExt::shutdown_owned`], so an owned
//!   pipeline needs no borrowed call at its end.
//! - With the `futures-io` feature, the same for the `futures::io` family (async-std, smol) in
//!   the module `owned_io::futures_family`.
//!
//! # Nothing is lost
//!
//! - **Errors carry everything**: [`ReadExactError`] and [`WriteAllError`] hold the
//!   `io::Error`, the I/O object, the buffer and the progress. End of stream before the buffer
//!   is full is [`UnexpectedEof`](std::io::ErrorKind::UnexpectedEof), and
//!   [`ReadExactError::filled`] tells a clean close (`0`) from a truncated frame (`> 0`). A
//!   writer that takes 0 bytes is [`WriteZero`](std::io::ErrorKind::WriteZero). Both convert
//!   into `io::Error`, so `?` works in functions returning `io::Result`.
//! - **Bad I/O objects get errors, not panics**: a reader or writer that reports more bytes
//!   than it was offered is [`InvalidData`](std::io::ErrorKind::InvalidData).
//!   [`Interrupted`](std::io::ErrorKind::Interrupted) is retried.
//! - **Abandon and resume**: `into_parts()` stops an in-flight future and hands back the I/O
//!   object, the buffer and the progress; `resume(io, buf, progress)` continues from there.
//!
//! # Reading into spare capacity
//!
//! `read_owned` and `read_to_end_owned` read into a buffer's spare capacity, so
//! `BytesMut::with_capacity(n)` or `Vec::with_capacity(n)` is read into as it is, with no
//! `vec![0; n]` or `resize(n, 0)` first. The crate has no `unsafe` code:
//!
//! - the tokio family reads through tokio-util's safe
//!   [`poll_read_buf`](https://docs.rs/tokio-util/0.7/tokio_util/io/fn.poll_read_buf.html),
//!   which hands the reader an uninitialised `ReadBuf`. That function asserts (panics) when a
//!   reader fills a `ReadBuf` other than the one it was given; this crate guards against it
//!   without `unsafe`, by checking the `ReadBuf` around the reader's call and returning an
//!   [`InvalidData`](std::io::ErrorKind::InvalidData) error before `poll_read_buf` gets to its
//!   assertion. There is no exception to document: such a reader gets an error, never a panic.
//! - the futures family's `poll_read` takes initialised bytes, so filling a `BufMut` costs
//!   more there: `read_owned` reads at most 8 KiB a call into a zeroed stack scratch and copies
//!   what arrived into the buffer (a memset of the scratch and a copy of the bytes read), and
//!   `read_to_end_owned` zeroes the spare capacity it offers, as futures-util's `read_to_end`
//!   does.
//!
//! ```
//! # #[cfg(feature = "bytes")]
//! # {
//! use bytes::BytesMut;
//! use owned_io::*;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! let sock: &[u8] = b"\x00\x00\x00\x05hello";
//! let (mut sock, header) = sock.read_exact_owned([0u8; 4]).await?;
//! let len = u32::from_be_bytes(header) as usize;
//! let mut body = BytesMut::with_capacity(len); // never zeroed; no read goes past `len`
//! while body.len() < len {
//!     let n;
//!     (sock, body, n) = sock.read_owned(body).await?;
//!     if n == 0 {
//!         return Err(std::io::ErrorKind::UnexpectedEof.into());
//!     }
//! }
//! assert_eq!(&body[..], b"hello");
//! # Ok(())
//! # }
//! # main().unwrap();
//! # }
//! ```
//!
//! # Cancellation, timeouts and `select!`
//!
//! A future given *by value* to `select!` or `tokio::time::timeout` is dropped when it loses,
//! and the socket and the buffer it owns are dropped with it. Give it `&mut fut` instead: the
//! future survives the timeout, and polling it again simply continues where it stopped. Call
//! `into_parts()` only to get the socket back in the meantime (to write on it, to close it),
//! then `resume` to carry on:
//!
//! ```
//! use owned_io::*;
//! use std::time::Duration;
//! use tokio::io::AsyncWriteExt;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! let (mut peer, sock) = tokio::io::duplex(64);
//! peer.write_all(b"he").await?;
//! let mut read = sock.read_exact_owned([0u8; 5]);
//! tokio::select! {
//!     out = &mut read => unreachable!("only 2 of 5 bytes were sent: {:?}", out.map(|_| ())),
//!     _ = tokio::time::sleep(Duration::from_millis(10)) => {}
//! }
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
//! Every read whose length the peer decides takes a limit: `read_until_owned` and
//! `read_line_owned` take at most `limit` bytes, delimiter included, and `read_to_end_owned`
//! refuses a stream longer than `limit`. Over it, the error is
//! [`InvalidData`](std::io::ErrorKind::InvalidData) and [`ReadError::is_limit_exceeded`] says
//! so; the bytes taken come back, the rest stay in the reader.
//!
//! - **Choosing a line limit**: the longest line your protocol allows, delimiter included (an
//!   HTTP/1 request line or header: 8 KiB is common; a Redis reply's first line: a few dozen
//!   bytes, but an inline command up to 64 KiB), not a guess at what peers send today. The limit
//!   is also the memory a slow or hostile peer can make each connection hold, so multiply it by
//!   your connections. A line over the limit usually means the peer is broken or hostile: end
//!   the connection rather than skip ahead, since the rest of the line is still in the reader.
//! - **A line limit does not bound a body.** In `$1125899906842624\r\n` the line is short; the
//!   length it announces is what a `vec![0u8; len]` would allocate, and a failed allocation
//!   aborts the process. Check every length the peer announces against a cap of your own
//!   before sizing a buffer with it:
//!
//! ```
//! use owned_io::*;
//! use std::io;
//!
//! /// The length a bulk reply's first line announces, capped before anything is allocated.
//! fn body_len(line: &str) -> io::Result<usize> {
//!     const MAX_BODY: usize = 512 << 20;
//!     let len: usize = line.trim_end().strip_prefix('$').and_then(|n| n.parse().ok())
//!         .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "not a length line"))?;
//!     if len > MAX_BODY {
//!         let what = format!("a {len}-byte body is over the cap of {MAX_BODY}");
//!         return Err(io::Error::new(io::ErrorKind::InvalidData, what));
//!     }
//!     Ok(len)
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> io::Result<()> {
//! let reply: &[u8] = b"$1125899906842624\r\n...";
//! let (_reader, line, _) = reply.read_line_owned(String::new(), 64).await?;
//! let err = body_len(&line).unwrap_err(); // and not vec![0u8; len]
//! assert_eq!(err.kind(), io::ErrorKind::InvalidData);
//! # Ok(())
//! # }
//! ```
//!
//! # Pitfalls
//!
//! - The buffer's *length* is read into, not its capacity, as with tokio's `read_exact`:
//!   `Vec::with_capacity(n)` is an empty buffer, and an empty buffer completes at once.
//!
//!   ```
//!   use owned_io::AsyncReadExactExt;
//!   # #[tokio::main(flavor = "current_thread")]
//!   # async fn main() -> std::io::Result<()> {
//!   let reader: &[u8] = b"abcd";
//!   let (_, buf) = reader.read_exact_owned(Vec::with_capacity(4)).await?;
//!   assert!(buf.is_empty()); // nothing read: use vec![0; 4]
//!   # Ok(())
//!   # }
//!   ```
//! - `?` into `Box<dyn Error>` or `anyhow::Error` boxes the whole error, socket and buffer
//!   included, and needs them `'static`; `.map_err(|e| e.into_error())?` keeps only the
//!   `io::Error`. `?` into `io::Error` does that by itself.
//! - Both families in one module: a type such as `&[u8]` implements both `AsyncRead`s, so
//!   import one family's traits by name and the other's `as _`, and call through the trait
//!   name where both apply:
//!
//!   ```text
//!   use owned_io::*;                                        // tokio's traits
//!   use owned_io::futures_family::AsyncReadExactExt as _;   // futures' methods, unnamed
//!   ```
//!
//! # How it works
//!
//! Each operation is one future, written once for both I/O families: a zero-sized family
//! marker ([`generic::Tokio`], `futures_family::FuturesIo`) is a type parameter, and the names
//! at the crate root and in `futures_family` are aliases that fix it. Every future is a
//! [`generic::Owned`]: the I/O object and the buffer, a progress whose type decides the
//! accessors, and the operation. Each `Future` impl is a plain loop, as tokio's are, inside
//! `Owned::poll_parts`, which keeps what every operation shares: the I/O object and the buffer
//! handed back on every exit, and a panic naming a future polled after completion; small
//! helpers retry `Interrupted` and refuse a count larger than the offer. A copy is tokio's
//! `CopyBuffer::poll_copy`, top to bottom. Every error is a [`generic::OwnedError`].
//!
//! Files: `lib.rs` (these docs and the re-exports), `tokio_family.rs` and `futures_family.rs`
//! (each family's traits, functions and future names), `owned.rs` (the shared invariants),
//! `family.rs` (each family's calls), `error.rs` (the error core), then one file an operation,
//! named after its method: `read/` (`mod.rs` is `read_owned`'s; `exact`, `buf_exact`,
//! `to_end`, `until`, `line`), `write/` (`all`, `all_buf`, `flush`, `shutdown`) and `copy/`
//! (`mod.rs` is `copy_owned`'s; `bidirectional`).
//!
//! # Examples
//!
//! Each runs by itself in seconds (`cargo run --example NAME`):
//!
//! - `echo`: an echo server and client on 127.0.0.1 built only from the owned methods,
//!   exchanging 3000 length-prefixed frames.
//! - `framed`: a length-prefixed frame `Stream` and `Sink` whose states hold the named
//!   futures, with no boxing: the reader reads chunks into one `BytesMut` with `read_owned` and
//!   splits the frames off it, allocating nothing once warm, faster than tokio-util's
//!   `FramedRead` in the comparison.
//! - `timeout_resume`: a read raced against a timer in `select!`, abandoned with `into_parts`,
//!   and resumed on the recovered socket and buffer without losing a byte.
//! - `redis`: a client for a real Redis server that reads every reply by its first line
//!   (`read_line_owned` on a `BufReader`, with a limit), then exactly the bulk bytes that line
//!   announced: status, error, integer, nil, a 1 MiB value and `INFO`.
//! - `proxy`: a TCP proxy on `copy_bidirectional_owned` in front of an echo server (or a server
//!   of yours), whose connections hand their buffers back to a pool for the next ones.
//! - `compare`: owned-io side by side with tokio's and futures-util's built-ins (run it with
//!   `--release --all-features`).
//!
//! # Cargo features
//!
//! Every combination builds, tests and documents.
//!
//! - `bytes` (on by default): `AsyncWriteAllExt::write_all_buf_owned` and its future
//!   `WriteAllBufOwned`, which write any `bytes::Buf` (a header chained to a body, say) with
//!   vectored writes; `AsyncReadOwnedExt` with `read_owned` into any `bytes::BufMut` and
//!   `read_to_end_owned`; adds the [`bytes`](https://docs.rs/bytes) dependency and
//!   [`tokio-util`](https://docs.rs/tokio-util) (no default features, only `io`, for its safe
//!   `poll_read_buf`).
//! - `futures-io` (off by default): the module `owned_io::futures_family`, the same traits,
//!   futures and semantics for every `futures_io::AsyncRead` / `AsyncWrite` (async-std, smol,
//!   futures' in-memory types); adds only the [`futures-io`](https://docs.rs/futures-io)
//!   dependency. It is not re-exported at the crate root, so `use owned_io::*;` never clashes
//!   with the `futures_io` crate.
//!
//! Without features the crate depends on `tokio` (with no tokio features) and `futures-core`
//! (for [`FusedFuture`](futures_core::future::FusedFuture), which every future implements).

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
#[cfg_attr(docsrs, doc(cfg(feature = "futures-io")))]
pub mod futures_family;
mod owned;
mod read;
mod tokio_family;
mod write;

pub use copy::bidirectional::{BidirectionalSide, CopyBidirectionalError};
pub use copy::CopyProgress;
pub use copy::{CopyError, CopySide};
pub use error::{ReadError, ReadExactError, WriteAllError, WriterError};
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
    #[cfg_attr(docsrs, doc(cfg(feature = "bytes")))]
    pub use crate::read::buf_exact::ReadBufExact;
    pub use crate::read::exact::ReadExact;
    pub use crate::read::line::ReadLine;
    #[cfg(feature = "bytes")]
    #[cfg_attr(docsrs, doc(cfg(feature = "bytes")))]
    pub use crate::read::to_end::ReadToEnd;
    pub use crate::read::until::ReadUntil;
    #[cfg(feature = "bytes")]
    #[cfg_attr(docsrs, doc(cfg(feature = "bytes")))]
    pub use crate::read::Read;
    pub use crate::write::all::WriteAll;
    #[cfg(feature = "bytes")]
    #[cfg_attr(docsrs, doc(cfg(feature = "bytes")))]
    pub use crate::write::all_buf::WriteAllBuf;
    pub use crate::write::flush::Flush;
    pub use crate::write::shutdown::Shutdown;
}
