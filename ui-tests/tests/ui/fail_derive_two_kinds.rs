#[derive(postage::Channel)]
#[channel(mpsc, broadcast, capacity = 4)]
pub struct Job(u32);

fn main() {}
