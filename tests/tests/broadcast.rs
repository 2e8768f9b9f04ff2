//! broadcast on every executor: every receiver gets every message exactly once, in order,
//! while senders and receivers come and go.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll, Wake, Waker};

use futures::{SinkExt, StreamExt};
use postage::{broadcast, TryRecvError};
use postage_tests::{on_every_executor, with_watchdog, yield_now, WATCHDOG};

const SENDERS: usize = 10;
const RECEIVERS: usize = 5;
const PER_SENDER: usize = 1_000;

#[test]
fn every_receiver_sees_every_message_once_in_per_sender_order() {
    on_every_executor(|executor| async move {
        let (tx, rx) = broadcast::channel(16);
        let receivers: Vec<_> = (0..RECEIVERS)
            .map(|_| {
                let mut rx = rx.clone();
                executor.spawn(async move {
                    let mut next = [0usize; SENDERS];
                    let mut total = 0;
                    while let Some((sender, seq)) = rx.recv().await {
                        assert_eq!(seq, next[sender], "sender {sender} out of order");
                        next[sender] += 1;
                        total += 1;
                    }
                    assert!(next.iter().all(|&n| n == PER_SENDER));
                    total
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
fn handles_come_and_go_while_messages_flow_without_gaps_or_hangs() {
    const MESSAGES: u32 = 5_000;
    on_every_executor(|executor| async move {
        let (tx, mut main) = broadcast::channel(8);
        let mut base = tx.subscribe();
        let churn_tx = tx.clone();
        let churn = executor.spawn(async move {
            let mut expected = 0;
            let mut lagger = None;
            let mut iterations = 0u64;
            while expected < MESSAGES {
                while let Ok(value) = base.try_recv() {
                    assert_eq!(value, expected, "the churning receiver skipped a message");
                    expected += 1;
                }
                let mut copy = base.clone();
                if let Ok(value) = copy.try_recv() {
                    assert_eq!(value, expected, "a clone did not start at its original");
                }
                // Replacing the lagger drops a receiver that may be holding senders back.
                lagger = Some(base.clone());
                drop(churn_tx.subscribe());
                drop(churn_tx.clone());
                iterations += 1;
                yield_now().await;
            }
            drop(lagger);
            iterations
        });
        let sender = executor.spawn(async move {
            for value in 0..MESSAGES {
                tx.send(value).await.unwrap();
            }
        });
        let mut expected = 0;
        while let Some(value) = main.recv().await {
            assert_eq!(value, expected, "the main receiver skipped a message");
            expected += 1;
        }
        assert_eq!(expected, MESSAGES);
        sender.await;
        assert!(churn.await > 0);
    });
}

#[test]
fn dropping_every_receiver_fails_a_waiting_sender() {
    on_every_executor(|executor| async move {
        let (tx, rx) = broadcast::channel(1);
        tx.send(0).await.unwrap();
        let sender = executor.spawn(async move { tx.send(1).await });
        yield_now().await;
        drop(rx);
        assert_eq!(sender.await.unwrap_err().0, 1);
    });
}

#[test]
fn the_futures_traits_carry_every_message() {
    on_every_executor(|executor| async move {
        let (mut tx, rx) = broadcast::channel(4);
        let readers: Vec<_> = (0..3)
            .map(|_| executor.spawn(rx.clone().collect::<Vec<u32>>()))
            .collect();
        drop(rx);
        for value in 0..200 {
            SinkExt::send(&mut tx, value).await.unwrap();
        }
        drop(tx);
        for reader in readers {
            assert_eq!(reader.await, (0..200).collect::<Vec<_>>());
        }
    });
}

#[test]
fn blocking_senders_and_receivers_on_threads_see_every_message() {
    with_watchdog("blocking broadcast", WATCHDOG, || {
        let (tx, rx) = broadcast::channel(4);
        let receivers: Vec<_> = (0..3)
            .map(|_| {
                let mut rx = rx.clone();
                std::thread::spawn(move || std::iter::from_fn(|| rx.blocking_recv()).sum::<u64>())
            })
            .collect();
        drop(rx);
        let senders: Vec<_> = (0..4u64)
            .map(|sender| {
                let tx = tx.clone();
                std::thread::spawn(move || {
                    for value in 0..500 {
                        tx.blocking_send(sender * 1_000 + value).unwrap();
                    }
                })
            })
            .collect();
        drop(tx);
        for sender in senders {
            sender.join().unwrap();
        }
        let expected: u64 = (0..4u64)
            .flat_map(|sender| (0..500).map(move |value| sender * 1_000 + value))
            .sum();
        for receiver in receivers {
            assert_eq!(receiver.join().unwrap(), expected);
        }
    });
}

#[test]
fn a_send_racing_a_waiting_receiver_is_never_missed() {
    with_watchdog("broadcast race", WATCHDOG, || {
        for round in 0..2_000u32 {
            let (tx, mut rx) = broadcast::channel(1);
            let receiver = std::thread::spawn(move || (rx.blocking_recv(), rx.blocking_recv()));
            tx.blocking_send(round).unwrap();
            drop(tx);
            assert_eq!(
                receiver.join().unwrap(),
                (Some(round), None),
                "round {round}"
            );
        }
    });
}

#[test]
fn a_slot_freed_by_a_racing_receiver_drop_is_never_missed() {
    with_watchdog("broadcast drop race", WATCHDOG, || {
        for round in 0..2_000u32 {
            let (tx, rx) = broadcast::channel(1);
            let mut kept = tx.subscribe();
            tx.try_send(round).unwrap();
            assert_eq!(kept.try_recv(), Ok(round));
            let dropper = std::thread::spawn(move || drop(rx));
            tx.blocking_send(round + 1).unwrap();
            dropper.join().unwrap();
            assert_eq!(kept.try_recv(), Ok(round + 1));
        }
    });
}

/// A waker whose last copy, when dropped, sends on a broadcast channel: user code that
/// reaches the channel from inside the channel's own bookkeeping.
struct SendsWhenDropped(broadcast::Sender<u32>);

impl Wake for SendsWhenDropped {
    fn wake(self: Arc<Self>) {}
}

impl Drop for SendsWhenDropped {
    fn drop(&mut self) {
        let _ = self.0.try_send(99);
    }
}

fn sends_when_dropped(tx: &broadcast::Sender<u32>) -> Waker {
    Waker::from(Arc::new(SendsWhenDropped(tx.clone())))
}

struct Quiet;

impl Wake for Quiet {
    fn wake(self: Arc<Self>) {}
}

fn poll_once<F: Future + Unpin>(future: &mut F, waker: &Waker) -> Poll<F::Output> {
    Pin::new(future).poll(&mut Context::from_waker(waker))
}

#[test]
fn a_replaced_receiver_waker_that_sends_when_dropped_does_not_deadlock() {
    with_watchdog("receiver waker replaced", WATCHDOG, || {
        let (tx, mut rx) = broadcast::channel(4);
        let quiet = Waker::from(Arc::new(Quiet));
        let mut recv = rx.recv();
        let waker = sends_when_dropped(&tx);
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
        assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    });
}

#[test]
fn a_dropped_receiver_whose_waker_sends_when_dropped_does_not_deadlock() {
    with_watchdog("receiver waker removed", WATCHDOG, || {
        let (tx, mut rx) = broadcast::channel(4);
        let mut other = tx.subscribe();
        let waker = sends_when_dropped(&tx);
        assert!(poll_once(&mut rx.recv(), &waker).is_pending());
        drop(waker);
        // Dropping the receiver drops its registered waker, which sends 99.
        drop(rx);
        assert_eq!(other.try_recv(), Ok(99));
        assert_eq!(other.try_recv(), Err(TryRecvError::Empty));
    });
}

#[test]
fn a_replaced_sender_waker_that_sends_when_dropped_does_not_deadlock() {
    with_watchdog("sender waker replaced", WATCHDOG, || {
        let (tx, mut rx) = broadcast::channel(1);
        tx.try_send(0).unwrap();
        let quiet = Waker::from(Arc::new(Quiet));
        let mut send = tx.send(1);
        let waker = sends_when_dropped(&tx);
        assert!(poll_once(&mut send, &waker).is_pending());
        drop(waker);
        // The channel's copy of the old waker sends 99 when dropped: refused, it is full.
        assert!(poll_once(&mut send, &quiet).is_pending());
        assert_eq!(rx.try_recv(), Ok(0));
        assert_eq!(poll_once(&mut send, &quiet), Poll::Ready(Ok(())));
        assert_eq!(rx.try_recv(), Ok(1));
        assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    });
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
        if self.id == 0 {
            let follow_up = Echo {
                id: 1,
                channel: self.channel.clone(),
            };
            tx.try_send(follow_up).expect("room for the follow-up");
        }
        Echo {
            id: self.id,
            channel: self.channel.clone(),
        }
    }
}

#[test]
fn a_payload_whose_clone_sends_on_the_same_channel_does_not_deadlock() {
    with_watchdog("payload clone sends", WATCHDOG, || {
        let channel = Arc::new(OnceLock::new());
        let (tx, mut first) = broadcast::channel(4);
        let mut second = first.clone();
        channel.set(tx.clone()).expect("set once");
        tx.try_send(Echo {
            id: 0,
            channel: channel.clone(),
        })
        .unwrap();
        // The first reader clones message 0 (the second still has to read it), which sends 1.
        assert_eq!(first.try_recv().map(|echo| echo.id), Ok(0));
        assert_eq!(second.try_recv().map(|echo| echo.id), Ok(0));
        for rx in [&mut first, &mut second] {
            assert_eq!(rx.try_recv().map(|echo| echo.id), Ok(1));
            assert_eq!(rx.try_recv().map(|echo| echo.id), Err(TryRecvError::Empty));
        }
    });
}

#[test]
fn sink_close_releases_the_sender_and_refuses_later_sends() {
    on_every_executor(|executor| async move {
        let (mut tx, rx) = broadcast::channel(4);
        let readers: Vec<_> = (0..3)
            .map(|_| executor.spawn(rx.clone().collect::<Vec<u32>>()))
            .collect();
        drop(rx);
        for value in 0..100 {
            SinkExt::send(&mut tx, value).await.unwrap();
        }
        SinkExt::close(&mut tx).await.unwrap();
        // The receivers end although `tx` is still alive: it was the last sender.
        for reader in readers {
            assert_eq!(reader.await, (0..100).collect::<Vec<_>>());
        }
        assert_eq!(SinkExt::send(&mut tx, 100).await.unwrap_err().0, 100);
        assert_eq!(tx.send(101).await.unwrap_err().0, 101);
        assert_eq!(tx.try_send(102), Err(postage::TrySendError::Closed(102)));
    });
}

#[test]
fn sink_close_of_one_sender_leaves_the_others_sending() {
    on_every_executor(|executor| async move {
        let (mut closing, mut rx) = broadcast::channel(2);
        let open = closing.clone();
        SinkExt::send(&mut closing, 0).await.unwrap();
        SinkExt::close(&mut closing).await.unwrap();
        let sender = executor.spawn(async move {
            for value in 1..=200 {
                open.send(value).await.unwrap();
            }
        });
        let mut received = Vec::new();
        while let Some(value) = rx.recv().await {
            received.push(value);
        }
        sender.await;
        assert_eq!(received, (0..=200).collect::<Vec<_>>());
        assert!(closing.try_send(201).is_err());
    });
}

#[test]
fn recv_many_batches_carry_every_message_once_in_order() {
    const MESSAGES: u32 = 1_000;
    on_every_executor(|executor| async move {
        let (tx, rx) = broadcast::channel(16);
        let readers: Vec<_> = (0..3)
            .map(|_| {
                let mut rx = rx.clone();
                executor.spawn(async move {
                    let mut received = Vec::new();
                    loop {
                        let before = received.len();
                        let taken = rx.recv_many(&mut received, 64).await;
                        assert_eq!(received.len() - before, taken);
                        assert!(taken <= 64);
                        if taken == 0 {
                            return received;
                        }
                    }
                })
            })
            .collect();
        drop(rx);
        for value in 0..MESSAGES {
            tx.send(value).await.unwrap();
        }
        drop(tx);
        for reader in readers {
            assert_eq!(reader.await, (0..MESSAGES).collect::<Vec<_>>());
        }
    });
}

#[test]
fn try_iter_after_a_blocking_receive_drains_what_is_ready_on_threads() {
    with_watchdog("broadcast try_iter", WATCHDOG, || {
        let (tx, mut rx) = broadcast::channel(8);
        let sender = std::thread::spawn(move || {
            for value in 0..2_000u32 {
                tx.blocking_send(value).unwrap();
            }
        });
        let mut received = Vec::new();
        while let Some(first) = rx.blocking_recv() {
            received.push(first);
            received.extend(rx.try_iter());
        }
        sender.join().unwrap();
        assert_eq!(received, (0..2_000).collect::<Vec<_>>());
    });
}

#[test]
fn weak_senders_upgrade_while_a_sender_lives_and_never_after() {
    on_every_executor(|executor| async move {
        let (tx, mut rx) = broadcast::channel(4);
        let weak = tx.downgrade();
        let helper = executor.spawn(async move {
            let mut sent = 0u32;
            while let Some(tx) = weak.upgrade() {
                if sent == 500 {
                    break;
                }
                tx.send(sent).await.unwrap();
                sent += 1;
            }
            weak
        });
        let mut received = Vec::new();
        while received.len() < 500 {
            received.push(rx.recv().await.unwrap());
        }
        let weak = helper.await;
        assert_eq!(tx.sender_count(), 1);
        drop(tx);
        assert!(weak.upgrade().is_none());
        assert_eq!(rx.recv().await, None);
        assert_eq!(received, (0..500).collect::<Vec<_>>());
    });
}

#[test]
fn permits_reserved_by_many_tasks_deliver_every_message_once_in_per_sender_order() {
    const TASKS: usize = 4;
    const PER_TASK: usize = 250;
    on_every_executor(|executor| async move {
        let (tx, rx) = broadcast::channel(3);
        let readers: Vec<_> = (0..2)
            .map(|_| executor.spawn(rx.clone().collect::<Vec<(usize, usize)>>()))
            .collect();
        drop(rx);
        let tasks: Vec<_> = (0..TASKS)
            .map(|task| {
                let mut tx = tx.clone();
                executor.spawn(async move {
                    for seq in 0..PER_TASK {
                        if seq % 2 == 0 {
                            tx.reserve().await.unwrap().send((task, seq));
                        } else {
                            tx = tx.reserve_owned().await.unwrap().send((task, seq));
                        }
                    }
                })
            })
            .collect();
        drop(tx);
        for task in tasks {
            task.await;
        }
        for reader in readers {
            let received = reader.await;
            assert_eq!(received.len(), TASKS * PER_TASK);
            let mut next = [0; TASKS];
            for (task, seq) in received {
                assert_eq!(seq, next[task], "task {task} out of order");
                next[task] += 1;
            }
        }
    });
}

#[test]
fn permits_reserved_on_threads_count_every_message() {
    with_watchdog("broadcast permits on threads", WATCHDOG, || {
        let (tx, mut rx) = broadcast::channel(2);
        let senders: Vec<_> = (0..3u64)
            .map(|sender| {
                let tx = tx.clone();
                std::thread::spawn(move || {
                    for value in 0..300 {
                        let permit = futures::executor::block_on(tx.reserve()).unwrap();
                        permit.send(sender * 1_000 + value);
                    }
                })
            })
            .collect();
        drop(tx);
        let received: Vec<u64> = std::iter::from_fn(|| rx.blocking_recv()).collect();
        for sender in senders {
            sender.join().unwrap();
        }
        assert_eq!(received.len(), 900);
        let expected: u64 = (0..3u64)
            .flat_map(|sender| (0..300).map(move |value| sender * 1_000 + value))
            .sum();
        assert_eq!(received.iter().sum::<u64>(), expected);
    });
}
