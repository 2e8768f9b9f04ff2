// Two mistakes on a bundle, one error each; the bundle is still generated.
postage::channel! {
    #[derive(Clone)]
    pub bundle App {
        pub jobs: mpsc<u32, 4>,
    }
}

fn main() {
    let (tx, _rx) = App::channel();
    tx.jobs.try_send(1).unwrap();
}
