postage::channel! {
    Jobs: mpsc;
    Reply: oneshot;
}

fn main() {}
