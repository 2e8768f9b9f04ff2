#[derive(postage::Channel)]
#[channel(barrier)]
pub struct Stop;

fn main() {}
