// Fields separated by `;` are one mistake, reported once; the fields are still generated.
postage::channel! {
    bundle App {
        jobs: mpsc<u32, 4>;
        events: broadcast<u32, 4>;
        done: barrier;
    }
}

fn main() {
    let (tx, _rx) = App::channel();
    tx.jobs.try_send(1).unwrap();
    tx.done.send();
}
