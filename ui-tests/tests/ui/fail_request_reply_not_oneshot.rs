#[derive(postage::Channel)]
#[channel(mpsc, capacity = 4)]
pub enum Kv {
    Get {
        key: String,
        #[reply]
        reply: postage::mpsc::Sender<u64>,
    },
    Put {
        key: String,
        value: u64,
    },
}

fn main() {
    let (tx, _rx) = Kv::channel();
    drop(tx.put(String::new(), 1));
}
