postage::channel! {
    Jobs: mpsc<u32, 4>;
    JobsSender: oneshot<u8>;
}

fn main() {}
