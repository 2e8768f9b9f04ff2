//! The generated halves implement postage's `Sink`/`Stream`, the `futures` traits, and
//! code generic over `postage::Channel` works with any of them.

use futures::{SinkExt, StreamExt};
use postage::sink::Sink;
use postage::stream::Stream;
use postage::Channel;

postage::channel! {
    Numbers: mpsc<u32, 4>;
    Shared: dispatch<u32, 4>;
    Latest: watch<u32>;
    Once: oneshot<u32>;
    Stop: barrier;
}

async fn send_and_collect<C>(values: Vec<u32>) -> Vec<u32>
where
    C: Channel<Item = u32>,
    C::Sender: Sink<Item = u32> + Unpin,
    C::Receiver: Stream<Item = u32> + Unpin,
{
    let (mut tx, mut rx) = C::channel();
    for value in values {
        Sink::send(&mut tx, value).await.unwrap();
    }
    drop(tx);
    let mut out = Vec::new();
    while let Some(value) = Stream::recv(&mut rx).await {
        out.push(value);
    }
    out
}

fn main() {
    futures::executor::block_on(async {
        assert_eq!(send_and_collect::<Numbers>(vec![1, 2, 3]).await, [1, 2, 3]);
        assert_eq!(send_and_collect::<Shared>(vec![4, 5]).await, [4, 5]);
        assert_eq!(send_and_collect::<Once>(vec![6]).await, [6]);

        let (mut tx, rx) = Numbers::channel();
        SinkExt::send(&mut tx, 8).await.unwrap();
        drop(tx);
        assert_eq!(rx.collect::<Vec<_>>().await, [8]);

        let (_latest, rx) = Latest::channel();
        let first = rx.take(1).collect::<Vec<_>>().await;
        assert_eq!(first, [0]);

        let (stop, mut stopped) = Stop::channel();
        drop(stop);
        assert_eq!(StreamExt::next(&mut stopped).await, Some(()));
        assert_eq!(StreamExt::next(&mut stopped).await, None);
        assert!(futures::stream::FusedStream::is_terminated(&stopped));

        let inner: postage::mpsc::Sender<u32> = Numbers::channel().0.into_inner();
        assert_eq!(inner.capacity(), 4);
    });
}
