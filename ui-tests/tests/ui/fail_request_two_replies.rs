use postage::oneshot;

#[derive(postage::Channel)]
#[channel(mpsc, capacity = 4)]
pub enum Kv {
    Get {
        key: String,
        #[reply]
        value: oneshot::Sender<u64>,
        #[reply]
        found: oneshot::Sender<bool>,
    },
}

fn main() {
    let (_tx, _rx) = Kv::channel();
}
