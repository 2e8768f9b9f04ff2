// Each field has its own mistake: one error each, on the field, and the bundle's names
// are still generated.
postage::channel! {
    bundle App {
        jobs: mspc<u32, 4>,
        events: broadcast<u32>,
        shutdown: barrier<u8>,
        work: dispatch<u32, 4> = 1,
        broken: mpsc<u32, 4> extra,
        fine: mpsc<u32, 4>,
    }
}

fn main() {
    let (tx, _rx) = App::channel();
    tx.jobs.try_send(1).unwrap();
    tx.fine.try_send(1).unwrap();
}
