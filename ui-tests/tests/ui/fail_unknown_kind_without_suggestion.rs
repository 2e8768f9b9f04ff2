postage::channel!(Jobs: queue<u32, 16>);

// The generated names still exist, so this mistake causes no second error.
fn takes(_sender: JobsSender, _receiver: JobsReceiver) {}

fn main() {
    let _ = (takes, make);
}

fn make() -> (JobsSender, JobsReceiver) {
    Jobs::channel()
}
