// A watch sender is not `Clone`, so neither are the bundle's senders.
postage::channel! {
    bundle App {
        jobs: mpsc<u32, 4>,
        config: watch<u8> = 0,
    }
}

fn main() {
    let (tx, _rx) = App::channel();
    let _copy = tx.clone();
}
