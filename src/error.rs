//! The error types of the fixed-length operations: an `io::Error` together with everything the
//! failed operation owned and how far it got.
//!
//! None of them needs the I/O object or the buffer to be `Debug`. Each converts into
//! `io::Error` for `?` in a function returning `io::Result`, dropping the I/O object and the
//! buffer. `?` into `Box<dyn Error>` or `anyhow::Error` instead keeps the I/O object and the
//! whole buffer alive inside the error (and needs them `'static`): call `into_error()` first
//! when they are not needed.

use std::error::Error;
use std::fmt;
use std::io;
use std::ops::Range;

use crate::CopyProgress;

/// An error the crate makes itself, inside its `io::Error`: the method the user called and
/// what happened, so that the message survives `?` into `io::Error`.
#[derive(Debug)]
pub(crate) struct Failure {
    /// Empty until the error leaves the crate's error type, which knows the method: see
    /// [`stamped`].
    method: &'static str,
    what: String,
    /// The read stopped at its limit: [`ReadError::is_limit_exceeded`].
    limit: bool,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.method {
            "" => f.write_str(&self.what),
            method => write!(f, "{method}: {}", self.what),
        }
    }
}

impl Error for Failure {}

/// An error of the crate's own: `what` happened, in plain words.
#[cold]
pub(crate) fn failure(kind: io::ErrorKind, what: String) -> io::Error {
    let limit = false;
    io::Error::new(
        kind,
        Failure {
            method: "",
            what,
            limit,
        },
    )
}

/// A read that reached its limit: [`InvalidData`](io::ErrorKind::InvalidData), and
/// [`ReadError::is_limit_exceeded`] says so.
#[cold]
pub(crate) fn over_limit(what: String) -> io::Error {
    let limit = true;
    io::Error::new(
        io::ErrorKind::InvalidData,
        Failure {
            method: "",
            what,
            limit,
        },
    )
}

fn failure_of(error: &io::Error) -> Option<&Failure> {
    error.get_ref()?.downcast_ref::<Failure>()
}

/// Names `method` in an error the crate made; an error of the I/O object is handed on as it
/// is (kind, `raw_os_error`, message). Called only when the `io::Error` leaves an error type
/// (`into_error`, `into_parts`, `From`): done when the error is made, the check slowed the
/// futures' hot loops (a 64-call read of a reader pending every other call 1.9 -> 0.9 of
/// tokio's time without it).
fn stamped(error: io::Error, method: &'static str) -> io::Error {
    match failure_of(&error) {
        Some(failure) if failure.method.is_empty() => stamp(error, method),
        _ => error,
    }
}

#[cold]
fn stamp(error: io::Error, method: &'static str) -> io::Error {
    let kind = error.kind();
    match error.into_inner().map(|inner| inner.downcast::<Failure>()) {
        Some(Ok(mut failure)) => {
            failure.method = method;
            io::Error::new(kind, *failure)
        }
        Some(Err(inner)) => io::Error::new(kind, inner),
        None => kind.into(),
    }
}

/// `Display` of every error of the crate: the method and what happened. The cause is in the
/// message, so `source()` is the `io::Error`'s own source, never the `io::Error` again.
fn describe(f: &mut fmt::Formatter<'_>, method: &str, error: &io::Error) -> fmt::Result {
    if let Some(failure) = failure_of(error) {
        return match failure.method {
            "" => write!(f, "{method}: {}", failure.what),
            _ => write!(f, "{failure}"),
        };
    }
    if let Some(utf8) = error
        .get_ref()
        .and_then(|e| e.downcast_ref::<std::str::Utf8Error>())
    {
        return write!(f, "{method}: the line is not UTF-8 ({utf8})");
    }
    write!(f, "{method}: {error}")
}

/// The error of [`ReadExactOwned`](crate::ReadExactOwned) (and its futures-family twin): the
/// `io::Error`, the reader, the buffer and how many bytes were read into it.
///
/// End of stream before the buffer is full is [`UnexpectedEof`](io::ErrorKind::UnexpectedEof):
/// [`filled`](Self::filled) tells a clean close (`0`) from a truncated read (`> 0`), and the
/// buffer holds the bytes that did arrive.
///
/// # Examples
///
/// ```
/// use owned_io::AsyncReadExactExt;
/// use std::io::ErrorKind;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let reader: &[u8] = b"abc";
/// let err = reader.read_exact_owned([0u8; 5]).await.unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::UnexpectedEof);
/// assert_eq!(err.filled(), 3);
/// let (_error, reader, buf) = err.into_parts();
/// assert_eq!(&buf[..3], b"abc");
/// assert!(reader.is_empty());
/// # }
/// ```
///
/// Into `Box<dyn Error>` without keeping the reader and the buffer alive in it:
///
/// ```
/// use owned_io::AsyncReadExactExt;
///
/// async fn header(reader: &[u8]) -> Result<[u8; 4], Box<dyn std::error::Error>> {
///     // `?` on the error itself would box the reader and the buffer along with it.
///     let (_reader, header) = reader.read_exact_owned([0u8; 4]).await.map_err(|e| e.into_error())?;
///     Ok(header)
/// }
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let err = header(b"ab").await.unwrap_err();
/// assert!(err.downcast_ref::<std::io::Error>().is_some());
/// # }
/// ```
pub struct ReadExactError<R, B> {
    method: &'static str,
    error: io::Error,
    reader: R,
    buf: B,
    filled: usize,
}

impl<R, B> ReadExactError<R, B> {
    #[inline]
    pub(crate) fn new(
        method: &'static str,
        error: io::Error,
        reader: R,
        buf: B,
        filled: usize,
    ) -> Self {
        Self {
            method,
            error,
            reader,
            buf,
            filled,
        }
    }

    /// The kind of the underlying `io::Error`.
    #[must_use]
    pub fn kind(&self) -> io::ErrorKind {
        self.error.kind()
    }

    /// The number of bytes read into the buffer before the error, never more than its length:
    /// `buf[..filled]` holds them. Pass it to [`resume`](crate::ReadExactOwned::resume) to
    /// continue.
    #[must_use]
    pub fn filled(&self) -> usize {
        self.filled
    }

    /// The underlying `io::Error`, to read its [`raw_os_error`](io::Error::raw_os_error) or its
    /// message without giving up the reader and the buffer.
    /// An error the crate made itself reads here without the method's name, which this
    /// error's `Display` and the `io::Error` it gives up both carry.
    #[must_use]
    pub fn error(&self) -> &io::Error {
        &self.error
    }

    /// The underlying `io::Error`, dropping the reader and the buffer.
    #[must_use]
    pub fn into_error(self) -> io::Error {
        stamped(self.error, self.method)
    }

    /// The underlying `io::Error`, the reader and the buffer.
    #[must_use]
    pub fn into_parts(self) -> (io::Error, R, B) {
        (stamped(self.error, self.method), self.reader, self.buf)
    }
}

impl<R, B> fmt::Debug for ReadExactError<R, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReadExactError")
            .field("error", &self.error)
            .field("filled", &self.filled)
            .finish_non_exhaustive()
    }
}

impl<R, B> fmt::Display for ReadExactError<R, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        describe(f, self.method, &self.error)
    }
}

impl<R, B> Error for ReadExactError<R, B> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.error.source()
    }
}

/// The underlying `io::Error`, as is, so that `?` works in a function returning `io::Result`.
/// The reader and the buffer are dropped.
impl<R, B> From<ReadExactError<R, B>> for io::Error {
    fn from(error: ReadExactError<R, B>) -> io::Error {
        error.into_error()
    }
}

/// The error of [`WriteAllOwned`](crate::WriteAllOwned) and, with the `bytes` feature,
/// `WriteAllBufOwned` (and their futures-family twins): the `io::Error`, the writer, the buffer
/// and how many bytes were written from it.
///
/// A writer that accepts 0 bytes is [`WriteZero`](io::ErrorKind::WriteZero).
///
/// # Examples
///
/// ```
/// use owned_io::AsyncWriteAllExt;
/// use std::io::ErrorKind;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let mut space = [0u8; 3];
/// let writer = std::io::Cursor::new(&mut space[..]);
/// let err = writer.write_all_owned(*b"hello").await.unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::WriteZero);
/// assert_eq!(err.written(), 3);
/// assert!(err.error().raw_os_error().is_none()); // look without giving anything up
/// let (_error, _writer, buf) = err.into_parts();
/// assert_eq!(&buf, b"hello");
/// # }
/// ```
pub struct WriteAllError<W, B> {
    method: &'static str,
    error: io::Error,
    writer: W,
    buf: B,
    written: usize,
}

impl<W, B> WriteAllError<W, B> {
    #[inline]
    pub(crate) fn new(
        method: &'static str,
        error: io::Error,
        writer: W,
        buf: B,
        written: usize,
    ) -> Self {
        Self {
            method,
            error,
            writer,
            buf,
            written,
        }
    }

    /// The kind of the underlying `io::Error`.
    #[must_use]
    pub fn kind(&self) -> io::ErrorKind {
        self.error.kind()
    }

    /// The number of bytes written before the error; for a slice buffer never more than its
    /// length, so `buf[written..]` is what is left. Pass it to
    /// [`resume`](crate::WriteAllOwned::resume) to continue.
    #[must_use]
    pub fn written(&self) -> usize {
        self.written
    }

    /// The underlying `io::Error`, to read its [`raw_os_error`](io::Error::raw_os_error) or its
    /// message without giving up the writer and the buffer.
    /// An error the crate made itself reads here without the method's name, which this
    /// error's `Display` and the `io::Error` it gives up both carry.
    #[must_use]
    pub fn error(&self) -> &io::Error {
        &self.error
    }

    /// The underlying `io::Error`, dropping the writer and the buffer.
    #[must_use]
    pub fn into_error(self) -> io::Error {
        stamped(self.error, self.method)
    }

    /// The underlying `io::Error`, the writer and the buffer.
    #[must_use]
    pub fn into_parts(self) -> (io::Error, W, B) {
        (stamped(self.error, self.method), self.writer, self.buf)
    }
}

impl<W, B> fmt::Debug for WriteAllError<W, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WriteAllError")
            .field("error", &self.error)
            .field("written", &self.written)
            .finish_non_exhaustive()
    }
}

impl<W, B> fmt::Display for WriteAllError<W, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        describe(f, self.method, &self.error)
    }
}

impl<W, B> Error for WriteAllError<W, B> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.error.source()
    }
}

/// The underlying `io::Error`, as is, so that `?` works in a function returning `io::Result`.
/// The writer and the buffer are dropped.
impl<W, B> From<WriteAllError<W, B>> for io::Error {
    fn from(error: WriteAllError<W, B>) -> io::Error {
        error.into_error()
    }
}

/// The error of the reads whose length the peer decides: [`ReadUntilOwned`](crate::ReadUntilOwned),
/// [`ReadLineOwned`](crate::ReadLineOwned), with the `bytes` feature `ReadOwned` and
/// `ReadToEndOwned`, and their futures-family twins: the `io::Error`, the reader, the buffer
/// and how many bytes this call appended to it.
///
/// The buffer holds every byte that was read, those of a line longer than its limit or of a
/// line that is not UTF-8 included.
///
/// # Examples
///
/// ```
/// use owned_io::AsyncBufReadOwnedExt;
/// use std::io::ErrorKind;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let reader: &[u8] = b"too long\n";
/// let err = reader.read_until_owned(b'\n', b"> ".to_vec(), 4).await.unwrap_err();
/// assert_eq!((err.kind(), err.filled()), (ErrorKind::InvalidData, 4));
/// let (_error, reader, buf) = err.into_parts();
/// assert_eq!((&buf[..], reader), (&b"> too "[..], &b"long\n"[..]));
/// # }
/// ```
pub struct ReadError<R, B> {
    method: &'static str,
    error: io::Error,
    reader: R,
    buf: B,
    filled: usize,
}

impl<R, B> ReadError<R, B> {
    #[inline]
    pub(crate) fn new(
        method: &'static str,
        error: io::Error,
        reader: R,
        buf: B,
        filled: usize,
    ) -> Self {
        Self {
            method,
            error,
            reader,
            buf,
            filled,
        }
    }

    /// The kind of the underlying `io::Error`.
    #[must_use]
    pub fn kind(&self) -> io::ErrorKind {
        self.error.kind()
    }

    /// The number of bytes this call appended to the buffer before the error: they are its
    /// last `filled` bytes. Pass it to `resume` to continue.
    #[must_use]
    pub fn filled(&self) -> usize {
        self.filled
    }

    /// The underlying `io::Error`, to read its [`raw_os_error`](io::Error::raw_os_error) or its
    /// message without giving up the reader and the buffer.
    /// An error the crate made itself reads here without the method's name, which this
    /// error's `Display` and the `io::Error` it gives up both carry.
    #[must_use]
    pub fn error(&self) -> &io::Error {
        &self.error
    }

    /// The underlying `io::Error`, dropping the reader and the buffer.
    #[must_use]
    pub fn into_error(self) -> io::Error {
        stamped(self.error, self.method)
    }

    /// The underlying `io::Error`, the reader and the buffer.
    #[must_use]
    pub fn into_parts(self) -> (io::Error, R, B) {
        (stamped(self.error, self.method), self.reader, self.buf)
    }
}

impl<R, B> ReadError<R, B> {
    /// Whether the read stopped because it reached its limit: a line with no delimiter within
    /// the limit, a stream longer than the limit. `false` for a line that is not UTF-8 and for
    /// every other error, so the two `InvalidData` cases can be told apart.
    ///
    /// ```
    /// use owned_io::AsyncBufReadOwnedExt;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let long: &[u8] = b"a line longer than eight bytes\n";
    /// let err = long.read_line_owned(String::new(), 8).await.unwrap_err();
    /// assert!(err.is_limit_exceeded());
    /// assert_eq!(err.to_string(), "read_line_owned: no '\\n' within the limit of 8 bytes (8 bytes read)");
    ///
    /// let latin1: &[u8] = b"caf\xe9\n";
    /// let err = latin1.read_line_owned(String::new(), 64).await.unwrap_err();
    /// assert!(!err.is_limit_exceeded()); // not UTF-8: the Utf8Error is the io::Error's inner one
    /// assert!(err.error().get_ref().unwrap().is::<std::str::Utf8Error>());
    /// # }
    /// ```
    #[must_use]
    pub fn is_limit_exceeded(&self) -> bool {
        failure_of(&self.error).is_some_and(|failure| failure.limit)
    }
}

impl<R, B> fmt::Debug for ReadError<R, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReadError")
            .field("error", &self.error)
            .field("filled", &self.filled)
            .finish_non_exhaustive()
    }
}

impl<R, B> fmt::Display for ReadError<R, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        describe(f, self.method, &self.error)
    }
}

impl<R, B> Error for ReadError<R, B> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.error.source()
    }
}

/// The underlying `io::Error`, as is, so that `?` works in a function returning `io::Result`.
/// The reader and the buffer are dropped.
impl<R, B> From<ReadError<R, B>> for io::Error {
    fn from(error: ReadError<R, B>) -> io::Error {
        error.into_error()
    }
}

/// The error of [`FlushOwned`](crate::FlushOwned) and [`ShutdownOwned`](crate::ShutdownOwned)
/// (and their futures-family twins): the `io::Error` and the writer.
///
/// # Examples
///
/// ```
/// use owned_io::AsyncWriteOwnedExt;
/// use std::io::ErrorKind;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// # #[derive(Debug)]
/// # struct Failing;
/// # impl tokio::io::AsyncWrite for Failing {
/// #     fn poll_write(self: std::pin::Pin<&mut Self>, _: &mut std::task::Context<'_>, b: &[u8]) -> std::task::Poll<std::io::Result<usize>> { std::task::Poll::Ready(Ok(b.len())) }
/// #     fn poll_flush(self: std::pin::Pin<&mut Self>, _: &mut std::task::Context<'_>) -> std::task::Poll<std::io::Result<()>> { std::task::Poll::Ready(Err(ErrorKind::BrokenPipe.into())) }
/// #     fn poll_shutdown(self: std::pin::Pin<&mut Self>, _: &mut std::task::Context<'_>) -> std::task::Poll<std::io::Result<()>> { std::task::Poll::Ready(Ok(())) }
/// # }
/// let writer = Failing; // a writer whose flush fails
/// let err = writer.flush_owned().await.unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::BrokenPipe);
/// let (_error, _writer) = err.into_parts(); // the writer comes back
/// # }
/// ```
pub struct WriterError<W> {
    method: &'static str,
    error: io::Error,
    writer: W,
}

impl<W> WriterError<W> {
    #[inline]
    pub(crate) fn new(method: &'static str, error: io::Error, writer: W) -> Self {
        Self {
            method,
            error,
            writer,
        }
    }

    /// The kind of the underlying `io::Error`.
    #[must_use]
    pub fn kind(&self) -> io::ErrorKind {
        self.error.kind()
    }

    /// The underlying `io::Error`, to read its [`raw_os_error`](io::Error::raw_os_error) or its
    /// message without giving up the writer.
    /// An error the crate made itself reads here without the method's name, which this
    /// error's `Display` and the `io::Error` it gives up both carry.
    #[must_use]
    pub fn error(&self) -> &io::Error {
        &self.error
    }

    /// The underlying `io::Error`, dropping the writer.
    #[must_use]
    pub fn into_error(self) -> io::Error {
        stamped(self.error, self.method)
    }

    /// The underlying `io::Error` and the writer.
    #[must_use]
    pub fn into_parts(self) -> (io::Error, W) {
        (stamped(self.error, self.method), self.writer)
    }
}

impl<W> fmt::Debug for WriterError<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WriterError")
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

impl<W> fmt::Display for WriterError<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        describe(f, self.method, &self.error)
    }
}

impl<W> Error for WriterError<W> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.error.source()
    }
}

/// The underlying `io::Error`, as is, so that `?` works in a function returning `io::Result`.
/// The writer is dropped.
impl<W> From<WriterError<W>> for io::Error {
    fn from(error: WriterError<W>) -> io::Error {
        error.into_error()
    }
}

/// Which I/O object of a copy failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CopySide {
    /// The reader: its read failed or lied.
    Reader,
    /// The writer: its write, flush or shutdown failed, lied, or accepted 0 bytes.
    Writer,
}

/// The error of [`CopyOwned`](crate::CopyOwned) (and its futures-family twin): the `io::Error`, the reader, the
/// writer, the buffer, which of them failed, and the [`CopyProgress`] with the bytes read but
/// not yet written.
pub struct CopyError<R, W, B> {
    method: &'static str,
    error: io::Error,
    reader: R,
    writer: W,
    buf: B,
    progress: CopyProgress,
    side: Option<CopySide>,
}

impl<R, W, B> CopyError<R, W, B> {
    #[inline]
    pub(crate) fn new(
        error: io::Error,
        (reader, writer): (R, W),
        buf: B,
        progress: CopyProgress,
        side: Option<CopySide>,
    ) -> Self {
        let method = "copy_owned";
        Self {
            method,
            error,
            reader,
            writer,
            buf,
            progress,
            side,
        }
    }

    /// The kind of the underlying `io::Error`.
    #[must_use]
    pub fn kind(&self) -> io::ErrorKind {
        self.error.kind()
    }

    /// Which I/O object failed; `None` when the buffer or the progress `resume` was given did
    /// not fit ([`InvalidInput`](io::ErrorKind::InvalidInput)).
    #[must_use]
    pub fn side(&self) -> Option<CopySide> {
        self.side
    }

    /// The number of bytes written before the error.
    #[must_use]
    pub fn copied(&self) -> u64 {
        self.progress.copied()
    }

    /// The bytes of the buffer read but not written when the copy failed: `&buf[pending]`.
    #[must_use]
    pub fn pending(&self) -> Range<usize> {
        self.progress.pending()
    }

    /// The whole progress, for [`CopyOwned::resume`](crate::CopyOwned::resume).
    #[must_use]
    pub fn progress(&self) -> CopyProgress {
        self.progress
    }

    /// The underlying `io::Error`, to read its [`raw_os_error`](io::Error::raw_os_error) or its
    /// message without giving up the I/O objects and the buffer.
    /// An error the crate made itself reads here without the method's name, which this
    /// error's `Display` and the `io::Error` it gives up both carry.
    #[must_use]
    pub fn error(&self) -> &io::Error {
        &self.error
    }

    /// The underlying `io::Error`, dropping the I/O objects and the buffer.
    #[must_use]
    pub fn into_error(self) -> io::Error {
        stamped(self.error, self.method)
    }

    /// The underlying `io::Error`, the reader, the writer and the buffer.
    #[must_use]
    pub fn into_parts(self) -> (io::Error, R, W, B) {
        (
            stamped(self.error, self.method),
            self.reader,
            self.writer,
            self.buf,
        )
    }
}

impl<R, W, B> fmt::Debug for CopyError<R, W, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CopyError")
            .field("error", &self.error)
            .field("side", &self.side)
            .field("progress", &self.progress)
            .finish_non_exhaustive()
    }
}

impl<R, W, B> fmt::Display for CopyError<R, W, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let method = match self.side {
            Some(CopySide::Reader) => "copy_owned, reading",
            Some(CopySide::Writer) => "copy_owned, writing",
            None => self.method,
        };
        describe(f, method, &self.error)
    }
}

impl<R, W, B> Error for CopyError<R, W, B> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.error.source()
    }
}

/// The underlying `io::Error`, as is, so that `?` works in a function returning `io::Result`.
/// The I/O objects and the buffer, pending bytes included, are dropped.
impl<R, W, B> From<CopyError<R, W, B>> for io::Error {
    fn from(error: CopyError<R, W, B>) -> io::Error {
        error.into_error()
    }
}

/// Which I/O object of a bidirectional copy failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BidirectionalSide {
    /// The first, `a`.
    A,
    /// The second, `b`.
    B,
}

/// The error of [`CopyBidirectionalOwned`](crate::CopyBidirectionalOwned) (and its futures-family twin): the `io::Error`, both
/// I/O objects, both buffers, which side failed, and each direction's [`CopyProgress`].
pub struct CopyBidirectionalError<A, B, BufAB, BufBA> {
    method: &'static str,
    error: io::Error,
    /// `a` and `b`.
    io: (A, B),
    /// The buffer from `a` to `b`, and the one from `b` to `a`.
    bufs: (BufAB, BufBA),
    a_to_b: CopyProgress,
    b_to_a: CopyProgress,
    side: Option<BidirectionalSide>,
}

impl<A, B, BufAB, BufBA> CopyBidirectionalError<A, B, BufAB, BufBA> {
    #[inline]
    pub(crate) fn new(
        error: io::Error,
        io: (A, B),
        bufs: (BufAB, BufBA),
        (a_to_b, b_to_a): (CopyProgress, CopyProgress),
        side: Option<BidirectionalSide>,
    ) -> Self {
        let method = "copy_bidirectional_owned";
        Self {
            method,
            error,
            io,
            bufs,
            a_to_b,
            b_to_a,
            side,
        }
    }

    /// The kind of the underlying `io::Error`.
    #[must_use]
    pub fn kind(&self) -> io::ErrorKind {
        self.error.kind()
    }

    /// Which I/O object failed; `None` when a buffer or a progress did not fit
    /// ([`InvalidInput`](io::ErrorKind::InvalidInput)).
    #[must_use]
    pub fn side(&self) -> Option<BidirectionalSide> {
        self.side
    }

    /// How far the copy from `a` to `b` got, with the bytes read from `a` but not yet written
    /// to `b` (a range of `buf_a_to_b`).
    #[must_use]
    pub fn a_to_b(&self) -> CopyProgress {
        self.a_to_b
    }

    /// How far the copy from `b` to `a` got, with the bytes read from `b` but not yet written
    /// to `a` (a range of `buf_b_to_a`).
    #[must_use]
    pub fn b_to_a(&self) -> CopyProgress {
        self.b_to_a
    }

    /// The underlying `io::Error`, to read its [`raw_os_error`](io::Error::raw_os_error) or its
    /// message without giving up the I/O objects and the buffers.
    /// An error the crate made itself reads here without the method's name, which this
    /// error's `Display` and the `io::Error` it gives up both carry.
    #[must_use]
    pub fn error(&self) -> &io::Error {
        &self.error
    }

    /// The underlying `io::Error`, dropping the I/O objects and the buffers.
    #[must_use]
    pub fn into_error(self) -> io::Error {
        stamped(self.error, self.method)
    }

    /// The underlying `io::Error`, both I/O objects and both buffers, in argument order.
    #[must_use]
    pub fn into_parts(self) -> (io::Error, A, B, BufAB, BufBA) {
        let ((a, b), (buf_a_to_b, buf_b_to_a)) = (self.io, self.bufs);
        (
            stamped(self.error, self.method),
            a,
            b,
            buf_a_to_b,
            buf_b_to_a,
        )
    }
}

impl<A, B, BufAB, BufBA> fmt::Debug for CopyBidirectionalError<A, B, BufAB, BufBA> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CopyBidirectionalError")
            .field("error", &self.error)
            .field("side", &self.side)
            .field("a_to_b", &self.a_to_b)
            .field("b_to_a", &self.b_to_a)
            .finish_non_exhaustive()
    }
}

impl<A, B, BufAB, BufBA> fmt::Display for CopyBidirectionalError<A, B, BufAB, BufBA> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let method = match self.side {
            Some(BidirectionalSide::A) => "copy_bidirectional_owned, on a",
            Some(BidirectionalSide::B) => "copy_bidirectional_owned, on b",
            None => self.method,
        };
        describe(f, method, &self.error)
    }
}

impl<A, B, BufAB, BufBA> Error for CopyBidirectionalError<A, B, BufAB, BufBA> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.error.source()
    }
}

/// The underlying `io::Error`, as is, so that `?` works in a function returning `io::Result`.
/// The I/O objects and the buffers are dropped.
impl<A, B, BufAB, BufBA> From<CopyBidirectionalError<A, B, BufAB, BufBA>> for io::Error {
    fn from(error: CopyBidirectionalError<A, B, BufAB, BufBA>) -> io::Error {
        error.into_error()
    }
}
