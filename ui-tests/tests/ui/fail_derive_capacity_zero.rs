#[derive(postage::Channel)]
#[channel(mpsc, capacity = 0)]
pub struct Job(u32);

fn main() {}
