#[derive(postage::Channel)]
#[channel(capacity = 4)]
pub struct Job(u32);

fn main() {}
