#[derive(postage::Channel)]
#[channel(capacity = 4, mpsc)]
pub struct Job(u32);

fn main() {
    let (_tx, _rx) = Job::channel();
}
