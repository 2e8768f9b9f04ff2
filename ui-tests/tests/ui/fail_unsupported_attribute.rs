postage::channel! {
    #[derive(Clone)]
    Jobs: mpsc<u32, 4>;
}

fn main() {
    let (_tx, _rx) = Jobs::channel();
}
