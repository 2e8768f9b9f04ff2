//! Model-based test of `broadcast`, lossless and lagging: random operation sequences over
//! several senders and receivers checked step by step against a simple model — the
//! messages kept by sequence number, with a read position per receiver — for delivery
//! order, closing, exact wake-up counts and how many messages are alive. Receivers may also
//! be deactivated (they then keep the channel open and hold nothing) and activated.
//!
//! Lossless: the slowest receiver holds the buffer, whose capacity is exact with permits
//! and reservations. Lagging: sends never wait and overwrite the oldest message, a receiver
//! that fell behind skips to the oldest message kept and `lagged()` reports how many it
//! skipped (always 0 when lossless), permits are granted at once and hold nothing, and the
//! last receiver gone drops what is kept.

mod accounting;
mod waiter_model;

use std::collections::BTreeMap;
use std::pin::Pin;
use std::task::Context;

use accounting::Tracked;
use postage::broadcast::{self, InactiveReceiver, Receiver, Sender};
use postage::stream::{PollRecv, Stream};
use postage::TryRecvError;
use proptest::prelude::*;
use waiter_model::send_side::{send_op, ChannelState, Protocol, SendOp, SendSide};
use waiter_model::{notify, Endpoint, Waiters};

#[derive(Debug, Clone)]
enum Op {
    Sender(usize, SendOp),
    CloneSender(usize),
    DropSender(usize),
    TryRecv(usize),
    PollRecv(usize),
    CancelRecv(usize),
    Lagged(usize),
    CloneReceiver(usize),
    Subscribe(usize),
    DropReceiver(usize),
    Deactivate(usize),
    Activate(usize),
    DropInactive(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let index = 0..4usize;
    prop_oneof![
        21 => (index.clone(), send_op()).prop_map(|(i, op)| Op::Sender(i, op)),
        1 => index.clone().prop_map(Op::CloneSender),
        1 => index.clone().prop_map(Op::DropSender),
        4 => index.clone().prop_map(Op::TryRecv),
        3 => index.clone().prop_map(Op::PollRecv),
        1 => index.clone().prop_map(Op::CancelRecv),
        1 => index.clone().prop_map(Op::Lagged),
        1 => index.clone().prop_map(Op::CloneReceiver),
        1 => index.clone().prop_map(Op::Subscribe),
        1 => index.clone().prop_map(Op::DropReceiver),
        1 => index.clone().prop_map(Op::Deactivate),
        1 => index.clone().prop_map(Op::Activate),
        1 => index.prop_map(Op::DropInactive),
    ]
}

struct ReceiverEnd {
    end: Endpoint<Receiver<Tracked>>,
    /// The sequence number of the next message this receiver reads.
    position: u64,
    /// Messages skipped since the last `lagged()`.
    lagged: u64,
}

struct Model {
    next_endpoint: usize,
    capacity: usize,
    /// A lagging channel: a full buffer overwrites its oldest message.
    lagging: bool,
    /// Message ids by sequence number: lossless, every message some receiver has still to
    /// read; lagging, the last `capacity` sent while a receiver existed.
    kept: BTreeMap<u64, u64>,
    /// The sequence number of the next message sent.
    tail: u64,
    /// On a lagging channel nobody waits for room: its capacity is `usize::MAX` here.
    send: SendSide<Sender<Tracked>>,
    receivers: Vec<ReceiverEnd>,
    /// Inactive receivers: they keep the channel open and hold no message.
    inactive: Vec<InactiveReceiver<Tracked>>,
    recv_waiters: Waiters,
}

impl Model {
    fn new(capacity: usize) -> Self {
        Self::with(broadcast::channel(capacity), capacity, false)
    }

    fn lagging(capacity: usize) -> Self {
        Self::with(broadcast::lagging(capacity), capacity, true)
    }

    fn with(
        (tx, rx): (Sender<Tracked>, Receiver<Tracked>),
        capacity: usize,
        lagging: bool,
    ) -> Self {
        let send_capacity = if lagging { usize::MAX } else { capacity };
        let mut model = Model {
            next_endpoint: 0,
            capacity,
            lagging,
            kept: BTreeMap::new(),
            tail: 0,
            send: SendSide::new(send_capacity, Protocol::Ring),
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
        self.receivers.push(ReceiverEnd {
            end,
            position,
            lagged: 0,
        });
    }

    fn send_closed(&self) -> bool {
        self.receivers.is_empty() && self.inactive.is_empty()
    }

    fn channel(&self) -> ChannelState {
        ChannelState {
            closed: self.send_closed(),
            buffered: self.kept.len(),
        }
    }

    /// Keeps the message a sender got in, if any, and wakes every waiting receiver.
    fn pushed(&mut self, sent: Option<u64>) {
        let Some(id) = sent else {
            return;
        };
        self.kept.insert(self.tail, id);
        self.tail += 1;
        let woken = self.recv_waiters.notify_all();
        notify(self.receivers.iter_mut().map(|rx| &mut rx.end), woken);
        // With only inactive receivers the message goes to no one and is freed at once.
        self.release();
    }

    /// The oldest sequence number a lagging ring can still hold (a lossless one holds every
    /// message a receiver has still to read, so no receiver is ever behind it).
    fn oldest(&self) -> u64 {
        self.tail.saturating_sub(self.capacity as u64)
    }

    /// Drops the oldest messages nobody can read any more, one sender served per freed slot
    /// (lossless). Lossless: those no receiver still has to read. Lagging: those overwritten,
    /// and all once every receiver is gone.
    fn release(&mut self) {
        while let Some((&seq, _)) = self.kept.first_key_value() {
            let gone = if self.lagging {
                seq < self.oldest() || self.send_closed()
            } else {
                self.receivers.iter().all(|rx| rx.position != seq)
            };
            if !gone {
                return;
            }
            self.kept.remove(&seq);
            self.send.serve(1, self.channel());
        }
    }

    fn apply(&mut self, op: &Op) {
        match *op {
            Op::Sender(i, op) => {
                let sent = self.send.apply(i, op, self.channel(), Sender::try_send);
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
            Op::Lagged(i) => {
                if let Some(rx) = self.receivers.get_mut(i) {
                    let lagged = std::mem::take(&mut rx.lagged);
                    assert_eq!(rx.end.handle.lagged(), lagged, "lagged {}", rx.end.id);
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
                    if self.receivers.is_empty() && !self.lagging {
                        // Nobody was reading: the ring is empty and starts over at its tail.
                        assert!(self.kept.is_empty());
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
                    self.release();
                }
            }
            Op::Activate(i) => {
                if let Some(inactive) = self.inactive.get(i) {
                    let rx = inactive.activate();
                    if self.receivers.is_empty() && !self.lagging {
                        assert!(self.kept.is_empty(), "inactive receivers hold nothing");
                    }
                    self.add_receiver(rx, self.tail);
                }
            }
            Op::DropInactive(i) => {
                if i < self.inactive.len() {
                    drop(self.inactive.remove(i));
                    self.release();
                    if self.send_closed() {
                        self.send.notify_all();
                    }
                }
            }
        }
        self.check();
    }

    fn recv(&mut self, i: usize, poll: bool) {
        let (oldest, tail, senders_gone) = (self.oldest(), self.tail, self.send.senders.is_empty());
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
        // A lagging receiver that fell behind skips to the oldest message kept.
        let skipped = oldest.saturating_sub(rx.position);
        assert!(
            self.lagging || skipped == 0,
            "a lossless receiver never falls behind"
        );
        match result {
            Ok(value) => {
                let position = rx.position + skipped;
                assert!(position < tail, "a message to read");
                assert_eq!(Some(&value.id), self.kept.get(&position), "delivery order");
                rx.position = position + 1;
                rx.lagged += skipped;
                if poll {
                    self.recv_waiters
                        .remove(rx.end.id, &mut rx.end.registration);
                }
                self.release();
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
        self.release();
        if self.send_closed() {
            self.send.notify_all();
        }
    }

    fn check(&self) {
        let (kept, send_closed, capacity) = (self.kept.len(), self.send_closed(), self.capacity);
        self.send.check(|tx| {
            assert_eq!(tx.len(), kept, "buffered");
            assert_eq!(tx.is_closed(), send_closed, "closed");
            assert_eq!(tx.capacity(), capacity, "capacity");
        });
        for rx in &self.receivers {
            rx.end.check_wakes("receiver");
            assert_eq!(
                rx.end.handle.len(),
                (self.tail - rx.position.max(self.oldest())) as usize,
                "unread by receiver {}",
                rx.end.id
            );
        }
        assert_eq!(
            self.send.drops.alive(),
            self.kept.len() + self.send.pending(),
            "messages alive: kept once each, and held by pending sends"
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

    #[test]
    fn lagging_broadcast_matches_the_model(capacity in 1..4usize, ops in prop::collection::vec(op(), 1..60)) {
        let mut model = Model::lagging(capacity);
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
        Op::Sender(0, SendOp::TrySend),
        Op::TryRecv(0),
        Op::Sender(0, SendOp::PollSend),
        Op::DropReceiver(1),
        Op::Sender(0, SendOp::PollSend),
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
        Op::Sender(0, SendOp::TrySend),
        Op::CloneSender(0),
        Op::CloneSender(0),
        Op::Sender(0, SendOp::Reserve),
        Op::Sender(0, SendOp::PollSend),
        Op::Sender(1, SendOp::PollSend),
        Op::Sender(2, SendOp::PollSend),
        Op::TryRecv(0),
        Op::DropSender(0),
        Op::Sender(0, SendOp::PollSend),
        Op::Sender(1, SendOp::PollSend),
    ] {
        model.apply(&op);
    }
    model.finish();
}

/// The twin of dispatch's `a_requeued_reservation_gives_its_room_to_the_sender_ahead`: a
/// reservation woken by the closing, polled again after a subscriber reopened the channel,
/// gives its unit back to the line, waking the send waiting ahead of it.
#[test]
fn a_requeued_reservation_gives_its_room_to_the_sender_ahead() {
    let mut model = Model::new(2);
    for op in [
        Op::Sender(0, SendOp::TrySend),
        Op::Sender(0, SendOp::ReserveMany(2)),
        Op::DropReceiver(0),
        Op::Subscribe(0),
        Op::Sender(0, SendOp::TryReserve),
        Op::Sender(0, SendOp::PollSend),
        Op::Sender(0, SendOp::ReserveMany(2)),
        Op::Sender(0, SendOp::PollSend),
    ] {
        model.apply(&op);
    }
    model.finish();
}

/// Found by the model: a send on a lagging channel refused because every receiver was gone
/// used up a sequence number, and `len()` counted it as a kept message (1 here, where
/// nothing is kept; up to the capacity after more refused sends, and still after a new
/// receiver subscribed).
#[test]
fn a_lagging_send_refused_as_closed_is_not_counted_as_kept() {
    use SendOp::*;
    for (capacity, ops) in [
        (1, vec![Op::DropReceiver(0), Op::Sender(0, PollSend)]),
        (
            3,
            vec![
                Op::DropReceiver(0),
                Op::Sender(0, TrySend),
                Op::Sender(0, TrySend),
                Op::Subscribe(0),
                Op::Sender(0, TrySend),
                Op::TryRecv(0),
            ],
        ),
    ] {
        let mut model = Model::lagging(capacity);
        for op in &ops {
            model.apply(op);
        }
        model.finish();
    }
}
