// The mode diagnostics on bundle fields: one error per field, on the field's own token.
postage::channel! {
    bundle App {
        events: broadcast<u32, unbounded>,
        jobs: mpsc<u32, 16, lagging>,
        work: dispatch<u32, 4, unbounded>,
    }
}

fn main() {
    let (tx, _rx) = App::channel();
    let _ = tx.events.try_send(1);
    let _ = tx.jobs.try_send(2);
    let _ = tx.work.try_send(3);
}
