//! Loom models of the watch channel: the version/waiting-bit handshake loses no wake-up.

#![cfg(postage_loom)]

use loom::future::block_on;
use loom::thread;
use postage::watch;

#[test]
fn a_send_racing_a_registering_receiver_wakes_it() {
    loom::model(|| {
        let (tx, mut rx) = watch::channel_with(0u32);
        rx.borrow_and_update();
        let sender = thread::spawn(move || {
            tx.send(1).unwrap();
            tx
        });
        assert_eq!(block_on(rx.recv()), Some(1));
        drop(sender.join().unwrap());
    });
}

#[test]
fn the_last_value_is_delivered_before_the_end() {
    loom::model(|| {
        let (tx, mut rx) = watch::channel_with(0u32);
        rx.borrow_and_update();
        let sender = thread::spawn(move || tx.send(1).unwrap());
        assert_eq!(block_on(rx.recv()), Some(1));
        assert_eq!(block_on(rx.recv()), None);
        sender.join().unwrap();
    });
}

#[test]
fn changed_sees_a_racing_sender_drop() {
    loom::model(|| {
        let (tx, mut rx) = watch::channel::<u8>();
        rx.borrow_and_update();
        let dropper = thread::spawn(move || drop(tx));
        assert!(block_on(rx.changed()).is_err());
        dropper.join().unwrap();
    });
}

#[test]
fn closed_sees_the_last_receiver_leave_while_another_is_cloned() {
    loom::model(|| {
        let (tx, rx) = watch::channel::<u8>();
        let receivers = thread::spawn(move || {
            let copy = rx.clone();
            drop(rx);
            drop(copy);
        });
        block_on(tx.closed());
        assert_eq!(tx.send(1).unwrap_err().0, 1);
        receivers.join().unwrap();
    });
}
