//! Model-based test of `mpsc`: random operation sequences checked step by step against a
//! simple queue model (see `queue_model`).

mod accounting;
mod queue_model;
mod waiter_model;

use proptest::prelude::*;
use queue_model::{op, queue_kind_handles, Model, Op, QueueKind};
use waiter_model::send_side::SendOp;

struct Mpsc;

impl QueueKind for Mpsc {
    queue_kind_handles!(mpsc);

    fn clone_rx(_: &Self::Rx) -> Option<Self::Rx> {
        None
    }
    fn subscribe(_: &Self::Tx) -> Option<Self::Rx> {
        None
    }
    fn close(rx: &mut Self::Rx) -> bool {
        rx.close();
        true
    }
}

proptest! {
    // 256 cases by default; `PROPTEST_CASES=N` searches longer.
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn mpsc_matches_the_queue_model(capacity in 1..4usize, ops in prop::collection::vec(op(), 1..60)) {
        let mut model = Model::<Mpsc>::new(capacity);
        for op in &ops {
            model.apply(op);
        }
        model.finish();
    }

    #[test]
    fn unbounded_mpsc_matches_the_queue_model(ops in prop::collection::vec(op(), 1..60)) {
        let mut model = Model::<Mpsc>::unbounded();
        for op in &ops {
            model.apply(op);
        }
        model.finish();
    }
}

#[test]
fn woken_sender_that_cancels_passes_the_free_slot_to_the_next_one() {
    // A fixed sequence through the model: full channel, two waiting senders, the first
    // cancels after being woken, the second must get the wake-up.
    let mut model = Model::<Mpsc>::new(1);
    for op in [
        Op::Sender(0, SendOp::TrySend),
        Op::CloneSender(0),
        Op::Sender(0, SendOp::PollSend),
        Op::Sender(1, SendOp::PollSend),
        Op::TryRecv(0),
        Op::Sender(0, SendOp::CancelSend),
        Op::Sender(1, SendOp::PollSend),
        Op::TryRecv(0),
    ] {
        model.apply(&op);
    }
    model.finish();
}

#[test]
fn a_sender_dropped_with_two_permits_serves_the_send_and_then_the_reservation_in_line() {
    // Found by the `channels` fuzz target (fuzz/regressions/channels/crash-7fbd48b2*): the
    // capacity held by sender 2 (its `poll_ready` slot and a permit), then in line sender
    // 1's send, sender 0's reservation, sender 2's own send and sender 1's reservation.
    // Dropping sender 2 frees the permit's slot (sender 1's send is woken to retry), then
    // its `poll_ready` slot while its own send is still in line: the slot is set aside for
    // sender 0's reservation, and sender 2's send, a waiting send that was not woken, ends
    // the serving. Sender 1's reservation keeps waiting: the room left is sender 1's
    // retrying send's. The model used to drop the registration first and so expected that
    // reservation to be served out of turn.
    let mut model = Model::<Mpsc>::new(2);
    for op in [
        Op::CloneSender(0),
        Op::CloneSender(0),
        Op::Sender(2, SendOp::Reserve),
        Op::Sender(2, SendOp::ReserveMany(1)),
        Op::Sender(1, SendOp::PollSend),
        Op::Sender(0, SendOp::ReserveOwned),
        Op::Sender(2, SendOp::PollSend),
        Op::Sender(1, SendOp::ReserveOwned),
        Op::DropSender(2),
    ] {
        model.apply(&op);
    }
    model.finish();
}
