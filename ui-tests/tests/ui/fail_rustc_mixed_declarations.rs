// Same kind, same payload, different declarations: the halves do not mix.
postage::channel! {
    Jobs: mpsc<u32, 4>;
    Retries: mpsc<u32, 4>;
}

fn drain(_receiver: JobsReceiver) {}

fn main() {
    let (_tx, retries) = Retries::channel();
    drain(retries);
}
