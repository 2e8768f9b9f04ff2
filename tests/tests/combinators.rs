//! Stream and Sink combinators on every executor: exact accounting through merge, filter,
//! map and chain; interop with `futures` and with foreign timer streams.

use std::time::Duration;

use postage::mpsc;
use postage::prelude::*;
use postage::stream;
use postage_tests::{on_every_executor, with_watchdog, WATCHDOG};

const PER_PRODUCER: u64 = if cfg!(miri) { 10 } else { 5_000 };

#[test]
fn merged_filtered_mapped_channels_deliver_every_matching_message_once_in_order() {
    on_every_executor(|executor| async move {
        let (left_tx, left_rx) = mpsc::channel(4);
        let (right_tx, right_rx) = mpsc::channel(4);
        let left = executor.spawn(async move {
            for i in 0..PER_PRODUCER {
                left_tx.send(i).await.unwrap();
            }
        });
        let right = executor.spawn(async move {
            for i in PER_PRODUCER..2 * PER_PRODUCER {
                right_tx.send(i).await.unwrap();
            }
        });
        let mut evens_tenfold = left_rx
            .merge(right_rx)
            .filter(|i| i % 2 == 0)
            .map(|i| i * 10);
        let (mut last_left, mut last_right) = (None, None);
        let mut count = 0;
        while let Some(value) = evens_tenfold.recv().await {
            let i = value / 10;
            assert_eq!(value % 20, 0, "{value} passed the filter");
            let last = if i < PER_PRODUCER {
                &mut last_left
            } else {
                &mut last_right
            };
            assert!(*last < Some(i), "{i} arrived out of order");
            *last = Some(i);
            count += 1;
        }
        left.await;
        right.await;
        assert_eq!(count, PER_PRODUCER);
        assert_eq!(last_left, Some(PER_PRODUCER - 2));
        assert_eq!(last_right, Some(2 * PER_PRODUCER - 2));
    });
}

#[test]
fn merge_waits_for_its_open_side_after_the_other_closed() {
    on_every_executor(|executor| async move {
        let (closed_tx, closed_rx) = mpsc::channel::<u32>(1);
        drop(closed_tx);
        let (late_tx, late_rx) = mpsc::channel(1);
        let mut merged = closed_rx.merge(late_rx);
        let producer = executor.spawn(async move {
            for i in 0..100 {
                late_tx.send(i).await.unwrap();
            }
        });
        let mut received = Vec::new();
        while let Some(i) = merged.recv().await {
            received.push(i);
        }
        producer.await;
        assert_eq!(received, (0..100).collect::<Vec<_>>());
    });
}

#[test]
fn chained_sink_falls_back_when_the_first_consumer_closes_and_loses_nothing() {
    on_every_executor(|executor| async move {
        const TOTAL: u64 = if cfg!(miri) { 20 } else { 5_000 };
        let (first_tx, mut first_rx) = mpsc::channel(8);
        let (second_tx, mut second_rx) = mpsc::channel(8);
        let first_consumer = executor.spawn(async move {
            let mut seen = Vec::new();
            while seen.len() < (TOTAL / 2) as usize {
                seen.push(first_rx.recv().await.unwrap());
            }
            first_rx.close();
            while let Some(i) = first_rx.recv().await {
                seen.push(i);
            }
            seen
        });
        let second_consumer = executor.spawn(async move {
            let mut seen = Vec::new();
            while let Some(i) = second_rx.recv().await {
                seen.push(i);
            }
            seen
        });
        let mut sink = first_tx.chain(second_tx);
        for i in 0..TOTAL {
            sink.send(i).await.unwrap();
        }
        drop(sink);
        let first = first_consumer.await;
        let second = second_consumer.await;
        assert!(first.len() >= (TOTAL / 2) as usize);
        let mut all: Vec<_> = first.iter().chain(&second).copied().collect();
        assert!(first.windows(2).all(|w| w[0] < w[1]));
        assert!(second.windows(2).all(|w| w[0] < w[1]));
        all.sort_unstable();
        assert_eq!(all, (0..TOTAL).collect::<Vec<_>>());
    });
}

#[test]
fn filtered_sink_delivers_exactly_the_matching_values() {
    on_every_executor(|executor| async move {
        let (tx, mut rx) = mpsc::channel(2);
        let producer = executor.spawn(async move {
            let mut odd_only = tx.filter(|i: &u64| i % 2 == 1);
            for i in 0..PER_PRODUCER {
                odd_only.send(i).await.unwrap();
            }
        });
        let mut expected = 1;
        while let Some(i) = rx.recv().await {
            assert_eq!(i, expected);
            expected += 2;
        }
        producer.await;
        assert_eq!(expected, PER_PRODUCER + 1);
    });
}

#[test]
fn combinators_drive_futures_sink_and_stream_extensions() {
    on_every_executor(|executor| async move {
        let (tx, rx) = mpsc::channel(4);
        let (unused_tx, _) = mpsc::channel(1);
        let producer = executor.spawn(async move {
            let mut sink = tx.chain(unused_tx).filter(|i: &u64| *i != 3);
            for i in 0..10 {
                futures::SinkExt::send(&mut sink, i).await.unwrap();
            }
        });
        let doubled = stream::Stream::map(rx, |i| i * 2);
        let collected: Vec<u64> = futures::StreamExt::collect(doubled).await;
        producer.await;
        assert_eq!(collected, [0, 2, 4, 8, 10, 12, 14, 16, 18]);
    });
}

#[test]
fn from_stream_merges_a_timer_stream_with_a_channel() {
    on_every_executor(|executor| async move {
        let ticks = futures::StreamExt::take(smol::Timer::interval(Duration::from_millis(1)), 5);
        let ticks = stream::from_stream(futures::StreamExt::map(ticks, |_| "tick"));
        let (tx, rx) = mpsc::channel(1);
        let producer = executor.spawn(async move {
            for _ in 0..5 {
                tx.send("message").await.unwrap();
            }
        });
        let mut merged = rx.merge(ticks);
        let (mut messages, mut ticks) = (0, 0);
        while let Some(event) = merged.recv().await {
            match event {
                "tick" => ticks += 1,
                _ => messages += 1,
            }
        }
        producer.await;
        assert_eq!((messages, ticks), (5, 5));
    });
}

#[test]
fn from_stream_merges_a_tokio_interval_with_a_channel() {
    with_watchdog("tokio interval", WATCHDOG, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("tokio runtime");
        runtime.block_on(async {
            let interval = tokio::time::interval(Duration::from_millis(1));
            let ticks = futures::stream::unfold(interval, |mut interval| async move {
                interval.tick().await;
                Some(("tick", interval))
            });
            let ticks = stream::from_stream(Box::pin(futures::StreamExt::take(ticks, 3)));
            let (tx, rx) = mpsc::channel(4);
            tx.send("message").await.unwrap();
            drop(tx);
            let mut events = Vec::new();
            let mut merged = rx.merge(ticks);
            while let Some(event) = merged.recv().await {
                events.push(event);
            }
            events.sort_unstable();
            assert_eq!(events, ["message", "tick", "tick", "tick"]);
        });
    });
}

#[test]
fn chain_once_and_find_end_streams_on_every_executor() {
    on_every_executor(|_| async move {
        let (tx, rx) = mpsc::channel(4);
        tx.send(1).await.unwrap();
        tx.send(2).await.unwrap();
        drop(tx);
        let mut framed = rx.chain(stream::once(0));
        let mut seen = Vec::new();
        while let Some(i) = framed.recv().await {
            seen.push(i);
        }
        assert_eq!(seen, [1, 2, 0]);

        let mut first_big = stream::repeat(5).map(|i| i * 3).find(|i| *i > 10);
        assert_eq!(first_big.recv().await, Some(15));
        assert_eq!(first_big.recv().await, None);
    });
}
