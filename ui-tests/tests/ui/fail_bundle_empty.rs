postage::channel! {
    pub bundle App {}
}

fn main() {
    let (_tx, _rx): (AppSenders, AppReceivers) = App::channel();
}
