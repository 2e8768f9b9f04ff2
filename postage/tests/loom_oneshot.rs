//! Loom models of the oneshot channel.

#![cfg(postage_loom)]

mod support;

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use loom::future::block_on;
use loom::thread;
use postage::oneshot;
use support::{counting_waker, poll_once, Drops};

#[test]
fn send_wakes_the_receiver_waiting_on_another_thread() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, rx) = oneshot::channel();
        let message = drops.track(7);
        let sender = thread::spawn(move || tx.send(message).map_err(|m| m.id));
        assert_eq!(block_on(rx).map(|m| m.id), Some(7));
        assert_eq!(sender.join().unwrap(), Ok(()));
        drops.assert_all_dropped();
    });
}

#[test]
fn sender_dropped_without_sending_wakes_the_receiver_with_none() {
    loom::model(|| {
        let (tx, rx) = oneshot::channel::<u32>();
        let sender = thread::spawn(move || drop(tx));
        assert_eq!(block_on(rx), None);
        sender.join().unwrap();
    });
}

#[test]
fn receiver_drop_wakes_the_closed_waiter() {
    loom::model(|| {
        let (tx, rx) = oneshot::channel::<u32>();
        let watcher = thread::spawn(move || {
            block_on(tx.closed());
            tx.send(1)
        });
        drop(rx);
        assert_eq!(watcher.join().unwrap(), Err(1));
    });
}

#[test]
fn receiver_polled_then_dropped_while_a_send_races_drops_the_value_once() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut rx) = oneshot::channel();
        let message = drops.track(1);
        let sender = thread::spawn(move || tx.send(message).is_ok());
        let polled = poll_once(&mut rx);
        let received = matches!(polled, Poll::Ready(Some(_)));
        drop(polled);
        drop(rx);
        let sent = sender.join().unwrap();
        assert!(sent || !received);
        drops.assert_all_dropped();
    });
}

#[test]
fn waker_migrates_when_the_receiver_moves_to_another_thread() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut rx) = oneshot::channel();
        let message = drops.track(3);
        let sender = thread::spawn(move || tx.send(message).is_ok());
        let waker = counting_waker();
        let first = Pin::new(&mut rx).poll(&mut Context::from_waker(&waker));
        let receiver = thread::spawn(move || match first {
            Poll::Ready(value) => value.map(|m| m.id),
            Poll::Pending => block_on(rx).map(|m| m.id),
        });
        assert_eq!(receiver.join().unwrap(), Some(3));
        assert!(sender.join().unwrap());
        drops.assert_all_dropped();
    });
}
