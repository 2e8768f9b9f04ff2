postage::channel!(Jobs: mpsc<u32, 4> = 7);

fn main() {
    let (_tx, _rx) = Jobs::channel();
}
