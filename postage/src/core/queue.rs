//! The bounded FIFO queue behind `mpsc` and `dispatch`: many senders, one or many receivers,
//! each message taken by exactly one receiver.
//!
//! All state lives under one lock, so every transition (push, pop, close, reserve) is atomic
//! with the waiter bookkeeping and no wake-up can be lost between a check and a
//! registration. Wakers are woken after the lock is released.
//!
//! Invariants (under the lock):
//! - The [`SendGate`] admits sends: `buffer.len()` plus the slots it has reserved for
//!   `futures_sink::Sink::poll_ready` callers never exceeds the capacity.
//! - Sending is refused once `receivers == 0` or a receiver called `close`; the buffer is
//!   emptied (outside the lock) the moment the last receiver goes.
//! - Receiving reports closed only when the buffer is empty and no sender is left (or the
//!   channel was closed by its receiver); the buffer can no longer grow then, so the report
//!   is final.
//! - Every push notifies one waiting receiver; every pop (or released reservation) notifies
//!   one waiting sender. A notified operation that is abandoned passes its wake-up on.

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use crate::core::closing::Closing;
use crate::core::send_gate::{Admission, SendGate};
use crate::core::waiters::{WaitKey, WaiterList, WakeBatch};
use crate::error::{SendError, TrySendError};
use crate::sink::PollSend;
use crate::stream::{PollRecv, TryRecvError};
use crate::sync::Mutex;

pub(crate) struct Queue<T> {
    state: Mutex<State<T>>,
    capacity: usize,
    pub(crate) closing: Closing,
}

struct State<T> {
    buffer: VecDeque<T>,
    gate: SendGate,
    senders: usize,
    receivers: usize,
    closed_by_receiver: bool,
    recv_waiters: WaiterList,
}

impl<T> State<T> {
    fn send_closed(&self) -> bool {
        self.receivers == 0 || self.closed_by_receiver
    }

    fn recv_closed(&self) -> bool {
        self.senders == 0 || self.closed_by_receiver
    }
}

impl<T> Queue<T> {
    pub(crate) fn new(capacity: usize) -> Self {
        let gate = SendGate::new(capacity);
        Queue {
            state: Mutex::new(State {
                buffer: VecDeque::with_capacity(capacity),
                gate,
                senders: 1,
                receivers: 1,
                closed_by_receiver: false,
                recv_waiters: WaiterList::new(),
            }),
            capacity,
            closing: Closing::new(),
        }
    }

    pub(crate) fn capacity(&self) -> usize {
        self.capacity
    }

    pub(crate) fn len(&self) -> usize {
        self.state.lock().buffer.len()
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.closing.is_closed()
    }

    pub(crate) fn add_sender(&self) {
        self.state.lock().senders += 1;
    }

    /// Adds a receiver; reopens the channel if every receiver had gone.
    pub(crate) fn add_receiver(&self) {
        let mut state = self.state.lock();
        state.receivers += 1;
        if state.receivers == 1 && !state.closed_by_receiver {
            self.closing.reopen();
        }
    }

    /// Drops a sender handle along with its registration and reservation.
    pub(crate) fn drop_sender(&self, key: &mut Option<WaitKey>, permit: &mut bool) {
        let mut batch = WakeBatch::new();
        {
            let mut state = self.state.lock();
            batch.push_opt(state.gate.release(key, permit));
            state.senders -= 1;
            if state.senders == 0 {
                state.recv_waiters.notify_all(&mut batch);
            }
        }
        batch.wake();
    }

    /// Drops a receiver handle; the last one closes the channel and drops the buffer.
    pub(crate) fn drop_receiver(&self, key: &mut Option<WaitKey>) {
        let mut batch = WakeBatch::new();
        let drained;
        {
            let mut state = self.state.lock();
            state.receivers -= 1;
            let notified = state.recv_waiters.remove(key);
            if state.receivers > 0 {
                if notified {
                    batch.push_opt(state.recv_waiters.notify_one());
                }
                drained = VecDeque::new();
            } else {
                drained = std::mem::take(&mut state.buffer);
                state.gate.close(&mut batch);
                self.closing.close(&mut batch);
            }
        }
        batch.wake();
        drop(drained);
    }

    /// The receiver closes the channel: no more sends, the buffer drains.
    pub(crate) fn close(&self) {
        let mut batch = WakeBatch::new();
        {
            let mut state = self.state.lock();
            state.closed_by_receiver = true;
            state.gate.close(&mut batch);
            state.recv_waiters.notify_all(&mut batch);
            self.closing.close(&mut batch);
        }
        batch.wake();
    }

    /// Pushes under the lock; returns the waker of the one receiver to notify. The caller
    /// has checked room.
    fn push(state: &mut State<T>, value: T) -> Option<Waker> {
        state.buffer.push_back(value);
        state.recv_waiters.notify_one()
    }

    pub(crate) fn try_send(&self, value: T) -> Result<(), TrySendError<T>> {
        let wake = {
            let mut state = self.state.lock();
            if state.send_closed() {
                return Err(TrySendError::Closed(value));
            }
            if !state.gate.has_room(state.buffer.len()) {
                return Err(TrySendError::Full(value));
            }
            Self::push(&mut state, value)
        };
        if let Some(waker) = wake {
            waker.wake();
        }
        Ok(())
    }

    pub(crate) fn poll_send(
        &self,
        key: &mut Option<WaitKey>,
        cx: &mut Context<'_>,
        value: T,
    ) -> PollSend<T> {
        let wake = {
            let state = &mut *self.state.lock();
            match state
                .gate
                .admit(key, cx.waker(), state.send_closed(), state.buffer.len())
            {
                Admission::Closed => return PollSend::Rejected(value),
                Admission::Full => return PollSend::Pending(value),
                Admission::Open => Self::push(state, value),
            }
        };
        if let Some(waker) = wake {
            waker.wake();
        }
        PollSend::Ready
    }

    /// An abandoned pending send: pass a wake-up it received to the next sender.
    pub(crate) fn cancel_send(&self, key: &mut Option<WaitKey>) {
        if key.is_none() {
            return;
        }
        let waker = self.state.lock().gate.cancel(key);
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    /// `futures_sink::Sink::poll_ready`: reserves a slot into `permit` (see
    /// [`SendGate::poll_reserve`]).
    pub(crate) fn poll_reserve(
        &self,
        key: &mut Option<WaitKey>,
        permit: &mut bool,
        cx: &mut Context<'_>,
    ) -> Poll<()> {
        if *permit {
            return Poll::Ready(());
        }
        let state = &mut *self.state.lock();
        let (closed, used) = (state.send_closed(), state.buffer.len());
        state
            .gate
            .poll_reserve(key, permit, cx.waker(), closed, used)
    }

    /// `futures_sink::Sink::start_send`: fills the slot reserved by `poll_reserve`.
    ///
    /// Without a permit it sends only if there is room now.
    pub(crate) fn send_reserved(&self, permit: &mut bool, value: T) -> Result<(), SendError<T>> {
        let wake = {
            let state = &mut *self.state.lock();
            let (closed, used) = (state.send_closed(), state.buffer.len());
            if !state.gate.start_send(permit, closed, used) {
                return Err(SendError(value));
            }
            Self::push(state, value)
        };
        if let Some(waker) = wake {
            waker.wake();
        }
        Ok(())
    }

    /// Pops under the lock; a slot is free, so the waker of one sender to notify goes into
    /// `wake`.
    fn pop(state: &mut State<T>, wake: &mut Option<Waker>) -> Option<T> {
        let value = state.buffer.pop_front()?;
        *wake = state.gate.slot_freed();
        Some(value)
    }

    pub(crate) fn try_recv(&self) -> Result<T, TryRecvError> {
        let mut wake = None;
        let result = {
            let mut state = self.state.lock();
            match Self::pop(&mut state, &mut wake) {
                Some(value) => Ok(value),
                None if state.recv_closed() => Err(TryRecvError::Closed),
                None => Err(TryRecvError::Empty),
            }
        };
        if let Some(waker) = wake {
            waker.wake();
        }
        result
    }

    pub(crate) fn poll_recv(&self, key: &mut Option<WaitKey>, cx: &mut Context<'_>) -> PollRecv<T> {
        let mut wake = None;
        let result = {
            let mut state = self.state.lock();
            match Self::pop(&mut state, &mut wake) {
                Some(value) => {
                    state.recv_waiters.remove(key);
                    PollRecv::Ready(value)
                }
                None if state.recv_closed() => {
                    state.recv_waiters.remove(key);
                    PollRecv::Closed
                }
                None => {
                    state.recv_waiters.register(key, cx.waker());
                    PollRecv::Pending
                }
            }
        };
        if let Some(waker) = wake {
            waker.wake();
        }
        result
    }

    /// An abandoned pending receive: pass a wake-up it received to the next receiver.
    ///
    /// The key belongs to the receiver handle, which usually waits again soon with the same
    /// waker: the node is parked rather than freed, so that wait clones no waker.
    pub(crate) fn cancel_recv(&self, key: &mut Option<WaitKey>) {
        if key.is_none() {
            return;
        }
        let waker = {
            let mut state = self.state.lock();
            if state.recv_waiters.park(key) {
                state.recv_waiters.notify_one()
            } else {
                None
            }
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    /// Whether receiving has ended for good: closed and drained.
    pub(crate) fn is_terminated(&self) -> bool {
        let state = self.state.lock();
        state.buffer.is_empty() && state.recv_closed()
    }

    #[cfg(test)]
    pub(crate) fn waiting_senders(&self) -> usize {
        self.state.lock().gate.waiting()
    }

    #[cfg(test)]
    pub(crate) fn waiting_receivers(&self) -> usize {
        self.state.lock().recv_waiters.len()
    }

    pub(crate) fn debug_fields(&self, f: &mut fmt::DebugStruct<'_, '_>) {
        let state = self.state.lock();
        f.field("len", &state.buffer.len())
            .field("capacity", &self.capacity)
            .field("senders", &state.senders)
            .field("receivers", &state.receivers)
            .field("closed", &state.send_closed());
    }
}

/// The future of a sender's `send`: waits for room, then sends.
///
/// Cancel safety: dropping it before it completes drops the value, which was not and will
/// not be delivered; a wake-up it had received passes to the next waiting sender.
#[must_use = "futures do nothing unless polled"]
pub struct SendFuture<'a, T> {
    queue: &'a Queue<T>,
    value: Option<T>,
    key: Option<WaitKey>,
}

impl<'a, T> SendFuture<'a, T> {
    pub(crate) fn new(queue: &'a Queue<T>, value: T) -> Self {
        SendFuture {
            queue,
            value: Some(value),
            key: None,
        }
    }
}

impl<T> Unpin for SendFuture<'_, T> {}

impl<T> Future for SendFuture<'_, T> {
    type Output = Result<(), SendError<T>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let value = this
            .value
            .take()
            .expect("send future polled after completion");
        match this.queue.poll_send(&mut this.key, cx, value) {
            PollSend::Ready => Poll::Ready(Ok(())),
            PollSend::Pending(value) => {
                this.value = Some(value);
                Poll::Pending
            }
            PollSend::Rejected(value) => Poll::Ready(Err(SendError(value))),
        }
    }
}

impl<T> Drop for SendFuture<'_, T> {
    fn drop(&mut self) {
        self.queue.cancel_send(&mut self.key);
    }
}

/// Terminated once it resolved: its value is then gone, sent or handed back.
impl<T> futures_core::FusedFuture for SendFuture<'_, T> {
    fn is_terminated(&self) -> bool {
        self.value.is_none()
    }
}

#[cfg(feature = "blocking")]
impl<T> crate::blocking::PendingSend for SendFuture<'_, T> {
    type Value = T;

    fn take_value(&mut self) -> Option<T> {
        self.value.take()
    }
}

impl<T> fmt::Debug for SendFuture<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendFuture")
            .field("done", &self.value.is_none())
            .finish_non_exhaustive()
    }
}

/// Implements the `Sink`/`Stream` traits (postage's and the `futures` ones), `Drop` and
/// `Debug` for the handles of a channel built on [`Queue`].
macro_rules! impl_queue_handles {
    ($kind:literal) => {
        impl<T> $crate::sink::Sink for Sender<T> {
            type Item = T;

            fn poll_send(
                mut self: Pin<&mut Self>,
                cx: &mut Context<'_>,
                value: T,
            ) -> $crate::sink::PollSend<T> {
                let this = &mut *self;
                this.queue.poll_send(&mut this.key, cx, value)
            }

            fn cancel_send(mut self: Pin<&mut Self>) {
                let this = &mut *self;
                this.queue.cancel_send(&mut this.key);
            }
        }

        impl<T> futures_sink::Sink<T> for Sender<T> {
            type Error = $crate::sink::SendError<T>;

            fn poll_ready(
                mut self: Pin<&mut Self>,
                cx: &mut Context<'_>,
            ) -> Poll<Result<(), Self::Error>> {
                let this = &mut *self;
                this.queue
                    .poll_reserve(&mut this.key, &mut this.permit, cx)
                    .map(Ok)
            }

            fn start_send(mut self: Pin<&mut Self>, item: T) -> Result<(), Self::Error> {
                let this = &mut *self;
                this.queue.send_reserved(&mut this.permit, item)
            }

            fn poll_flush(
                self: Pin<&mut Self>,
                _: &mut Context<'_>,
            ) -> Poll<Result<(), Self::Error>> {
                Poll::Ready(Ok(()))
            }

            fn poll_close(
                self: Pin<&mut Self>,
                _: &mut Context<'_>,
            ) -> Poll<Result<(), Self::Error>> {
                Poll::Ready(Ok(()))
            }
        }

        impl<T> Drop for Sender<T> {
            fn drop(&mut self) {
                self.queue.drop_sender(&mut self.key, &mut self.permit);
            }
        }

        impl<T> fmt::Debug for Sender<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut s = f.debug_struct(concat!($kind, "::Sender"));
                self.queue.debug_fields(&mut s);
                s.finish()
            }
        }

        impl<T> $crate::stream::Stream for Receiver<T> {
            type Item = T;

            fn poll_recv(
                mut self: Pin<&mut Self>,
                cx: &mut Context<'_>,
            ) -> $crate::stream::PollRecv<T> {
                let this = &mut *self;
                this.queue.poll_recv(&mut this.key, cx)
            }

            fn cancel_recv(mut self: Pin<&mut Self>) {
                let this = &mut *self;
                this.queue.cancel_recv(&mut this.key);
            }
        }

        impl<T> futures_core::Stream for Receiver<T> {
            type Item = T;

            fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
                let this = &mut *self;
                match this.queue.poll_recv(&mut this.key, cx) {
                    $crate::stream::PollRecv::Ready(value) => Poll::Ready(Some(value)),
                    $crate::stream::PollRecv::Pending => Poll::Pending,
                    $crate::stream::PollRecv::Closed => Poll::Ready(None),
                }
            }
        }

        impl<T> futures_core::FusedStream for Receiver<T> {
            fn is_terminated(&self) -> bool {
                self.queue.is_terminated()
            }
        }

        impl<T> Drop for Receiver<T> {
            fn drop(&mut self) {
                self.queue.drop_receiver(&mut self.key);
            }
        }

        impl<T> fmt::Debug for Receiver<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut s = f.debug_struct(concat!($kind, "::Receiver"));
                self.queue.debug_fields(&mut s);
                s.finish()
            }
        }
    };
}

pub(crate) use impl_queue_handles;
