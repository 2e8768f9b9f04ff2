use postage::oneshot;

#[derive(postage::Channel)]
#[channel(mpsc, capacity = 4)]
pub struct Query {
    key: String,
    #[reply]
    reply: oneshot::Sender<u64>,
}

fn main() {
    let (_tx, _rx) = Query::channel();
}
