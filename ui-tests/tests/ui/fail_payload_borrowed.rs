// A borrowed payload is one error naming the owned type; the channel is then generated
// for `&'static str`, so the code using it adds no error.
postage::channel!(Jobs: mpsc<&str, 8>);

fn main() {
    let (tx, _rx) = Jobs::channel();
    tx.try_send("job").unwrap();
}
