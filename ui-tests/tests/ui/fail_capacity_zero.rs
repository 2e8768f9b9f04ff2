postage::channel!(Jobs: mpsc<u32, 0>);

fn main() {
    let (_tx, _rx) = Jobs::channel();
}
