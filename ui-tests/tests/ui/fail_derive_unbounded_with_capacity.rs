// One error, on the capacity; the channel then keeps it, as a bounded mpsc.
#[derive(postage::Channel)]
#[channel(mpsc, capacity = 8, unbounded)]
pub struct Job(u32);

fn main() {
    let (tx, _rx) = Job::channel();
    tx.try_send(Job(1)).unwrap();
    assert_eq!(Job::CAPACITY, 8);
}
