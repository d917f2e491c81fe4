//! `copy_owned`: a copy from a reader to a writer through the caller's buffer.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures_core::future::FusedFuture;

use crate::copy::{check, poll_copy, CopyProgress};
use crate::family::{PollRead, PollWrite};
use crate::owned::{fmt_future, Parts};
use crate::{CopyError, CopyOwned};

/// Copies everything `reader` sends to `writer` through `buf`, and hands all three back with
/// the number of bytes copied.
///
/// Equivalent to:
///
/// ```text
/// async fn copy_owned<R, W, B: AsMut<[u8]>>(reader: R, writer: W, buf: B)
///     -> Result<(R, W, B, u64), CopyError<R, W, B>>;
/// ```
///
/// The same `poll_read`, `poll_write` and `poll_flush` calls as tokio's borrowed
/// [`copy`](https://docs.rs/tokio/1/tokio/io/fn.copy.html) makes with a buffer of its own, of
/// the size of `buf`: it flushes the writer when the reader has nothing yet, and once more at
/// the reader's end of stream. It does not shut the writer down. Like tokio's, it gives the
/// thread back (wakes itself and returns `Pending`) after a bounded amount of work, so a loop
/// of copies between I/O objects that are always ready cannot starve the runtime.
///
/// # Errors
///
/// A [`CopyError`] holding everything, which side failed ([`side`](CopyError::side)), and the
/// bytes read but not written ([`pending`](CopyError::pending), a range of the buffer):
/// [`InvalidInput`](std::io::ErrorKind::InvalidInput) for an empty buffer,
/// [`WriteZero`](std::io::ErrorKind::WriteZero), [`InvalidData`](std::io::ErrorKind::InvalidData)
/// for a lying count, or the reader's or the writer's own error. `Interrupted` is retried.
///
/// # Cancel safety
///
/// tokio's `copy` drops what it read but did not write. Here
/// [`into_parts`](CopyOwned::into_parts) hands back the [`CopyProgress`] with the pending
/// range, and [`resume`](CopyOwned::resume) writes those bytes first: none is lost or written
/// twice.
///
/// # Examples
///
/// ```
/// use owned_io::{copy_owned, CopySide};
/// use std::io::Cursor;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let reader: &[u8] = b"every byte, once";
/// let (_reader, written, _buf, n) = copy_owned(reader, Vec::new(), [0u8; 4]).await?;
/// assert_eq!((&written[..], n), (&b"every byte, once"[..], 16));
///
/// let reader: &[u8] = b"0123456789";
/// let full = Cursor::new(vec![0u8; 6].into_boxed_slice()); // room for 6 bytes
/// let err = copy_owned(reader, full, [0u8; 4]).await.unwrap_err();
/// assert_eq!((err.side(), err.copied(), err.pending()), (Some(CopySide::Writer), 6, 2..4));
/// let pending = err.pending();
/// let (_error, _reader, _writer, buf) = err.into_parts();
/// assert_eq!(&buf[pending], b"67"); // read, not written: deliver them elsewhere
/// # Ok(())
/// # }
/// ```
pub fn copy_owned<R, W, B>(reader: R, writer: W, buf: B) -> CopyOwned<R, W, B>
where
    R: tokio::io::AsyncRead + Unpin,
    W: tokio::io::AsyncWrite + Unpin,
    B: AsMut<[u8]>,
{
    CopyOwned::resume(reader, writer, buf, CopyProgress::new())
}

/// Future for the `copy_owned` function of either family: [`CopyOwned`] (tokio) and
/// `futures_family::CopyOwned` name it.
///
/// Resolves to `Ok((reader, writer, buf, copied))` once the reader's stream ended and every
/// byte was written and flushed, or to a [`CopyError`] with everything and the pending bytes.
///
/// # Examples
///
/// Abandon a copy whose writer is stuck, and resume it with the pending bytes first:
///
/// ```
/// use owned_io::{copy_owned, CopyOwned};
/// use tokio::io::AsyncReadExt;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let (writer, mut peer) = tokio::io::duplex(3); // the pipe holds 3 bytes
/// let reader: &[u8] = b"abcdefgh";
/// let mut copy = copy_owned(reader, writer, [0u8; 4]);
/// let timeout = std::time::Duration::from_millis(10);
/// assert!(tokio::time::timeout(timeout, &mut copy).await.is_err());
/// let (reader, writer, buf, progress) = copy.into_parts().expect("still in flight");
/// assert_eq!(progress.copied(), 3);
///
/// let mut got = vec![0u8; 3];
/// peer.read_exact(&mut got).await?; // make room
/// let resumed = CopyOwned::resume(reader, writer, buf, progress);
/// let reading = async {
///     let mut rest = vec![0u8; 5];
///     peer.read_exact(&mut rest).await.map(|_| rest)
/// };
/// let (copied, rest) = tokio::join!(resumed, reading);
/// got.extend(rest?);
/// assert_eq!((copied?.3, &got[..]), (8, &b"abcdefgh"[..]));
/// # Ok(())
/// # }
/// ```
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Copy<R, W, B, F> {
    parts: Parts<(R, W), B>,
    progress: CopyProgress,
    family: PhantomData<F>,
}

impl<R, W, B, F> Copy<R, W, B, F> {
    /// The number of bytes written so far.
    #[must_use]
    pub fn copied(&self) -> u64 {
        self.progress.copied()
    }

    /// How far the copy got: the count, the pending bytes, whether the reader ended.
    #[must_use]
    pub fn progress(&self) -> CopyProgress {
        self.progress
    }

    /// Abandons the copy and hands back the reader, the writer, the buffer and the
    /// [`CopyProgress`], in the order [`resume`](Self::resume) takes them; `None` once the
    /// future has completed.
    #[must_use = "the I/O objects and the buffer are dropped with the result"]
    pub fn into_parts(self) -> Option<(R, W, B, CopyProgress)> {
        let ((reader, writer), buf) = self.parts.into_inner()?;
        Some((reader, writer, buf, self.progress))
    }

    /// The reader and the writer, while the copy is in flight; `None` once it has completed.
    #[must_use]
    pub fn get_ref(&self) -> Option<(&R, &W)> {
        self.parts
            .get_ref()
            .map(|(reader, writer)| (reader, writer))
    }

    /// The reader and the writer, mutably, while the copy is in flight; `None` once it has
    /// completed.
    #[must_use]
    pub fn get_mut(&mut self) -> Option<(&mut R, &mut W)> {
        self.parts
            .get_mut()
            .map(|(reader, writer)| (reader, writer))
    }

    /// Whether the future has completed (returned `Ready`); polling it again would panic.
    #[must_use]
    pub fn is_terminated(&self) -> bool {
        self.parts.is_terminated()
    }
}

impl<R, W, B: AsMut<[u8]>, F: PollRead<R> + PollWrite<W>> Copy<R, W, B, F> {
    /// Continues a copy abandoned with [`into_parts`](Self::into_parts), or that failed: the
    /// pending bytes `progress` names are written first. `CopyProgress::new()` starts afresh.
    ///
    /// A progress whose pending range does not fit the buffer, or an empty buffer, is an
    /// [`InvalidInput`](std::io::ErrorKind::InvalidInput) error when polled, before anything
    /// else.
    pub fn resume(reader: R, writer: W, buf: B, progress: CopyProgress) -> Self {
        Self {
            parts: Parts::new((reader, writer), buf),
            progress,
            family: PhantomData,
        }
    }
}

impl<R, W, B: AsMut<[u8]>, F: PollRead<R> + PollWrite<W>> Future for Copy<R, W, B, F> {
    type Output = Result<(R, W, B, u64), CopyError<R, W, B>>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let progress = &mut this.progress;
        let handed = ready!(this.parts.poll("CopyOwned", |(reader, writer), buf| {
            let buf = buf.as_mut();
            check(buf.len(), progress)?;
            poll_copy::<F, R, W>(reader, writer, buf, progress, false, cx)
        }));
        Poll::Ready(match handed {
            Ok(((reader, writer), buf, ())) => Ok((reader, writer, buf, this.progress.copied())),
            Err((failed, io, buf)) => Err(CopyError::new(
                failed.error,
                io,
                buf,
                this.progress,
                failed.side,
            )),
        })
    }
}

impl<R, W, B: AsMut<[u8]>, F: PollRead<R> + PollWrite<W>> FusedFuture for Copy<R, W, B, F> {
    fn is_terminated(&self) -> bool {
        self.parts.is_terminated()
    }
}

// The state is plain data, moved in and out by value: nothing is ever pinned in place.
impl<R, W, B, F> Unpin for Copy<R, W, B, F> {}

impl<R, W, B, F> std::fmt::Debug for Copy<R, W, B, F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let terminated = self.is_terminated();
        fmt_future(f, "CopyOwned", &[("progress", &self.progress)], terminated)
    }
}
