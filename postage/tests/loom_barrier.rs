//! Loom models of the barrier channel.

#![cfg(postage_loom)]

mod support;

use loom::future::block_on;
use loom::thread;
use postage::barrier;
use support::poll_once;

#[test]
fn firing_races_receiver_clone_and_drop() {
    loom::model(|| {
        let (tx, mut rx) = barrier::channel();
        let first = rx.clone();
        let sender = thread::spawn(move || tx.send());
        let cloner = thread::spawn(move || {
            let mut second = first.clone();
            drop(first);
            block_on(&mut second);
            assert!(second.is_fired());
        });
        block_on(&mut rx);
        assert!(rx.clone().is_fired());
        sender.join().unwrap();
        cloner.join().unwrap();
    });
}

#[test]
fn dropping_the_sender_fires_for_a_receiver_cloned_concurrently() {
    loom::model(|| {
        let (tx, rx) = barrier::channel();
        let sender = thread::spawn(move || drop(tx));
        let cloner = thread::spawn(move || {
            let mut clone = rx.clone();
            drop(rx);
            block_on(&mut clone);
        });
        sender.join().unwrap();
        cloner.join().unwrap();
    });
}

#[test]
fn last_receiver_drop_racing_a_clone_resolves_closed() {
    loom::model(|| {
        let (tx, rx) = barrier::channel();
        let clone = rx.clone();
        let watcher = thread::spawn(move || {
            block_on(tx.closed());
            assert!(tx.is_closed());
        });
        let dropper = thread::spawn(move || drop(clone));
        drop(rx);
        dropper.join().unwrap();
        watcher.join().unwrap();
    });
}

#[test]
fn a_wait_given_up_while_the_barrier_fires_strands_no_other_waiter() {
    loom::model(|| {
        let (tx, mut rx) = barrier::channel();
        let mut quitter = rx.clone();
        let sender = thread::spawn(move || tx.send());
        let quitting = thread::spawn(move || {
            // Registers (or sees the fire), then gives the wait up and leaves.
            let _ = poll_once(&mut quitter);
            drop(quitter);
        });
        block_on(&mut rx);
        assert!(rx.is_fired());
        sender.join().unwrap();
        quitting.join().unwrap();
    });
}

#[test]
fn the_closed_future_sees_the_last_receiver_leave_while_the_barrier_fires() {
    loom::model(|| {
        let (tx, rx) = barrier::channel();
        let watcher = thread::spawn(move || {
            block_on(tx.closed());
            tx.send();
        });
        let mut rx = rx;
        let _ = poll_once(&mut rx);
        drop(rx);
        watcher.join().unwrap();
    });
}
