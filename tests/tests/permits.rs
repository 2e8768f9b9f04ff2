//! Permits (`reserve`, `try_reserve`, `reserve_owned`, `reserve_many`) on mpsc, dispatch and
//! broadcast, on every executor and on plain threads: every message counted, per-sender
//! order kept, every value dropped exactly once, and a big reservation never starved.

mod accounting;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use accounting::{CountingWaker, Drops, Tracked};
use postage::{SendError, TrySendError};
use postage_tests::{on_every_executor, with_watchdog, WATCHDOG};

const TASKS: u64 = 4;
const PER_TASK: u64 = if cfg!(miri) { 12 } else { 600 };

macro_rules! permit_scenarios {
    ($kind:ident) => {
        mod $kind {
            use super::*;

            use futures::StreamExt;
            use postage::$kind::{self as chan, channel};

            /// Sends `PER_TASK` messages `(task, seq)` through permits of every kind:
            /// `reserve`, `reserve_owned`, and `reserve_many` batches of 1 to 3 of which the
            /// last permit is sometimes dropped unused.
            async fn send_through_permits(mut tx: chan::Sender<(u64, u64)>, task: u64) {
                let mut seq = 0;
                let mut round = 0u64;
                while seq < PER_TASK {
                    round += 1;
                    match (task + seq) % 3 {
                        0 => {
                            tx.reserve().await.unwrap().send((task, seq));
                            seq += 1;
                        }
                        1 => {
                            tx = tx.reserve_owned().await.unwrap().send((task, seq));
                            seq += 1;
                        }
                        _ => {
                            let batch = 1 + (seq % 3) as usize;
                            let mut permits = tx.reserve_many(batch).await.unwrap();
                            assert_eq!(permits.len(), batch);
                            // Every other batch drops its last permit unused.
                            let used = batch - (round % 2) as usize;
                            for permit in permits.by_ref().take(used) {
                                if seq < PER_TASK {
                                    permit.send((task, seq));
                                    seq += 1;
                                }
                            }
                            // The rest (none, or one) is freed by the iterator's drop.
                        }
                    }
                }
            }

            fn assert_complete_and_in_order(received: Vec<(u64, u64)>) {
                assert_eq!(received.len() as u64, TASKS * PER_TASK);
                let mut next = [0; TASKS as usize];
                for (task, seq) in received {
                    assert_eq!(seq, next[task as usize], "task {task} out of order");
                    next[task as usize] += 1;
                }
            }

            #[test]
            fn permits_of_many_tasks_deliver_every_message_once_in_per_task_order() {
                on_every_executor(|executor| async move {
                    let (tx, rx) = channel(3);
                    let reader = executor.spawn(rx.collect::<Vec<(u64, u64)>>());
                    let tasks: Vec<_> = (0..TASKS)
                        .map(|task| executor.spawn(send_through_permits(tx.clone(), task)))
                        .collect();
                    drop(tx);
                    for task in tasks {
                        task.await;
                    }
                    assert_complete_and_in_order(reader.await);
                });
            }

            #[test]
            fn permits_on_threads_count_every_message_and_drop_each_once() {
                with_watchdog(
                    concat!(stringify!($kind), " permits on threads"),
                    WATCHDOG,
                    || {
                        let drops = Drops::new();
                        let (tx, mut rx) = channel::<Tracked>(4);
                        let senders: Vec<_> = (0..TASKS)
                            .map(|task| {
                                let (tx, drops) = (tx.clone(), drops.clone());
                                std::thread::spawn(move || {
                                    let mut sent = 0;
                                    while sent < PER_TASK {
                                        let batch = 1 + (sent % 4) as usize;
                                        let permits =
                                            futures::executor::block_on(tx.reserve_many(batch))
                                                .unwrap();
                                        // Sends up to two, and drops the others unused.
                                        let used = batch.min(2).min((PER_TASK - sent) as usize);
                                        for permit in permits.take(used) {
                                            permit.send(drops.track(task * 1_000_000 + sent));
                                            sent += 1;
                                        }
                                    }
                                    sent
                                })
                            })
                            .collect();
                        drop(tx);
                        let mut received = 0u64;
                        let mut sum = 0u64;
                        while let Some(message) = rx.blocking_recv() {
                            received += 1;
                            sum += message.id;
                        }
                        let sent: u64 = senders.into_iter().map(|s| s.join().unwrap()).sum();
                        assert_eq!(received, sent);
                        let expected: u64 = (0..TASKS)
                            .flat_map(|task| (0..PER_TASK).map(move |n| task * 1_000_000 + n))
                            .sum();
                        assert_eq!(sent, TASKS * PER_TASK);
                        assert_eq!(sum, expected);
                        drop(rx);
                        assert_eq!(drops.alive(), 0, "every message dropped once, none leaked");
                        assert_eq!(drops.created() as u64, received);
                    },
                );
            }

            #[test]
            fn a_big_reservation_is_not_starved_by_a_stream_of_single_sends() {
                const ROUNDS: usize = if cfg!(miri) { 2 } else { 200 };
                with_watchdog(
                    concat!(stringify!($kind), " big reservation"),
                    WATCHDOG,
                    || {
                        let (tx, mut rx) = channel::<u32>(4);
                        let done = Arc::new(AtomicBool::new(false));
                        let singles: Vec<_> = (0..3)
                            .map(|_| {
                                let (tx, done) = (tx.clone(), done.clone());
                                std::thread::spawn(move || {
                                    let mut sent = 0u64;
                                    while !done.load(Ordering::SeqCst) {
                                        tx.blocking_send(1).unwrap();
                                        sent += 1;
                                    }
                                    sent
                                })
                            })
                            .collect();
                        let big = {
                            let (tx, done) = (tx.clone(), done.clone());
                            std::thread::spawn(move || {
                                for _ in 0..ROUNDS {
                                    let permits =
                                        futures::executor::block_on(tx.reserve_many(4)).unwrap();
                                    for permit in permits {
                                        permit.send(1_000);
                                    }
                                }
                                done.store(true, Ordering::SeqCst);
                            })
                        };
                        drop(tx);
                        let (mut singles_received, mut big_received) = (0u64, 0usize);
                        while let Some(value) = rx.blocking_recv() {
                            if value == 1_000 {
                                big_received += 1;
                            } else {
                                singles_received += 1;
                            }
                        }
                        big.join().unwrap();
                        let singles_sent: u64 =
                            singles.into_iter().map(|s| s.join().unwrap()).sum();
                        assert_eq!(big_received, ROUNDS * 4);
                        assert_eq!(singles_received, singles_sent);
                    },
                );
            }

            #[test]
            fn a_woken_reserve_dropped_before_it_ran_passes_the_wake_up_on() {
                let (tx, mut rx) = channel::<u8>(1);
                tx.try_send(0).unwrap();
                let (first, second) = (CountingWaker::new(), CountingWaker::new());
                let mut abandoned = tx.reserve();
                let mut waiting = tx.reserve_many(1);
                assert!(first.poll(&mut abandoned).is_pending());
                assert!(second.poll(&mut waiting).is_pending());
                assert_eq!(rx.try_recv(), Ok(0));
                assert_eq!((first.count(), second.count()), (1, 0));
                drop(abandoned);
                assert_eq!(second.count(), 1);
                match second.poll(&mut waiting) {
                    std::task::Poll::Ready(Ok(mut permits)) => permits.next().unwrap().send(1),
                    other => panic!("expected the permit, got {other:?}"),
                }
                assert_eq!(rx.try_recv(), Ok(1));
            }

            #[test]
            fn reserve_many_refuses_more_than_the_capacity_without_waiting() {
                futures::executor::block_on(async {
                    let (tx, _rx) = channel::<u8>(3);
                    assert_eq!(tx.reserve_many(4).await.unwrap_err(), SendError(()));
                    assert_eq!(tx.reserve_many(0).await.unwrap().len(), 0);
                    assert_eq!(tx.reserve_many(3).await.unwrap().len(), 3);
                });
            }

            #[test]
            fn owned_permits_send_and_release_return_the_sender() {
                futures::executor::block_on(async {
                    let (tx, mut rx) = channel(1);
                    let tx = tx.reserve_owned().await.unwrap().send(1);
                    assert_eq!(rx.recv().await, Some(1));
                    let tx = tx.reserve_owned().await.unwrap().release();
                    assert_eq!(tx.try_send(2), Ok(()));
                    assert_eq!(rx.recv().await, Some(2));
                    drop(tx);
                    assert_eq!(rx.recv().await, None, "the returned sender was the last");
                });
            }

            #[test]
            fn permits_whose_receivers_are_gone_drop_values_and_release_nothing_twice() {
                let drops = Drops::new();
                let (tx, rx) = channel::<Tracked>(3);
                let single = tx.try_reserve().unwrap();
                let mut many = futures::executor::block_on(tx.reserve_many(2)).unwrap();
                let first = many.next().unwrap();
                drop(rx);
                single.send(drops.track(1));
                first.send(drops.track(2));
                drop(many);
                assert_eq!((drops.created(), drops.alive()), (2, 0));
                assert_eq!(tx.try_reserve().unwrap_err(), TrySendError::Closed(()));
                assert!(futures::executor::block_on(tx.reserve_many(1)).is_err());
            }

            #[test]
            fn reservations_waiting_in_line_are_served_in_arrival_order() {
                let (tx, mut rx) = channel::<usize>(3);
                for n in 0..3 {
                    tx.try_send(n).unwrap();
                }
                let wakers: Vec<_> = (0..3).map(|_| CountingWaker::new()).collect();
                let mut futures: Vec<_> = [2, 1, 3]
                    .into_iter()
                    .map(|n| Box::pin(tx.reserve_many(n)))
                    .collect();
                for (waker, future) in wakers.iter().zip(&mut futures) {
                    assert!(waker.poll(future).is_pending());
                }
                let mut granted = Vec::new();
                for freed in 0..3 {
                    assert_eq!(rx.try_recv(), Ok(freed));
                    for (i, (waker, future)) in wakers.iter().zip(&mut futures).enumerate() {
                        if waker.count() > 0 && !granted.contains(&i) {
                            match waker.poll(future) {
                                std::task::Poll::Ready(Ok(permits)) => {
                                    granted.push(i);
                                    drop(permits);
                                }
                                other => panic!("woken reservation {i} not granted: {other:?}"),
                            }
                        }
                    }
                }
                assert_eq!(granted, [0, 1, 2], "served first come, first served");
            }
        }
    };
}

permit_scenarios!(mpsc);
permit_scenarios!(dispatch);
permit_scenarios!(broadcast);
