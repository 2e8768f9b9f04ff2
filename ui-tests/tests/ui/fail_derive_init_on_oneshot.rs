#[derive(postage::Channel)]
#[channel(oneshot, init = Answer(0))]
pub struct Answer(u32);

fn main() {}
