//! Model-based test of `dispatch`: random operation sequences over several senders and
//! receivers checked step by step against a simple queue model (see `queue_model`).

mod accounting;
mod queue_model;
mod waiter_model;

use proptest::prelude::*;
use queue_model::{op, queue_kind_handles, Model, QueueKind};

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
}
