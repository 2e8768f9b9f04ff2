//! Model-based test of `dispatch`: random operation sequences over several senders and
//! receivers checked step by step against a simple queue model (see `queue_model`).

mod accounting;
mod queue_model;
mod waiter_model;

use proptest::prelude::*;
use queue_model::{op, queue_kind_handles, Model, QueueKind};
use waiter_model::send_side::SendOp;

struct Dispatch;

impl QueueKind for Dispatch {
    queue_kind_handles!(dispatch);

    fn clone_rx(rx: &Self::Rx) -> Option<Self::Rx> {
        Some(rx.clone())
    }
    fn subscribe(tx: &Self::Tx) -> Option<Self::Rx> {
        Some(tx.subscribe())
    }
    fn close(_: &mut Self::Rx) -> bool {
        false
    }
}

proptest! {
    // 256 cases by default; `PROPTEST_CASES=N` searches longer.
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn dispatch_matches_the_queue_model(capacity in 1..4usize, ops in prop::collection::vec(op(), 1..60)) {
        let mut model = Model::<Dispatch>::new(capacity);
        for op in &ops {
            model.apply(op);
        }
        model.finish();
    }

    #[test]
    fn unbounded_dispatch_matches_the_queue_model(ops in prop::collection::vec(op(), 1..60)) {
        let mut model = Model::<Dispatch>::unbounded();
        for op in &ops {
            model.apply(op);
        }
        model.finish();
    }
}

/// Replays one operation sequence against the model.
fn replay(capacity: usize, ops: &[queue_model::Op]) {
    let mut model = Model::<Dispatch>::new(capacity);
    for op in ops {
        model.apply(op);
    }
    model.finish();
}

/// Found by the model: a receiver that was woken, received, then dropped must not pass a
/// wake-up on to another waiting receiver (its notification was used).
#[test]
fn dropping_a_receiver_that_used_its_wake_wakes_nobody() {
    use queue_model::Op::*;
    use SendOp::*;
    replay(
        2,
        &[
            PollRecv(0),
            Sender(0, TrySend),
            PollRecv(0),
            CloneReceiver(0),
            PollRecv(1),
            DropReceiver(0),
        ],
    );
}

/// Found by the model: a receive that completes holding a notification passes it on while
/// a message remains.
#[test]
fn a_woken_receive_passes_its_wake_on_while_a_message_remains() {
    use queue_model::Op::*;
    use SendOp::*;
    replay(
        2,
        &[
            CloneReceiver(0),
            PollRecv(1),
            CloneReceiver(0),
            PollRecv(0),
            PollRecv(2),
            Sender(0, TrySend),
            Sender(0, TrySend),
            PollRecv(0),
        ],
    );
}

/// Found by the model: a reservation that completes holding a notification passes it on
/// while room remains, as a receive does while a message remains.
#[test]
fn a_woken_reservation_passes_its_wake_on_while_room_remains() {
    use queue_model::Op::*;
    use SendOp::*;
    replay(
        2,
        &[
            CloneSender(0),
            CloneSender(0),
            Sender(0, TrySend),
            Sender(0, TrySend),
            Sender(2, PollSend),
            Sender(1, PollSend),
            Sender(0, Reserve),
            PollRecv(0),
            PollRecv(0),
            Sender(1, Reserve),
        ],
    );
}

/// Found by the `channels` fuzz target: a sender woken for a freed slot (taken since by
/// another sender's `try_send`) is dropped holding a `poll_ready` reservation. The queue
/// passes on the wake-up it held and the returned slot, each to one waiting sender; the
/// model had merged the two into one wake-up.
#[test]
fn a_dropped_sender_passes_on_its_wake_up_and_its_reserved_slot_separately() {
    use queue_model::Op::*;
    use SendOp::*;
    replay(
        2,
        &[
            Subscribe(0),
            Sender(0, TrySend),
            CloneSender(0),
            Sender(0, Reserve),
            Sender(0, PollSend),
            TryRecv(1),
            CloneSender(0),
            Sender(1, TrySend),
            CloneSender(0),
            Sender(3, PollSend),
            Sender(2, PollSend),
            DropSender(0),
        ],
    );
}

/// Found by the model: a reservation woken by the closing of its channel and polled again
/// after a subscriber reopened it gives back the slot set aside for it and queues again;
/// that slot must wake the send waiting ahead of it, which otherwise waited beside it.
#[test]
fn a_requeued_reservation_gives_its_room_to_the_sender_ahead() {
    use queue_model::Op::*;
    use SendOp::*;
    replay(
        2,
        &[
            Sender(0, TrySend),
            Sender(0, ReserveMany(2)),
            DropReceiver(0),
            Subscribe(0),
            Sender(0, TryReserve),
            Sender(0, PollSend),
            Sender(0, ReserveMany(2)),
            Sender(0, PollSend),
        ],
    );
}
