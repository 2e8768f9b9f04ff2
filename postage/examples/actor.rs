//! A key-value actor, written twice: by hand, and with the generated request methods.
//!
//! ```sh
//! cargo run --example actor
//! ```
//!
//! One task owns the map; every other task talks to it through a cloneable sender whose
//! async methods send a request and await the reply. The requests are an enum that is its
//! own mpsc channel (`#[derive(Channel)]`), and a request that wants an answer carries a
//! oneshot sender for the reply. A request can fail in two ways
//! ([`postage::RequestError`]): the actor is gone and the channel refuses it (`Closed`), or
//! the actor dropped the reply sender without answering (`NoReply`) — here, because it
//! stopped with the request still queued.
//!
//! - [`by_hand`] writes the address itself: a handle type around the generated sender, with
//!   one async method per request, each making the reply channel, sending, and mapping the
//!   two failures.
//! - [`generated`] marks each reply field `#[reply]`, and the generator writes those methods
//!   on `KvSender` (`get`, `put`, `add`, `stop`, from the variant names), with the same
//!   signatures and the same behaviour.
//!
//! The two modules are the same actor (the enum and the `serve` loop read the same), and
//! only the address differs. As formatted by rustfmt, doc comments included, `by_hand` is
//! 91 lines and `generated` 52: the handle type with its six methods (40 lines) becomes two
//! `#[reply]` attributes.
//!
//! `main` runs the same scenario against each version and asserts the same answers. It runs
//! on `futures::executor::LocalPool`, a single thread, so the order of events is the same
//! on every run.

use std::collections::HashMap;

use futures::executor::LocalPool;
use futures::future::{join, join_all};
use futures::task::LocalSpawnExt;
use postage::RequestError;

/// The actor with its address written by hand.
pub mod by_hand {
    use std::collections::HashMap;

    use postage::{oneshot, RequestError};

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

    /// The actor's address: one async method per request.
    #[derive(Clone, Debug)]
    pub struct KvHandle(pub KvSender);

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

    /// The actor: owns the map and answers requests in arrival order until it is stopped
    /// or every sender is gone. Returns the map it ends with.
    pub async fn serve(mut inbox: KvReceiver) -> HashMap<String, u64> {
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
}

/// The same actor, its address generated from the `#[reply]` fields.
pub mod generated {
    use std::collections::HashMap;

    use postage::oneshot;

    /// A request to the key-value actor; `KvSender` gets one async method per variant.
    #[derive(Debug, postage::Channel)]
    #[channel(mpsc, capacity = 32)]
    pub enum Kv {
        /// The value stored under `key`, if any.
        Get {
            key: String,
            #[reply]
            reply: oneshot::Sender<Option<u64>>,
        },
        /// Stores `value` under `key`.
        Put { key: String, value: u64 },
        /// Adds `by` to the value under `key` (0 if absent) and answers the new value.
        Add {
            key: String,
            by: u64,
            #[reply]
            reply: oneshot::Sender<u64>,
        },
        /// Ends the actor; requests queued behind it get no reply.
        Stop,
    }

    /// The actor: owns the map and answers requests in arrival order until it is stopped
    /// or every sender is gone. Returns the map it ends with.
    pub async fn serve(mut inbox: KvReceiver) -> HashMap<String, u64> {
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
}

/// The methods the scenario calls; both addresses have them with these signatures, and
/// each impl below only forwards to them.
trait KvAddress: Clone {
    async fn get(&self, key: String) -> Result<Option<u64>, RequestError>;
    async fn put(&self, key: String, value: u64) -> Result<(), RequestError>;
    async fn add(&self, key: String, by: u64) -> Result<u64, RequestError>;
    async fn stop(&self) -> Result<(), RequestError>;
}

impl KvAddress for by_hand::KvHandle {
    async fn get(&self, key: String) -> Result<Option<u64>, RequestError> {
        by_hand::KvHandle::get(self, key).await
    }
    async fn put(&self, key: String, value: u64) -> Result<(), RequestError> {
        by_hand::KvHandle::put(self, key, value).await
    }
    async fn add(&self, key: String, by: u64) -> Result<u64, RequestError> {
        by_hand::KvHandle::add(self, key, by).await
    }
    async fn stop(&self) -> Result<(), RequestError> {
        by_hand::KvHandle::stop(self).await
    }
}

impl KvAddress for generated::KvSender {
    async fn get(&self, key: String) -> Result<Option<u64>, RequestError> {
        generated::KvSender::get(self, key).await
    }
    async fn put(&self, key: String, value: u64) -> Result<(), RequestError> {
        generated::KvSender::put(self, key, value).await
    }
    async fn add(&self, key: String, by: u64) -> Result<u64, RequestError> {
        generated::KvSender::add(self, key, by).await
    }
    async fn stop(&self) -> Result<(), RequestError> {
        generated::KvSender::stop(self).await
    }
}

/// Talks to the actor through `kv` while `actor` runs it on `pool`, printing and asserting
/// every answer.
fn scenario(
    pool: &mut LocalPool,
    kv: impl KvAddress,
    actor: impl std::future::Future<Output = HashMap<String, u64>> + 'static,
) {
    let actor = pool
        .spawner()
        .spawn_local_with_handle(actor)
        .expect("spawn the actor");
    pool.run_until(async {
        kv.put("apples".into(), 3).await.unwrap();
        // Three callers at once: every addition is applied once, in arrival order.
        let callers = (1..=3).map(|caller| {
            let kv = kv.clone();
            async move { kv.add("apples".into(), caller).await.unwrap() }
        });
        let totals = join_all(callers).await;
        println!("  apples after each addition: {totals:?}");
        assert_eq!(totals, [4, 6, 9]);
        let apples = kv.get("apples".into()).await;
        let pears = kv.get("pears".into()).await;
        println!("  apples: {apples:?}, pears: {pears:?}");
        assert_eq!((apples, pears), (Ok(Some(9)), Ok(None)));

        // `get` is queued behind `stop`: the actor ends first and drops it unanswered.
        let (stopped, queued) = join(kv.stop(), kv.get("apples".into())).await;
        println!("  stop: {stopped:?}, a get queued behind it: {queued:?}");
        assert_eq!((stopped, queued), (Ok(()), Err(RequestError::NoReply)));
        let store = actor.await;
        println!("  the actor ended with {store:?}");
        assert_eq!(store, HashMap::from([("apples".to_string(), 9)]));
        // The actor's inbox is gone: the channel refuses new requests.
        let refused = kv.get("apples".into()).await;
        println!("  a get after the end: {refused:?}");
        assert_eq!(refused, Err(RequestError::Closed));
    });
}

fn main() {
    let mut pool = LocalPool::new();

    println!("the address written by hand:");
    let (sender, inbox) = by_hand::Kv::channel();
    scenario(&mut pool, by_hand::KvHandle(sender), by_hand::serve(inbox));

    println!("the address generated from #[reply]:");
    let (sender, inbox) = generated::Kv::channel();
    scenario(&mut pool, sender, generated::serve(inbox));
}
