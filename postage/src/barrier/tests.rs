use std::task::Poll;

use super::*;
use crate::test_util::CountingWaker;

#[test]
fn firing_wakes_every_waiting_receiver_once() {
    let (tx, mut a) = channel();
    let mut b = a.clone();
    let (wa, wb) = (CountingWaker::new(), CountingWaker::new());
    assert_eq!(wa.poll(&mut a), Poll::Pending);
    assert_eq!(wa.poll(&mut a), Poll::Pending);
    assert_eq!(wb.poll(&mut b), Poll::Pending);
    tx.send();
    assert_eq!((wa.count(), wb.count()), (1, 1));
    assert_eq!(wa.poll(&mut a), Poll::Ready(()));
    assert_eq!(wb.poll(&mut b), Poll::Ready(()));
}

#[test]
fn dropping_the_sender_fires() {
    let (tx, mut rx) = channel();
    drop(tx);
    assert!(rx.is_fired());
    assert_eq!(rx.try_recv(), Ok(()));
}

#[test]
fn clones_before_and_after_firing_see_it_fired() {
    let (tx, rx) = channel();
    let before = rx.clone();
    tx.send();
    let after = rx.clone();
    assert!(before.is_fired() && after.is_fired());
    futures::executor::block_on(async {
        let (mut before, mut after) = (before, after);
        before.recv().await;
        after.recv().await;
        after.recv().await;
    });
}

#[test]
fn as_a_stream_it_yields_once_then_ends() {
    use futures::StreamExt;
    let (tx, rx) = channel();
    tx.send();
    let items: Vec<()> = futures::executor::block_on(rx.collect());
    assert_eq!(items.len(), 1);
}

#[test]
fn try_recv_registers_no_waker() {
    let (_tx, mut rx) = channel();
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    assert_eq!(rx.inner.waiters.lock().len(), 0);
}

#[test]
fn sender_is_closed_once_every_receiver_is_gone() {
    let (tx, rx) = channel();
    let rx2 = rx.clone();
    let waker = CountingWaker::new();
    let mut closed = tx.closed();
    assert!(waker.poll(&mut closed).is_pending());
    drop(rx);
    assert!(!tx.is_closed());
    drop(rx2);
    assert!(tx.is_closed());
    assert_eq!(waker.count(), 1);
}

#[test]
#[cfg(feature = "blocking")]
fn blocking_recv_returns_when_another_thread_fires() {
    let (tx, mut rx) = channel();
    let firing = std::thread::spawn(move || tx.send());
    rx.blocking_recv();
    firing.join().unwrap();
}

#[test]
fn the_receiver_future_is_terminated_once_it_resolved_and_still_resolves() {
    use futures_core::FusedFuture;
    let (tx, mut rx) = channel();
    let waker = CountingWaker::new();
    assert_eq!(waker.poll(&mut rx), Poll::Pending);
    assert!(!rx.is_terminated());
    tx.send();
    let copy = rx.clone();
    assert_eq!(waker.poll(&mut rx), Poll::Ready(()));
    assert!(rx.is_terminated());
    assert_eq!(waker.poll(&mut rx), Poll::Ready(()));
    assert!(!copy.is_terminated(), "a clone has not resolved yet");
    let mut streamed = copy.clone();
    assert_eq!(crate::stream::Stream::try_recv(&mut streamed), Ok(()));
    assert!(
        !streamed.is_terminated(),
        "only the future impl resolves the future"
    );
}

#[cfg(feature = "blocking")]
#[test]
fn a_timed_out_blocking_recv_leaves_no_registration() {
    let (_tx, mut rx) = channel();
    assert!(rx.blocking_recv_timeout(std::time::Duration::ZERO).is_err());
    assert!(rx.key.is_none());
    assert!(rx.inner.waiters.lock().is_empty());
}

fn waiting_bit(rx: &Receiver) -> bool {
    rx.inner.state.load(Ordering::SeqCst) & WAITING != 0
}

#[test]
fn the_waiting_bit_follows_registration_and_firing() {
    let (tx, mut rx) = channel();
    let mut other = rx.clone();
    let waker = CountingWaker::new();
    assert_eq!(waker.poll(&mut rx), Poll::Pending);
    assert_eq!(waker.poll(&mut other), Poll::Pending);
    assert!(waiting_bit(&rx));
    drop(other);
    assert!(waiting_bit(&rx), "one receiver still waits");
    tx.send();
    assert_eq!(waker.count(), 1);
    assert!(!waiting_bit(&rx));
    assert_eq!(waker.poll(&mut rx), Poll::Ready(()));
}

#[test]
fn a_receiver_leaving_before_the_fire_clears_its_registration() {
    let (tx, mut rx) = channel();
    let waker = CountingWaker::new();
    assert_eq!(waker.poll(&mut rx), Poll::Pending);
    let keep = rx.clone();
    drop(rx);
    assert!(keep.inner.waiters.lock().is_empty());
    assert!(!waiting_bit(&keep));
    tx.send();
    assert_eq!(waker.count(), 0);
}
