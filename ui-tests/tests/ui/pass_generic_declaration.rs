//! Generic declarations: the parameters go on the marker and on both halves.

use postage::Channel;

postage::channel! {
    pub Results<T>: mpsc<Result<T, String>, 4>;
    Fanout<T: Clone>: broadcast<T, 2>;
    Borrowed<'a>: oneshot<&'a str>;
}

#[derive(Debug, PartialEq, Channel)]
#[channel(dispatch, capacity = 2)]
struct Wrapped<T>(T);

fn first<T>(mut rx: ResultsReceiver<T>) -> Option<Result<T, String>> {
    rx.try_recv().ok()
}

fn main() {
    let (tx, rx) = Results::<u8>::channel();
    tx.try_send(Ok(1)).unwrap();
    assert_eq!(first(rx), Some(Ok(1)));

    let (tx, mut rx) = Fanout::<String>::channel();
    tx.try_send("hi".to_string()).unwrap();
    assert_eq!(rx.try_recv().as_deref(), Ok("hi"));

    let text = String::from("borrowed");
    let (tx, mut rx) = Borrowed::channel();
    tx.send(&text).unwrap();
    assert_eq!(rx.try_recv(), Ok("borrowed"));

    let (tx, mut rx) = Wrapped::<char>::channel();
    tx.try_send(Wrapped('x')).unwrap();
    assert_eq!(rx.try_recv(), Ok(Wrapped('x')));
    assert_eq!(
        <Wrapped<char> as Channel>::KIND,
        postage::ChannelKind::Dispatch
    );
}
