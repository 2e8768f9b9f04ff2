postage::channel!(Jobs: <u32, 4>);

fn main() {}
