// Two mistakes, one error each; the methods are still generated.
use postage::oneshot;

#[derive(postage::Channel)]
#[channel(mpsc, capacity = 4)]
pub enum Kv {
    #[reply]
    Get(String, oneshot::Sender<u64>),
    Put(String, #[reply(now)] oneshot::Sender<()>),
}

fn main() {
    let (tx, _rx) = Kv::channel();
    drop(tx.get(String::new(), oneshot::channel().0));
    drop(tx.put(String::new()));
}
