//! Unbounded mpsc and dispatch: never full, same closing as bounded, exact accounting on
//! every executor and on plain threads.

use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use postage::sink::TrySendError;
use postage::stream::TryRecvError;
use postage::{dispatch, mpsc};
use postage_tests::{on_every_executor, with_watchdog, WATCHDOG};

const PRODUCERS: usize = 4;
const PER_PRODUCER: usize = if cfg!(miri) { 20 } else { 20_000 };

/// Polls `future` once with a waker that does nothing.
fn poll_once<F: Future>(future: F) -> Poll<F::Output> {
    pin!(future).poll(&mut Context::from_waker(Waker::noop()))
}

#[test]
fn try_send_is_never_full_and_messages_come_out_in_order() {
    let (tx, mut rx) = mpsc::unbounded();
    let (dtx, mut drx) = dispatch::unbounded();
    for i in 0..100_000 {
        assert_eq!(tx.try_send(i), Ok(()));
        assert_eq!(dtx.try_send(i), Ok(()));
    }
    assert_eq!(
        (tx.len(), rx.capacity(), dtx.capacity()),
        (100_000, usize::MAX, usize::MAX)
    );
    for i in 0..100_000 {
        assert_eq!(rx.try_recv(), Ok(i));
        assert_eq!(drx.try_recv(), Ok(i));
    }
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    assert_eq!(drx.try_recv(), Err(TryRecvError::Empty));
}

#[test]
fn send_completes_on_its_first_poll() {
    let (tx, mut rx) = mpsc::unbounded();
    let (dtx, mut drx) = dispatch::unbounded();
    for i in 0..1_000 {
        assert!(matches!(poll_once(tx.send(i)), Poll::Ready(Ok(()))));
        assert!(matches!(poll_once(dtx.send(i)), Poll::Ready(Ok(()))));
    }
    assert_eq!(rx.try_iter().count(), 1_000);
    assert_eq!(drx.try_iter().count(), 1_000);
}

#[test]
fn mpsc_receiver_drains_the_buffer_before_reporting_closed() {
    let (tx, mut rx) = mpsc::unbounded();
    for i in 0..100 {
        tx.try_send(i).unwrap();
    }
    drop(tx);
    assert_eq!(
        rx.try_iter().collect::<Vec<_>>(),
        (0..100).collect::<Vec<_>>()
    );
    assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
    assert_eq!(futures::executor::block_on(rx.recv()), None);
}

#[test]
fn mpsc_close_refuses_sends_and_lets_the_buffer_drain() {
    let (tx, mut rx) = mpsc::unbounded();
    tx.try_send(1).unwrap();
    rx.close();
    assert_eq!(tx.try_send(2), Err(TrySendError::Closed(2)));
    assert!(futures::executor::block_on(tx.send(3)).is_err());
    assert!(tx.is_closed());
    assert_eq!(rx.try_recv(), Ok(1));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
}

#[test]
fn dropping_the_receiver_fails_sends_with_the_value() {
    let (tx, rx) = mpsc::unbounded::<u8>();
    drop(rx);
    assert_eq!(tx.try_send(1), Err(TrySendError::Closed(1)));
    let (dtx, drx) = dispatch::unbounded::<u8>();
    let second = drx.clone();
    drop(drx);
    assert_eq!(dtx.try_send(2), Ok(()));
    drop(second);
    assert_eq!(dtx.try_send(3), Err(TrySendError::Closed(3)));
    futures::executor::block_on(dtx.closed());
}

#[test]
fn a_receiver_waiting_on_an_empty_unbounded_channel_is_woken_by_a_send() {
    on_every_executor(|executor| async move {
        let (tx, mut rx) = mpsc::unbounded();
        let (dtx, mut drx) = dispatch::unbounded();
        let waiting = executor.spawn(async move { (rx.recv().await, drx.recv().await) });
        postage_tests::yield_now().await;
        tx.send(1).await.unwrap();
        dtx.send(2).await.unwrap();
        assert_eq!(waiting.await, (Some(1), Some(2)));
    });
}

#[test]
fn mpsc_tasks_deliver_every_message_once_in_per_producer_order() {
    on_every_executor(|executor| async move {
        let (tx, mut rx) = mpsc::unbounded();
        let producers: Vec<_> = (0..PRODUCERS)
            .map(|producer| {
                let tx = tx.clone();
                executor.spawn(async move {
                    for seq in 0..PER_PRODUCER {
                        tx.send((producer, seq)).await.unwrap();
                    }
                })
            })
            .collect();
        drop(tx);
        let mut next = [0usize; PRODUCERS];
        while let Some((producer, seq)) = rx.recv().await {
            assert_eq!(seq, next[producer], "producer {producer} out of order");
            next[producer] += 1;
        }
        for producer in producers {
            producer.await;
        }
        assert!(next.iter().all(|&n| n == PER_PRODUCER), "{next:?}");
    });
}

#[test]
fn mpsc_threads_deliver_every_message_once_in_per_producer_order() {
    with_watchdog("mpsc threads", WATCHDOG, || {
        let (tx, mut rx) = mpsc::unbounded();
        let producers: Vec<_> = (0..PRODUCERS)
            .map(|producer| {
                let tx = tx.clone();
                std::thread::spawn(move || {
                    for seq in 0..PER_PRODUCER {
                        tx.try_send((producer, seq)).unwrap();
                    }
                })
            })
            .collect();
        drop(tx);
        let mut next = [0usize; PRODUCERS];
        while let Some((producer, seq)) = rx.blocking_recv() {
            assert_eq!(seq, next[producer], "producer {producer} out of order");
            next[producer] += 1;
        }
        for producer in producers {
            producer.join().unwrap();
        }
        assert!(next.iter().all(|&n| n == PER_PRODUCER), "{next:?}");
    });
}

#[test]
fn dispatch_consumers_receive_every_message_exactly_once() {
    on_every_executor(|executor| async move {
        const CONSUMERS: usize = 3;
        let total = PRODUCERS * PER_PRODUCER;
        let (tx, rx) = dispatch::unbounded::<usize>();
        let seen: Arc<Vec<AtomicUsize>> =
            Arc::new((0..total).map(|_| AtomicUsize::new(0)).collect());
        let consumers: Vec<_> = (0..CONSUMERS)
            .map(|_| {
                let (mut rx, seen) = (rx.clone(), seen.clone());
                executor.spawn(async move {
                    let mut count = 0;
                    while let Some(id) = rx.recv().await {
                        seen[id].fetch_add(1, Ordering::Relaxed);
                        count += 1;
                    }
                    count
                })
            })
            .collect();
        drop(rx);
        let producers: Vec<_> = (0..PRODUCERS)
            .map(|producer| {
                let tx = tx.clone();
                executor.spawn(async move {
                    for seq in 0..PER_PRODUCER {
                        tx.send(producer * PER_PRODUCER + seq).await.unwrap();
                    }
                })
            })
            .collect();
        drop(tx);
        for producer in producers {
            producer.await;
        }
        let mut received = 0;
        for consumer in consumers {
            received += consumer.await;
        }
        assert_eq!(received, total);
        assert!(seen.iter().all(|n| n.load(Ordering::Relaxed) == 1));
    });
}

#[test]
fn dispatch_threads_receive_every_message_exactly_once() {
    with_watchdog("dispatch threads", WATCHDOG, || {
        const CONSUMERS: usize = 3;
        let total = PRODUCERS * PER_PRODUCER;
        let (tx, rx) = dispatch::unbounded();
        let consumers: Vec<_> = (0..CONSUMERS)
            .map(|_| {
                let mut rx = rx.clone();
                std::thread::spawn(move || {
                    std::iter::from_fn(|| rx.blocking_recv()).collect::<Vec<usize>>()
                })
            })
            .collect();
        drop(rx);
        let producers: Vec<_> = (0..PRODUCERS)
            .map(|producer| {
                let tx = tx.clone();
                std::thread::spawn(move || {
                    for seq in 0..PER_PRODUCER {
                        tx.try_send(producer * PER_PRODUCER + seq).unwrap();
                    }
                })
            })
            .collect();
        drop(tx);
        for producer in producers {
            producer.join().unwrap();
        }
        let mut all: Vec<usize> = consumers
            .into_iter()
            .flat_map(|consumer| consumer.join().unwrap())
            .collect();
        all.sort_unstable();
        assert_eq!(all, (0..total).collect::<Vec<_>>());
    });
}

#[test]
fn permits_are_granted_at_once_and_hold_no_capacity() {
    {
        let (tx, mut rx) = mpsc::unbounded::<usize>();
        let many = match poll_once(tx.reserve_many(100_000)) {
            Poll::Ready(Ok(permits)) => permits,
            other => panic!(
                "reserve_many waited or failed: {:?}",
                other.map(|r| r.is_ok())
            ),
        };
        assert_eq!(many.len(), 100_000, "no size limit without a capacity");
        let single = tx.try_reserve().unwrap();
        tx.try_send(0).unwrap();
        single.send(1);
        drop(many);
        let owned = match poll_once(tx.clone().reserve_owned()) {
            Poll::Ready(Ok(permit)) => permit,
            _ => panic!("reserve_owned waited or failed"),
        };
        drop(owned.send(2));
        assert_eq!(rx.try_iter().collect::<Vec<_>>(), [0, 1, 2]);
        rx.close();
        assert_eq!(tx.try_reserve().unwrap_err(), TrySendError::Closed(()));
    }
    let (tx, rx) = dispatch::unbounded::<usize>();
    let permits = match poll_once(tx.reserve_many(3)) {
        Poll::Ready(Ok(permits)) => permits,
        _ => panic!("reserve_many waited or failed"),
    };
    drop(rx);
    for permit in permits {
        permit.send(7); // dropped: no receiver left
    }
    assert!(tx.is_closed());
}
