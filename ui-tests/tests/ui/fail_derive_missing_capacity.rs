#[derive(postage::Channel)]
#[channel(dispatch)]
pub struct Job(u32);

fn main() {
    let (_tx, _rx) = Job::channel();
}
