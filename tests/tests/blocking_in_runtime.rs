//! With the `tokio` feature, a `blocking_*` call inside a tokio runtime panics with a
//! message naming the async method, instead of stalling (or hanging) the runtime. Each
//! channel has a value ready, so without the check the call would return, and the test fail.

use std::time::Duration;

use postage::{barrier, broadcast, dispatch, mpsc, oneshot, watch};

fn current_thread(scenario: impl std::future::Future<Output = ()>) {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("tokio runtime")
        .block_on(scenario);
}

fn multi_thread(scenario: impl std::future::Future<Output = ()>) {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .expect("tokio runtime")
        .block_on(scenario);
}

#[test]
#[should_panic(expected = "`blocking_recv` called inside a tokio runtime")]
fn mpsc_blocking_recv_in_a_current_thread_runtime_panics() {
    current_thread(async {
        let (tx, mut rx) = mpsc::channel(1);
        tx.try_send(1).unwrap();
        let _ = rx.blocking_recv();
    });
}

#[test]
#[should_panic(expected = "in async code use `.recv().await`")]
fn the_message_names_the_async_method() {
    current_thread(async {
        let (tx, mut rx) = dispatch::channel(1);
        tx.try_send(1).unwrap();
        let _ = rx.blocking_recv();
    });
}

#[test]
#[should_panic(expected = "`blocking_send` called inside a tokio runtime")]
fn mpsc_blocking_send_in_a_multi_thread_task_panics() {
    multi_thread(async {
        tokio::spawn(async {
            let (tx, _rx) = mpsc::channel(1);
            let _ = tx.blocking_send(1);
        })
        .await
        .map_err(|panic| std::panic::resume_unwind(panic.into_panic()))
        .unwrap();
    });
}

#[test]
#[should_panic(expected = "`blocking_send_timeout` called inside a tokio runtime")]
fn broadcast_blocking_send_timeout_panics() {
    current_thread(async {
        let (tx, _rx) = broadcast::channel(1);
        let _ = tx.blocking_send_timeout(1, Duration::ZERO);
    });
}

#[test]
#[should_panic(expected = "`blocking_recv_timeout` called inside a tokio runtime")]
fn watch_blocking_recv_timeout_panics() {
    current_thread(async {
        let (_tx, mut rx) = watch::channel_with(1);
        let _ = rx.blocking_recv_timeout(Duration::ZERO);
    });
}

#[test]
#[should_panic(expected = "`blocking_recv` called inside a tokio runtime")]
fn oneshot_blocking_recv_panics() {
    current_thread(async {
        let (tx, mut rx) = oneshot::channel();
        tx.send(1).unwrap();
        let _ = rx.blocking_recv();
    });
}

#[test]
#[should_panic(expected = "`blocking_recv` called inside a tokio runtime")]
fn barrier_blocking_recv_panics() {
    current_thread(async {
        let (tx, mut rx) = barrier::channel();
        tx.send();
        rx.blocking_recv();
    });
}

#[test]
#[should_panic(expected = "`blocking_send` called inside a tokio runtime")]
fn the_sink_trait_blocking_send_panics() {
    use postage::sink::Sink;
    current_thread(async {
        let (tx, _rx) = mpsc::channel(1);
        let mut tx = tx.filter(|_: &u8| true);
        let _ = Sink::blocking_send(&mut tx, 1);
    });
}

#[test]
#[should_panic(expected = "`blocking_recv_timeout` called inside a tokio runtime")]
fn the_stream_trait_blocking_recv_timeout_panics() {
    use postage::stream::Stream;
    current_thread(async {
        let mut once = postage::stream::once(1);
        let _ = Stream::blocking_recv_timeout(&mut once, Duration::ZERO);
    });
}

#[test]
fn a_plain_thread_started_from_a_runtime_may_block() {
    current_thread(async {
        let (tx, mut rx) = mpsc::channel(1);
        let consumer = std::thread::spawn(move || rx.blocking_recv());
        tx.send(5).await.unwrap();
        assert_eq!(consumer.join().unwrap(), Some(5));
    });
}

#[test]
fn outside_a_runtime_blocking_calls_work() {
    let (tx, mut rx) = mpsc::channel(1);
    tx.blocking_send(1).unwrap();
    assert_eq!(rx.blocking_recv_timeout(Duration::ZERO), Ok(1));
}
