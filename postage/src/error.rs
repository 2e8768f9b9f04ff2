//! The error types shared by every channel kind.

use std::fmt;

/// The channel is closed: the value could not be sent and is handed back.
///
/// # Examples
///
/// ```
/// let (tx, rx) = postage::mpsc::channel::<u8>(4);
/// drop(rx);
/// # futures::executor::block_on(async {
/// let error = tx.send(7).await.unwrap_err();
/// assert_eq!(error.0, 7);
/// assert_eq!(error.to_string(), "channel is closed");
/// # });
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct SendError<T>(pub T);

impl<T> SendError<T> {
    /// Returns the value that could not be sent.
    ///
    /// ```
    /// # use postage::sink::SendError;
    /// assert_eq!(SendError(3).into_inner(), 3);
    /// ```
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> fmt::Debug for SendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SendError").finish_non_exhaustive()
    }
}

impl<T> fmt::Display for SendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("channel is closed")
    }
}

impl<T> std::error::Error for SendError<T> {}

/// Why a `try_send` did not send; the value is handed back either way.
///
/// # Examples
///
/// ```
/// use postage::sink::TrySendError;
///
/// let (tx, _rx) = postage::mpsc::channel(1);
/// tx.try_send(1).unwrap();
/// assert_eq!(tx.try_send(2), Err(TrySendError::Full(2)));
/// assert_eq!(TrySendError::Full(2).to_string(), "channel is full");
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum TrySendError<T> {
    /// The channel is at capacity; the value may be sent later.
    Full(T),
    /// No receiver is left (or the receiver closed the channel); sending will never succeed.
    Closed(T),
}

impl<T> TrySendError<T> {
    /// Returns the value that could not be sent.
    ///
    /// ```
    /// # use postage::sink::TrySendError;
    /// assert_eq!(TrySendError::Closed(5).into_inner(), 5);
    /// ```
    pub fn into_inner(self) -> T {
        match self {
            TrySendError::Full(value) | TrySendError::Closed(value) => value,
        }
    }

    /// Whether the channel was full.
    ///
    /// ```
    /// # use postage::sink::TrySendError;
    /// assert!(TrySendError::Full(()).is_full());
    /// ```
    pub fn is_full(&self) -> bool {
        matches!(self, TrySendError::Full(_))
    }

    /// Whether the channel was closed.
    ///
    /// ```
    /// # use postage::sink::TrySendError;
    /// assert!(TrySendError::Closed(()).is_closed());
    /// ```
    pub fn is_closed(&self) -> bool {
        matches!(self, TrySendError::Closed(_))
    }
}

impl<T> From<SendError<T>> for TrySendError<T> {
    fn from(error: SendError<T>) -> Self {
        TrySendError::Closed(error.0)
    }
}

impl<T> fmt::Debug for TrySendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrySendError::Full(_) => f.debug_tuple("Full").finish_non_exhaustive(),
            TrySendError::Closed(_) => f.debug_tuple("Closed").finish_non_exhaustive(),
        }
    }
}

impl<T> fmt::Display for TrySendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrySendError::Full(_) => f.write_str("channel is full"),
            TrySendError::Closed(_) => f.write_str("channel is closed"),
        }
    }
}

impl<T> std::error::Error for TrySendError<T> {}

/// Why a `try_recv` returned no value.
///
/// # Examples
///
/// ```
/// use postage::stream::TryRecvError;
///
/// let (tx, mut rx) = postage::mpsc::channel::<u8>(1);
/// assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
/// drop(tx);
/// assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
/// assert_eq!(TryRecvError::Closed.to_string(), "channel is closed");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TryRecvError {
    /// Nothing is buffered now; a value may arrive later.
    Empty,
    /// The channel is closed and drained; no value will ever arrive.
    Closed,
}

impl fmt::Display for TryRecvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TryRecvError::Empty => f.write_str("channel is empty"),
            TryRecvError::Closed => f.write_str("channel is closed"),
        }
    }
}

impl std::error::Error for TryRecvError {}
