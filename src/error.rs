//! The error types: an `io::Error` together with everything the failed operation owned.

use std::error::Error;
use std::fmt;
use std::io;

use crate::progress::Failure;

macro_rules! owned_error {
    (
        $(#[$meta:meta])*
        pub struct $name:ident<$io:ident, $buf:ident>;
        progress: $progress:ident;
        operation: $operation:literal;
    ) => {
        $(#[$meta])*
        pub struct $name<$io, $buf> {
            failure: Failure<$io, $buf>,
        }

        impl<$io, $buf> $name<$io, $buf> {
            #[inline]
            pub(crate) fn new(failure: Failure<$io, $buf>) -> Self {
                Self { failure }
            }

            /// The kind of the underlying `io::Error`.
            pub fn kind(&self) -> io::ErrorKind {
                self.failure.error.kind()
            }

            /// The number of bytes moved before the error: pass it to `resume` to continue.
            pub fn $progress(&self) -> usize {
                self.failure.done
            }

            /// The underlying `io::Error`, the I/O object and the buffer.
            pub fn into_parts(self) -> (io::Error, $io, $buf) {
                let Failure { error, io, buf, .. } = self.failure;
                (error, io, buf)
            }
        }

        impl<$io, $buf> fmt::Debug for $name<$io, $buf> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("error", &self.failure.error)
                    .field(stringify!($progress), &self.failure.done)
                    .finish_non_exhaustive()
            }
        }

        impl<$io, $buf> fmt::Display for $name<$io, $buf> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(
                    f,
                    concat!($operation, ": {} after {} bytes"),
                    self.failure.error.kind(),
                    self.failure.done,
                )
            }
        }

        impl<$io, $buf> Error for $name<$io, $buf> {
            fn source(&self) -> Option<&(dyn Error + 'static)> {
                Some(&self.failure.error)
            }
        }

        /// The underlying `io::Error`, as is, so that `?` works in a function returning
        /// `io::Result`. The I/O object and the buffer are dropped.
        impl<$io, $buf> From<$name<$io, $buf>> for io::Error {
            fn from(error: $name<$io, $buf>) -> io::Error {
                error.failure.error
            }
        }
    };
}

owned_error! {
    /// The error of [`ReadExactOwned`](crate::ReadExactOwned): the `io::Error`, the reader, the
    /// buffer and how many bytes were read into it.
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
    pub struct ReadExactError<R, B>;
    progress: filled;
    operation: "read_exact";
}

owned_error! {
    /// The error of [`WriteAllOwned`](crate::WriteAllOwned) and, with the `bytes` feature,
    /// `WriteAllBufOwned`: the `io::Error`, the writer, the buffer and how many bytes were
    /// written from it.
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
    /// let (_error, _writer, buf) = err.into_parts();
    /// assert_eq!(&buf, b"hello");
    /// # }
    /// ```
    pub struct WriteAllError<W, B>;
    progress: written;
    operation: "write_all";
}
