postage::channel! {
    Jobs: mpsc<u32, 4>;
    Jobs: dispatch<u32, 4>;
}

fn main() {
    let (_tx, _rx) = Jobs::channel();
}
