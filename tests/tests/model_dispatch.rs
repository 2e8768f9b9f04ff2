//! Model-based test of `dispatch`: random operation sequences over several senders and
//! receivers checked step by step against a simple queue model (see `queue_model`).

mod accounting;
mod queue_model;
mod waiter_model;

use postage::dispatch::{self, Receiver, Sender};
use postage::{TryRecvError, TrySendError};
use proptest::prelude::*;
use queue_model::{op, Model, QueueKind};

use accounting::Tracked;

struct Dispatch;

impl QueueKind for Dispatch {
    type Tx = Sender<Tracked>;
    type Rx = Receiver<Tracked>;

    fn channel(capacity: usize) -> (Self::Tx, Self::Rx) {
        dispatch::channel(capacity)
    }
    fn clone_tx(tx: &Self::Tx) -> Self::Tx {
        tx.clone()
    }
    fn try_send(tx: &Self::Tx, value: Tracked) -> Result<(), TrySendError<Tracked>> {
        tx.try_send(value)
    }
    fn try_recv(rx: &mut Self::Rx) -> Result<Tracked, TryRecvError> {
        rx.try_recv()
    }
    fn len(tx: &Self::Tx) -> usize {
        tx.len()
    }
    fn is_closed(tx: &Self::Tx) -> bool {
        tx.is_closed()
    }
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
