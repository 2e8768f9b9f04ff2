//! A key-value actor: one task owns the map, and every other task talks to it through a
//! cloneable handle whose async methods send a request and await the reply.
//!
//! ```sh
//! cargo run --example actor
//! ```
//!
//! The requests are an enum that is its own mpsc channel (`#[derive(Channel)]`); a request
//! that wants an answer carries a oneshot sender for the reply. The handle turns each
//! variant into an async method, and a request can fail in two ways: the actor is gone and
//! the channel refuses it (`Closed`), or the actor dropped the reply sender without
//! answering (`NoReply`) — here, because it stopped with the request still queued.
//!
//! This runs on `futures::executor::LocalPool`, a single thread, so the order of events is
//! the same on every run.

use std::collections::HashMap;
use std::fmt;

use futures::executor::LocalPool;
use futures::future::join;
use futures::task::LocalSpawnExt;
use postage::oneshot;

/// A request to the key-value actor.
#[derive(Debug, postage::Channel)]
#[channel(mpsc, capacity = 32)]
pub enum Kv {
    /// The value stored under `key`, if any.
    Get {
        key: String,
        reply: oneshot::Sender<Option<u64>>,
    },
    /// Stores `value` under `key`.
    Put { key: String, value: u64 },
    /// Adds `by` to the value under `key` (0 if absent) and answers the new value.
    Add {
        key: String,
        by: u64,
        reply: oneshot::Sender<u64>,
    },
    /// Ends the actor; requests queued behind it get no reply.
    Stop,
}

/// Why a request got no answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestError {
    /// The actor is gone: the channel refused the request.
    Closed,
    /// The actor dropped the reply sender without answering.
    NoReply,
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RequestError::Closed => "channel is closed",
            RequestError::NoReply => "request got no reply",
        })
    }
}

impl std::error::Error for RequestError {}

/// The actor's address: one async method per request.
#[derive(Clone, Debug)]
pub struct KvHandle(KvSender);

impl KvHandle {
    /// Sends a request made with a fresh reply sender, then waits for the answer.
    async fn request<R>(
        &self,
        make: impl FnOnce(oneshot::Sender<R>) -> Kv,
    ) -> Result<R, RequestError> {
        let (reply, answer) = oneshot::channel();
        self.tell(make(reply)).await?;
        answer.await.ok_or(RequestError::NoReply)
    }

    /// Sends a request that has no answer.
    async fn tell(&self, request: Kv) -> Result<(), RequestError> {
        self.0.send(request).await.map_err(|_| RequestError::Closed)
    }

    /// The value under `key`, if any.
    pub async fn get(&self, key: String) -> Result<Option<u64>, RequestError> {
        self.request(|reply| Kv::Get { key, reply }).await
    }

    /// Stores `value` under `key`; resolves once the actor has the request.
    pub async fn put(&self, key: String, value: u64) -> Result<(), RequestError> {
        self.tell(Kv::Put { key, value }).await
    }

    /// Adds `by` to the value under `key` and returns the new value.
    pub async fn add(&self, key: String, by: u64) -> Result<u64, RequestError> {
        self.request(|reply| Kv::Add { key, by, reply }).await
    }

    /// Asks the actor to end after the requests queued before this one.
    pub async fn stop(&self) -> Result<(), RequestError> {
        self.tell(Kv::Stop).await
    }
}

/// The actor: owns the map and answers requests in arrival order until it is stopped or
/// every handle is gone. Returns the map it ends with.
async fn serve(mut inbox: KvReceiver) -> HashMap<String, u64> {
    let mut store = HashMap::new();
    while let Some(request) = inbox.recv().await {
        match request {
            // A failed reply means the caller stopped waiting; nothing to do about it.
            Kv::Get { key, reply } => {
                let _ = reply.send(store.get(&key).copied());
            }
            Kv::Put { key, value } => {
                store.insert(key, value);
            }
            Kv::Add { key, by, reply } => {
                let value = store.entry(key).or_insert(0);
                *value += by;
                let _ = reply.send(*value);
            }
            Kv::Stop => break,
        }
    }
    store
}

fn main() {
    let mut pool = LocalPool::new();
    let (sender, inbox) = Kv::channel();
    let handle = KvHandle(sender);
    let actor = pool
        .spawner()
        .spawn_local_with_handle(serve(inbox))
        .expect("spawn the actor");

    pool.run_until(async {
        handle.put("apples".into(), 3).await.unwrap();
        // Three callers at once: every addition is applied once, in arrival order.
        let callers: Vec<_> = (1..=3)
            .map(|caller| {
                let handle = handle.clone();
                async move { handle.add("apples".into(), caller).await.unwrap() }
            })
            .collect();
        let totals = futures::future::join_all(callers).await;
        println!("apples after each addition: {totals:?}");
        println!("apples: {:?}", handle.get("apples".into()).await);
        println!("pears: {:?}", handle.get("pears".into()).await);

        // `get` is queued behind `stop`: the actor ends first and drops it unanswered.
        let (stopped, queued) = join(handle.stop(), handle.get("apples".into())).await;
        println!("stop: {stopped:?}, a get queued behind it: {queued:?}");
        assert_eq!(queued, Err(RequestError::NoReply));
        let store = actor.await;
        println!("the actor ended with {store:?}");
        // The actor's inbox is gone: the channel refuses new requests.
        let refused = handle.get("apples".into()).await;
        println!("a get after the end: {refused:?}");
        assert_eq!(refused, Err(RequestError::Closed));
    });
}
