const SLOTS: usize = 0;

postage::channel!(Jobs: mpsc<u32, SLOTS>);

fn main() {
    let (_tx, _rx) = Jobs::channel();
}
