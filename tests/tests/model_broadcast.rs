//! Model-based test of `broadcast`: random operation sequences over several senders and
//! receivers checked step by step against a simple model — the buffered messages with a read
//! position per receiver — for delivery order, exact capacity (the slowest receiver holds
//! the buffer, with permits and reservations), closing, exact wake-up counts and how many
//! messages are alive. Receivers may also be deactivated (they then keep the channel open
//! and hold nothing) and activated.

mod accounting;
mod waiter_model;

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::Context;

use accounting::Tracked;
use postage::broadcast::{self, InactiveReceiver, Receiver, Sender};
use postage::stream::{PollRecv, Stream};
use postage::TryRecvError;
use proptest::prelude::*;
use waiter_model::send_side::{ChannelState, Protocol, SendSide};
use waiter_model::{notify, Endpoint, Waiters};

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
    Deactivate(usize),
    Activate(usize),
    DropInactive(usize),
    TryReserve(usize),
    ReserveMany(usize, usize),
    ReserveOwned(usize),
    CancelReserve(usize),
    PermitSend(usize),
    DropPermits(usize),
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
        1 => index.clone().prop_map(Op::DropReceiver),
        1 => index.clone().prop_map(Op::Deactivate),
        1 => index.clone().prop_map(Op::Activate),
        1 => index.clone().prop_map(Op::DropInactive),
        1 => index.clone().prop_map(Op::TryReserve),
        2 => (index.clone(), 0..5usize).prop_map(|(i, n)| Op::ReserveMany(i, n)),
        1 => index.clone().prop_map(Op::ReserveOwned),
        1 => index.clone().prop_map(Op::CancelReserve),
        2 => index.clone().prop_map(Op::PermitSend),
        1 => index.prop_map(Op::DropPermits),
    ]
}

struct ReceiverEnd {
    end: Endpoint<Receiver<Tracked>>,
    /// The sequence number of the next message this receiver reads.
    position: u64,
}

struct Model {
    next_endpoint: usize,
    /// Message ids by sequence number, from `head` to `tail`.
    buffer: VecDeque<u64>,
    head: u64,
    tail: u64,
    send: SendSide<Sender<Tracked>>,
    receivers: Vec<ReceiverEnd>,
    /// Inactive receivers: they keep the channel open and hold no message.
    inactive: Vec<InactiveReceiver<Tracked>>,
    recv_waiters: Waiters,
}

impl Model {
    fn new(capacity: usize) -> Self {
        let (tx, rx) = broadcast::channel(capacity);
        let mut model = Model {
            next_endpoint: 0,
            buffer: VecDeque::new(),
            head: 0,
            tail: 0,
            send: SendSide::new(capacity, Protocol::Ring),
            receivers: Vec::new(),
            inactive: Vec::new(),
            recv_waiters: Waiters::default(),
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
        self.send.add(end);
    }

    fn add_receiver(&mut self, handle: Receiver<Tracked>, position: u64) {
        let end = Endpoint::new(self.next_endpoint(), handle);
        self.receivers.push(ReceiverEnd { end, position });
    }

    fn send_closed(&self) -> bool {
        self.receivers.is_empty() && self.inactive.is_empty()
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
        self.tail += 1;
        let woken = self.recv_waiters.notify_all();
        notify(self.receivers.iter_mut().map(|rx| &mut rx.end), woken);
        // With only inactive receivers the message goes to no one and is freed at once.
        self.release_head();
    }

    /// Frees every head message no receiver still has to read; one sender per freed slot.
    fn release_head(&mut self) {
        while self.head < self.tail && self.receivers.iter().all(|rx| rx.position != self.head) {
            self.buffer.pop_front();
            self.head += 1;
            self.send.serve(1, self.channel());
        }
    }

    fn apply(&mut self, op: &Op) {
        match *op {
            Op::TrySend(i) => {
                let sent = self.send.try_send(i, self.channel(), Sender::try_send);
                self.pushed(sent);
            }
            Op::PollSend(i) => {
                let sent = self.send.poll_send(i, self.channel());
                self.pushed(sent);
            }
            Op::CancelSend(i) => self.send.cancel_send(i, self.channel()),
            Op::Reserve(i) => self.send.reserve(i, self.channel()),
            Op::StartSend(i) => {
                let sent = self.send.start_send(i, self.channel());
                self.pushed(sent);
            }
            Op::CloneSender(i) => {
                if let Some(sender) = self.send.senders.get(i) {
                    let clone = sender.end.handle.clone();
                    self.add_sender(clone);
                }
            }
            Op::DropSender(i) => {
                if self.send.drop_sender(i, self.channel()) {
                    let woken = self.recv_waiters.notify_all();
                    notify(self.receivers.iter_mut().map(|rx| &mut rx.end), woken);
                }
            }
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
                if let Some(tx) = self.send.senders.get(i) {
                    let rx = tx.end.handle.subscribe();
                    if self.receivers.is_empty() {
                        // Nobody was reading: the ring is empty and starts over at its tail.
                        assert!(self.buffer.is_empty());
                    }
                    self.add_receiver(rx, self.tail);
                }
            }
            Op::DropReceiver(i) => self.drop_receiver(i),
            Op::Deactivate(i) => {
                if i < self.receivers.len() {
                    let mut rx = self.receivers.remove(i);
                    self.recv_waiters
                        .remove(rx.end.id, &mut rx.end.registration);
                    self.inactive.push(rx.end.handle.deactivate());
                    self.release_head();
                }
            }
            Op::Activate(i) => {
                if let Some(inactive) = self.inactive.get(i) {
                    let rx = inactive.activate();
                    if self.receivers.is_empty() {
                        assert!(self.buffer.is_empty(), "inactive receivers hold nothing");
                    }
                    self.add_receiver(rx, self.tail);
                }
            }
            Op::DropInactive(i) => {
                if i < self.inactive.len() {
                    drop(self.inactive.remove(i));
                    if self.send_closed() {
                        self.send.notify_all();
                    }
                }
            }
            Op::TryReserve(i) => self.send.try_reserve(i, self.channel()),
            Op::ReserveMany(i, n) => self.send.reserve_permits(i, n, false, self.channel()),
            Op::ReserveOwned(i) => self.send.reserve_permits(i, 1, true, self.channel()),
            Op::CancelReserve(i) => self.send.cancel_reserve(i, self.channel()),
            Op::PermitSend(i) => {
                // Published even with no receiver left, and then retired at once.
                let sent = self.send.permit_send(i);
                self.pushed(sent);
            }
            Op::DropPermits(i) => self.send.drop_permits(i, self.channel()),
        }
        self.check();
    }

    fn recv(&mut self, i: usize, poll: bool) {
        let (head, tail, senders_gone) = (self.head, self.tail, self.send.senders.is_empty());
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
        if self.send_closed() {
            self.send.notify_all();
        }
    }

    fn check(&self) {
        let (buffered, send_closed) = (self.buffer.len(), self.send_closed());
        self.send.check(|tx| {
            assert_eq!(tx.len(), buffered, "buffered");
            assert_eq!(tx.is_closed(), send_closed, "closed");
        });
        for rx in &self.receivers {
            rx.end.check_wakes("receiver");
            assert_eq!(
                rx.end.handle.len(),
                (self.tail - rx.position) as usize,
                "unread by receiver {}",
                rx.end.id
            );
        }
        assert_eq!(
            self.send.drops.alive(),
            self.buffer.len() + self.send.pending(),
            "messages alive: buffered once each, and held by pending sends"
        );
    }

    fn finish(mut self) {
        self.send.senders.clear();
        self.receivers.clear();
        self.inactive.clear();
        assert_eq!(
            self.send.drops.created(),
            self.send.drops.dropped(),
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

/// A sender woken for a freed slot is dropped still holding a `poll_ready` reservation:
/// two slots are free and two senders wait, so both are woken (one wake-up for the two
/// left the second waiting beside a free slot; found with the queue's twin by fuzzing).
#[test]
fn a_sender_dropped_with_a_wake_up_and_a_reserved_slot_wakes_two_senders() {
    let mut model = Model::new(2);
    for op in [
        Op::TrySend(0),
        Op::CloneSender(0),
        Op::CloneSender(0),
        Op::Reserve(0),
        Op::PollSend(0),
        Op::PollSend(1),
        Op::PollSend(2),
        Op::TryRecv(0),
        Op::DropSender(0),
        Op::PollSend(0),
        Op::PollSend(1),
    ] {
        model.apply(&op);
    }
    model.finish();
}
