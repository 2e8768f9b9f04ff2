//! A step-by-step model of the queue behind `mpsc` and `dispatch`, bounded or unbounded,
//! checked against the real channel after every operation: FIFO order, exact capacity
//! (permits and reservations included), closing, which pending operation is woken (exact
//! wake-up counts per waker) and how many messages are alive.
//!
//! Pending operations are driven through the handles' `Sink::poll_send` /
//! `Stream::poll_recv` (a handle keeps its own registration) and abandoned with
//! `cancel_send` / `cancel_recv`, which is what the `send`/`recv` futures do when dropped.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::Context;

use postage::sink::Sink;
use postage::stream::{PollRecv, Stream};
use postage::{SendError, TryRecvError, TrySendError};
use proptest::prelude::*;

use crate::accounting::Tracked;
use crate::waiter_model::send_side::{
    send_op, ChannelState, Permitted, Protocol, SendOp, SendSide,
};
use crate::waiter_model::{notify, Endpoint, Registration, Waiters};

/// The operations of one channel kind that the model drives.
pub trait QueueKind {
    type Tx: Sink<Item = Tracked>
        + futures::Sink<Tracked, Error = SendError<Tracked>>
        + Unpin
        + Permitted;
    type Rx: Stream<Item = Tracked> + Unpin;

    fn channel(capacity: usize) -> (Self::Tx, Self::Rx);
    fn unbounded() -> (Self::Tx, Self::Rx);
    fn capacity(tx: &Self::Tx) -> usize;
    fn clone_tx(tx: &Self::Tx) -> Self::Tx;
    fn try_send(tx: &Self::Tx, value: Tracked) -> Result<(), TrySendError<Tracked>>;
    fn try_recv(rx: &mut Self::Rx) -> Result<Tracked, TryRecvError>;
    fn len(tx: &Self::Tx) -> usize;
    fn is_closed(tx: &Self::Tx) -> bool;
    /// A second receiver, where the kind has several.
    fn clone_rx(rx: &Self::Rx) -> Option<Self::Rx>;
    fn subscribe(tx: &Self::Tx) -> Option<Self::Rx>;
    /// Closes the channel from the receiving side; `false` where the kind cannot.
    fn close(rx: &mut Self::Rx) -> bool;
}

/// The [`QueueKind`] items that `mpsc` and `dispatch` spell the same way: their `Sender`
/// and `Receiver` handles, `channel`, `unbounded`, and the handles' own `try_send`,
/// `try_recv`, `len`, `capacity` and `is_closed`. Used inside `impl QueueKind for …`, with the channel module's name.
macro_rules! queue_kind_handles {
    ($channel:ident) => {
        type Tx = postage::$channel::Sender<$crate::accounting::Tracked>;
        type Rx = postage::$channel::Receiver<$crate::accounting::Tracked>;

        fn channel(capacity: usize) -> (Self::Tx, Self::Rx) {
            postage::$channel::channel(capacity)
        }
        fn unbounded() -> (Self::Tx, Self::Rx) {
            postage::$channel::unbounded()
        }
        fn capacity(tx: &Self::Tx) -> usize {
            tx.capacity()
        }
        fn clone_tx(tx: &Self::Tx) -> Self::Tx {
            tx.clone()
        }
        fn try_send(
            tx: &Self::Tx,
            value: $crate::accounting::Tracked,
        ) -> Result<(), postage::TrySendError<$crate::accounting::Tracked>> {
            tx.try_send(value)
        }
        fn try_recv(
            rx: &mut Self::Rx,
        ) -> Result<$crate::accounting::Tracked, postage::TryRecvError> {
            rx.try_recv()
        }
        fn len(tx: &Self::Tx) -> usize {
            tx.len()
        }
        fn is_closed(tx: &Self::Tx) -> bool {
            tx.is_closed()
        }
    };
}
pub(crate) use queue_kind_handles;

#[derive(Debug, Clone)]
pub enum Op {
    Sender(usize, SendOp),
    CloneSender(usize),
    DropSender(usize),
    TryRecv(usize),
    PollRecv(usize),
    CancelRecv(usize),
    CloneReceiver(usize),
    Subscribe(usize),
    DropReceiver(usize),
    Close(usize),
}

pub fn op() -> impl Strategy<Value = Op> {
    let index = 0..4usize;
    prop_oneof![
        21 => (index.clone(), send_op()).prop_map(|(i, op)| Op::Sender(i, op)),
        1 => index.clone().prop_map(Op::CloneSender),
        1 => index.clone().prop_map(Op::DropSender),
        4 => index.clone().prop_map(Op::TryRecv),
        3 => index.clone().prop_map(Op::PollRecv),
        1 => index.clone().prop_map(Op::CancelRecv),
        1 => index.clone().prop_map(Op::CloneReceiver),
        1 => index.clone().prop_map(Op::Subscribe),
        1 => index.clone().prop_map(Op::DropReceiver),
        1 => index.prop_map(Op::Close),
    ]
}

pub struct Model<K: QueueKind> {
    next_endpoint: usize,
    capacity: usize,
    buffer: VecDeque<u64>,
    send: SendSide<K::Tx>,
    receivers: Vec<Endpoint<K::Rx>>,
    recv_waiters: Waiters,
    closed_by_receiver: bool,
}

impl<K: QueueKind> Model<K> {
    pub fn new(capacity: usize) -> Self {
        Self::with(K::channel(capacity), capacity)
    }

    /// An unbounded channel: the model's capacity is `usize::MAX`, which no send reaches.
    pub fn unbounded() -> Self {
        Self::with(K::unbounded(), usize::MAX)
    }

    fn with((tx, rx): (K::Tx, K::Rx), capacity: usize) -> Self {
        let mut model = Model {
            next_endpoint: 0,
            capacity,
            buffer: VecDeque::new(),
            send: SendSide::new(capacity, Protocol::Queue),
            receivers: Vec::new(),
            recv_waiters: Waiters::default(),
            closed_by_receiver: false,
        };
        model.add_sender(tx);
        model.add_receiver(rx);
        model
    }

    fn endpoint<H>(&mut self, handle: H) -> Endpoint<H> {
        self.next_endpoint += 1;
        Endpoint::new(self.next_endpoint, handle)
    }

    fn add_sender(&mut self, handle: K::Tx) {
        let end = self.endpoint(handle);
        self.send.add(end);
    }

    fn add_receiver(&mut self, handle: K::Rx) {
        let end = self.endpoint(handle);
        self.receivers.push(end);
    }

    fn send_closed(&self) -> bool {
        self.receivers.is_empty() || self.closed_by_receiver
    }

    fn recv_closed(&self) -> bool {
        self.send.senders.is_empty() || self.closed_by_receiver
    }

    fn channel(&self) -> ChannelState {
        ChannelState {
            closed: self.send_closed(),
            buffered: self.buffer.len(),
        }
    }

    /// Buffers the message a sender got in, if any.
    fn pushed(&mut self, sent: Option<u64>) {
        let Some(id) = sent else {
            return;
        };
        self.buffer.push_back(id);
        let woken = self.recv_waiters.notify_one();
        notify(self.receivers.iter_mut(), woken);
    }

    fn popped(&mut self, value: Tracked) {
        assert_eq!(Some(value.id), self.buffer.pop_front(), "FIFO order");
        self.send.serve(1, self.channel());
    }

    pub fn apply(&mut self, op: &Op) {
        match *op {
            Op::Sender(i, op) => {
                let sent = self.send.apply(i, op, self.channel(), K::try_send);
                self.pushed(sent);
            }
            Op::CloneSender(i) => {
                if let Some(sender) = self.send.senders.get(i) {
                    let clone = K::clone_tx(&sender.end.handle);
                    self.add_sender(clone);
                }
            }
            Op::DropSender(i) => {
                if self.send.drop_sender(i, self.channel()) {
                    let woken = self.recv_waiters.notify_all();
                    notify(self.receivers.iter_mut(), woken);
                }
            }
            Op::TryRecv(i) => self.try_recv(i),
            Op::PollRecv(i) => self.poll_recv(i),
            Op::CancelRecv(i) => self.cancel_recv(i),
            Op::CloneReceiver(i) => {
                if let Some(clone) = self.receivers.get(i).and_then(|rx| K::clone_rx(&rx.handle)) {
                    self.add_receiver(clone);
                }
            }
            Op::Subscribe(i) => {
                if let Some(rx) = self
                    .send
                    .senders
                    .get(i)
                    .and_then(|tx| K::subscribe(&tx.end.handle))
                {
                    self.add_receiver(rx);
                }
            }
            Op::DropReceiver(i) => self.drop_receiver(i),
            Op::Close(i) => {
                if let Some(rx) = self.receivers.get_mut(i) {
                    if K::close(&mut rx.handle) {
                        self.closed_by_receiver = true;
                        self.send.notify_all();
                        let receivers = self.recv_waiters.notify_all();
                        notify(self.receivers.iter_mut(), receivers);
                    }
                }
            }
        }
        self.check();
    }

    fn try_recv(&mut self, i: usize) {
        let Some(rx) = self.receivers.get_mut(i) else {
            return;
        };
        match K::try_recv(&mut rx.handle) {
            Ok(value) => self.popped(value),
            Err(TryRecvError::Empty) => {
                assert!(self.buffer.is_empty() && !self.recv_closed(), "empty")
            }
            Err(TryRecvError::Closed) => {
                assert!(self.buffer.is_empty() && self.recv_closed(), "closed")
            }
        }
    }

    fn poll_recv(&mut self, i: usize) {
        let (empty, recv_closed) = (self.buffer.is_empty(), self.recv_closed());
        let Some(rx) = self.receivers.get_mut(i) else {
            return;
        };
        let waker = rx.waker.waker();
        let polled = Pin::new(&mut rx.handle).poll_recv(&mut Context::from_waker(&waker));
        match polled {
            PollRecv::Ready(value) => {
                let was_notified = self.recv_waiters.remove(rx.id, &mut rx.registration);
                self.popped(value);
                // A receive that completes holding a notification cannot tell whether the
                // message it took is the one it was woken for (with threads, a receive
                // that was never woken may take it first): while a message remains, the
                // notification goes on to the next waiting receiver.
                if was_notified && !self.buffer.is_empty() {
                    let woken = self.recv_waiters.notify_one();
                    notify(self.receivers.iter_mut(), woken);
                }
            }
            PollRecv::Closed => {
                assert!(empty && recv_closed, "closed");
                self.recv_waiters.remove(rx.id, &mut rx.registration);
            }
            PollRecv::Pending => {
                assert!(empty && !recv_closed, "pending");
                self.recv_waiters.wait(rx.id, &mut rx.registration);
            }
        }
    }

    fn cancel_recv(&mut self, i: usize) {
        let Some(rx) = self.receivers.get_mut(i) else {
            return;
        };
        if rx.registration == Registration::None {
            return;
        }
        Pin::new(&mut rx.handle).cancel_recv();
        if self.recv_waiters.remove(rx.id, &mut rx.registration) {
            let woken = self.recv_waiters.notify_one();
            notify(self.receivers.iter_mut(), woken);
        }
    }

    fn drop_receiver(&mut self, i: usize) {
        if i >= self.receivers.len() {
            return;
        }
        let mut rx = self.receivers.remove(i);
        let was_notified = self.recv_waiters.remove(rx.id, &mut rx.registration);
        drop(rx);
        if !self.receivers.is_empty() {
            if was_notified {
                let woken = self.recv_waiters.notify_one();
                notify(self.receivers.iter_mut(), woken);
            }
        } else {
            self.buffer.clear();
            self.send.notify_all();
        }
    }

    fn check(&self) {
        let (buffered, send_closed) = (self.buffer.len(), self.send_closed());
        self.send.check(|tx| {
            assert_eq!(K::len(tx), buffered, "length");
            assert_eq!(K::capacity(tx), self.capacity, "capacity");
            assert_eq!(K::is_closed(tx), send_closed, "is_closed");
        });
        for rx in &self.receivers {
            rx.check_wakes("receiver");
        }
        assert_eq!(
            self.send.drops.alive(),
            self.buffer.len() + self.send.pending(),
            "messages alive: buffered and held by pending sends"
        );
    }

    /// Drops every handle; every message must be gone then.
    pub fn finish(mut self) {
        self.send.senders.clear();
        self.receivers.clear();
        assert_eq!(
            self.send.drops.created(),
            self.send.drops.dropped(),
            "every message dropped once"
        );
    }
}
