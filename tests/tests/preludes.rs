//! `futures::prelude::*` and `postage::prelude::*` glob-imported together: no ambiguous
//! name, no warning (denied below), and the methods of both crates resolve.

#![deny(warnings)]

use futures::prelude::*;
use postage::prelude::*;
use postage::{mpsc, stream};
use postage_tests::on_every_executor;

/// `Stream` names the futures trait: only `futures::prelude` imports the name.
async fn sum_all<S: Stream<Item = u64> + Unpin>(mut items: S) -> u64 {
    let mut total = 0;
    while let Some(item) = items.next().await {
        total += item;
    }
    total
}

#[test]
fn both_preludes_glob_imported_resolve_each_crates_methods() {
    const MESSAGES: u64 = 1_000;
    on_every_executor(|executor| async move {
        let (tx, rx) = mpsc::channel(8);
        let producer = executor.spawn(async move {
            // postage's `Sink::filter`; futures has no sink `filter`.
            let mut odd = tx.filter(|n: &u64| n % 2 == 1);
            for n in 0..MESSAGES {
                // Both crates' traits give a combinator `send`: name the one meant.
                futures::SinkExt::send(&mut odd, n).await.unwrap();
            }
        });
        // postage's `merge`, `find` and `recv`, then futures' `next` through `sum_all`.
        let mut merged = rx.merge(stream::once(MESSAGES * 10));
        let first = merged.recv().await.unwrap();
        let rest = sum_all(merged).await;
        producer.await;
        let odd_sum: u64 = (0..MESSAGES).filter(|n| n % 2 == 1).sum();
        assert_eq!(first + rest, odd_sum + MESSAGES * 10);

        let mut big = stream::repeat(7u64).find(|n| *n > 5);
        assert_eq!(big.try_recv(), Ok(7));
        assert_eq!(big.next().await, None);
    });
}

#[test]
fn a_combinator_both_crates_define_is_called_through_its_trait() {
    on_every_executor(|_| async move {
        let (tx, rx) = mpsc::channel(4);
        for n in 1..=3u64 {
            tx.try_send(n).unwrap();
        }
        drop(tx);
        let mut doubled = postage::stream::Stream::map(rx, |n| n * 2);
        assert_eq!(doubled.recv().await, Some(2));
        let rest: Vec<u64> = futures::StreamExt::map(doubled, |n| n + 1).collect().await;
        assert_eq!(rest, [5, 7]);
    });
}
