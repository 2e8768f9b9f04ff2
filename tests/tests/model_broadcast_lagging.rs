//! Model-based test of the lagging `broadcast` (`broadcast::lagging`): random operation
//! sequences over several senders and receivers checked step by step against a ring that
//! keeps the last `capacity` messages. Sends never wait and overwrite the oldest message; a
//! receiver that fell behind skips to the oldest message kept and `lagged()` reports how
//! many it skipped; permits are granted at once and hold nothing. Also checked: lengths,
//! closing (the last receiver gone drops what is kept), exact wake-up counts and how many
//! messages are alive.

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
    Lagged(usize),
    CloneReceiver(usize),
    Subscribe(usize),
    DropReceiver(usize),
    Deactivate(usize),
    Activate(usize),
    DropInactive(usize),
    TryReserve(usize),
    ReserveMany(usize, usize),
    ReserveOwned(usize),
    PermitSend(usize),
    DropPermits(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let index = 0..4usize;
    prop_oneof![
        4 => index.clone().prop_map(Op::TrySend),
        4 => index.clone().prop_map(Op::PollSend),
        1 => index.clone().prop_map(Op::CancelSend),
        1 => index.clone().prop_map(Op::Reserve),
        1 => index.clone().prop_map(Op::StartSend),
        1 => index.clone().prop_map(Op::CloneSender),
        1 => index.clone().prop_map(Op::DropSender),
        3 => index.clone().prop_map(Op::TryRecv),
        3 => index.clone().prop_map(Op::PollRecv),
        1 => index.clone().prop_map(Op::CancelRecv),
        2 => index.clone().prop_map(Op::Lagged),
        1 => index.clone().prop_map(Op::CloneReceiver),
        1 => index.clone().prop_map(Op::Subscribe),
        1 => index.clone().prop_map(Op::DropReceiver),
        1 => index.clone().prop_map(Op::Deactivate),
        1 => index.clone().prop_map(Op::Activate),
        1 => index.clone().prop_map(Op::DropInactive),
        1 => index.clone().prop_map(Op::TryReserve),
        1 => (index.clone(), 0..6usize).prop_map(|(i, n)| Op::ReserveMany(i, n)),
        1 => index.clone().prop_map(Op::ReserveOwned),
        2 => index.clone().prop_map(Op::PermitSend),
        1 => index.prop_map(Op::DropPermits),
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
    /// Message ids by sequence number: the last `capacity` sent, none once every receiver
    /// is gone.
    kept: BTreeMap<u64, u64>,
    /// The sequence number of the next message sent.
    tail: u64,
    /// Nobody waits for room here: the model's capacity is `usize::MAX`.
    send: SendSide<Sender<Tracked>>,
    receivers: Vec<ReceiverEnd>,
    /// Inactive receivers: they keep the channel open and read nothing.
    inactive: Vec<InactiveReceiver<Tracked>>,
    recv_waiters: Waiters,
}

impl Model {
    fn new(capacity: usize) -> Self {
        let (tx, rx) = broadcast::lagging(capacity);
        let mut model = Model {
            next_endpoint: 0,
            capacity,
            kept: BTreeMap::new(),
            tail: 0,
            send: SendSide::new(usize::MAX, Protocol::Ring),
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

    /// Keeps the message a sender got in, overwriting the oldest if the ring is full, and
    /// wakes every waiting receiver.
    fn pushed(&mut self, sent: Option<u64>) {
        let Some(id) = sent else {
            return;
        };
        self.kept.insert(self.tail, id);
        self.tail += 1;
        let oldest = self.oldest();
        self.kept.retain(|&seq, _| seq >= oldest);
        let woken = self.recv_waiters.notify_all();
        notify(self.receivers.iter_mut().map(|rx| &mut rx.end), woken);
    }

    /// The oldest sequence number the ring can still hold.
    fn oldest(&self) -> u64 {
        self.tail.saturating_sub(self.capacity as u64)
    }

    /// A receiver or inactive receiver went: the last one closes the channel, and what
    /// is kept is dropped.
    fn receiver_gone(&mut self) {
        if self.send_closed() {
            self.kept.clear();
            self.send.notify_all();
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
            // A lagging send is never pending: nothing to cancel.
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
                    self.add_receiver(rx, self.tail);
                }
            }
            Op::DropReceiver(i) => {
                if i < self.receivers.len() {
                    let mut rx = self.receivers.remove(i);
                    self.recv_waiters
                        .remove(rx.end.id, &mut rx.end.registration);
                    drop(rx);
                    self.receiver_gone();
                }
            }
            Op::Deactivate(i) => {
                if i < self.receivers.len() {
                    let mut rx = self.receivers.remove(i);
                    self.recv_waiters
                        .remove(rx.end.id, &mut rx.end.registration);
                    self.inactive.push(rx.end.handle.deactivate());
                }
            }
            Op::Activate(i) => {
                if let Some(inactive) = self.inactive.get(i) {
                    let rx = inactive.activate();
                    self.add_receiver(rx, self.tail);
                }
            }
            Op::DropInactive(i) => {
                if i < self.inactive.len() {
                    drop(self.inactive.remove(i));
                    self.receiver_gone();
                }
            }
            Op::TryReserve(i) => self.send.try_reserve(i, self.channel()),
            Op::ReserveMany(i, n) => self.send.reserve_permits(i, n, false, self.channel()),
            Op::ReserveOwned(i) => self.send.reserve_permits(i, 1, true, self.channel()),
            Op::PermitSend(i) => {
                // A permit's send never fails; with no receiver left the value is dropped.
                let closed = self.send_closed();
                let sent = self.send.permit_send(i).filter(|_| !closed);
                self.pushed(sent);
            }
            Op::DropPermits(i) => self.send.drop_permits(i, self.channel()),
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
        // A receiver that fell behind skips to the oldest message kept.
        let skipped = oldest.saturating_sub(rx.position);
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

    fn check(&self) {
        let (kept, send_closed, capacity) = (self.kept.len(), self.send_closed(), self.capacity);
        self.send.check(|tx| {
            assert_eq!(tx.len(), kept, "kept");
            assert_eq!(tx.is_closed(), send_closed, "closed");
            assert_eq!(tx.capacity(), capacity, "capacity");
        });
        for rx in &self.receivers {
            rx.end.check_wakes("receiver");
            assert_eq!(
                rx.end.handle.len(),
                self.kept.range(rx.position..).count(),
                "unread by receiver {}",
                rx.end.id
            );
        }
        assert_eq!(
            self.send.drops.alive(),
            self.kept.len() + self.send.pending(),
            "messages alive: kept once each"
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
    fn lagging_broadcast_matches_the_model(capacity in 1..4usize, ops in prop::collection::vec(op(), 1..60)) {
        let mut model = Model::new(capacity);
        for op in &ops {
            model.apply(op);
        }
        model.finish();
    }
}

/// Replays one operation sequence against the model.
fn replay(capacity: usize, ops: &[Op]) {
    let mut model = Model::new(capacity);
    for op in ops {
        model.apply(op);
    }
    model.finish();
}

/// Found by the model: a send refused because every receiver was gone used up a sequence
/// number, and `len()` counted it as a kept message (1 here, where nothing is kept; up to
/// the capacity after more refused sends, and still after a new receiver subscribed).
#[test]
fn a_send_refused_as_closed_is_not_counted_as_kept() {
    use Op::*;
    replay(1, &[DropReceiver(0), PollSend(0)]);
    replay(
        3,
        &[
            DropReceiver(0),
            TrySend(0),
            TrySend(0),
            Subscribe(0),
            TrySend(0),
            TryRecv(0),
        ],
    );
}
