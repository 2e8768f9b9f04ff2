//! User code that calls back into the channel it was called from: a waker the channel drops
//! or wakes, and a payload the channel drops. Each sends on the same channel; none may
//! deadlock (DESIGN 3: no user code runs under a channel lock). Written once for the queue
//! kinds, which share one API.

use std::sync::Arc;
use std::task::{Wake, Waker};

pub use postage_tests::OnDrop;

/// A waker that runs `action` on every wake-up.
pub struct OnWake(Box<dyn Fn() + Send + Sync>);

impl OnWake {
    pub fn waker(action: impl Fn() + Send + Sync + 'static) -> Waker {
        Waker::from(Arc::new(OnWake(Box::new(action))))
    }
}

impl Wake for OnWake {
    fn wake(self: Arc<Self>) {
        (self.0)();
    }
}

/// Generates the reentrancy tests for the queue kind `$kind` (`mpsc` or `dispatch`).
macro_rules! queue_reentrancy_tests {
    ($kind:ident) => {
        mod reentrancy_tests {
            use std::future::Future;
            use std::pin::Pin;
            use std::sync::{Arc, Mutex};
            use std::task::{Context, Poll, Waker};

            use postage::$kind;
            use postage::{TryRecvError, TrySendError};
            use postage_tests::{with_watchdog, WATCHDOG};

            use super::reentrancy::{OnDrop, OnWake};

            fn poll<F: Future + Unpin>(future: &mut F, waker: &Waker) -> Poll<F::Output> {
                Pin::new(future).poll(&mut Context::from_waker(waker))
            }

            /// A payload whose drop sends a follow-up message on the channel.
            struct Job {
                id: u32,
                on_drop: Option<$kind::Sender<Job>>,
            }

            impl Drop for Job {
                fn drop(&mut self) {
                    if let Some(tx) = self.on_drop.take() {
                        let follow_up = Job {
                            id: self.id + 100,
                            on_drop: None,
                        };
                        // Closed is fine here (the channel may be gone); a deadlock is not.
                        let _ = tx.try_send(follow_up);
                    }
                }
            }

            #[test]
            fn a_replaced_receive_waker_whose_drop_sends_on_the_channel() {
                with_watchdog("replaced receive waker", WATCHDOG, || {
                    let (tx, mut rx) = $kind::channel::<u32>(4);
                    let dropping = OnDrop::waker(move || tx.try_send(99).unwrap());
                    let mut recv = rx.recv();
                    assert!(poll(&mut recv, &dropping).is_pending());
                    // The channel holds the only clone now; the next poll replaces it.
                    drop(dropping);
                    assert_eq!(futures::executor::block_on(recv), Some(99));
                    assert_eq!(futures::executor::block_on(rx.recv()), None);
                });
            }

            #[test]
            fn a_replaced_send_waker_whose_drop_sends_on_the_channel() {
                with_watchdog("replaced send waker", WATCHDOG, || {
                    let (tx, mut rx) = $kind::channel::<u32>(1);
                    tx.try_send(0).unwrap();
                    let other = tx.clone();
                    let outcome = Arc::new(Mutex::new(None));
                    let seen = outcome.clone();
                    let dropping = OnDrop::waker(move || {
                        *seen.lock().unwrap() = Some(other.try_send(2));
                    });
                    let mut send = tx.send(1);
                    assert!(poll(&mut send, &dropping).is_pending());
                    drop(dropping);
                    assert!(poll(&mut send, &futures::task::noop_waker()).is_pending());
                    let counting = OnWake::waker(|| {});
                    assert!(poll(&mut send, &counting).is_pending());
                    assert_eq!(
                        outcome.lock().unwrap().take(),
                        Some(Err(TrySendError::Full(2))),
                        "the replaced waker was dropped, and its send saw the full channel"
                    );
                    assert_eq!(rx.try_recv(), Ok(0));
                    assert_eq!(futures::executor::block_on(send), Ok(()));
                    assert_eq!(rx.try_recv(), Ok(1));
                });
            }

            #[test]
            fn a_receive_waker_whose_wake_sends_on_the_channel() {
                with_watchdog("waking receive waker", WATCHDOG, || {
                    let (tx, mut rx) = $kind::channel::<u32>(4);
                    let other = tx.clone();
                    let waking = OnWake::waker(move || {
                        let _ = other.try_send(100);
                    });
                    let mut recv = rx.recv();
                    assert!(poll(&mut recv, &waking).is_pending());
                    tx.try_send(1).unwrap();
                    assert_eq!(poll(&mut recv, &waking), Poll::Ready(Some(1)));
                    drop(recv);
                    assert_eq!(rx.try_recv(), Ok(100));
                    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
                });
            }

            #[test]
            fn a_cancelled_sends_payload_whose_drop_sends_on_the_channel() {
                with_watchdog("payload dropped by a cancelled send", WATCHDOG, || {
                    let (tx, mut rx) = $kind::channel::<Job>(1);
                    tx.try_send(Job {
                        id: 0,
                        on_drop: None,
                    })
                    .unwrap();
                    let waker = OnWake::waker(|| {});
                    let mut send = tx.send(Job {
                        id: 1,
                        on_drop: Some(tx.clone()),
                    });
                    assert!(poll(&mut send, &waker).is_pending());
                    assert_eq!(rx.try_recv().map(|job| job.id), Ok(0));
                    drop(send);
                    assert_eq!(rx.try_recv().map(|job| job.id), Ok(101));
                });
            }

            #[test]
            fn buffered_payloads_whose_drop_sends_when_the_last_receiver_goes() {
                with_watchdog("payload dropped with the buffer", WATCHDOG, || {
                    let (tx, rx) = $kind::channel::<Job>(4);
                    for id in 0..3 {
                        let on_drop = Some(tx.clone());
                        tx.try_send(Job { id, on_drop }).unwrap();
                    }
                    drop(rx);
                    assert!(tx.is_closed());
                    assert_eq!(tx.len(), 0, "the buffer was dropped at once");
                    let refused = tx.try_send(Job {
                        id: 9,
                        on_drop: None,
                    });
                    assert!(matches!(refused, Err(TrySendError::Closed(_))));
                });
            }
        }
    };
}

pub(crate) use queue_reentrancy_tests;
