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
