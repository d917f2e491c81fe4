//! The errors: one generic core, [`OwnedError`], holding the `io::Error`, everything the failed
//! operation owned and how far it got; the names users know (`ReadExactError`, …) are aliases,
//! and each adds only its own accessors.

use std::error::Error;
use std::fmt;
use std::io;
use std::str::Utf8Error;

use crate::owned::{Filled, Progress, Written};

/// Why an operation failed, as its loop returns it: the I/O object's error, handed on as it is,
/// or one that this call made. Only the call itself can make the second, so an error of the
/// I/O object is never taken for the call's own, whatever it holds.
#[derive(Debug)]
pub enum Cause {
    /// The I/O object's own error.
    Io(io::Error),
    /// This call's: what happened, its method filled in when the error leaves the future (the
    /// box becomes the `io::Error`'s inner error, with no new allocation).
    Made(Box<Message>),
}

impl Cause {
    /// An error of this call's own: `what` happened.
    #[cold]
    pub(crate) fn made(kind: io::ErrorKind, what: String) -> Self {
        Self::from_message(kind, what, false, None)
    }

    /// This call reached its limit: [`InvalidData`](io::ErrorKind::InvalidData), and
    /// [`ReadError::is_limit_exceeded`] says so.
    #[cold]
    pub(crate) fn over_limit(what: String) -> Self {
        Self::from_message(io::ErrorKind::InvalidData, what, true, None)
    }

    /// A line that is not UTF-8: the `Utf8Error` is the source of the `io::Error`'s inner
    /// error.
    #[cold]
    pub(crate) fn not_utf8(error: Utf8Error) -> Self {
        let what = "the line is not UTF-8".to_string();
        Self::from_message(io::ErrorKind::InvalidData, what, false, Some(error))
    }

    fn from_message(
        kind: io::ErrorKind,
        what: String,
        limit: bool,
        utf8: Option<Utf8Error>,
    ) -> Self {
        let (method, side) = ("", "");
        let message = Message {
            kind,
            method,
            side,
            what,
            utf8,
            limit,
        };
        Self::Made(Box::new(message))
    }
}

impl From<io::Error> for Cause {
    #[inline]
    fn from(error: io::Error) -> Self {
        Self::Io(error)
    }
}

/// The inner error of an `io::Error` the crate made: its message names the method, so that it
/// survives `?` into `io::Error`. `Debug` shows the message alone, as a `String` inner error
/// would.
pub struct Message {
    kind: io::ErrorKind,
    method: &'static str,
    /// `", reading"` and the like, for a copy.
    side: &'static str,
    what: String,
    utf8: Option<Utf8Error>,
    /// The call stopped at its own limit.
    limit: bool,
}

impl fmt::Debug for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_string(), f)
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}: {}", self.method, self.side, self.what)
    }
}

impl Error for Message {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.utf8.as_ref().map(|utf8| utf8 as _)
    }
}

/// Where an error came from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// The I/O object: its message is its own.
    Io,
    /// This call: its message names the method already.
    Made,
    /// This call, at its limit.
    Limit,
}

/// The error of every owned operation: the `io::Error`, everything the operation owned
/// (`P`: the I/O objects and the buffers), and what the operation knew when it failed (`X`:
/// its progress, and for a copy which side failed).
///
/// Name it through the aliases at the crate root: [`ReadExactError`], [`ReadError`],
/// [`WriteAllError`], [`WriterError`], [`CopyError`](crate::CopyError), [`CopyBidirectionalError`](crate::CopyBidirectionalError); each has
/// its own accessors beside those below.
///
/// `Display` names the method that failed and says what happened; `source()` is the
/// `io::Error`'s own source. No trait impl needs the I/O objects or the buffers to be `Debug`.
/// `From<OwnedError<…>> for io::Error` keeps only the `io::Error`, so `?` works in a function
/// returning `io::Result`. `?` into `Box<dyn Error>` or `anyhow::Error` would box the I/O
/// objects and the buffers too, and needs them `'static`: an error of a lent call
/// (`(&mut reader).read_exact_owned(..)`) borrows the reader, so call
/// [`into_error`](Self::into_error) first, or `map_err(std::io::Error::from)`:
///
/// ```
/// use owned_io::AsyncReadExactExt;
///
/// async fn header(reader: &mut &[u8]) -> Result<[u8; 4], Box<dyn std::error::Error>> {
///     // `?` on the error itself would not compile: it borrows `reader`.
///     let (_, header) = reader.read_exact_owned([0u8; 4]).await.map_err(|e| e.into_error())?;
///     Ok(header)
/// }
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let err = header(&mut &b"ab"[..]).await.unwrap_err();
/// assert_eq!(err.to_string(), "read_exact_owned: end of stream after 2 of 4 bytes");
/// # }
/// ```
// The parts first, at offset 0 as in the `Ok` of an output: an array buffer is then copied
// into the output once, not split by LLVM into 8-byte moves for two offsets (a 4 KiB array
// by value, LTO: 13.4 -> 3.9 times futures-util's time).
#[repr(C)]
pub struct OwnedError<P, X> {
    pub(crate) parts: P,
    method: &'static str,
    pub(crate) error: io::Error,
    origin: Origin,
    pub(crate) detail: X,
}

/// What an [`OwnedError`] knows besides its parts. Sealed.
pub trait Detail {
    /// The name of the error, for `Debug`.
    const NAME: &'static str;

    /// The part of the operation that failed, for the message: `", reading"`, or nothing.
    fn side(&self) -> &'static str {
        ""
    }

    /// Adds what it knows to the error's `Debug`.
    fn fields(&self, out: &mut fmt::DebugStruct<'_, '_>);
}

impl<P, X: Detail> OwnedError<P, X> {
    /// An error of `method`; one this call made gets the method in its message.
    #[cold]
    pub(crate) fn new(method: &'static str, cause: Cause, parts: P, detail: X) -> Self {
        let (error, origin) = match cause {
            Cause::Io(error) => (error, Origin::Io),
            Cause::Made(mut message) => {
                // Made by this call (the `Made` variant says so): it learns its method now.
                (message.method, message.side) = (method, detail.side());
                let origin = if message.limit {
                    Origin::Limit
                } else {
                    Origin::Made
                };
                let kind = message.kind;
                let inner: Box<dyn Error + Send + Sync> = message; // the same allocation
                (io::Error::new(kind, inner), origin)
            }
        };
        Self {
            method,
            error,
            origin,
            parts,
            detail,
        }
    }
}

impl<P, X> OwnedError<P, X> {
    /// The kind of the underlying `io::Error`.
    #[must_use]
    pub fn kind(&self) -> io::ErrorKind {
        self.error.kind()
    }

    /// The underlying `io::Error`, to read its [`raw_os_error`](io::Error::raw_os_error) or its
    /// message without giving up the I/O objects and the buffers. An error of the I/O object
    /// is as it returned it; one the crate made names the method.
    #[must_use]
    pub fn error(&self) -> &io::Error {
        &self.error
    }

    /// The underlying `io::Error`, dropping the I/O objects and the buffers.
    #[must_use]
    pub fn into_error(self) -> io::Error {
        self.error
    }
}

impl<P, X: Detail> fmt::Debug for OwnedError<P, X> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct(X::NAME);
        out.field("method", &self.method)
            .field("error", &self.error);
        self.detail.fields(&mut out);
        out.finish_non_exhaustive()
    }
}

impl<P, X: Detail> fmt::Display for OwnedError<P, X> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.origin {
            Origin::Io => write!(f, "{}{}: {}", self.method, self.detail.side(), self.error),
            Origin::Made | Origin::Limit => write!(f, "{}", self.error),
        }
    }
}

impl<P, X: Detail> Error for OwnedError<P, X> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.error.source()
    }
}

/// The underlying `io::Error`, so that `?` works in a function returning `io::Result`. The
/// I/O objects and the buffers are dropped.
impl<P, X> From<OwnedError<P, X>> for io::Error {
    fn from(error: OwnedError<P, X>) -> io::Error {
        error.error
    }
}

/// The progress of a read that appends: the bytes this call appended to its buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Appended(pub(crate) usize);

/// What a failed copy knows: which side failed, and how far the copy got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Copied<S, P> {
    pub(crate) side: Option<S>,
    pub(crate) progress: P,
}

/// The progress of a read's or a write's error, in bytes. Sealed.
pub trait Count: Copy {
    /// The name of the error, for `Debug`.
    const NAME: &'static str;
    /// The name of the count, for `Debug`.
    const FIELD: &'static str;
    /// The bytes read or written.
    fn count(self) -> usize;
}

impl<X: Count> Detail for X {
    const NAME: &'static str = X::NAME;

    fn fields(&self, out: &mut fmt::DebugStruct<'_, '_>) {
        out.field(X::FIELD, &self.count());
    }
}

impl Count for Filled {
    const NAME: &'static str = "ReadExactError";
    const FIELD: &'static str = "filled";
    fn count(self) -> usize {
        self.0
    }
}

impl Count for Appended {
    const NAME: &'static str = "ReadError";
    const FIELD: &'static str = "filled";
    fn count(self) -> usize {
        self.0
    }
}

impl Count for Written {
    const NAME: &'static str = "WriteAllError";
    const FIELD: &'static str = "written";
    fn count(self) -> usize {
        self.0
    }
}

/// Which I/O object of a copy failed, as its message says it. Sealed.
pub trait Side: Copy + fmt::Debug {
    /// `", reading"`, `", on a"`, …
    fn context(self) -> &'static str;
}

/// The progress of a copy or a splice, and the name of its error. Sealed.
pub trait Copying: Progress {
    /// The name of the error, for `Debug`.
    const ERROR: &'static str;

    /// The bytes written (both ways, for a pair).
    fn copied(&self) -> u64;
}

impl<S: Side, P: Copying> Detail for Copied<S, P> {
    const NAME: &'static str = P::ERROR;

    fn side(&self) -> &'static str {
        self.side.map_or("", Side::context)
    }

    fn fields(&self, out: &mut fmt::DebugStruct<'_, '_>) {
        out.field("side", &self.side);
        self.progress.fields(out);
    }
}

impl Detail for () {
    const NAME: &'static str = "WriterError";

    fn fields(&self, _: &mut fmt::DebugStruct<'_, '_>) {}
}

/// The errors of the reads and the writes: [`ReadExactError`], [`ReadError`] and
/// [`WriteAllError`].
impl<IO, B, X: Count> OwnedError<(IO, B), X> {
    /// The underlying `io::Error`, the I/O object and the buffer, without the progress: see
    /// [`into_resume_parts`](Self::into_resume_parts) to go on.
    #[must_use]
    pub fn into_parts(self) -> (io::Error, IO, B) {
        let (io, buf) = self.parts;
        (self.error, io, buf)
    }

    /// The `io::Error` and the first three arguments of the future's `resume`: the I/O object,
    /// the buffer and the bytes read or written, so that nothing is lost or repeated.
    #[must_use]
    pub fn into_resume_parts(self) -> (io::Error, IO, B, usize) {
        let (io, buf) = self.parts;
        (self.error, io, buf, self.detail.count())
    }
}

/// The error of `read_exact_owned`: the reader, the buffer and [`filled`](Self::filled).
///
/// End of stream before the buffer is full is [`UnexpectedEof`](io::ErrorKind::UnexpectedEof):
/// `filled() == 0` is a clean close, more a truncated read, and the buffer holds the bytes
/// that did arrive.
///
/// ```
/// use owned_io::{AsyncReadExactExt, ReadExactOwned};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let err = (b"abc" as &[u8]).read_exact_owned([0u8; 5]).await.unwrap_err();
/// assert_eq!((err.kind(), err.filled()), (std::io::ErrorKind::UnexpectedEof, 3));
/// let (_error, reader, buf, filled) = err.into_resume_parts();
/// assert_eq!(&buf[..filled], b"abc");
/// let _more = ReadExactOwned::resume(reader, buf, filled); // goes on where it stopped
/// # }
/// ```
pub type ReadExactError<R, B> = OwnedError<(R, B), Filled>;

impl<R, B> OwnedError<(R, B), Filled> {
    /// The number of bytes read into the buffer before the error, never more than its length:
    /// `buf[..filled]` holds them.
    #[must_use]
    pub fn filled(&self) -> usize {
        self.detail.0
    }
}

/// The error of the reads that append (`read_owned`, `read_buf_exact_owned`,
/// `read_to_end_owned`, `read_until_owned`, `read_line_owned`): the reader, the buffer with
/// every byte read, and [`filled`](Self::filled), the bytes this call appended.
///
/// ```
/// use owned_io::AsyncBufReadOwnedExt;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let reader: &[u8] = b"too long\n";
/// let err = reader.read_until_owned(b'\n', b"> ".to_vec(), 4).await.unwrap_err();
/// assert!(err.is_limit_exceeded() && err.filled() == 4);
/// assert_eq!(err.to_string(), "read_until_owned: no '\\n' within the limit of 4 bytes (4 bytes read)");
/// let (_error, reader, buf) = err.into_parts();
/// assert_eq!((&buf[..], reader), (&b"> too "[..], &b"long\n"[..]));
/// # }
/// ```
pub type ReadError<R, B> = OwnedError<(R, B), Appended>;

impl<R, B> OwnedError<(R, B), Appended> {
    /// The number of bytes this call appended to the buffer before the error: its last
    /// `filled` bytes.
    #[must_use]
    pub fn filled(&self) -> usize {
        self.detail.0
    }

    /// Whether this call stopped because it reached its own limit: a line with no delimiter
    /// within it, a stream longer than it. `false` for a line that is not UTF-8 and for every
    /// other error, an inner call's limit that the reader handed on included.
    #[must_use]
    pub fn is_limit_exceeded(&self) -> bool {
        self.origin == Origin::Limit
    }
}

/// The error of `write_all_owned` and `write_all_buf_owned`: the writer, the buffer and
/// [`written`](Self::written). A writer that accepts 0 bytes is
/// [`WriteZero`](io::ErrorKind::WriteZero).
pub type WriteAllError<W, B> = OwnedError<(W, B), Written>;

impl<W, B> OwnedError<(W, B), Written> {
    /// The number of bytes written before the error; for a slice buffer never more than its
    /// length, so `buf[written..]` is what is left.
    #[must_use]
    pub fn written(&self) -> usize {
        self.detail.0
    }
}

/// The error of `flush_owned` and `shutdown_owned`: the `io::Error` and the writer.
pub type WriterError<W> = OwnedError<(W,), ()>;

impl<W> OwnedError<(W,), ()> {
    /// The underlying `io::Error` and the writer, which `resume` takes back.
    #[must_use]
    pub fn into_parts(self) -> (io::Error, W) {
        (self.error, self.parts.0)
    }
}
