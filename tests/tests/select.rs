//! `futures::select!` takes the crate's futures directly: they are `FusedFuture` and
//! `Unpin`, and a branch that loses the race is cancelled without losing anything.

use futures::future::FusedFuture;
use postage::{mpsc, oneshot, watch};
use postage_tests::on_every_executor;

#[test]
fn a_losing_send_branch_is_cancelled_and_never_delivered() {
    on_every_executor(|_| async move {
        let (tx, mut rx) = mpsc::channel::<u32>(1);
        futures::select! {
            sent = tx.send(1) => assert_eq!(sent, Ok(())),
            () = tx.closed() => panic!("the receiver is still here"),
        }
        futures::select! {
            _ = tx.send(2) => panic!("the channel is full"),
            received = rx.recv() => assert_eq!(received, Some(1)),
        }
        assert_eq!(rx.try_recv(), Err(postage::TryRecvError::Empty));
        drop(tx);
        assert_eq!(rx.recv().await, None);
    });
}

#[test]
fn watch_futures_race_a_remote_change() {
    on_every_executor(|executor| async move {
        let (config, mut config_rx) = watch::channel_with(0u32);
        config_rx.borrow_and_update();
        let (done, mut on_done) = oneshot::channel::<()>();
        let remote = executor.spawn(async move {
            for value in 1..=10 {
                config.send(value).unwrap();
            }
            config.closed().await;
            drop(done);
        });
        futures::select! {
            found = config_rx.wait_for(|v| *v == 10) => assert_eq!(*found.unwrap(), 10),
            _ = on_done => panic!("the remote task waits for the receiver to leave"),
        }
        assert!(!FusedFuture::is_terminated(&on_done));
        drop(config_rx);
        assert_eq!((&mut on_done).await, None);
        assert!(FusedFuture::is_terminated(&on_done));
        remote.await;
    });
}
