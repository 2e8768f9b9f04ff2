#[derive(postage::Channel)]
#[channel(mpsc, unbounded)]
pub struct Job(u32);

fn main() {
    let (tx, _rx) = Job::channel();
    tx.try_send(Job(1)).unwrap();
}
