#[derive(postage::Channel)]
pub struct Job(u32);

fn main() {}
