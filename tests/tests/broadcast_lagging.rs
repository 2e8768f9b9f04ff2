//! The lagging broadcast (`broadcast::lagging`): a full buffer overwrites its oldest
//! message, a receiver that fell behind skips what was overwritten and counts it, and
//! everything else behaves as on the lossless channel.

mod accounting;

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll, Wake, Waker};

use accounting::{CountingWaker, Drops, Tracked};
use futures::{SinkExt, StreamExt};
use postage::{broadcast, TryRecvError, TrySendError};
use postage_tests::{on_every_executor, with_watchdog, WATCHDOG};

fn poll_once<F: Future + Unpin>(future: &mut F, waker: &Waker) -> Poll<F::Output> {
    Pin::new(future).poll(&mut Context::from_waker(waker))
}

fn ids(messages: &[Tracked]) -> Vec<u64> {
    messages.iter().map(|message| message.id).collect()
}

#[test]
fn a_full_buffer_overwrites_its_oldest_messages_in_send_order() {
    let (tx, mut rx) = broadcast::lagging(3);
    for n in 0..10 {
        tx.try_send(n).unwrap();
    }
    assert_eq!(tx.len(), 3);
    assert_eq!(rx.len(), 3);
    assert_eq!(rx.try_iter().collect::<Vec<_>>(), [7, 8, 9]);
    assert_eq!(rx.lagged(), 7);
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
}

#[test]
fn lagged_counts_the_skips_of_each_read_and_resets_when_called() {
    let (tx, mut rx) = broadcast::lagging(2);
    assert_eq!(rx.lagged(), 0);
    for n in 0..5 {
        tx.try_send(n).unwrap();
    }
    assert_eq!(rx.lagged(), 0, "skips are counted when the receiver reads");
    assert_eq!(rx.try_recv(), Ok(3));
    assert_eq!(rx.lagged(), 3);
    assert_eq!(rx.lagged(), 0);
    assert_eq!(rx.try_recv(), Ok(4));
    assert_eq!(rx.lagged(), 0, "nothing skipped");
    for n in 5..9 {
        tx.try_send(n).unwrap();
    }
    assert_eq!(rx.try_recv(), Ok(7));
    for n in 9..12 {
        tx.try_send(n).unwrap();
    }
    assert_eq!(rx.try_recv(), Ok(10));
    assert_eq!(rx.lagged(), 2 + 2, "counts add up until the call");
    assert_eq!(rx.try_recv(), Ok(11));
    assert_eq!(rx.lagged(), 0);
}

#[test]
fn a_clone_starts_at_the_same_position_with_no_skips_counted() {
    let (tx, mut rx) = broadcast::lagging(2);
    for n in 0..4 {
        tx.try_send(n).unwrap();
    }
    assert_eq!(rx.try_recv(), Ok(2));
    let mut copy = rx.clone();
    assert_eq!(copy.lagged(), 0);
    assert_eq!(rx.lagged(), 2);
    for n in 4..7 {
        tx.try_send(n).unwrap();
    }
    // Both are at 3, overwritten now: each counts its own skip.
    assert_eq!((rx.try_recv(), copy.try_recv()), (Ok(5), Ok(5)));
    assert_eq!((rx.lagged(), copy.lagged()), (2, 2));
}

#[test]
fn a_subscriber_gets_only_messages_sent_after_it_subscribed() {
    let (tx, mut rx) = broadcast::lagging(4);
    tx.try_send(1).unwrap();
    tx.try_send(2).unwrap();
    let mut late = tx.subscribe();
    tx.try_send(3).unwrap();
    assert_eq!(late.try_iter().collect::<Vec<_>>(), [3]);
    assert_eq!(late.lagged(), 0);
    assert_eq!(rx.try_iter().collect::<Vec<_>>(), [1, 2, 3]);
}

#[test]
fn sends_never_wait_and_never_report_full() {
    let (tx, mut rx) = broadcast::lagging(1);
    let waker = CountingWaker::new();
    for n in 0..3 {
        let mut send = tx.send(n);
        assert_eq!(waker.poll(&mut send), Poll::Ready(Ok(())));
    }
    assert_eq!(tx.try_send(3), Ok(()));
    assert_eq!(tx.blocking_send(4), Ok(()));
    futures::executor::block_on(SinkExt::send(&mut tx.clone(), 5)).unwrap();
    assert_eq!(waker.count(), 0);
    assert_eq!(rx.try_recv(), Ok(5));
    assert_eq!(rx.lagged(), 5);
}

#[test]
fn permits_are_granted_at_once_and_hold_no_capacity() {
    let (tx, mut rx) = broadcast::lagging(1);
    let first = tx.try_reserve().unwrap();
    let second = tx.try_reserve().unwrap();
    tx.try_send(0).unwrap();
    let waker = CountingWaker::new();
    let third = match waker.poll(&mut tx.reserve()) {
        Poll::Ready(Ok(permit)) => permit,
        other => panic!("reserve waited or failed: {other:?}"),
    };
    second.send(2);
    first.send(1);
    drop(third);
    assert_eq!(rx.try_recv(), Ok(1));
    assert_eq!(
        rx.lagged(),
        2,
        "0 and 2 were overwritten; an unused permit holds nothing"
    );
    let owned = futures::executor::block_on(tx.clone().reserve_owned()).unwrap();
    drop(owned.send(3));
    assert_eq!(rx.try_recv(), Ok(3));
    drop(rx);
    assert_eq!(tx.try_reserve().unwrap_err(), TrySendError::Closed(()));
    assert!(futures::executor::block_on(tx.reserve()).is_err());
}

#[test]
fn reserve_many_has_no_size_limit_on_a_lagging_channel() {
    let (tx, mut rx) = broadcast::lagging(2);
    let permits = futures::executor::block_on(tx.reserve_many(5)).unwrap();
    assert_eq!(
        permits.len(),
        5,
        "more permits than the capacity, granted at once"
    );
    for (i, permit) in permits.enumerate() {
        permit.send(i);
    }
    assert_eq!(
        rx.try_recv(),
        Ok(3),
        "the oldest buffered of 0..5 in a buffer of 2"
    );
    assert_eq!(rx.lagged(), 3);
    let unused = futures::executor::block_on(tx.reserve_many(3)).unwrap();
    drop(unused);
    assert!(tx.try_send(5).is_ok(), "unused permits held nothing");
    drop(rx);
    assert!(
        futures::executor::block_on(tx.reserve_many(1)).is_err(),
        "closed"
    );
}

#[test]
fn receivers_get_what_is_buffered_then_none_once_every_sender_is_gone() {
    on_every_executor(|executor| async move {
        let (tx, rx) = broadcast::lagging(4);
        let tx2 = tx.clone();
        let weak = tx.downgrade();
        for n in 0..6 {
            tx.send(n).await.unwrap();
        }
        let readers: Vec<_> = (0..3)
            .map(|_| {
                let mut rx = rx.clone();
                executor.spawn(async move {
                    let received: Vec<i32> = (&mut rx).collect().await;
                    (received, rx.lagged())
                })
            })
            .collect();
        drop((tx, rx));
        tx2.send(6).await.unwrap();
        drop(tx2);
        assert!(weak.upgrade().is_none());
        for reader in readers {
            let (received, lagged) = reader.await;
            assert_eq!(received.len() as u64 + lagged, 7);
            assert_eq!(received.last(), Some(&6));
            assert!(received.windows(2).all(|pair| pair[0] < pair[1]));
        }
    });
}

#[test]
fn the_last_receiver_leaving_closes_the_channel_and_drops_the_buffer() {
    let drops = Drops::new();
    let (tx, rx) = broadcast::lagging(3);
    for id in 0..5 {
        tx.try_send(drops.track(id)).unwrap();
    }
    assert_eq!(drops.alive(), 3, "two were overwritten and dropped");
    let inactive = rx.deactivate();
    assert!(!tx.is_closed());
    assert_eq!(
        drops.alive(),
        3,
        "an inactive receiver keeps the channel and its buffer"
    );
    tx.try_send(drops.track(5)).unwrap();
    drop(inactive);
    assert!(tx.is_closed());
    assert_eq!(drops.alive(), 0, "dropped when the last receiver left");
    assert_eq!(tx.len(), 0);
    futures::executor::block_on(tx.closed());
    match tx.try_send(drops.track(6)) {
        Err(TrySendError::Closed(message)) => assert_eq!(message.id, 6),
        other => panic!("expected closed, got {other:?}"),
    }
    let error = tx.blocking_send(drops.track(7)).unwrap_err();
    assert_eq!(error.0.id, 7);
    drop(error);
    let mut rx = tx.subscribe();
    assert!(!tx.is_closed());
    tx.try_send(drops.track(8)).unwrap();
    assert_eq!(rx.try_recv().map(|message| message.id), Ok(8));
    assert_eq!(
        (rx.lagged(), tx.receiver_count(), tx.sender_count()),
        (0, 1, 1)
    );
    drop((tx, rx));
    assert_eq!(drops.alive(), 0);
}

#[test]
fn every_message_is_dropped_exactly_once_overwritten_or_read_or_left_buffered() {
    let drops = Drops::new();
    let (tx, mut rx) = broadcast::lagging(4);
    let mut other = rx.clone();
    let mut received = Vec::new();
    for id in 0..40 {
        tx.try_send(drops.track(id)).unwrap();
        if id % 7 == 0 {
            received.extend(rx.try_iter());
        }
    }
    assert_eq!(
        drops.alive() - received.len(),
        4,
        "the buffer holds the last four"
    );
    assert_eq!(ids(&received[received.len() - 1..]), [35]);
    let late: Vec<Tracked> = other.try_iter().collect();
    assert_eq!(ids(&late), [36, 37, 38, 39]);
    assert_eq!(other.lagged(), 36);
    drop((received, late));
    assert_eq!(drops.alive(), 4);
    drop((tx, rx, other));
    assert_eq!(drops.alive(), 0);
}

#[test]
fn a_panicking_clone_leaves_the_message_unread_for_that_receiver_only() {
    let drops = Drops::new();
    let (tx, mut rx) = broadcast::lagging(2);
    let mut other = rx.clone();
    tx.try_send(drops.track(1)).unwrap();
    drops.fail_next_clones(1);
    let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| rx.try_recv()));
    assert!(panicked.is_err());
    assert_eq!(rx.try_recv().map(|message| message.id), Ok(1));
    assert_eq!(other.try_recv().map(|message| message.id), Ok(1));
    assert_eq!((rx.lagged(), other.lagged()), (0, 0));
    drop((tx, rx, other));
    assert_eq!(drops.alive(), 0);
}

/// A payload whose `clone` sends a follow-up message on the channel it travels on.
#[derive(Debug)]
struct Echo {
    id: u32,
    channel: Arc<OnceLock<broadcast::Sender<Echo>>>,
}

impl Clone for Echo {
    fn clone(&self) -> Self {
        let tx = self.channel.get().expect("the channel is set up");
        if self.id < 3 {
            let follow_up = Echo {
                id: self.id + 1,
                channel: self.channel.clone(),
            };
            tx.try_send(follow_up)
                .expect("a lagging send never fails for room");
        }
        Echo {
            id: self.id,
            channel: self.channel.clone(),
        }
    }
}

#[test]
fn a_payload_whose_clone_sends_on_the_same_lagging_channel_does_not_deadlock() {
    with_watchdog("lagging payload clone sends", WATCHDOG, || {
        let channel = Arc::new(OnceLock::new());
        // Capacity 1: every follow-up overwrites the slot the reader has just copied from.
        let (tx, mut rx) = broadcast::lagging(1);
        channel.set(tx.clone()).expect("set once");
        tx.try_send(Echo {
            id: 0,
            channel: channel.clone(),
        })
        .unwrap();
        let mut seen = Vec::new();
        while let Ok(echo) = rx.try_recv() {
            seen.push(echo.id);
        }
        // Each read clones (the slot still holds the message), and each clone sends the
        // next one, overwriting the slot after the copy was taken out.
        assert_eq!(seen, [0, 1, 2, 3]);
        assert_eq!(rx.lagged(), 0);
    });
}

/// A waker whose last copy, when dropped, sends on a broadcast channel.
struct SendsWhenDropped(broadcast::Sender<u32>);

impl Wake for SendsWhenDropped {
    fn wake(self: Arc<Self>) {}
}

impl Drop for SendsWhenDropped {
    fn drop(&mut self) {
        let _ = self.0.try_send(99);
    }
}

struct Quiet;

impl Wake for Quiet {
    fn wake(self: Arc<Self>) {}
}

#[test]
fn a_receiver_waker_that_sends_when_dropped_does_not_deadlock() {
    with_watchdog("lagging receiver waker", WATCHDOG, || {
        let (tx, mut rx) = broadcast::lagging(4);
        let mut other = tx.subscribe();
        let quiet = Waker::from(Arc::new(Quiet));
        let mut recv = rx.recv();
        let waker = Waker::from(Arc::new(SendsWhenDropped(tx.clone())));
        assert!(poll_once(&mut recv, &waker).is_pending());
        drop(waker);
        // Registering another waker drops the channel's copy, the last one, which sends 99.
        let value = match poll_once(&mut recv, &quiet) {
            Poll::Ready(value) => {
                drop(recv);
                value
            }
            Poll::Pending => futures::executor::block_on(recv),
        };
        assert_eq!(value, Some(99));
        // Dropping a receiver drops its registered waker, which sends 99 again.
        let waker = Waker::from(Arc::new(SendsWhenDropped(tx.clone())));
        assert!(poll_once(&mut rx.recv(), &waker).is_pending());
        drop(waker);
        drop(rx);
        assert_eq!(other.try_iter().collect::<Vec<_>>(), [99, 99]);
    });
}

#[test]
fn recv_many_takes_what_is_still_buffered_after_a_skip() {
    on_every_executor(|_| async move {
        let (tx, mut rx) = broadcast::lagging(4);
        for n in 0..10 {
            tx.send(n).await.unwrap();
        }
        let mut buffer = Vec::new();
        assert_eq!(rx.recv_many(&mut buffer, 3).await, 3);
        assert_eq!(buffer, [6, 7, 8]);
        assert_eq!(rx.lagged(), 6);
        assert_eq!(rx.recv_many(&mut buffer, 0).await, 0);
        assert_eq!(rx.recv_many(&mut buffer, 8).await, 1);
        drop(tx);
        assert_eq!(rx.recv_many(&mut buffer, 8).await, 0);
        assert_eq!(buffer, [6, 7, 8, 9]);
    });
}

#[test]
fn a_waiting_receiver_is_woken_by_the_next_send() {
    on_every_executor(|executor| async move {
        let (tx, mut rx) = broadcast::lagging(2);
        let reader = executor.spawn(async move {
            let first = rx.recv().await;
            (first, rx.recv().await)
        });
        tx.send(1).await.unwrap();
        drop(tx);
        assert_eq!(reader.await, (Some(1), None));
    });
}

#[test]
fn the_lagging_form_shows_in_debug_and_keeps_the_counts() {
    let (tx, rx) = broadcast::lagging::<u8>(5);
    let weak = tx.downgrade();
    let tx2 = weak.upgrade().unwrap();
    assert!(tx2.same_channel(&tx));
    assert_eq!(
        (tx.sender_count(), rx.receiver_count(), rx.capacity()),
        (2, 1, 5)
    );
    assert!(format!("{tx:?}").contains("lagging: true"));
    let idle = rx.deactivate();
    assert_eq!((idle.capacity(), tx.receiver_count()), (5, 1));
    let mut rx = idle.activate();
    tx.try_send(1).unwrap();
    assert_eq!(rx.try_recv(), Ok(1));
}

/// Several senders and receivers on plain threads; each receiver checks per-sender order
/// and that what it received plus what it skipped is everything sent.
#[test]
fn threads_account_for_every_message_as_received_or_lagged_in_per_sender_order() {
    const SENDERS: u64 = 3;
    const RECEIVERS: usize = 3;
    const PER_SENDER: u64 = 20_000;
    with_watchdog("lagging stress", WATCHDOG, || {
        let drops = Drops::new();
        let (tx, rx) = broadcast::lagging::<Tracked>(8);
        let receivers: Vec<_> = (0..RECEIVERS)
            .map(|_| {
                let mut rx = rx.clone();
                std::thread::spawn(move || {
                    let mut next = [0u64; SENDERS as usize];
                    let mut received = 0u64;
                    while let Some(message) = rx.blocking_recv() {
                        let (sender, seq) = (message.id / PER_SENDER, message.id % PER_SENDER);
                        assert!(seq >= next[sender as usize], "sender {sender} out of order");
                        next[sender as usize] = seq + 1;
                        received += 1;
                    }
                    (received, rx.lagged())
                })
            })
            .collect();
        drop(rx);
        let senders: Vec<_> = (0..SENDERS)
            .map(|sender| {
                let (tx, drops) = (tx.clone(), drops.clone());
                std::thread::spawn(move || {
                    for seq in 0..PER_SENDER {
                        tx.try_send(drops.track(sender * PER_SENDER + seq)).unwrap();
                    }
                })
            })
            .collect();
        drop(tx);
        for sender in senders {
            sender.join().unwrap();
        }
        for receiver in receivers {
            let (received, lagged) = receiver.join().unwrap();
            assert_eq!(received + lagged, SENDERS * PER_SENDER);
        }
        assert_eq!(drops.alive(), 0);
    });
}

#[test]
fn tasks_account_for_every_message_as_received_or_lagged() {
    const SENDERS: u64 = 4;
    const PER_SENDER: u64 = 2_000;
    on_every_executor(|executor| async move {
        let (tx, rx) = broadcast::lagging::<(u64, u64)>(4);
        let receivers: Vec<_> = (0..3)
            .map(|_| {
                let mut rx = rx.clone();
                executor.spawn(async move {
                    let mut next = [0u64; SENDERS as usize];
                    let mut received = 0;
                    while let Some((sender, seq)) = rx.recv().await {
                        assert!(seq >= next[sender as usize], "sender {sender} out of order");
                        next[sender as usize] = seq + 1;
                        received += 1;
                    }
                    received + rx.lagged()
                })
            })
            .collect();
        drop(rx);
        let senders: Vec<_> = (0..SENDERS)
            .map(|sender| {
                let tx = tx.clone();
                executor.spawn(async move {
                    for seq in 0..PER_SENDER {
                        tx.send((sender, seq)).await.unwrap();
                        if seq % 64 == 0 {
                            postage_tests::yield_now().await;
                        }
                    }
                })
            })
            .collect();
        drop(tx);
        for sender in senders {
            sender.await;
        }
        for receiver in receivers {
            assert_eq!(receiver.await, SENDERS * PER_SENDER);
        }
    });
}

#[test]
fn a_lossless_receiver_never_reports_a_skip() {
    let (tx, mut rx) = broadcast::channel(2);
    for n in 0..2 {
        tx.try_send(n).unwrap();
    }
    assert!(
        tx.try_send(2).is_err(),
        "lossless: full, nothing overwritten"
    );
    assert_eq!(rx.try_iter().collect::<Vec<_>>(), [0, 1]);
    assert_eq!(rx.lagged(), 0);
}

#[test]
fn a_lagging_receiver_is_terminated_once_closed_and_read() {
    use futures::stream::FusedStream;
    let (tx, mut rx) = broadcast::lagging(1);
    tx.try_send(1).unwrap();
    tx.try_send(2).unwrap();
    drop(tx);
    assert!(!rx.is_terminated(), "2 is still buffered");
    assert_eq!(futures::executor::block_on(rx.next()), Some(2));
    assert!(rx.is_terminated());
    assert_eq!(futures::executor::block_on(rx.next()), None);
    assert_eq!(rx.lagged(), 1);
}
