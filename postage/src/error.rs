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

/// Why a `blocking_recv_timeout` returned no value.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use postage::stream::RecvTimeoutError;
///
/// let (tx, mut rx) = postage::mpsc::channel::<u8>(1);
/// let wait = Duration::from_millis(1);
/// assert_eq!(rx.blocking_recv_timeout(wait), Err(RecvTimeoutError::Timeout));
/// drop(tx);
/// assert_eq!(rx.blocking_recv_timeout(wait), Err(RecvTimeoutError::Closed));
/// assert_eq!(RecvTimeoutError::Timeout.to_string(), "timed out");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecvTimeoutError {
    /// No value arrived before the timeout; one may arrive later.
    Timeout,
    /// The channel is closed and drained; no value will ever arrive.
    Closed,
}

impl RecvTimeoutError {
    /// Whether the timeout passed.
    ///
    /// ```
    /// # use postage::stream::RecvTimeoutError;
    /// assert!(RecvTimeoutError::Timeout.is_timeout());
    /// ```
    pub fn is_timeout(&self) -> bool {
        matches!(self, RecvTimeoutError::Timeout)
    }

    /// Whether the channel was closed.
    ///
    /// ```
    /// # use postage::stream::RecvTimeoutError;
    /// assert!(RecvTimeoutError::Closed.is_closed());
    /// ```
    pub fn is_closed(&self) -> bool {
        matches!(self, RecvTimeoutError::Closed)
    }
}

impl fmt::Display for RecvTimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecvTimeoutError::Timeout => f.write_str("timed out"),
            RecvTimeoutError::Closed => f.write_str("channel is closed"),
        }
    }
}

impl std::error::Error for RecvTimeoutError {}

/// Why a `blocking_send_timeout` did not send; the value is handed back either way, and was
/// not and will not be delivered.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use postage::sink::SendTimeoutError;
///
/// let (tx, rx) = postage::mpsc::channel(1);
/// tx.try_send(1).unwrap();
/// let wait = Duration::from_millis(1);
/// assert_eq!(tx.blocking_send_timeout(2, wait), Err(SendTimeoutError::Timeout(2)));
/// drop(rx);
/// assert_eq!(tx.blocking_send_timeout(3, wait), Err(SendTimeoutError::Closed(3)));
/// assert_eq!(SendTimeoutError::Timeout(2).to_string(), "timed out");
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum SendTimeoutError<T> {
    /// The channel stayed full until the timeout; the value may be sent later.
    Timeout(T),
    /// No receiver is left (or the receiver closed the channel); sending will never succeed.
    Closed(T),
}

impl<T> SendTimeoutError<T> {
    /// Returns the value that could not be sent.
    ///
    /// ```
    /// # use postage::sink::SendTimeoutError;
    /// assert_eq!(SendTimeoutError::Timeout(5).into_inner(), 5);
    /// ```
    pub fn into_inner(self) -> T {
        match self {
            SendTimeoutError::Timeout(value) | SendTimeoutError::Closed(value) => value,
        }
    }

    /// Whether the timeout passed.
    ///
    /// ```
    /// # use postage::sink::SendTimeoutError;
    /// assert!(SendTimeoutError::Timeout(()).is_timeout());
    /// ```
    pub fn is_timeout(&self) -> bool {
        matches!(self, SendTimeoutError::Timeout(_))
    }

    /// Whether the channel was closed.
    ///
    /// ```
    /// # use postage::sink::SendTimeoutError;
    /// assert!(SendTimeoutError::Closed(()).is_closed());
    /// ```
    pub fn is_closed(&self) -> bool {
        matches!(self, SendTimeoutError::Closed(_))
    }
}

impl<T> From<SendError<T>> for SendTimeoutError<T> {
    fn from(error: SendError<T>) -> Self {
        SendTimeoutError::Closed(error.0)
    }
}

impl<T> fmt::Debug for SendTimeoutError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendTimeoutError::Timeout(_) => f.debug_tuple("Timeout").finish_non_exhaustive(),
            SendTimeoutError::Closed(_) => f.debug_tuple("Closed").finish_non_exhaustive(),
        }
    }
}

impl<T> fmt::Display for SendTimeoutError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendTimeoutError::Timeout(_) => f.write_str("timed out"),
            SendTimeoutError::Closed(_) => f.write_str("channel is closed"),
        }
    }
}

impl<T> std::error::Error for SendTimeoutError<T> {}

/// Why a request (a generated request method: send a message carrying a reply sender, then
/// wait for the reply) got no answer.
///
/// # Examples
///
/// The shape of a request, written by hand:
///
/// ```
/// use postage::{oneshot, RequestError};
///
/// # futures::executor::block_on(async {
/// let (requests, mut responder) = postage::mpsc::channel::<oneshot::Sender<u32>>(4);
/// let ask = || async {
///     let (reply, answer) = oneshot::channel();
///     requests.send(reply).await.map_err(|_| RequestError::Closed)?;
///     answer.await.ok_or(RequestError::NoReply)
/// };
/// let (answer, ()) = futures::join!(ask(), async {
///     responder.recv().await.unwrap().send(42).unwrap();
/// });
/// assert_eq!(answer, Ok(42));
/// let (answer, ()) = futures::join!(ask(), async {
///     drop(responder.recv().await.unwrap());
/// });
/// assert_eq!(answer, Err(RequestError::NoReply));
/// assert_eq!(RequestError::NoReply.to_string(), "no reply was sent");
/// # });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestError {
    /// The channel refused the request: no receiver is left, or it closed the channel.
    Closed,
    /// The responder dropped the reply sender without answering.
    NoReply,
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::Closed => f.write_str("channel is closed"),
            RequestError::NoReply => f.write_str("no reply was sent"),
        }
    }
}

impl std::error::Error for RequestError {}
