//! mpsc on every executor: exact accounting, per-producer FIFO, closing races.

use postage::mpsc;
use postage_tests::{on_every_executor, with_watchdog, WATCHDOG};

mod reentrancy;

reentrancy::queue_reentrancy_tests!(mpsc);

const PRODUCERS: usize = 8;
const PER_PRODUCER: usize = if cfg!(miri) { 10 } else { 10_000 };

#[test]
fn every_message_arrives_exactly_once_in_per_producer_order() {
    on_every_executor(|executor| async move {
        let (tx, mut rx) = mpsc::channel(64);
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
        let mut total = 0;
        while let Some((producer, seq)) = rx.recv().await {
            assert_eq!(seq, next[producer], "producer {producer} out of order");
            next[producer] += 1;
            total += 1;
        }
        for producer in producers {
            producer.await;
        }
        assert_eq!(total, PRODUCERS * PER_PRODUCER);
        assert!(next.iter().all(|&n| n == PER_PRODUCER));
    });
}

#[test]
fn capacity_one_still_delivers_everything() {
    on_every_executor(|executor| async move {
        let (tx, mut rx) = mpsc::channel(1);
        let producer = executor.spawn(async move {
            for i in 0..1_000u32 {
                tx.send(i).await.unwrap();
            }
        });
        let mut expected = 0;
        while let Some(i) = rx.recv().await {
            assert_eq!(i, expected);
            expected += 1;
        }
        producer.await;
        assert_eq!(expected, 1_000);
    });
}

#[test]
fn senders_see_the_receiver_leave() {
    on_every_executor(|executor| async move {
        let (tx, rx) = mpsc::channel::<u8>(1);
        let watcher = executor.spawn(async move {
            tx.closed().await;
            tx.send(1).await
        });
        drop(rx);
        assert_eq!(watcher.await.unwrap_err().0, 1);
    });
}

#[test]
fn the_last_message_is_never_lost_to_a_racing_sender_drop() {
    with_watchdog("race", WATCHDOG, || {
        for i in 0..if cfg!(miri) { 10 } else { 5_000 } {
            let (tx, mut rx) = mpsc::channel(1);
            let sender = std::thread::spawn(move || {
                tx.try_send(i).unwrap();
                drop(tx);
            });
            assert_eq!(
                rx.blocking_recv(),
                Some(i),
                "iteration {i}: None before the message"
            );
            assert_eq!(rx.blocking_recv(), None);
            sender.join().unwrap();
        }
    });
}

#[test]
fn the_last_message_is_never_lost_to_a_racing_sender_drop_async() {
    on_every_executor(|executor| async move {
        for i in 0..500u32 {
            let (tx, mut rx) = mpsc::channel(1);
            let sender = executor.spawn(async move {
                tx.send(i).await.unwrap();
            });
            assert_eq!(rx.recv().await, Some(i));
            assert_eq!(rx.recv().await, None);
            sender.await;
        }
    });
}

#[test]
fn blocking_producers_feed_an_async_consumer() {
    on_every_executor(|_| async move {
        let (tx, mut rx) = mpsc::channel(4);
        let threads: Vec<_> = (0..4)
            .map(|producer| {
                let tx = tx.clone();
                std::thread::spawn(move || {
                    for seq in 0..1_000 {
                        tx.blocking_send((producer, seq)).unwrap();
                    }
                })
            })
            .collect();
        drop(tx);
        let mut next = [0; 4];
        while let Some((producer, seq)) = rx.recv().await {
            assert_eq!(seq, next[producer]);
            next[producer] += 1;
        }
        assert_eq!(next, [1_000; 4]);
        for thread in threads {
            thread.join().unwrap();
        }
    });
}

#[test]
fn recv_many_receives_every_message_exactly_once_in_per_producer_order() {
    on_every_executor(|executor| async move {
        let (tx, mut rx) = mpsc::channel(16);
        let producers: Vec<_> = (0..4)
            .map(|producer| {
                let tx = tx.clone();
                executor.spawn(async move {
                    for seq in 0..2_000usize {
                        tx.send((producer, seq)).await.unwrap();
                    }
                })
            })
            .collect();
        drop(tx);
        let mut next = [0usize; 4];
        let mut buffer = Vec::new();
        loop {
            buffer.clear();
            let taken = rx.recv_many(&mut buffer, 7).await;
            if taken == 0 {
                break;
            }
            assert!(taken <= 7 && taken == buffer.len());
            for &(producer, seq) in &buffer {
                assert_eq!(seq, next[producer], "producer {producer} out of order");
                next[producer] += 1;
            }
        }
        for producer in producers {
            producer.await;
        }
        assert_eq!(next, [2_000; 4]);
    });
}

#[test]
fn try_iter_drains_what_threads_sent() {
    with_watchdog("try_iter", WATCHDOG, || {
        let (tx, mut rx) = mpsc::channel(8);
        let threads: Vec<_> = (0..4u32)
            .map(|producer| {
                let tx = tx.clone();
                std::thread::spawn(move || {
                    for seq in 0..500u32 {
                        tx.blocking_send(producer * 1_000 + seq).unwrap();
                    }
                })
            })
            .collect();
        drop(tx);
        let mut seen = Vec::new();
        loop {
            seen.extend(rx.try_iter());
            match rx.blocking_recv() {
                Some(value) => seen.push(value),
                None => break,
            }
        }
        for thread in threads {
            thread.join().unwrap();
        }
        seen.sort_unstable();
        let expected: Vec<u32> = (0..4u32)
            .flat_map(|producer| (0..500).map(move |seq| producer * 1_000 + seq))
            .collect();
        assert_eq!(seen, expected);
    });
}

#[test]
fn senders_upgraded_from_weak_ones_deliver_every_message() {
    on_every_executor(|executor| async move {
        let (tx, mut rx) = mpsc::channel(8);
        let weak = tx.downgrade();
        let producers: Vec<_> = (0..4u64)
            .map(|producer| {
                let tx = weak.upgrade().expect("the original sender is alive");
                executor.spawn(async move {
                    for seq in 0..1_000u64 {
                        tx.send(producer * 1_000 + seq).await.unwrap();
                    }
                })
            })
            .collect();
        assert_eq!(tx.sender_count(), 5);
        drop(tx);
        let mut seen = Vec::new();
        while let Some(value) = rx.recv().await {
            seen.push(value);
        }
        for producer in producers {
            producer.await;
        }
        assert!(weak.upgrade().is_none());
        seen.sort_unstable();
        assert_eq!(seen, (0..4_000).collect::<Vec<_>>());
    });
}

#[test]
fn sink_close_ends_the_stream_while_the_handles_are_still_alive() {
    use futures::SinkExt;
    on_every_executor(|executor| async move {
        let (tx, mut rx) = mpsc::channel(4);
        let producers: Vec<_> = (0..4u32)
            .map(|producer| {
                let mut tx = tx.clone();
                executor.spawn(async move {
                    for seq in 0..500u32 {
                        SinkExt::send(&mut tx, producer * 1_000 + seq)
                            .await
                            .unwrap();
                    }
                    SinkExt::close(&mut tx).await.unwrap();
                    let refused = SinkExt::send(&mut tx, 9_999).await.unwrap_err();
                    assert_eq!(refused.0, 9_999);
                    tx
                })
            })
            .collect();
        let mut tx = tx;
        SinkExt::close(&mut tx).await.unwrap();
        let mut seen = Vec::new();
        while let Some(value) = rx.recv().await {
            seen.push(value);
        }
        let mut handles = vec![tx];
        for producer in producers {
            handles.push(producer.await);
        }
        assert_eq!(
            rx.sender_count(),
            0,
            "{} live handles, none counts",
            handles.len()
        );
        seen.sort_unstable();
        let expected: Vec<u32> = (0..4u32)
            .flat_map(|producer| (0..500).map(move |seq| producer * 1_000 + seq))
            .collect();
        assert_eq!(seen, expected);
    });
}
