//! Drives mpsc, dispatch, broadcast and watch through the step-by-step models of
//! `tests/tests` (`model_*.rs`): every operation — try_send, send polled with counting wakers
//! and cancelled, reserve and start_send, recv polled and cancelled, changed held and
//! dropped, clone, subscribe, drop, close — is checked against the model, with exact wake-up
//! counts and drop-counted payloads; a difference panics.
//!
//! Input: the first byte picks the channel kind, the second its capacity (1 to 3); then two
//! bytes per operation, which operation and which handle (for watch's `changed()` held
//! across a sender operation, the handle byte also picks that operation).

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

#[allow(dead_code, unused_imports)]
mod mpsc_model {
    use crate::{accounting, queue_model, waiter_model};
    include!(concat!(env!("OUT_DIR"), "/model_mpsc.rs"));

    const OPS: [fn(usize) -> queue_model::Op; 14] = [
        queue_model::Op::TrySend,
        queue_model::Op::PollSend,
        queue_model::Op::CancelSend,
        queue_model::Op::Reserve,
        queue_model::Op::StartSend,
        queue_model::Op::CloneSender,
        queue_model::Op::DropSender,
        queue_model::Op::TryRecv,
        queue_model::Op::PollRecv,
        queue_model::Op::CancelRecv,
        queue_model::Op::CloneReceiver,
        queue_model::Op::Subscribe,
        queue_model::Op::DropReceiver,
        queue_model::Op::Close,
    ];

    pub fn run(capacity: usize, bytes: &[u8]) {
        let ops = crate::decode(bytes, |which, argument| {
            OPS[usize::from(which) % OPS.len()](crate::handle(argument))
        });
        let mut model = Model::<Mpsc>::new(capacity);
        for op in &ops {
            model.apply(op);
        }
        model.finish();
    }
}

#[allow(dead_code, unused_imports)]
mod dispatch_model {
    use crate::{accounting, queue_model, waiter_model};
    include!(concat!(env!("OUT_DIR"), "/model_dispatch.rs"));

    const OPS: [fn(usize) -> queue_model::Op; 14] = [
        queue_model::Op::TrySend,
        queue_model::Op::PollSend,
        queue_model::Op::CancelSend,
        queue_model::Op::Reserve,
        queue_model::Op::StartSend,
        queue_model::Op::CloneSender,
        queue_model::Op::DropSender,
        queue_model::Op::TryRecv,
        queue_model::Op::PollRecv,
        queue_model::Op::CancelRecv,
        queue_model::Op::CloneReceiver,
        queue_model::Op::Subscribe,
        queue_model::Op::DropReceiver,
        queue_model::Op::Close,
    ];

    pub fn run(capacity: usize, bytes: &[u8]) {
        let ops = crate::decode(bytes, |which, argument| {
            OPS[usize::from(which) % OPS.len()](crate::handle(argument))
        });
        let mut model = Model::<Dispatch>::new(capacity);
        for op in &ops {
            model.apply(op);
        }
        model.finish();
    }
}

#[allow(dead_code, unused_imports)]
mod broadcast_model {
    use crate::{accounting, waiter_model};
    include!(concat!(env!("OUT_DIR"), "/model_broadcast.rs"));

    const OPS: [fn(usize) -> Op; 13] = [
        Op::TrySend,
        Op::PollSend,
        Op::CancelSend,
        Op::Reserve,
        Op::StartSend,
        Op::CloneSender,
        Op::DropSender,
        Op::TryRecv,
        Op::PollRecv,
        Op::CancelRecv,
        Op::CloneReceiver,
        Op::Subscribe,
        Op::DropReceiver,
    ];

    pub fn run(capacity: usize, bytes: &[u8]) {
        let ops = crate::decode(bytes, |which, argument| {
            OPS[usize::from(which) % OPS.len()](crate::handle(argument))
        });
        let mut model = Model::new(capacity);
        for op in &ops {
            model.apply(op);
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
    match kind % 4 {
        0 => mpsc_model::run(capacity, ops),
        1 => dispatch_model::run(capacity, ops),
        2 => broadcast_model::run(capacity, ops),
        _ => watch_model::run(ops),
    }
});
