//! Request methods on derived enums: named, tuple and unit variants, a generic enum, a
//! dispatch channel, variants without a reply.

use postage::oneshot;
use postage::{Channel, RequestError};

#[derive(Debug, Channel)]
#[channel(mpsc, capacity = 4)]
pub enum Kv {
    /// Reads a key.
    Get {
        key: String,
        #[reply]
        reply: postage::oneshot::Sender<Option<u64>>,
    },
    Put { key: String, value: u64 },
    Swap(String, #[reply] oneshot::Sender<u64>, u64),
    Type,
    Stop,
}

#[derive(Debug, Channel)]
#[channel(dispatch, capacity = 2, name = Pool)]
pub enum Work<T> {
    Run(T, #[reply] oneshot::Sender<T>),
}

#[derive(Debug, Channel)]
#[channel(mpsc, capacity = 2)]
pub enum Plain {
    Send,
    Len,
}

async fn client(kv: &KvSender, pool: &PoolSender<u8>) -> Result<(), RequestError> {
    kv.put("a".to_string(), 1).await?;
    let _: Option<u64> = kv.get("a".to_string()).await?;
    let _: u64 = kv.swap("a".to_string(), 2).await?;
    kv.r#type().await?;
    kv.stop().await?;
    let _: u8 = pool.run(1).await?;
    Ok(())
}

fn main() {
    let (kv, _rx) = Kv::channel();
    let (pool, _workers) = Work::<u8>::channel();
    drop(client(&kv, &pool));
    let (plain, _rx) = Plain::channel();
    plain.try_send(Plain::Send).unwrap();
}
