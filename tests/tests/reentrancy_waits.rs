//! A waker dropped by `watch::Receiver::changed`, a barrier's `recv` and a sender's
//! `closed()` when they replace or remove it: its drop is user code that may use the same
//! channel, so it must run after the channel's lock is released (DESIGN 3). Each test hangs
//! (and fails on the watchdog) if the waker is dropped under the lock.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use postage::{barrier, mpsc, watch};
use postage_tests::{with_watchdog, OnDrop, WATCHDOG};

fn poll<F: Future + Unpin>(future: &mut F, waker: &Waker) -> Poll<F::Output> {
    Pin::new(future).poll(&mut Context::from_waker(waker))
}

/// A waker that does nothing, but is not the no-op waker (which registers nothing).
struct Quiet;

impl Wake for Quiet {
    fn wake(self: Arc<Self>) {}
}

fn quiet() -> Waker {
    Waker::from(Arc::new(Quiet))
}

#[test]
fn a_replaced_watch_waker_whose_drop_sends_on_the_watch() {
    with_watchdog("replaced watch waker", WATCHDOG, || {
        let (tx, mut rx) = watch::channel_with(0);
        let dropping = OnDrop::waker(move || tx.send(1).unwrap());
        drop(rx.borrow_and_update());
        let mut changed = rx.changed();
        assert!(poll(&mut changed, &dropping).is_pending());
        // The channel holds the only clone now; the next poll replaces (and drops) it.
        drop(dropping);
        let _ = poll(&mut changed, &quiet());
        assert!(futures::executor::block_on(changed).is_ok());
        assert_eq!(*rx.borrow(), 1, "the waker's drop sent");
    });
}

#[test]
fn a_replaced_barrier_waker_whose_drop_fires_the_barrier() {
    with_watchdog("replaced barrier waker", WATCHDOG, || {
        let (tx, mut rx) = barrier::channel();
        let dropping = OnDrop::waker(move || tx.send());
        let mut recv = rx.recv();
        assert!(poll(&mut recv, &dropping).is_pending());
        drop(dropping);
        let _ = poll(&mut recv, &quiet());
        futures::executor::block_on(recv);
        assert!(rx.is_fired(), "the waker's drop fired the barrier");
    });
}

#[test]
fn a_replaced_closed_waker_whose_drop_closes_the_channel() {
    with_watchdog("replaced closed() waker", WATCHDOG, || {
        let (tx, rx) = mpsc::channel::<u32>(1);
        let dropping = OnDrop::waker(move || drop(rx));
        let mut closed = tx.closed();
        assert!(poll(&mut closed, &dropping).is_pending());
        drop(dropping);
        let _ = poll(&mut closed, &quiet());
        futures::executor::block_on(closed);
        assert!(tx.is_closed(), "the waker's drop closed the channel");
    });
}
