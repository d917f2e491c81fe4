//! Zero-copy owned copies on Linux. This module is `splice_owned`'s: bytes move socket → pipe →
//! socket with `splice(2)`, through a [`Pipe`] the caller owns, never through user space;
//! [`bidirectional`] does it both ways at once. The syscalls are rustix's (safe); readiness is
//! tokio's.

pub(crate) mod bidirectional;

use std::fmt;
use std::future::Future;
use std::io;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use rustix::pipe::{PipeFlags, SpliceFlags};
use tokio::io::Interest;

use crate::copy::{CopySide, Failed};
use crate::error::{Copied, Copying, OwnedError};
use crate::family::{Cooperate, Tokio};
use crate::owned::{counted, stalled, Operation, Owned, Progress};

/// A kernel pipe used as a splice's buffer, owned by the caller: the bytes it holds were read
/// from a reader and not yet written.
///
/// A splice hands its pipe back empty when it completes, ready for the next one: a busy proxy
/// keeps a pool of pipes rather than making two descriptors per connection. An error or an
/// abandon hands it back holding the bytes still to be written; [`len`](Self::len) counts
/// them, `resume` writes them first, and [`read_held`](Self::read_held) takes them out into
/// memory for a writer that is not a socket.
///
/// ```
/// use owned_io::Pipe;
///
/// let pipe = Pipe::with_capacity(1 << 20)?; // the kernel may round up, or grant less
/// assert!(pipe.capacity() >= 4096 && pipe.is_empty());
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Pipe {
    read: OwnedFd,
    write: OwnedFd,
    len: usize,
    capacity: usize,
}

impl Pipe {
    /// A pipe of the kernel's default size (64 KiB on Linux), non-blocking and closed on
    /// `exec`. A larger pipe moves more per call: see [`with_capacity`](Self::with_capacity).
    pub fn new() -> io::Result<Pipe> {
        let (read, write) = rustix::pipe::pipe_with(PipeFlags::CLOEXEC | PipeFlags::NONBLOCK)?;
        let capacity = rustix::pipe::fcntl_getpipe_size(&read)?;
        Ok(Pipe {
            read,
            write,
            len: 0,
            capacity,
        })
    }

    /// A pipe of at least `bytes`, as the kernel grants it (`F_SETPIPE_SZ` rounds up to a
    /// power of two pages): [`capacity`](Self::capacity) says what it granted. Above
    /// `/proc/sys/fs/pipe-max-size` (1 MiB by default) an unprivileged process gets
    /// `PermissionDenied`.
    pub fn with_capacity(bytes: usize) -> io::Result<Pipe> {
        let mut pipe = Pipe::new()?;
        pipe.capacity = rustix::pipe::fcntl_setpipe_size(&pipe.write, bytes)?;
        Ok(pipe)
    }

    /// How many bytes the pipe holds at most, as the kernel granted it.
    #[must_use]
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The bytes the pipe holds: read from a reader, not yet written.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the pipe holds no bytes.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Takes held bytes out of the pipe into `buf`, for a writer that is not a socket: the
    /// count read, `0` once the pipe is empty. Never blocks.
    #[must_use = "the count says how many held bytes are now in `buf`"]
    pub fn read_held(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let wanted = buf.len().min(self.len);
        if wanted == 0 {
            return Ok(0);
        }
        let n = rustix::io::read(&self.read, &mut buf[..wanted])?;
        self.len -= n;
        Ok(n)
    }
}

impl fmt::Debug for Pipe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pipe")
            .field("len", &self.len)
            .field("capacity", &self.capacity)
            .finish_non_exhaustive()
    }
}

/// An I/O object whose bytes the kernel can splice: a tokio socket (`TcpStream`,
/// `UnixStream`), one of its owned halves, `&mut` one of them, or a type of yours that holds
/// one.
///
/// The splice needs a descriptor and tokio's readiness for it, which only the socket itself
/// has: its halves share it through `AsRef`. So the trait asks for the socket, not for
/// `AsFd`: a wrapper around a `TcpStream` implements it in one line, and a type whose bytes do
/// not sit in a socket (a TLS stream, a `BufReader`) cannot, because splicing its descriptor
/// would skip its own state.
///
/// ```
/// use owned_io::{splice_owned, Pipe, SpliceIo};
/// use tokio::io::AsyncWriteExt;
/// use tokio::net::UnixStream;
///
/// struct Connection {
///     stream: UnixStream,
///     id: u64,
/// }
///
/// impl SpliceIo for Connection {
///     type Socket = UnixStream;
///     fn socket(&self) -> &UnixStream {
///         &self.stream
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let (mut peer, stream) = UnixStream::pair()?;
/// let (sink, _other_end) = UnixStream::pair()?;
/// peer.write_all(b"hi").await?;
/// drop(peer);
/// let from = Connection { stream, id: 7 };
/// let (from, _sink, _pipe, n) = splice_owned(from, sink, Pipe::new()?).await?;
/// assert_eq!((from.id, n), (7, 2));
/// # Ok(())
/// # }
/// ```
pub trait SpliceIo {
    /// The tokio socket whose descriptor the kernel splices.
    type Socket: Socket;

    /// The socket.
    fn socket(&self) -> &Self::Socket;
}

/// A tokio socket the kernel splices: `TcpStream` or `UnixStream`. Sealed.
pub trait Socket: AsFd {
    /// Waits for the socket to be readable or writable.
    fn poll_ready(&self, cx: &mut Context<'_>, interest: Interest) -> Poll<io::Result<()>>;

    /// Makes a non-blocking call on the socket's descriptor; a `WouldBlock` clears tokio's
    /// readiness, so the next [`poll_ready`](Self::poll_ready) waits.
    fn try_io<T>(
        &self,
        interest: Interest,
        call: impl FnOnce(BorrowedFd<'_>) -> io::Result<T>,
    ) -> io::Result<T>;
}

impl Socket for tokio::net::TcpStream {
    fn poll_ready(&self, cx: &mut Context<'_>, interest: Interest) -> Poll<io::Result<()>> {
        if interest.is_readable() {
            self.poll_read_ready(cx)
        } else {
            self.poll_write_ready(cx)
        }
    }

    fn try_io<T>(
        &self,
        interest: Interest,
        call: impl FnOnce(BorrowedFd<'_>) -> io::Result<T>,
    ) -> io::Result<T> {
        tokio::net::TcpStream::try_io(self, interest, || call(self.as_fd()))
    }
}

impl Socket for tokio::net::UnixStream {
    fn poll_ready(&self, cx: &mut Context<'_>, interest: Interest) -> Poll<io::Result<()>> {
        if interest.is_readable() {
            self.poll_read_ready(cx)
        } else {
            self.poll_write_ready(cx)
        }
    }

    fn try_io<T>(
        &self,
        interest: Interest,
        call: impl FnOnce(BorrowedFd<'_>) -> io::Result<T>,
    ) -> io::Result<T> {
        tokio::net::UnixStream::try_io(self, interest, || call(self.as_fd()))
    }
}

impl SpliceIo for tokio::net::TcpStream {
    type Socket = Self;
    fn socket(&self) -> &Self {
        self
    }
}

impl SpliceIo for tokio::net::UnixStream {
    type Socket = Self;
    fn socket(&self) -> &Self {
        self
    }
}

impl SpliceIo for tokio::net::tcp::OwnedReadHalf {
    type Socket = tokio::net::TcpStream;
    fn socket(&self) -> &tokio::net::TcpStream {
        self.as_ref()
    }
}

impl SpliceIo for tokio::net::tcp::OwnedWriteHalf {
    type Socket = tokio::net::TcpStream;
    fn socket(&self) -> &tokio::net::TcpStream {
        self.as_ref()
    }
}

impl SpliceIo for tokio::net::unix::OwnedReadHalf {
    type Socket = tokio::net::UnixStream;
    fn socket(&self) -> &tokio::net::UnixStream {
        self.as_ref()
    }
}

impl SpliceIo for tokio::net::unix::OwnedWriteHalf {
    type Socket = tokio::net::UnixStream;
    fn socket(&self) -> &tokio::net::UnixStream {
        self.as_ref()
    }
}

/// Lent: the splice hands the `&mut` back.
impl<T: SpliceIo + ?Sized> SpliceIo for &mut T {
    type Socket = T::Socket;
    fn socket(&self) -> &T::Socket {
        (**self).socket()
    }
}

/// How far a splice got: the count written and whether the reader's stream has ended. The
/// bytes read but not written are in the [`Pipe`], which goes with it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SpliceProgress {
    copied: u64,
    reader_done: bool,
    /// The shutdown after it is done (a bidirectional splice's).
    shut_down: bool,
}

impl SpliceProgress {
    /// A splice that has not started.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of bytes written so far.
    #[must_use]
    pub fn copied(&self) -> u64 {
        self.copied
    }

    /// Whether the reader's stream has ended (only the pipe's bytes are left to write).
    #[must_use]
    pub fn reader_done(&self) -> bool {
        self.reader_done
    }
}

impl Progress for SpliceProgress {
    fn fields(&self, out: &mut fmt::DebugStruct<'_, '_>) {
        out.field("progress", self);
    }
}

/// Moves everything `reader` sends to `writer` through `pipe`, in the kernel, and hands all
/// three back with the number of bytes moved; the pipe comes back empty.
///
/// Equivalent to:
///
/// ```text
/// async fn splice_owned<R: SpliceIo, W: SpliceIo>(reader: R, writer: W, pipe: Pipe)
///     -> Result<(R, W, Pipe, u64), SpliceError<R, W>>;
/// ```
///
/// What [`copy_owned`](crate::copy_owned) does, without copying the bytes into the process:
/// each round splices from the reader into the empty pipe as much as it holds, then from the
/// pipe into the writer until it is empty, and spends a unit of the task's tokio budget. A pipe
/// that already holds bytes has them written first, as [`resume`](SpliceOwned::resume) does. It
/// ends at the reader's end of stream, once the pipe is written, and does not shut the writer
/// down. A larger pipe moves more a call ([`Pipe::with_capacity`]). Sockets only: for other
/// I/O objects, `copy_owned`.
///
/// # Errors
///
/// A [`SpliceError`] holding everything, which side failed and the pipe with the bytes read
/// but not written: a reset peer's error, a descriptor the kernel will not splice (`EINVAL`),
/// or any other error of the `splice` calls. `Interrupted` is
/// [retried](crate#interrupted).
///
/// # Cancel safety
///
/// [`into_parts`](SpliceOwned::into_parts) hands back the reader, the writer, the pipe with
/// its bytes and the [`SpliceProgress`]; [`resume`](SpliceOwned::resume) writes the pipe's
/// bytes first: none is lost or written twice.
///
/// # Examples
///
/// ```
/// use owned_io::{splice_owned, Pipe};
/// use tokio::io::{AsyncReadExt, AsyncWriteExt};
/// use tokio::net::UnixStream;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let (mut client, from_client) = UnixStream::pair()?;
/// let (to_server, mut server) = UnixStream::pair()?;
/// client.write_all(b"zero copies").await?;
/// drop(client); // end of stream
/// let (_, _, pipe, n) = splice_owned(from_client, to_server, Pipe::new()?).await?;
/// let mut got = vec![0u8; 11];
/// server.read_exact(&mut got).await?;
/// assert_eq!((&got[..], n, pipe.len()), (&b"zero copies"[..], 11, 0));
/// # Ok(())
/// # }
/// ```
pub fn splice_owned<R: SpliceIo, W: SpliceIo>(
    reader: R,
    writer: W,
    pipe: Pipe,
) -> SpliceOwned<R, W> {
    SpliceOwned::resume(reader, writer, pipe, SpliceProgress::new())
}

/// Future for the [`splice_owned`] function.
pub type SpliceOwned<R, W> = Owned<(R, W), Pipe, Splice, SpliceProgress>;

/// The operation of a [`SpliceOwned`] future.
#[derive(Debug)]
pub struct Splice(());

impl Operation for Splice {
    const FUTURE: &'static str = "SpliceOwned";
}

impl<R, W> Owned<(R, W), Pipe, Splice, SpliceProgress> {
    /// The number of bytes written so far.
    #[must_use]
    pub fn copied(&self) -> u64 {
        self.progress.copied
    }

    /// Abandons the splice and hands back the reader, the writer, the pipe with the bytes read
    /// but not written, and the [`SpliceProgress`], in the order [`resume`](Self::resume)
    /// takes them; `None` once the future has completed.
    #[must_use = "the I/O objects and the pipe are dropped with the result"]
    pub fn into_parts(self) -> Option<(R, W, Pipe, SpliceProgress)> {
        let ((reader, writer), pipe, progress) = self.take_parts()?;
        Some((reader, writer, pipe, progress))
    }
}

impl<R: SpliceIo, W: SpliceIo> Owned<(R, W), Pipe, Splice, SpliceProgress> {
    /// Continues a splice abandoned with [`into_parts`](Self::into_parts), or that failed
    /// ([`SpliceError::into_resume_parts`]): the bytes the pipe holds are written first, and
    /// the count goes on from `progress`. `SpliceProgress::new()` starts afresh.
    pub fn resume(reader: R, writer: W, pipe: Pipe, progress: SpliceProgress) -> Self {
        Self::new((reader, writer), pipe, progress, Splice(()))
    }
}

impl<R: SpliceIo, W: SpliceIo> Future for Owned<(R, W), Pipe, Splice, SpliceProgress> {
    type Output = Result<(R, W, Pipe, u64), SpliceError<R, W>>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.get_mut().poll_parts(
            |(reader, writer), pipe, p| poll_splice(&*reader, &*writer, pipe, p, cx),
            |result, (reader, writer), pipe, progress| match result {
                Ok(()) => Ok((reader, writer, pipe, progress.copied)),
                Err(failed) => {
                    let detail = Copied {
                        side: failed.side,
                        progress,
                    };
                    let parts = (reader, writer, pipe);
                    Err(SpliceError::new(
                        "splice_owned",
                        failed.cause,
                        parts,
                        detail,
                    ))
                }
            },
        )
    }
}

/// One direction of a splice: while the reader has not ended, fill the empty pipe from it,
/// then drain the pipe into the writer, one unit of the task's budget a round. The pipe is
/// filled only when empty, so an `EAGAIN` always comes from the socket, never from a full
/// pipe.
pub(crate) fn poll_splice<R: SpliceIo, W: SpliceIo>(
    reader: &R,
    writer: &W,
    pipe: &mut Pipe,
    p: &mut SpliceProgress,
    cx: &mut Context<'_>,
) -> Poll<Result<(), Failed<CopySide>>> {
    let mut rounds = 0;
    loop {
        let unit = ready!(Tokio::poll_proceed(cx, &mut rounds));
        if pipe.is_empty() && !p.reader_done {
            let n = ready!(fill(reader.socket(), pipe, cx)).map_err(Failed::reader)?;
            Tokio::made_progress(&unit);
            p.reader_done = n == 0;
        }
        while !pipe.is_empty() {
            let offered = pipe.len;
            let n = ready!(drain(writer.socket(), pipe, cx)).map_err(Failed::writer)?;
            Tokio::made_progress(&unit);
            if n == 0 {
                let copied = usize::try_from(p.copied).unwrap_or(usize::MAX);
                let cause = stalled(io::ErrorKind::WriteZero, copied, offered);
                return Poll::Ready(Err(Failed::writer(cause)));
            }
            p.copied += n as u64;
        }
        if p.reader_done {
            return Poll::Ready(Ok(()));
        }
    }
}

/// One splice from the socket into the empty pipe, of as much as the pipe holds; `0` is the
/// socket's end of stream.
fn fill<S: Socket>(
    socket: &S,
    pipe: &mut Pipe,
    cx: &mut Context<'_>,
) -> Poll<Result<usize, crate::error::Cause>> {
    let offered = pipe.capacity;
    let n = ready!(splice_ready(
        socket,
        Interest::READABLE,
        offered,
        cx,
        |fd| { rustix::pipe::splice(fd, None, &pipe.write, None, offered, FLAGS) }
    ))?;
    pipe.len += n;
    Poll::Ready(Ok(n))
}

/// One splice from the pipe into the socket, of everything the pipe holds.
fn drain<S: Socket>(
    socket: &S,
    pipe: &mut Pipe,
    cx: &mut Context<'_>,
) -> Poll<Result<usize, crate::error::Cause>> {
    let offered = pipe.len;
    let n = ready!(splice_ready(
        socket,
        Interest::WRITABLE,
        offered,
        cx,
        |fd| { rustix::pipe::splice(&pipe.read, None, fd, None, offered, FLAGS) }
    ))?;
    pipe.len -= n;
    Poll::Ready(Ok(n))
}

/// Non-blocking, and `MOVE` pages rather than copy them where the kernel can.
const FLAGS: SpliceFlags = SpliceFlags::MOVE.union(SpliceFlags::NONBLOCK);

/// A splice once the socket is ready: `WouldBlock` waits for readiness again (tokio's `try_io`
/// cleared it), `Interrupted` is retried, and a count larger than the offer is refused.
fn splice_ready<S: Socket>(
    socket: &S,
    interest: Interest,
    offered: usize,
    cx: &mut Context<'_>,
    mut call: impl FnMut(BorrowedFd<'_>) -> rustix::io::Result<usize>,
) -> Poll<Result<usize, crate::error::Cause>> {
    loop {
        ready!(socket.poll_ready(cx, interest))?;
        let answer = socket.try_io(interest, |fd| call(fd).map_err(io::Error::from));
        if matches!(&answer, Err(e) if e.kind() == io::ErrorKind::WouldBlock) {
            continue;
        }
        if let Some(answer) = counted(answer, offered) {
            return Poll::Ready(answer);
        }
    }
}

/// The error of `splice_owned`: the `io::Error`, the reader, the writer, the pipe with the
/// bytes read but not written, which side failed, and the [`SpliceProgress`].
///
/// [`into_resume_parts`](Self::into_resume_parts) hands out what `resume` takes to go on:
/// the pipe's bytes are written first.
pub type SpliceError<R, W> = OwnedError<(R, W, Pipe), Copied<CopySide, SpliceProgress>>;

impl Copying for SpliceProgress {
    const ERROR: &'static str = "SpliceError";

    fn copied(&self) -> u64 {
        self.copied
    }
}
