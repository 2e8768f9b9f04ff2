//! Declarations inside a function body, with `cfg_attr` and a payload borrowing `'static`.

fn main() {
    postage::channel! {
        #[cfg_attr(any(), deprecated)]
        Local: mpsc<&'static str, 2>;
        Done: barrier;
    }

    let (tx, mut rx) = Local::channel();
    let (done, mut finished) = Done::channel();
    tx.try_send("here").unwrap();
    drop(done);
    assert_eq!(rx.try_recv(), Ok("here"));
    assert_eq!(finished.try_recv(), Ok(()));
}
