//! oneshot and barrier on every executor.

use futures::future::FusedFuture;
use postage::{barrier, mpsc, oneshot};
use postage_tests::on_every_executor;

#[test]
fn a_oneshot_value_crosses_tasks() {
    on_every_executor(|executor| async move {
        for i in 0..200u32 {
            let (tx, rx) = oneshot::channel();
            let sender = executor.spawn(async move { tx.send(i).unwrap() });
            assert_eq!(rx.await, Some(i));
            sender.await;
        }
    });
}

#[test]
fn a_dropped_oneshot_sender_ends_the_wait_with_none() {
    on_every_executor(|executor| async move {
        let (tx, mut rx) = oneshot::channel::<String>();
        let dropper = executor.spawn(async move { drop(tx) });
        assert_eq!(rx.recv().await, None);
        dropper.await;
    });
}

#[test]
fn a_oneshot_sender_learns_the_receiver_left() {
    on_every_executor(|executor| async move {
        let (tx, rx) = oneshot::channel::<u8>();
        let watcher = executor.spawn(async move {
            tx.closed().await;
            tx.send(1)
        });
        drop(rx);
        assert_eq!(watcher.await, Err(1));
    });
}

#[test]
fn a_barrier_releases_every_waiting_task() {
    on_every_executor(|executor| async move {
        let (tx, rx) = barrier::channel();
        let waiters: Vec<_> = (0..16)
            .map(|_| {
                let rx = rx.clone();
                executor.spawn(async move {
                    rx.await;
                })
            })
            .collect();
        tx.send();
        for waiter in waiters {
            waiter.await;
        }
        assert!(rx.is_fired());
    });
}

#[test]
fn a_barrier_receiver_takes_its_select_branch_once() {
    const MESSAGES: u32 = 1_000;
    on_every_executor(|executor| async move {
        let (shutdown, mut on_shutdown) = barrier::channel();
        let (tx, mut rx) = mpsc::channel(4);
        let producer = executor.spawn(async move {
            for i in 0..MESSAGES / 2 {
                tx.send(i).await.unwrap();
            }
            shutdown.send();
            for i in MESSAGES / 2..MESSAGES {
                tx.send(i).await.unwrap();
            }
        });
        let (mut shutdowns, mut received) = (0, Vec::new());
        loop {
            futures::select! {
                () = on_shutdown => shutdowns += 1,
                message = rx.recv() => match message {
                    Some(message) => received.push(message),
                    None => break,
                },
            }
        }
        producer.await;
        assert_eq!(shutdowns, 1, "a fused barrier branch is taken once");
        assert!(
            received.iter().copied().eq(0..MESSAGES),
            "messages lost or reordered"
        );
        assert!(FusedFuture::is_terminated(&on_shutdown));
        on_shutdown.recv().await;
    });
}
