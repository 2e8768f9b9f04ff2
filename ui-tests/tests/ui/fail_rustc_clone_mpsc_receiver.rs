postage::channel!(Jobs: mpsc<u32, 4>);

fn main() {
    let (_tx, rx) = Jobs::channel();
    let _second = rx.clone();
}
