//! Drives mpsc, dispatch, broadcast and watch through the step-by-step models of
//! `tests/tests` (`model_*.rs`): every operation — try_send, send polled with counting wakers
//! and cancelled, reserve and start_send, permits (try_reserve, reserve, reserve_many,
//! reserve_owned; held, used, dropped, reservations polled and cancelled), recv polled and
//! cancelled, lagged, changed held and dropped, clone, subscribe, drop, close — is checked
//! against the model, with exact wake-up counts and drop-counted payloads; a difference
//! panics.
//!
//! Input: the first byte picks the channel kind (0 mpsc, 1 dispatch, 2 broadcast, 3 watch,
//! 4 unbounded mpsc, 5 unbounded dispatch, 6 lagging broadcast, modulo 7), the second its
//! capacity (1 to 3, where it has one); then two bytes per operation, which operation and
//! which handle (the handle byte also gives a `reserve_many` its count, and picks the sender
//! operation watch's `changed()` is held across).

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/tests/accounting/mod.rs"]
mod accounting;
#[path = "../../tests/tests/queue_model/mod.rs"]
mod queue_model;
#[path = "../../tests/tests/waiter_model/mod.rs"]
mod waiter_model;

/// Operations per input at most: the models' own proptest runs use up to 60.
const MAX_OPS: usize = 200;

/// Two bytes per operation: `decode(which, argument)`.
fn decode<Op>(bytes: &[u8], decode: impl Fn(u8, u8) -> Op) -> Vec<Op> {
    bytes
        .chunks_exact(2)
        .take(MAX_OPS)
        .map(|pair| decode(pair[0], pair[1]))
        .collect()
}

/// Which of the (up to four) handles of a kind an operation uses.
fn handle(argument: u8) -> usize {
    usize::from(argument % 4)
}

/// How many slots a `reserve_many` asks for: 0 to 5 (the capacity is at most 3).
fn count(argument: u8) -> usize {
    usize::from(argument / 4 % 6)
}

/// The sender operations, which every model but watch's shares.
const SEND_OPS: usize = 11;

/// Sender operation `which` (below [`SEND_OPS`]).
fn send_op(which: usize, argument: u8) -> SendOp {
    use SendOp::*;
    [
        TrySend,
        PollSend,
        CancelSend,
        Reserve,
        StartSend,
        TryReserve,
        ReserveMany(count(argument)),
        ReserveOwned,
        CancelReserve,
        PermitSend,
        DropPermits,
    ][which]
}

/// Defines `decode_op(which, argument)` for a model's `Op`: `which` picks a sender
/// operation (`Op::Sender`) or one of the listed variants, each taking the handle
/// `argument` picks.
macro_rules! op_decoder {
    ($op:ident: $($variant:ident),*) => {
        fn decode_op(which: u8, argument: u8) -> $op {
            let others: &[fn(usize) -> $op] = &[$($op::$variant),*];
            let which = usize::from(which) % (crate::SEND_OPS + others.len());
            let i = crate::handle(argument);
            match which.checked_sub(crate::SEND_OPS) {
                None => $op::Sender(i, crate::send_op(which, argument)),
                Some(other) => others[other](i),
            }
        }
    };
}

use queue_model::Op as QueueOp;
use waiter_model::send_side::SendOp;

op_decoder!(QueueOp:
    CloneSender, DropSender, TryRecv, PollRecv, CancelRecv, CloneReceiver, Subscribe,
    DropReceiver, Close);

/// Drives a queue model (mpsc or dispatch, bounded or unbounded) with `bytes`.
fn run_queue<K: queue_model::QueueKind>(mut model: queue_model::Model<K>, bytes: &[u8]) {
    for op in decode(bytes, decode_op) {
        model.apply(&op);
    }
    model.finish();
}

#[allow(dead_code, unused_imports)]
mod mpsc_model {
    use crate::{accounting, queue_model, waiter_model};
    include!(concat!(env!("OUT_DIR"), "/model_mpsc.rs"));

    pub fn run(capacity: usize, bytes: &[u8]) {
        crate::run_queue(Model::<Mpsc>::new(capacity), bytes);
    }

    pub fn run_unbounded(bytes: &[u8]) {
        crate::run_queue(Model::<Mpsc>::unbounded(), bytes);
    }
}

#[allow(dead_code, unused_imports)]
mod dispatch_model {
    use crate::{accounting, queue_model, waiter_model};
    include!(concat!(env!("OUT_DIR"), "/model_dispatch.rs"));

    pub fn run(capacity: usize, bytes: &[u8]) {
        crate::run_queue(Model::<Dispatch>::new(capacity), bytes);
    }

    pub fn run_unbounded(bytes: &[u8]) {
        crate::run_queue(Model::<Dispatch>::unbounded(), bytes);
    }
}

#[allow(dead_code, unused_imports)]
mod broadcast_model {
    use crate::{accounting, waiter_model};
    include!(concat!(env!("OUT_DIR"), "/model_broadcast.rs"));

    op_decoder!(Op:
        CloneSender, DropSender, TryRecv, PollRecv, CancelRecv, Lagged, CloneReceiver,
        Subscribe, DropReceiver, Deactivate, Activate, DropInactive);

    /// Lossless, or with `lagging`, `broadcast::lagging`.
    pub fn run(capacity: usize, lagging: bool, bytes: &[u8]) {
        let mut model = if lagging {
            Model::lagging(capacity)
        } else {
            Model::new(capacity)
        };
        for op in crate::decode(bytes, decode_op) {
            model.apply(&op);
        }
        model.finish();
    }
}

#[allow(dead_code, unused_imports)]
mod watch_model {
    use crate::accounting;
    include!(concat!(env!("OUT_DIR"), "/model_watch.rs"));

    const SENDER_OPS: [SenderOp; 5] = [
        SenderOp::Send,
        SenderOp::SendReplace,
        SenderOp::SendModify,
        SenderOp::SinkSend,
        SenderOp::Drop,
    ];

    fn decode_sender_op(byte: u8) -> SenderOp {
        SENDER_OPS[usize::from(byte) % SENDER_OPS.len()]
    }

    pub fn run(bytes: &[u8]) {
        let ops = crate::decode(bytes, |which, argument| {
            let i = crate::handle(argument);
            match which % 13 {
                0 => Op::Sender(decode_sender_op(argument)),
                1 => Op::PollClosed,
                2 => Op::ClosedAcross(i),
                3 => Op::TryRecv(i),
                4 => Op::PollRecv(i),
                5 => Op::CancelRecv(i),
                6 => Op::Changed(i),
                7 => Op::ChangedAcross(i, decode_sender_op(argument / 4)),
                8 => Op::Borrow(i),
                9 => Op::BorrowAndUpdate(i),
                10 => Op::CloneReceiver(i),
                11 => Op::Subscribe,
                _ => Op::DropReceiver(i),
            }
        });
        run_ops(&ops);
    }
}

fuzz_target!(|data: &[u8]| {
    let [kind, capacity, ops @ ..] = data else {
        return;
    };
    let capacity = 1 + usize::from(capacity % 3);
    match kind % 7 {
        0 => mpsc_model::run(capacity, ops),
        1 => dispatch_model::run(capacity, ops),
        2 => broadcast_model::run(capacity, false, ops),
        3 => watch_model::run(ops),
        4 => mpsc_model::run_unbounded(ops),
        5 => dispatch_model::run_unbounded(ops),
        _ => broadcast_model::run(capacity, true, ops),
    }
});
