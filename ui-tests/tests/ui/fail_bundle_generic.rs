postage::channel! {
    bundle App<T> {
        jobs: mpsc<T, 4>,
    }
}

fn main() {}
