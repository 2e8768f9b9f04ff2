postage::channel! {
    bundle App {
        jobs: mpsc<u32, 4>,
        events: broadcast<u32, 4>,
        jobs: dispatch<u32, 4>,
    }
}

fn main() {
    let (tx, _rx) = App::channel();
    tx.jobs.try_send(1).unwrap();
}
