#[derive(Default)]
pub struct Settings {
    level: u8,
}

postage::channel!(Config: watch<Settings>);

fn main() {
    let (tx, mut rx) = Config::channel();
    tx.send_replace(Settings { level: 1 });
    let _ = rx.try_recv();
}
