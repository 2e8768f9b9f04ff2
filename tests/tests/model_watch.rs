//! Model-based test of `watch`: random operation sequences checked step by step against a
//! simple model — one stored value with a version, the version each receiver has seen, and
//! whether each receiver is registered for a wake-up — for which value every read returns,
//! when `recv`/`changed` complete, close, or wait, exact wake-up counts (every registered
//! receiver is woken once per change, an abandoned `changed()` or `closed()` future never),
//! and how many values are alive (exactly the stored one).

mod accounting;

use std::pin::Pin;
use std::task::{Context, Poll};

use accounting::{CountingWaker, Drops, Tracked};
use postage::sink::{PollSend, Sink};
use postage::stream::{PollRecv, Stream};
use postage::watch::{self, Closed, Receiver, Sender};
use postage::{SendError, TryRecvError};
use proptest::prelude::*;

/// What the sender does.
#[derive(Debug, Clone, Copy)]
enum SenderOp {
    Send,
    SendReplace,
    SendModify,
    /// `Sink::poll_send`, which never waits on a watch.
    SinkSend,
    Drop,
}

#[derive(Debug, Clone, Copy)]
enum Op {
    Sender(SenderOp),
    /// `Sender::closed()`, polled once and dropped.
    PollClosed,
    /// `Sender::closed()` held pending while receiver `i` drops, then polled again.
    ClosedAcross(usize),
    TryRecv(usize),
    /// `Stream::poll_recv`: a pending poll stays registered, as a held `recv()` future does.
    PollRecv(usize),
    /// `Stream::cancel_recv`: what dropping a pending `recv()` future does.
    CancelRecv(usize),
    /// `changed()`, polled once and dropped.
    Changed(usize),
    /// `changed()` held pending while the sender acts, then polled again.
    ChangedAcross(usize, SenderOp),
    Borrow(usize),
    BorrowAndUpdate(usize),
    CloneReceiver(usize),
    Subscribe,
    DropReceiver(usize),
}

fn sender_op() -> impl Strategy<Value = SenderOp> {
    prop_oneof![
        4 => Just(SenderOp::Send),
        2 => Just(SenderOp::SendReplace),
        2 => Just(SenderOp::SendModify),
        1 => Just(SenderOp::SinkSend),
        1 => Just(SenderOp::Drop),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    let index = 0..4usize;
    prop_oneof![
        8 => sender_op().prop_map(Op::Sender),
        1 => Just(Op::PollClosed),
        1 => index.clone().prop_map(Op::ClosedAcross),
        3 => index.clone().prop_map(Op::TryRecv),
        4 => index.clone().prop_map(Op::PollRecv),
        1 => index.clone().prop_map(Op::CancelRecv),
        2 => index.clone().prop_map(Op::Changed),
        2 => (index.clone(), sender_op()).prop_map(|(i, op)| Op::ChangedAcross(i, op)),
        1 => index.clone().prop_map(Op::Borrow),
        2 => index.clone().prop_map(Op::BorrowAndUpdate),
        2 => index.clone().prop_map(Op::CloneReceiver),
        1 => Just(Op::Subscribe),
        2 => index.prop_map(Op::DropReceiver),
    ]
}

/// The version a receiver starts from: it has seen nothing.
const UNSEEN: u64 = 0;

struct ReceiverEnd {
    id: usize,
    handle: Receiver<Tracked>,
    waker: CountingWaker,
    expected_wakes: usize,
    /// Registered for the next change (a pending poll that was not abandoned or woken).
    registered: bool,
    /// The version this receiver has seen.
    seen: u64,
}

impl ReceiverEnd {
    fn check_wakes(&self) {
        assert_eq!(
            self.waker.count(),
            self.expected_wakes,
            "wake-ups of receiver {}",
            self.id
        );
    }
}

/// What a receiver's `recv` or `changed` must do now.
#[derive(Debug, PartialEq)]
enum Expect {
    /// Complete with the stored value.
    Value(u64),
    Closed,
    Pending,
}

struct Model {
    sender: Option<Sender<Tracked>>,
    sender_waker: CountingWaker,
    receivers: Vec<ReceiverEnd>,
    /// Receivers taken out of `receivers` by an operation in progress; they still exist.
    detached: usize,
    drops: Drops,
    /// The id of the stored value.
    value: u64,
    version: u64,
    next_id: u64,
    next_endpoint: usize,
}

impl Model {
    fn new() -> Self {
        let drops = Drops::new();
        let (tx, rx) = watch::channel_with(drops.track(1));
        let mut model = Model {
            sender: Some(tx),
            sender_waker: CountingWaker::new(),
            receivers: Vec::new(),
            detached: 0,
            drops,
            value: 1,
            version: 1,
            next_id: 1,
            next_endpoint: 0,
        };
        model.add_receiver(rx);
        model
    }

    fn add_receiver(&mut self, handle: Receiver<Tracked>) {
        self.next_endpoint += 1;
        self.receivers.push(ReceiverEnd {
            id: self.next_endpoint,
            handle,
            waker: CountingWaker::new(),
            expected_wakes: 0,
            registered: false,
            seen: UNSEEN,
        });
    }

    fn live_receivers(&self) -> usize {
        self.receivers.len() + self.detached
    }

    fn message(&mut self) -> Tracked {
        self.next_id += 1;
        self.drops.track(self.next_id)
    }

    fn expect(&self, seen: u64) -> Expect {
        if seen != self.version {
            Expect::Value(self.value)
        } else if self.sender.is_none() {
            Expect::Closed
        } else {
            Expect::Pending
        }
    }

    /// A new value is stored: every registered receiver is woken once and unregistered.
    fn stored(&mut self, id: u64) {
        self.value = id;
        self.version += 1;
        self.wake_registered();
    }

    fn wake_registered(&mut self) {
        for rx in &mut self.receivers {
            if std::mem::take(&mut rx.registered) {
                rx.expected_wakes += 1;
            }
        }
    }

    /// Runs `op` on the sender; `true` when it woke the registered receivers (a new value
    /// or the sender gone).
    fn sender_op(&mut self, op: SenderOp) -> bool {
        if self.sender.is_none() {
            return false;
        }
        let open = self.live_receivers() > 0;
        match op {
            SenderOp::Send => {
                let value = self.message();
                let id = value.id;
                match self.sender.as_ref().unwrap().send(value) {
                    Ok(()) => assert!(open, "sent #{id} with no receiver"),
                    Err(SendError(value)) => {
                        assert!(!open, "refused #{id} with a receiver");
                        assert_eq!(value.id, id);
                        return false;
                    }
                }
                self.stored(id);
            }
            SenderOp::SinkSend => {
                let value = self.message();
                let id = value.id;
                let waker = self.sender_waker.waker();
                let tx = self.sender.as_mut().unwrap();
                match Pin::new(tx).poll_send(&mut Context::from_waker(&waker), value) {
                    PollSend::Ready => assert!(open, "sent #{id} with no receiver"),
                    PollSend::Rejected(value) => {
                        assert!(!open, "rejected #{id} with a receiver");
                        assert_eq!(value.id, id);
                        return false;
                    }
                    PollSend::Pending(_) => panic!("a watch send never waits"),
                }
                self.stored(id);
            }
            SenderOp::SendReplace => {
                let value = self.message();
                let id = value.id;
                let old = self.sender.as_ref().unwrap().send_replace(value);
                assert_eq!(old.id, self.value, "send_replace returns the stored value");
                self.stored(id);
            }
            SenderOp::SendModify => {
                self.next_id += 1;
                let (before, after) = (self.value, self.next_id);
                self.sender.as_ref().unwrap().send_modify(|stored| {
                    assert_eq!(stored.id, before, "send_modify sees the stored value");
                    stored.id = after;
                });
                self.stored(after);
            }
            SenderOp::Drop => {
                self.sender = None;
                self.wake_registered();
            }
        }
        true
    }

    fn apply(&mut self, op: Op) {
        match op {
            Op::Sender(op) => {
                self.sender_op(op);
            }
            Op::PollClosed => self.poll_closed(),
            Op::ClosedAcross(i) => self.closed_across(i),
            Op::TryRecv(i) => self.recv(i, false),
            Op::PollRecv(i) => self.recv(i, true),
            Op::CancelRecv(i) => {
                if let Some(rx) = self.receivers.get_mut(i) {
                    Pin::new(&mut rx.handle).cancel_recv();
                    rx.registered = false;
                }
            }
            Op::Changed(i) => {
                if i < self.receivers.len() {
                    let (expected, version) = (self.expect(self.receivers[i].seen), self.version);
                    let rx = &mut self.receivers[i];
                    let polled = rx.waker.poll(&mut rx.handle.changed());
                    if check_changed(polled, &expected) {
                        rx.seen = version;
                    }
                    // A pending `changed()` registered, and dropping it unregistered.
                    rx.registered = false;
                }
            }
            Op::ChangedAcross(i, op) => self.changed_across(i, op),
            Op::Borrow(i) => {
                if let Some(rx) = self.receivers.get(i) {
                    assert_eq!(rx.handle.borrow().id, self.value, "borrow");
                }
            }
            Op::BorrowAndUpdate(i) => {
                if let Some(rx) = self.receivers.get_mut(i) {
                    assert_eq!(rx.handle.borrow_and_update().id, self.value);
                    rx.seen = self.version;
                }
            }
            Op::CloneReceiver(i) => {
                if let Some(rx) = self.receivers.get(i) {
                    let clone = rx.handle.clone();
                    self.add_receiver(clone);
                }
            }
            Op::Subscribe => {
                if let Some(tx) = &self.sender {
                    let rx = tx.subscribe();
                    self.add_receiver(rx);
                }
            }
            Op::DropReceiver(i) => {
                if i < self.receivers.len() {
                    self.receivers.remove(i);
                }
            }
        }
        self.check();
    }

    fn recv(&mut self, i: usize, poll: bool) {
        if i >= self.receivers.len() {
            return;
        }
        let expected = self.expect(self.receivers[i].seen);
        let version = self.version;
        let rx = &mut self.receivers[i];
        let result = if poll {
            let waker = rx.waker.waker();
            match Pin::new(&mut rx.handle).poll_recv(&mut Context::from_waker(&waker)) {
                PollRecv::Ready(value) => Ok(value),
                PollRecv::Pending => Err(TryRecvError::Empty),
                PollRecv::Closed => Err(TryRecvError::Closed),
            }
        } else {
            rx.handle.try_recv()
        };
        match result {
            Ok(value) => {
                assert_eq!(expected, Expect::Value(value.id), "recv");
                rx.seen = version;
                rx.registered = false;
            }
            Err(TryRecvError::Closed) => {
                assert_eq!(expected, Expect::Closed, "recv");
                rx.registered = false;
            }
            Err(TryRecvError::Empty) => {
                assert_eq!(expected, Expect::Pending, "recv");
                // `try_recv` registers nothing and leaves an earlier registration alone.
                rx.registered |= poll;
            }
        }
    }

    /// Polls receiver `i`'s `changed()`; while it is pending, the sender runs `op`; the
    /// future must have been woken exactly when `op` stored a value or dropped the sender,
    /// and then complete.
    fn changed_across(&mut self, i: usize, op: SenderOp) {
        if i >= self.receivers.len() {
            return;
        }
        let mut rx = self.receivers.remove(i);
        self.detached += 1;
        let expected = self.expect(rx.seen);
        let version = self.version;
        let mut changed = rx.handle.changed();
        let polled = rx.waker.poll(&mut changed);
        let pending = polled.is_pending();
        let mut marked = check_changed(polled, &expected).then_some(version);
        if pending {
            rx.registered = true;
            if self.sender_op(op) {
                rx.registered = false;
                rx.expected_wakes += 1;
            }
            assert_eq!(rx.waker.count(), rx.expected_wakes, "wake-ups of changed()");
            let expected = self.expect(rx.seen);
            let polled = rx.waker.poll(&mut changed);
            marked = check_changed(polled, &expected).then_some(self.version);
        }
        drop(changed);
        if let Some(version) = marked {
            rx.seen = version;
        }
        rx.registered = false;
        self.detached -= 1;
        self.receivers.insert(i, rx);
    }

    fn poll_closed(&mut self) {
        let Some(tx) = &self.sender else {
            return;
        };
        let polled = self.sender_waker.poll(&mut tx.closed());
        assert_eq!(polled.is_ready(), self.receivers.is_empty(), "closed()");
    }

    /// Holds the sender's `closed()` pending while receiver `i` drops: it must be woken
    /// exactly when that was the last receiver, and then complete.
    fn closed_across(&mut self, i: usize) {
        let Some(tx) = self.sender.take() else {
            return;
        };
        let waker = CountingWaker::new();
        let mut closed = tx.closed();
        let polled = waker.poll(&mut closed);
        assert_eq!(polled.is_ready(), self.receivers.is_empty(), "closed()");
        if polled.is_pending() && i < self.receivers.len() {
            self.receivers.remove(i);
            let last = self.receivers.is_empty();
            assert_eq!(
                waker.count(),
                usize::from(last),
                "closed() woken by the last drop"
            );
            assert_eq!(waker.poll(&mut closed).is_ready(), last, "closed()");
        }
        drop(closed);
        self.sender = Some(tx);
    }

    fn check(&self) {
        if let Some(tx) = &self.sender {
            assert_eq!(
                tx.borrow().id,
                self.value,
                "the sender borrows the stored value"
            );
            assert_eq!(tx.is_closed(), self.receivers.is_empty(), "is_closed");
        }
        for rx in &self.receivers {
            rx.check_wakes();
        }
        assert_eq!(
            self.sender_waker.count(),
            0,
            "closed() dropped pending is never woken"
        );
        let handles = self.sender.is_some() || self.live_receivers() > 0;
        assert_eq!(
            self.drops.alive(),
            usize::from(handles),
            "only the stored value is alive, until the last handle is gone"
        );
    }

    fn finish(mut self) {
        self.sender = None;
        self.receivers.clear();
        assert_eq!(
            self.drops.alive(),
            0,
            "the stored value dropped with the last handle"
        );
        assert_eq!(
            self.drops.created(),
            self.drops.dropped(),
            "every value dropped once"
        );
    }
}

/// Checks a `changed()` poll against `expected`; `true` when it completed with a new value
/// (which it marked seen).
fn check_changed(polled: Poll<Result<(), Closed>>, expected: &Expect) -> bool {
    match (polled, expected) {
        (Poll::Ready(Ok(())), Expect::Value(_)) => true,
        (Poll::Ready(Err(Closed)), Expect::Closed) | (Poll::Pending, Expect::Pending) => false,
        (polled, expected) => panic!("changed() gave {polled:?}, the model expects {expected:?}"),
    }
}

fn run_ops(ops: &[Op]) {
    let mut model = Model::new();
    for &op in ops {
        model.apply(op);
    }
    model.finish();
}

proptest! {
    // 256 cases by default; `PROPTEST_CASES=N` searches longer.
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn watch_matches_the_model(ops in prop::collection::vec(op(), 1..60)) {
        run_ops(&ops);
    }
}

#[test]
fn a_held_changed_future_is_woken_by_a_send_and_completes() {
    run_ops(&[
        Op::BorrowAndUpdate(0),
        Op::ChangedAcross(0, SenderOp::Send),
        Op::TryRecv(0),
    ]);
}

#[test]
fn a_dropped_changed_future_is_not_woken_by_later_sends() {
    run_ops(&[
        Op::BorrowAndUpdate(0),
        Op::Changed(0),
        Op::Sender(SenderOp::Send),
        Op::Changed(0),
    ]);
}

#[test]
fn a_pending_recv_sees_the_last_value_once_after_the_sender_left() {
    run_ops(&[
        Op::PollRecv(0),
        Op::PollRecv(0),
        Op::Sender(SenderOp::SendModify),
        Op::Sender(SenderOp::Drop),
        Op::PollRecv(0),
        Op::PollRecv(0),
    ]);
}

#[test]
fn closed_wakes_when_the_last_receiver_drops_and_subscribe_reopens() {
    run_ops(&[
        Op::CloneReceiver(0),
        Op::ClosedAcross(1),
        Op::ClosedAcross(0),
        Op::Sender(SenderOp::Send),
        Op::Sender(SenderOp::SendReplace),
        Op::Subscribe,
        Op::PollClosed,
        Op::TryRecv(0),
    ]);
}
