//! dispatch on every executor: each message received by exactly one consumer.

use postage::dispatch;
use postage_tests::on_every_executor;

mod reentrancy;

reentrancy::queue_reentrancy_tests!(dispatch);

const PRODUCERS: u64 = 4;
const CONSUMERS: usize = 4;
const PER_PRODUCER: u64 = 5_000;

#[test]
fn the_multiset_received_equals_the_multiset_sent() {
    on_every_executor(|executor| async move {
        let (tx, rx) = dispatch::channel(16);
        let consumers: Vec<_> = (0..CONSUMERS)
            .map(|_| {
                let mut rx = rx.clone();
                executor.spawn(async move {
                    let mut got = Vec::new();
                    while let Some(value) = rx.recv().await {
                        got.push(value);
                    }
                    got
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
        let mut all = Vec::new();
        for consumer in consumers {
            all.extend(consumer.await);
        }
        all.sort_unstable();
        let expected: Vec<u64> = (0..PRODUCERS * PER_PRODUCER).collect();
        assert_eq!(all, expected);
    });
}

#[test]
fn receivers_subscribed_later_share_the_backlog() {
    on_every_executor(|executor| async move {
        let (tx, rx) = dispatch::channel(100);
        for i in 0..100u32 {
            tx.send(i).await.unwrap();
        }
        let workers: Vec<_> = (0..3)
            .map(|_| {
                let mut rx = tx.subscribe();
                executor.spawn(async move {
                    let mut got = Vec::new();
                    while let Some(value) = rx.recv().await {
                        got.push(value);
                    }
                    got
                })
            })
            .collect();
        drop((tx, rx));
        let mut all = Vec::new();
        for worker in workers {
            all.extend(worker.await);
        }
        all.sort_unstable();
        assert_eq!(all, (0..100).collect::<Vec<_>>());
    });
}

#[test]
fn recv_many_consumers_share_every_message_exactly_once() {
    on_every_executor(|executor| async move {
        let (tx, rx) = dispatch::channel(16);
        let consumers: Vec<_> = (0..CONSUMERS)
            .map(|_| {
                let mut rx = rx.clone();
                executor.spawn(async move {
                    let mut got = Vec::new();
                    while rx.recv_many(&mut got, 5).await > 0 {}
                    got
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
        let mut all = Vec::new();
        for consumer in consumers {
            all.extend(consumer.await);
        }
        all.sort_unstable();
        assert_eq!(all, (0..PRODUCERS * PER_PRODUCER).collect::<Vec<_>>());
    });
}

#[test]
fn sink_close_of_every_sender_ends_every_consumer() {
    use futures::SinkExt;
    on_every_executor(|executor| async move {
        let (tx, rx) = dispatch::channel(8);
        let consumers: Vec<_> = (0..CONSUMERS)
            .map(|_| {
                let mut rx = rx.clone();
                executor.spawn(async move {
                    let mut got = Vec::new();
                    while let Some(value) = rx.recv().await {
                        got.push(value);
                    }
                    got
                })
            })
            .collect();
        drop(rx);
        let mut tx = tx;
        for value in 0..PER_PRODUCER {
            SinkExt::send(&mut tx, value).await.unwrap();
        }
        SinkExt::close(&mut tx).await.unwrap();
        assert!(tx.try_send(0).is_err());
        let mut all = Vec::new();
        for consumer in consumers {
            all.extend(consumer.await);
        }
        all.sort_unstable();
        assert_eq!(all, (0..PER_PRODUCER).collect::<Vec<_>>());
    });
}
