use postage::oneshot;

#[derive(postage::Channel)]
#[channel(watch)]
pub struct Query {
    #[reply]
    reply: oneshot::Sender<u64>,
}

fn main() {
    let (_tx, _rx) = Query::channel();
}
