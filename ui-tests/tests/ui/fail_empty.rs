postage::channel!();

fn main() {}
