#[derive(postage::Channel)]
#[channel(mpsc, capacity = 4, capacity = 8)]
pub struct Job(u32);

fn main() {
    let (_tx, _rx) = Job::channel();
}
