// `cap` is read as `capacity` after one error: no second "needs a capacity".
#[derive(postage::Channel)]
#[channel(mpsc, cap = 64)]
pub struct Job(u32);

fn main() {
    let (tx, _rx) = Job::channel();
    tx.try_send(Job(1)).unwrap();
    assert_eq!(Job::CAPACITY, 64);
}
