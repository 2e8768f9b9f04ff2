//! Model-based test of `broadcast`: random operation sequences over several senders and
//! receivers checked step by step against a simple model — the buffered messages with a read
//! position per receiver — for delivery order, exact capacity (the slowest receiver holds
//! the buffer), closing, exact wake-up counts and how many messages are alive.

mod accounting;
mod waiter_model;

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use accounting::{Drops, Tracked};
use postage::broadcast::{self, Receiver, Sender};
use postage::sink::{PollSend, Sink};
use postage::stream::{PollRecv, Stream};
use postage::{SendError, TryRecvError, TrySendError};
use proptest::prelude::*;
use waiter_model::{notify, notify_senders, Endpoint, SenderEnd, Waiters};

#[derive(Debug, Clone)]
enum Op {
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
}

fn op() -> impl Strategy<Value = Op> {
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
        1 => index.prop_map(Op::DropReceiver),
    ]
}

struct ReceiverEnd {
    end: Endpoint<Receiver<Tracked>>,
    /// The sequence number of the next message this receiver reads.
    position: u64,
}

struct Model {
    capacity: usize,
    drops: Drops,
    next_id: u64,
    next_endpoint: usize,
    /// Message ids by sequence number, from `head` to `tail`.
    buffer: VecDeque<u64>,
    head: u64,
    tail: u64,
    senders: Vec<SenderEnd<Sender<Tracked>>>,
    receivers: Vec<ReceiverEnd>,
    send_waiters: Waiters,
    recv_waiters: Waiters,
    /// Slots promised to `poll_ready` callers.
    reserved: usize,
}

impl Model {
    fn new(capacity: usize) -> Self {
        let (tx, rx) = broadcast::channel(capacity);
        let mut model = Model {
            capacity,
            drops: Drops::new(),
            next_id: 0,
            next_endpoint: 0,
            buffer: VecDeque::new(),
            head: 0,
            tail: 0,
            senders: Vec::new(),
            receivers: Vec::new(),
            send_waiters: Waiters::default(),
            recv_waiters: Waiters::default(),
            reserved: 0,
        };
        model.add_sender(tx);
        model.add_receiver(rx, 0);
        model
    }

    fn next_endpoint(&mut self) -> usize {
        self.next_endpoint += 1;
        self.next_endpoint
    }

    fn add_sender(&mut self, handle: Sender<Tracked>) {
        let end = Endpoint::new(self.next_endpoint(), handle);
        self.senders.push(SenderEnd::new(end));
    }

    fn add_receiver(&mut self, handle: Receiver<Tracked>, position: u64) {
        let end = Endpoint::new(self.next_endpoint(), handle);
        self.receivers.push(ReceiverEnd { end, position });
    }

    fn message(&mut self) -> Tracked {
        self.next_id += 1;
        self.drops.track(self.next_id)
    }

    fn send_closed(&self) -> bool {
        self.receivers.is_empty()
    }

    fn full(&self) -> bool {
        self.buffer.len() + self.reserved >= self.capacity
    }

    fn pushed(&mut self, id: u64) {
        self.buffer.push_back(id);
        self.tail += 1;
        let woken = self.recv_waiters.notify_all();
        notify(self.receivers.iter_mut().map(|rx| &mut rx.end), woken);
    }

    /// Frees every head message no receiver still has to read; one sender per freed slot.
    fn release_head(&mut self) {
        while self.head < self.tail && self.receivers.iter().all(|rx| rx.position != self.head) {
            self.buffer.pop_front();
            self.head += 1;
            let woken = self.send_waiters.notify_one();
            notify_senders(&mut self.senders, woken);
        }
    }

    fn apply(&mut self, op: &Op) {
        match *op {
            Op::TrySend(i) => self.try_send(i),
            Op::PollSend(i) => self.poll_send(i),
            Op::CancelSend(i) => self.cancel_send(i),
            Op::Reserve(i) => self.reserve(i),
            Op::StartSend(i) => self.start_send(i),
            Op::CloneSender(i) => {
                if let Some(sender) = self.senders.get(i) {
                    let clone = sender.end.handle.clone();
                    self.add_sender(clone);
                }
            }
            Op::DropSender(i) => self.drop_sender(i),
            Op::TryRecv(i) => self.recv(i, false),
            Op::PollRecv(i) => self.recv(i, true),
            Op::CancelRecv(i) => {
                if let Some(rx) = self.receivers.get_mut(i) {
                    Pin::new(&mut rx.end.handle).cancel_recv();
                    self.recv_waiters
                        .remove(rx.end.id, &mut rx.end.registration);
                }
            }
            Op::CloneReceiver(i) => {
                if let Some(rx) = self.receivers.get(i) {
                    let (clone, position) = (rx.end.handle.clone(), rx.position);
                    self.add_receiver(clone, position);
                }
            }
            Op::Subscribe(i) => {
                if let Some(tx) = self.senders.get(i) {
                    let rx = tx.end.handle.subscribe();
                    if self.receivers.is_empty() {
                        // Nobody was reading: the ring is empty and starts over at its tail.
                        assert!(self.buffer.is_empty());
                    }
                    self.add_receiver(rx, self.tail);
                }
            }
            Op::DropReceiver(i) => self.drop_receiver(i),
        }
        self.check();
    }

    fn try_send(&mut self, i: usize) {
        if i >= self.senders.len() {
            return;
        }
        let value = self.message();
        let id = value.id;
        match self.senders[i].end.handle.try_send(value) {
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
            notify_senders(&mut self.senders, woken);
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
            notify_senders(&mut self.senders, woken);
        }
        if self.senders.is_empty() {
            let woken = self.recv_waiters.notify_all();
            notify(self.receivers.iter_mut().map(|rx| &mut rx.end), woken);
        }
    }

    fn recv(&mut self, i: usize, poll: bool) {
        let (head, tail, senders_gone) = (self.head, self.tail, self.senders.is_empty());
        let Some(rx) = self.receivers.get_mut(i) else {
            return;
        };
        let result = if poll {
            let waker = rx.end.waker.waker();
            match Pin::new(&mut rx.end.handle).poll_recv(&mut Context::from_waker(&waker)) {
                PollRecv::Ready(value) => Ok(value),
                PollRecv::Pending => Err(TryRecvError::Empty),
                PollRecv::Closed => Err(TryRecvError::Closed),
            }
        } else {
            rx.end.handle.try_recv()
        };
        match result {
            Ok(value) => {
                assert!(rx.position < tail, "a message to read");
                let expected = self.buffer[(rx.position - head) as usize];
                assert_eq!(value.id, expected, "delivery order");
                rx.position += 1;
                if poll {
                    self.recv_waiters
                        .remove(rx.end.id, &mut rx.end.registration);
                }
                self.release_head();
            }
            Err(TryRecvError::Empty) => {
                assert!(rx.position == tail && !senders_gone, "nothing to read yet");
                if poll {
                    self.recv_waiters.wait(rx.end.id, &mut rx.end.registration);
                }
            }
            Err(TryRecvError::Closed) => {
                assert!(rx.position == tail && senders_gone, "closed and drained");
                if poll {
                    self.recv_waiters
                        .remove(rx.end.id, &mut rx.end.registration);
                }
            }
        }
    }

    fn drop_receiver(&mut self, i: usize) {
        if i >= self.receivers.len() {
            return;
        }
        let mut rx = self.receivers.remove(i);
        self.recv_waiters
            .remove(rx.end.id, &mut rx.end.registration);
        drop(rx);
        self.release_head();
        if self.receivers.is_empty() {
            let woken = self.send_waiters.notify_all();
            notify_senders(&mut self.senders, woken);
        }
    }

    fn check(&self) {
        for sender in &self.senders {
            sender.end.check_wakes("sender");
            assert_eq!(sender.end.handle.len(), self.buffer.len(), "buffered");
            assert_eq!(sender.end.handle.is_closed(), self.send_closed(), "closed");
        }
        for rx in &self.receivers {
            rx.end.check_wakes("receiver");
            assert_eq!(
                rx.end.handle.len(),
                (self.tail - rx.position) as usize,
                "unread by receiver {}",
                rx.end.id
            );
        }
        let pending = self.senders.iter().filter(|s| s.pending.is_some()).count();
        let permits = self.senders.iter().filter(|s| s.permit).count();
        assert_eq!(permits, self.reserved, "one reservation per permit");
        assert_eq!(
            self.drops.alive(),
            self.buffer.len() + pending,
            "messages alive: buffered once each, and held by pending sends"
        );
    }

    fn finish(mut self) {
        self.senders.clear();
        self.receivers.clear();
        assert_eq!(
            self.drops.created(),
            self.drops.dropped(),
            "every message dropped once"
        );
    }
}

proptest! {
    // 256 cases by default; `PROPTEST_CASES=N` searches longer.
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn broadcast_matches_the_model(capacity in 1..4usize, ops in prop::collection::vec(op(), 1..60)) {
        let mut model = Model::new(capacity);
        for op in &ops {
            model.apply(op);
        }
        model.finish();
    }
}

#[test]
fn the_slowest_receiver_leaving_frees_its_slots_for_waiting_senders() {
    let mut model = Model::new(1);
    for op in [
        Op::CloneReceiver(0),
        Op::TrySend(0),
        Op::TryRecv(0),
        Op::PollSend(0),
        Op::DropReceiver(1),
        Op::PollSend(0),
        Op::TryRecv(0),
    ] {
        model.apply(&op);
    }
    model.finish();
}
