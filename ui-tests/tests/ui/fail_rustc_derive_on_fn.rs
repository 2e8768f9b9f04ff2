#[derive(postage::Channel)]
#[channel(mpsc, capacity = 4)]
fn job() {}

fn main() {}
