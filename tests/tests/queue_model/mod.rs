//! A step-by-step model of the bounded queue behind `mpsc` and `dispatch`, checked against
//! the real channel after every operation: FIFO order, exact capacity, closing, which
//! pending operation is woken (exact wake-up counts per waker) and how many messages are
//! alive.
//!
//! Pending operations are driven through the handles' `Sink::poll_send` /
//! `Stream::poll_recv` (a handle keeps its own registration) and abandoned with
//! `cancel_send` / `cancel_recv`, which is what the `send`/`recv` futures do when dropped.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use postage::sink::{PollSend, Sink};
use postage::stream::{PollRecv, Stream};
use postage::{SendError, TryRecvError, TrySendError};
use proptest::prelude::*;

use crate::accounting::{Drops, Tracked};
use crate::waiter_model::{notify, notify_senders, Endpoint, Registration, SenderEnd, Waiters};

/// The operations of one channel kind that the model drives.
pub trait QueueKind {
    type Tx: Sink<Item = Tracked> + futures::Sink<Tracked, Error = SendError<Tracked>> + Unpin;
    type Rx: Stream<Item = Tracked> + Unpin;

    fn channel(capacity: usize) -> (Self::Tx, Self::Rx);
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

#[derive(Debug, Clone)]
pub enum Op {
    TrySend(usize),
    PollSend(usize),
    CancelSend(usize),
    Reserve(usize),
    StartSend(usize),
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
        4 => index.clone().prop_map(Op::TrySend),
        4 => index.clone().prop_map(Op::PollSend),
        1 => index.clone().prop_map(Op::CancelSend),
        2 => index.clone().prop_map(Op::Reserve),
        2 => index.clone().prop_map(Op::StartSend),
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
    capacity: usize,
    drops: Drops,
    next_id: u64,
    next_endpoint: usize,
    buffer: VecDeque<u64>,
    senders: Vec<SenderEnd<K::Tx>>,
    receivers: Vec<Endpoint<K::Rx>>,
    send_waiters: Waiters,
    recv_waiters: Waiters,
    /// Slots promised to `poll_ready` callers.
    reserved: usize,
    closed_by_receiver: bool,
}

impl<K: QueueKind> Model<K> {
    pub fn new(capacity: usize) -> Self {
        let (tx, rx) = K::channel(capacity);
        let mut model = Model {
            capacity,
            drops: Drops::new(),
            next_id: 0,
            next_endpoint: 0,
            buffer: VecDeque::new(),
            senders: Vec::new(),
            receivers: Vec::new(),
            send_waiters: Waiters::default(),
            recv_waiters: Waiters::default(),
            reserved: 0,
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
        self.senders.push(SenderEnd::new(end));
    }

    fn add_receiver(&mut self, handle: K::Rx) {
        let end = self.endpoint(handle);
        self.receivers.push(end);
    }

    fn message(&mut self) -> Tracked {
        self.next_id += 1;
        self.drops.track(self.next_id)
    }

    fn send_closed(&self) -> bool {
        self.receivers.is_empty() || self.closed_by_receiver
    }

    fn recv_closed(&self) -> bool {
        self.senders.is_empty() || self.closed_by_receiver
    }

    fn full(&self) -> bool {
        self.buffer.len() + self.reserved >= self.capacity
    }

    fn pushed(&mut self, id: u64) {
        self.buffer.push_back(id);
        let woken = self.recv_waiters.notify_one();
        notify(self.receivers.iter_mut(), woken);
    }

    fn popped(&mut self, value: Tracked) {
        assert_eq!(Some(value.id), self.buffer.pop_front(), "FIFO order");
        let woken = self.send_waiters.notify_one();
        self.notify_senders(woken);
    }

    fn notify_senders(&mut self, ids: impl IntoIterator<Item = usize>) {
        notify_senders(&mut self.senders, ids);
    }

    pub fn apply(&mut self, op: &Op) {
        match *op {
            Op::TrySend(i) => self.try_send(i),
            Op::PollSend(i) => self.poll_send(i),
            Op::CancelSend(i) => self.cancel_send(i),
            Op::Reserve(i) => self.reserve(i),
            Op::StartSend(i) => self.start_send(i),
            Op::CloneSender(i) => {
                if let Some(sender) = self.senders.get(i) {
                    let clone = K::clone_tx(&sender.end.handle);
                    self.add_sender(clone);
                }
            }
            Op::DropSender(i) => self.drop_sender(i),
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
                        let senders = self.send_waiters.notify_all();
                        self.notify_senders(senders);
                        let receivers = self.recv_waiters.notify_all();
                        notify(self.receivers.iter_mut(), receivers);
                    }
                }
            }
        }
        self.check();
    }

    fn try_send(&mut self, i: usize) {
        if i >= self.senders.len() {
            return;
        }
        let value = self.message();
        let id = value.id;
        let result = K::try_send(&self.senders[i].end.handle, value);
        match result {
            Ok(()) => {
                assert!(!self.send_closed() && !self.full(), "sent #{id}");
                self.pushed(id);
            }
            Err(TrySendError::Closed(value)) => {
                assert!(self.send_closed(), "refused #{id} as closed");
                assert_eq!(value.id, id);
            }
            Err(TrySendError::Full(value)) => {
                assert!(!self.send_closed() && self.full(), "refused #{id} as full");
                assert_eq!(value.id, id);
            }
        }
    }

    fn poll_send(&mut self, i: usize) {
        if i >= self.senders.len() {
            return;
        }
        let value = match self.senders[i].pending.take() {
            Some(value) => value,
            None => self.message(),
        };
        let id = value.id;
        let (send_closed, full) = (self.send_closed(), self.full());
        let sender = &mut self.senders[i];
        let waker = sender.end.waker.waker();
        let polled =
            Pin::new(&mut sender.end.handle).poll_send(&mut Context::from_waker(&waker), value);
        match polled {
            PollSend::Ready => {
                assert!(!send_closed && !full, "sent #{id}");
                self.send_waiters
                    .remove(sender.end.id, &mut sender.end.registration);
                self.pushed(id);
            }
            PollSend::Rejected(value) => {
                assert!(send_closed, "rejected #{id}");
                assert_eq!(value.id, id);
                self.send_waiters
                    .remove(sender.end.id, &mut sender.end.registration);
            }
            PollSend::Pending(value) => {
                assert!(!send_closed && full, "pending #{id}");
                assert_eq!(value.id, id);
                sender.pending = Some(value);
                self.send_waiters
                    .wait(sender.end.id, &mut sender.end.registration);
            }
        }
    }

    fn cancel_send(&mut self, i: usize) {
        let Some(sender) = self.senders.get_mut(i) else {
            return;
        };
        if sender.pending.take().is_none() {
            return;
        }
        Pin::new(&mut sender.end.handle).cancel_send();
        if self
            .send_waiters
            .remove(sender.end.id, &mut sender.end.registration)
        {
            let woken = self.send_waiters.notify_one();
            self.notify_senders(woken);
        }
    }

    /// `futures::Sink::poll_ready`: reserves a slot, waits for one, or (closed) resolves
    /// without one.
    fn reserve(&mut self, i: usize) {
        let (send_closed, full) = (self.send_closed(), self.full());
        let Some(sender) = self.senders.get_mut(i) else {
            return;
        };
        let waker = sender.end.waker.waker();
        let polled = futures::Sink::<Tracked>::poll_ready(
            Pin::new(&mut sender.end.handle),
            &mut Context::from_waker(&waker),
        );
        if sender.permit {
            assert!(
                matches!(polled, Poll::Ready(Ok(()))),
                "a held permit is ready"
            );
        } else if send_closed {
            assert!(
                matches!(polled, Poll::Ready(Ok(()))),
                "closed: ready, no permit"
            );
            self.send_waiters
                .remove(sender.end.id, &mut sender.end.registration);
        } else if full {
            assert!(polled.is_pending(), "no slot to reserve");
            self.send_waiters
                .wait(sender.end.id, &mut sender.end.registration);
        } else {
            assert!(matches!(polled, Poll::Ready(Ok(()))), "a slot reserved");
            self.send_waiters
                .remove(sender.end.id, &mut sender.end.registration);
            sender.permit = true;
            self.reserved += 1;
        }
    }

    /// `futures::Sink::start_send`: fills the reserved slot, or sends only if there is room.
    fn start_send(&mut self, i: usize) {
        if i >= self.senders.len() {
            return;
        }
        let value = self.message();
        let id = value.id;
        let sender = &mut self.senders[i];
        let result = futures::Sink::start_send(Pin::new(&mut sender.end.handle), value);
        let had_permit = std::mem::take(&mut sender.permit);
        if had_permit {
            self.reserved -= 1;
        }
        let refused = self.send_closed() || (!had_permit && self.full());
        match result {
            Ok(()) => {
                assert!(!refused, "start_send #{id} accepted");
                self.pushed(id);
            }
            Err(SendError(value)) => {
                assert!(refused, "start_send #{id} refused");
                assert_eq!(value.id, id);
            }
        }
    }

    fn drop_sender(&mut self, i: usize) {
        if i >= self.senders.len() {
            return;
        }
        let mut sender = self.senders.remove(i);
        let was_notified = self
            .send_waiters
            .remove(sender.end.id, &mut sender.end.registration);
        let released = std::mem::take(&mut sender.permit);
        if released {
            self.reserved -= 1;
        }
        drop(sender);
        if was_notified || released {
            let woken = self.send_waiters.notify_one();
            self.notify_senders(woken);
        }
        if self.senders.is_empty() {
            let woken = self.recv_waiters.notify_all();
            notify(self.receivers.iter_mut(), woken);
        }
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
                self.recv_waiters.remove(rx.id, &mut rx.registration);
                self.popped(value);
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
            let woken = self.send_waiters.notify_all();
            self.notify_senders(woken);
        }
    }

    fn check(&self) {
        for sender in &self.senders {
            sender.end.check_wakes("sender");
            assert_eq!(K::len(&sender.end.handle), self.buffer.len(), "length");
            assert_eq!(
                K::is_closed(&sender.end.handle),
                self.send_closed(),
                "is_closed"
            );
        }
        for rx in &self.receivers {
            rx.check_wakes("receiver");
        }
        let pending = self.senders.iter().filter(|s| s.pending.is_some()).count();
        let permits = self.senders.iter().filter(|s| s.permit).count();
        assert_eq!(permits, self.reserved, "one reservation per permit");
        assert_eq!(
            self.drops.alive(),
            self.buffer.len() + pending,
            "messages alive: buffered and held by pending sends"
        );
    }

    /// Drops every handle; every message must be gone then.
    pub fn finish(mut self) {
        self.senders.clear();
        self.receivers.clear();
        assert_eq!(
            self.drops.created(),
            self.drops.dropped(),
            "every message dropped once"
        );
    }
}
