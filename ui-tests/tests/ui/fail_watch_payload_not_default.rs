#[derive(Clone)]
pub struct Settings {
    level: u8,
}

postage::channel!(Config: watch<Settings>);

fn main() {
    let (tx, _rx) = Config::channel();
    tx.send_replace(Settings { level: 1 });
}
