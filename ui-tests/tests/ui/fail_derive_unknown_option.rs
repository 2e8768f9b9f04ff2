#[derive(postage::Channel)]
#[channel(mpsc, capacty = 4)]
pub struct Job(u32);

fn main() {}
