// The clashing variant loses its method; the others keep theirs.
use postage::oneshot;

#[derive(postage::Channel)]
#[channel(mpsc, capacity = 4)]
pub enum Kv {
    Get(String, #[reply] oneshot::Sender<u64>),
    Len(#[reply] oneshot::Sender<usize>),
}

fn main() {
    let (tx, _rx) = Kv::channel();
    let _ = tx.len();
    drop(tx.get(String::new()));
}
