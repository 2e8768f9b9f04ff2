//! The wave-2 forms of the generator and what generated halves forward from the runtime's
//! wave 2: unbounded mpsc and dispatch (`mpsc<T, unbounded>`, `#[channel(dispatch,
//! unbounded)]`), lagging broadcast (`broadcast<T, N, lagging>`, `#[channel(broadcast,
//! capacity = N, lagging)]`, `lagged()`), the permits of mpsc and dispatch (`reserve`,
//! `try_reserve`, `reserve_owned` with `NameOwnedPermit`) and `reserve_many` on all three.
//! Every message counted; the concurrent scenarios run on every executor under the harness
//! watchdog, and no assertion depends on timing.

use futures::future::FusedFuture;
use futures::FutureExt;
use postage::sink::TrySendError;
use postage::{Channel, SendError, TryRecvError};
use postage_tests::{on_every_executor, yield_now};

const MESSAGES: u32 = 300;
const SENDERS: u32 = 3;

postage::channel! {
    Lines: mpsc<u32, unbounded>;
    Uploads: dispatch<u32, unbounded>;
    Prices: broadcast<u32, 4, lagging>;
    Jobs: mpsc<u32, 4>;
    Work: dispatch<u32, 4>;
    Ticks: broadcast<u32, 4>;
    bundle App {
        log: mpsc<u32, unbounded>,
        feed: broadcast<u32, 2, lagging>,
    }
}

#[derive(Debug, PartialEq, Channel)]
#[channel(dispatch, unbounded)]
pub struct Upload(u32);

#[derive(Clone, Debug, PartialEq, Channel)]
#[channel(broadcast, capacity = 2, lagging)]
pub struct Reading(u32);

#[test]
fn an_unbounded_mpsc_never_fills_and_keeps_the_order() {
    let (tx, mut rx) = Lines::channel();
    assert_eq!((tx.capacity(), rx.capacity()), (usize::MAX, usize::MAX));
    for n in 0..10_000 {
        tx.try_send(n).unwrap();
    }
    assert_eq!(rx.len(), 10_000);
    assert!(rx.try_iter().eq(0..10_000));
    futures::executor::block_on(async {
        let mut sending = tx.send(7);
        assert!(
            (&mut sending).now_or_never().is_some(),
            "a send completes on its first poll"
        );
        drop(sending);
        drop(tx);
        assert_eq!(rx.recv().await, Some(7));
        assert_eq!(rx.recv().await, None);
    });
}

#[test]
fn an_unbounded_dispatch_splits_every_message_between_its_receivers() {
    let (tx, mut rx) = Uploads::channel();
    let mut other = rx.clone();
    for n in 0..1000 {
        tx.try_send(n).unwrap();
    }
    drop(tx);
    let mut seen: Vec<u32> = Vec::new();
    loop {
        match (rx.try_recv(), other.try_recv()) {
            (Err(TryRecvError::Closed), Err(TryRecvError::Closed)) => break,
            (first, second) => seen.extend(first.ok().into_iter().chain(second.ok())),
        }
    }
    seen.sort_unstable();
    assert!(seen.into_iter().eq(0..1000), "each message exactly once");
}

#[test]
fn a_derived_unbounded_dispatch_is_the_type_s_own_channel() {
    let (tx, mut rx): (UploadSender, UploadReceiver) = Upload::channel();
    assert_eq!(tx.capacity(), usize::MAX);
    for n in 0..100 {
        tx.try_send(Upload(n)).unwrap();
    }
    assert_eq!(rx.try_recv(), Ok(Upload(0)));
    assert_eq!(rx.try_iter().count(), 99);
}

#[test]
fn unbounded_mpsc_counts_every_message_of_several_senders() {
    on_every_executor(|executor| async move {
        let (tx, mut rx) = Lines::channel();
        let senders: Vec<_> = (0..SENDERS)
            .map(|id| {
                let tx = tx.clone();
                executor.spawn(async move {
                    for n in 0..MESSAGES {
                        tx.send(id * MESSAGES + n).await.unwrap();
                        yield_now().await;
                    }
                })
            })
            .collect();
        drop(tx);
        let mut seen = vec![0u32; (SENDERS * MESSAGES) as usize];
        let mut last = vec![None; SENDERS as usize];
        while let Some(value) = rx.recv().await {
            let id = (value / MESSAGES) as usize;
            assert!(last[id] < Some(value), "each sender's messages in order");
            last[id] = Some(value);
            seen[value as usize] += 1;
        }
        for sender in senders {
            sender.await;
        }
        assert!(
            seen.iter().all(|&count| count == 1),
            "each message exactly once"
        );
    });
}

#[test]
fn a_lagging_broadcast_overwrites_the_oldest_and_counts_what_a_receiver_skipped() {
    let (tx, mut rx) = Prices::channel();
    assert_eq!(Prices::CAPACITY, 4);
    let mut late = rx.clone();
    for n in 0..10 {
        tx.try_send(n).unwrap(); // never `Full`
    }
    assert_eq!(
        rx.try_recv(),
        Ok(6),
        "goes on from the oldest still buffered"
    );
    assert_eq!(rx.lagged(), 6);
    assert_eq!(rx.lagged(), 0, "reading the count resets it");
    assert_eq!(rx.try_iter().collect::<Vec<_>>(), [7, 8, 9]);
    let fresh = late.clone();
    assert!(late.try_iter().eq(6..10));
    assert_eq!(late.lagged(), 6);
    let mut fresh = fresh;
    assert_eq!(fresh.lagged(), 0, "a clone starts at 0");
    assert_eq!(fresh.try_recv(), Ok(6));
    futures::executor::block_on(async {
        let mut sending = tx.send(10);
        assert!(
            (&mut sending).now_or_never().is_some(),
            "a send completes on its first poll"
        );
    });
}

#[test]
fn a_lagging_broadcast_with_a_run_time_capacity_lags_too() {
    let (tx, mut rx) = Prices::with_capacity(2);
    assert_eq!(tx.capacity(), 2);
    for n in 0..5 {
        tx.try_send(n).unwrap();
    }
    assert!(rx.try_iter().eq(3..5));
    assert_eq!(rx.lagged(), 3);
}

#[test]
fn a_derived_lagging_broadcast_and_bundle_fields() {
    let (sensor, mut display) = Reading::channel();
    for n in 0..3 {
        sensor.try_send(Reading(n)).unwrap();
    }
    assert_eq!(display.try_recv(), Ok(Reading(1)));
    assert_eq!(display.lagged(), 1);

    let (tx, mut rx) = App::channel();
    for n in 0..5 {
        tx.log.try_send(n).unwrap();
        tx.feed.try_send(n).unwrap();
    }
    assert!(rx.log.try_iter().eq(0..5));
    assert!(rx.feed.try_iter().eq(3..5));
    assert_eq!(rx.feed.lagged(), 3);
}

#[test]
fn a_lossless_broadcast_never_lags() {
    let (tx, mut rx) = Ticks::channel();
    for n in 0..4 {
        tx.try_send(n).unwrap();
    }
    assert_eq!(tx.try_send(4), Err(TrySendError::Full(4)));
    assert!(rx.try_iter().eq(0..4));
    assert_eq!(rx.lagged(), 0);
}

#[test]
fn mpsc_permits_hold_room_and_send_in_permit_order() {
    futures::executor::block_on(async {
        let (tx, mut rx) = Jobs::channel();
        let mut permits = vec![tx.reserve().await.unwrap()];
        for _ in 0..3 {
            permits.push(tx.try_reserve().unwrap());
        }
        assert_eq!(tx.try_reserve().unwrap_err(), TrySendError::Full(()));
        assert_eq!(tx.try_send(9), Err(TrySendError::Full(9)));
        let last = permits.pop().expect("four permits");
        drop(last); // frees its room unused
        tx.try_send(20).unwrap();
        for (n, permit) in (10..).zip(permits) {
            permit.send(n);
        }
        assert_eq!(rx.try_iter().collect::<Vec<_>>(), [20, 10, 11, 12]);

        let mut reserving = tx.clone().reserve_owned();
        let owned: JobsOwnedPermit = (&mut reserving).await.unwrap();
        assert!(reserving.is_terminated());
        assert!(format!("{owned:?}").starts_with("JobsOwnedPermit("));
        let back: JobsSender = owned.send(14);
        assert!(back.same_channel(&tx));
        let released = back.reserve_owned().await.unwrap().release();
        assert_eq!(released.sender_count(), 2);
        assert_eq!(rx.try_iter().collect::<Vec<_>>(), [14]);

        drop(rx);
        assert!(tx.reserve().await.is_err(), "no receiver is left");
        assert_eq!(tx.try_reserve().unwrap_err(), TrySendError::Closed(()));
        assert!(released.reserve_owned().await.is_err());
    });
}

#[test]
fn dispatch_permits_and_reserve_owned_wait_for_room() {
    futures::executor::block_on(async {
        let (tx, mut rx) = Work::channel();
        for n in 0..4 {
            tx.try_send(n).unwrap();
        }
        let mut reserving = tx.clone().reserve_owned();
        assert!(
            (&mut reserving).now_or_never().is_none(),
            "the channel is full"
        );
        assert!(!reserving.is_terminated());
        assert_eq!(rx.recv().await, Some(0));
        let owned: WorkOwnedPermit = (&mut reserving).await.unwrap();
        assert!(reserving.is_terminated());
        drop(owned.send(4));
        assert_eq!(tx.try_reserve().unwrap_err(), TrySendError::Full(()));
        let mut other = rx.clone();
        assert_eq!(other.try_recv(), Ok(1));
        let permit: postage::dispatch::Permit<'_, u32> = tx.reserve().await.unwrap();
        permit.send(5);
        assert_eq!(rx.try_iter().collect::<Vec<_>>(), [2, 3, 4, 5]);
    });
}

#[test]
fn reserve_many_holds_room_for_n_and_fails_at_once_beyond_the_capacity() {
    futures::executor::block_on(async {
        let (tx, mut rx) = Jobs::channel();
        let permits = tx.reserve_many(3).await.unwrap();
        assert_eq!(permits.len(), 3);
        let fourth = tx.try_reserve().unwrap();
        assert_eq!(tx.try_reserve().unwrap_err(), TrySendError::Full(()));
        drop(fourth); // frees its room unused
        for (n, permit) in (0..).zip(permits) {
            permit.send(n);
        }
        tx.try_send(3).unwrap();
        assert!(rx.try_iter().eq(0..4));
        assert_eq!(tx.reserve_many(5).await.unwrap_err(), SendError(()));

        let (work, mut workers) = Work::channel();
        let permits = work.reserve_many(4).await.unwrap();
        assert_eq!(work.try_reserve().unwrap_err(), TrySendError::Full(()));
        for (n, permit) in (0..).zip(permits) {
            permit.send(n);
        }
        assert!(workers.try_iter().eq(0..4));
        assert!(work.reserve_many(5).await.is_err());

        let (ticks, mut readers) = Ticks::channel();
        let permits = ticks.reserve_many(2).await.unwrap();
        for (n, permit) in (0..).zip(permits) {
            permit.send(n);
        }
        assert!(readers.try_iter().eq(0..2));
        assert!(ticks.reserve_many(5).await.is_err());
    });
}

#[test]
fn unbounded_and_lagging_channels_grant_permits_at_once() {
    futures::executor::block_on(async {
        let (tx, mut rx) = Lines::channel();
        let permits = tx.reserve_many(10_000).await.unwrap();
        let single = tx.try_reserve().unwrap();
        for (n, permit) in (0..).zip(permits) {
            permit.send(n);
        }
        single.send(10_000);
        assert!(rx.try_iter().eq(0..=10_000));

        let (feed, mut reader) = Prices::channel();
        let permits = feed.reserve_many(100).await.unwrap();
        assert_eq!(permits.len(), 100);
        drop(permits);
        feed.try_reserve().unwrap().send(1);
        assert_eq!(reader.try_recv(), Ok(1));
    });
}

#[test]
fn mpsc_reserve_owned_from_several_tasks_counts_every_message() {
    on_every_executor(|executor| async move {
        let (tx, mut rx) = Jobs::channel();
        let senders: Vec<_> = (0..SENDERS)
            .map(|id| {
                let mut tx = tx.clone();
                executor.spawn(async move {
                    for n in 0..MESSAGES {
                        tx = tx.reserve_owned().await.unwrap().send(id * MESSAGES + n);
                        yield_now().await;
                    }
                })
            })
            .collect();
        drop(tx);
        let mut seen = vec![0u32; (SENDERS * MESSAGES) as usize];
        let mut buffer = Vec::new();
        while rx.recv_many(&mut buffer, 7).await > 0 {
            for value in buffer.drain(..) {
                seen[value as usize] += 1;
            }
        }
        for sender in senders {
            sender.await;
        }
        assert!(
            seen.iter().all(|&count| count == 1),
            "each message exactly once"
        );
    });
}
