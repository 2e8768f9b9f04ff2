// A capacity without its key is reported once and then read as the capacity.
#[derive(postage::Channel)]
#[channel(dispatch, 8)]
pub struct Job(u32);

fn main() {
    let (tx, _rx) = Job::channel();
    tx.try_send(Job(1)).unwrap();
    assert_eq!(Job::CAPACITY, 8);
}
