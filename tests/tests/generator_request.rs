//! Request/response methods generated for derived enums with `#[reply]` fields, on every
//! executor: every request answered exactly once, every reply counted.

use std::collections::HashMap;

use postage::oneshot;
use postage::{Channel, RequestError};
use postage_tests::on_every_executor;

const CLIENTS: u64 = 4;
const PER_CLIENT: u64 = 200;
const WORKERS: usize = 3;

/// A key-value store actor.
#[derive(Debug, Channel)]
#[channel(mpsc, capacity = 8)]
enum Kv {
    Get {
        key: u64,
        #[reply]
        reply: oneshot::Sender<Option<u64>>,
    },
    Put {
        key: u64,
        value: u64,
    },
    /// Adds to a key and answers with the new value.
    Add(u64, #[reply] oneshot::Sender<u64>, u64),
    Touch(),
    Forget {
        #[reply]
        reply: oneshot::Sender<()>,
    },
}

/// Work for a pool of workers; each job is answered by the worker that took it.
#[derive(Debug, Channel)]
#[channel(dispatch, capacity = 4, name = Pool)]
enum Job {
    Square(u64, #[reply] oneshot::Sender<(usize, u64)>),
}

/// Serves `rx` until every sender is gone; returns how many messages it handled.
async fn serve_kv(mut rx: KvReceiver) -> u64 {
    let mut store = HashMap::new();
    let mut handled = 0;
    while let Some(message) = rx.recv().await {
        handled += 1;
        match message {
            Kv::Get { key, reply } => reply.send(store.get(&key).copied()).unwrap(),
            Kv::Put { key, value } => {
                store.insert(key, value);
            }
            Kv::Add(key, reply, amount) => {
                let value = store.entry(key).or_insert(0);
                *value += amount;
                reply.send(*value).unwrap();
            }
            Kv::Touch() => {}
            Kv::Forget { reply } => drop(reply),
        }
    }
    handled
}

#[test]
fn every_request_gets_its_own_answer() {
    on_every_executor(|executor| async move {
        let (tx, rx) = Kv::channel();
        let server = executor.spawn(serve_kv(rx));
        let clients: Vec<_> = (0..CLIENTS)
            .map(|client| {
                let tx = tx.clone();
                executor.spawn(async move {
                    let mut replies = 0;
                    for n in 0..PER_CLIENT {
                        let key = client * PER_CLIENT + n;
                        tx.put(key, n).await.unwrap();
                        assert_eq!(tx.get(key).await, Ok(Some(n)));
                        assert_eq!(tx.add(key, 10).await, Ok(n + 10));
                        tx.touch().await.unwrap();
                        replies += 2;
                    }
                    replies
                })
            })
            .collect();
        drop(tx);
        let mut replies = 0;
        for client in clients {
            replies += client.await;
        }
        assert_eq!(replies, CLIENTS * PER_CLIENT * 2);
        assert_eq!(server.await, CLIENTS * PER_CLIENT * 4);
    });
}

#[test]
fn each_pool_request_is_answered_by_exactly_one_worker() {
    on_every_executor(|executor| async move {
        let (tx, rx) = Job::channel();
        let workers: Vec<_> = (0..WORKERS)
            .map(|worker| {
                let mut rx = rx.clone();
                executor.spawn(async move {
                    let mut answered = 0u64;
                    while let Some(Job::Square(n, reply)) = rx.recv().await {
                        reply.send((worker, n * n)).unwrap();
                        answered += 1;
                    }
                    answered
                })
            })
            .collect();
        drop(rx);
        let clients: Vec<_> = (0..CLIENTS)
            .map(|client| {
                let tx: PoolSender = tx.clone();
                executor.spawn(async move {
                    let mut sum = 0;
                    for n in 0..PER_CLIENT {
                        let m = client * PER_CLIENT + n;
                        let (worker, square) = tx.square(m).await.unwrap();
                        assert!(worker < WORKERS);
                        assert_eq!(square, m * m);
                        sum += 1;
                    }
                    sum
                })
            })
            .collect();
        drop(tx);
        let mut answers = 0;
        for client in clients {
            answers += client.await;
        }
        let mut answered = 0;
        for worker in workers {
            answered += worker.await;
        }
        assert_eq!(answers, CLIENTS * PER_CLIENT);
        assert_eq!(answered, CLIENTS * PER_CLIENT);
    });
}

#[test]
fn a_dropped_reply_sender_is_no_reply() {
    on_every_executor(|executor| async move {
        let (tx, rx) = Kv::channel();
        let server = executor.spawn(serve_kv(rx));
        assert_eq!(tx.forget().await, Err(RequestError::NoReply));
        assert_eq!(tx.get(1).await, Ok(None), "the actor still serves");
        drop(tx);
        assert_eq!(server.await, 2);
    });
}

#[test]
fn a_request_to_a_closed_channel_is_closed() {
    on_every_executor(|_| async {
        let (tx, rx) = Kv::channel();
        drop(rx);
        assert_eq!(tx.get(1).await, Err(RequestError::Closed));
        assert_eq!(tx.put(1, 2).await, Err(RequestError::Closed));
    });
}

#[test]
fn a_request_whose_receiver_goes_away_unanswered_is_no_reply() {
    on_every_executor(|_| async {
        let (tx, rx) = Kv::channel();
        let request = tx.get(1);
        futures::pin_mut!(request);
        assert!(
            futures::poll!(request.as_mut()).is_pending(),
            "sent, waiting for the answer"
        );
        drop(rx);
        assert_eq!(request.await, Err(RequestError::NoReply));
    });
}
