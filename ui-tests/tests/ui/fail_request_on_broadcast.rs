use postage::oneshot;

#[derive(postage::Channel)]
#[channel(broadcast, capacity = 4)]
pub enum Kv {
    Get(String, #[reply] oneshot::Sender<u64>),
}

fn main() {
    let (_tx, _rx) = Kv::channel();
}
