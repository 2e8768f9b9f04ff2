//! watch on every executor: receivers see a non-decreasing series of values that ends with
//! the last one sent.

use futures::StreamExt;
use postage::watch;
use postage_tests::{on_every_executor, with_watchdog, yield_now, WATCHDOG};

const LAST: u32 = 5_000;
const RECEIVERS: usize = 4;

/// Asserts `seen` strictly increases (a value is delivered at most once) and ends at `LAST`.
fn assert_increasing_to_last(seen: &[u32]) {
    assert!(
        seen.windows(2).all(|w| w[0] < w[1]),
        "values went backwards or repeated"
    );
    assert_eq!(seen.last(), Some(&LAST));
}

#[test]
fn receivers_see_increasing_values_ending_with_the_last() {
    on_every_executor(|executor| async move {
        let (tx, rx) = watch::channel::<u32>();
        let receivers: Vec<_> = (0..RECEIVERS)
            .map(|_| {
                let mut rx = rx.clone();
                executor.spawn(async move {
                    let mut seen = Vec::new();
                    while let Some(value) = rx.recv().await {
                        seen.push(value);
                    }
                    seen
                })
            })
            .collect();
        drop(rx);
        for value in 1..=LAST {
            tx.send(value).unwrap();
            if value % 64 == 0 {
                yield_now().await;
            }
        }
        drop(tx);
        for receiver in receivers {
            let seen = receiver.await;
            assert_increasing_to_last(&seen);
        }
    });
}

#[test]
fn changed_and_borrow_and_update_end_with_the_last_value() {
    on_every_executor(|executor| async move {
        let (tx, rx) = watch::channel::<u32>();
        let receivers: Vec<_> = (0..RECEIVERS)
            .map(|_| {
                let mut rx = rx.clone();
                executor.spawn(async move {
                    let mut seen = Vec::new();
                    while rx.changed().await.is_ok() {
                        seen.push(*rx.borrow_and_update());
                    }
                    seen
                })
            })
            .collect();
        drop(rx);
        let sender = executor.spawn(async move {
            for value in 1..=LAST {
                tx.send_modify(|stored| *stored = value);
                if value % 64 == 0 {
                    yield_now().await;
                }
            }
        });
        sender.await;
        for receiver in receivers {
            let seen = receiver.await;
            assert!(
                seen.windows(2).all(|w| w[0] <= w[1]),
                "values went backwards"
            );
            assert_eq!(seen.last(), Some(&LAST));
        }
    });
}

#[test]
fn the_futures_stream_yields_the_current_value_then_changes() {
    on_every_executor(|executor| async move {
        let (tx, rx) = watch::channel_with(0u32);
        let reader = executor.spawn(rx.collect::<Vec<_>>());
        for value in 1..=LAST {
            tx.send_replace(value);
        }
        drop(tx);
        let seen = reader.await;
        assert_increasing_to_last(&seen);
    });
}

#[test]
fn the_sender_learns_when_every_receiver_left() {
    on_every_executor(|executor| async move {
        let (tx, rx) = watch::channel::<u8>();
        let droppers: Vec<_> = (0..RECEIVERS)
            .map(|_| {
                let rx = rx.clone();
                executor.spawn(async move { drop(rx) })
            })
            .collect();
        drop(rx);
        tx.closed().await;
        assert_eq!(tx.send(1).unwrap_err().0, 1);
        for dropper in droppers {
            dropper.await;
        }
    });
}

#[test]
fn blocking_receivers_on_threads_end_with_the_last_value() {
    with_watchdog("blocking watch", WATCHDOG, || {
        let (tx, rx) = watch::channel::<u32>();
        let receivers: Vec<_> = (0..RECEIVERS)
            .map(|_| {
                let mut rx = rx.clone();
                std::thread::spawn(move || std::iter::from_fn(|| rx.blocking_recv()).collect())
            })
            .collect();
        drop(rx);
        for value in 1..=LAST {
            tx.send_replace(value);
        }
        drop(tx);
        for receiver in receivers {
            let seen: Vec<u32> = receiver.join().unwrap();
            assert_increasing_to_last(&seen);
        }
    });
}

#[test]
fn a_send_racing_a_waiting_receiver_is_never_missed() {
    with_watchdog("watch race", WATCHDOG, || {
        for round in 0..2_000u32 {
            let (tx, mut rx) = watch::channel_with(0u32);
            rx.borrow_and_update();
            let receiver = std::thread::spawn(move || rx.blocking_recv());
            tx.send(round + 1).unwrap();
            assert_eq!(receiver.join().unwrap(), Some(round + 1), "round {round}");
        }
    });
}

#[test]
fn wait_for_sees_thresholds_reached_by_another_task() {
    on_every_executor(|executor| async move {
        let (tx, rx) = watch::channel::<u32>();
        let receivers: Vec<_> = (0..RECEIVERS)
            .map(|_| {
                let mut rx = rx.clone();
                executor.spawn(async move {
                    let half = *rx.wait_for(|n| *n >= LAST / 2).await.unwrap();
                    let last = *rx.wait_for(|n| *n == LAST).await.unwrap();
                    let after_close = rx.wait_for(|n| *n > LAST).await.is_err();
                    (half, last, after_close)
                })
            })
            .collect();
        drop(rx);
        let sender = executor.spawn(async move {
            for value in 1..=LAST {
                tx.send(value).unwrap();
                if value % 64 == 0 {
                    yield_now().await;
                }
            }
        });
        sender.await;
        for receiver in receivers {
            let (half, last, after_close) = receiver.await;
            assert!(
                (LAST / 2..=LAST).contains(&half),
                "threshold passed: {half}"
            );
            assert_eq!(last, LAST);
            assert!(after_close, "wait_for must fail once the sender is gone");
        }
    });
}

#[test]
fn receivers_see_only_the_values_send_if_modified_published() {
    on_every_executor(|executor| async move {
        let (tx, rx) = watch::channel::<u32>();
        let receivers: Vec<_> = (0..RECEIVERS)
            .map(|_| {
                let mut rx = rx.clone();
                executor.spawn(async move {
                    let mut seen = Vec::new();
                    while let Some(value) = rx.recv().await {
                        seen.push(value);
                    }
                    seen
                })
            })
            .collect();
        drop(rx);
        let sender = executor.spawn(async move {
            let mut published = 0;
            for value in 1..=LAST {
                let even = value % 2 == 0;
                if tx.send_if_modified(|stored| {
                    if even {
                        *stored = value;
                    }
                    even
                }) {
                    published += 1;
                }
                if value % 64 == 0 {
                    yield_now().await;
                }
            }
            published
        });
        assert_eq!(sender.await, LAST / 2);
        for receiver in receivers {
            let seen = receiver.await;
            assert!(
                seen.iter().all(|v| v % 2 == 0),
                "an odd value was published"
            );
            assert_increasing_to_last(&seen);
        }
    });
}

#[test]
fn has_changed_on_a_thread_reports_every_value_until_closed() {
    with_watchdog("watch has_changed", WATCHDOG, || {
        let (tx, mut rx) = watch::channel::<u32>();
        rx.borrow_and_update();
        let reader = std::thread::spawn(move || {
            let mut seen = Vec::new();
            loop {
                match rx.has_changed() {
                    Ok(true) => seen.push(*rx.borrow_and_update()),
                    Ok(false) => std::thread::yield_now(),
                    Err(_) => return seen,
                }
            }
        });
        for value in 1..=LAST {
            tx.send(value).unwrap();
        }
        drop(tx);
        assert_increasing_to_last(&reader.join().unwrap());
    });
}

#[test]
fn sink_close_ends_the_receivers_and_refuses_later_sends() {
    use futures::SinkExt;
    on_every_executor(|executor| async move {
        let (mut tx, rx) = watch::channel_with(0u32);
        let reader = executor.spawn(rx.collect::<Vec<_>>());
        for value in 1..=LAST {
            SinkExt::send(&mut tx, value).await.unwrap();
        }
        SinkExt::close(&mut tx).await.unwrap();
        // The handle is still alive, yet the receivers end after the last value.
        let seen = reader.await;
        assert_increasing_to_last(&seen);
        let mut late = tx.subscribe();
        assert_eq!(
            SinkExt::send(&mut tx, LAST + 1).await.unwrap_err().0,
            LAST + 1
        );
        assert_eq!(tx.send(LAST + 2).unwrap_err().0, LAST + 2);
        assert_eq!(tx.send_replace(LAST + 3), LAST + 3);
        assert!(!tx.send_if_modified(|v| {
            *v += 1;
            true
        }));
        assert_eq!(*tx.borrow(), LAST);
        // A receiver made after the close sees the last value once, then the end.
        assert_eq!(late.recv().await, Some(LAST));
        assert_eq!(late.recv().await, None);
    });
}
