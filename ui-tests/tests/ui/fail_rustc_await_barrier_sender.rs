postage::channel!(Shutdown: barrier);

async fn wait() {
    let (tx, _rx) = Shutdown::channel();
    tx.await;
}

fn main() {
    let _ = wait();
}
