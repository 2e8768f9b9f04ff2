postage::channel!(Jobs: mpsc<u32, 16u8>);

fn main() {}
