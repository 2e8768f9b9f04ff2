//! Signals polled by hand on one thread: the `watch`, `oneshot` and `barrier` rows.
//!
//! No runtime is involved: futures are polled with a counting waker, so the figures are the
//! channels' own cost of registering, notifying and completing.

use std::future::Future;
use std::hint::black_box;
use std::pin::{pin, Pin};
use std::sync::Arc;
use std::task::Poll;

use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, Bencher, BenchmarkGroup, BenchmarkId, Criterion};
use postage_benches::CountingWaker;

type Group<'a> = BenchmarkGroup<'a, WallTime>;

/// Runs `routine` as the benchmark with a fresh waker, and checks that it was woken.
fn bench_woken(b: &mut Bencher<'_>, mut routine: impl FnMut(&CountingWaker)) {
    let waker = CountingWaker::new();
    b.iter(|| routine(&waker));
    assert!(waker.count() > 0, "the benchmark never woke its waker");
}

fn ready<T>(poll: Poll<T>) {
    assert!(poll.is_ready());
}

fn pending<T>(poll: Poll<T>) {
    assert!(poll.is_pending());
}

/// Polls every future of a pinned array once; returns how many are ready.
fn poll_each<F: Future, const N: usize>(
    mut futures: Pin<&mut [F; N]>,
    waker: &CountingWaker,
) -> usize {
    (0..N)
        .filter(|&i| {
            // SAFETY: the elements of a pinned array are pinned too: none is ever moved out
            // of the array, which is dropped in place.
            let future = unsafe { futures.as_mut().map_unchecked_mut(|all| &mut all[i]) };
            waker.poll(future).is_ready()
        })
        .count()
}

/// `send` + `borrow` with `N` receivers (with none, `send` would fail: the value is stored
/// with `send_replace`, postage 0.5's `borrow_mut`, and read back from the sender).
fn watch_send_borrow<const N: usize>(g: &mut Group<'_>) {
    let param = format!("send+borrow/{N}rx");
    let (tx, rx) = postage::watch::channel_with(0u64);
    let receivers: [_; N] = std::array::from_fn(|_| rx.clone());
    drop(rx);
    g.bench_function(BenchmarkId::new("postage", &param), |b| {
        let mut i = 0u64;
        b.iter(|| {
            i += 1;
            match receivers.first() {
                Some(rx) => {
                    tx.send(black_box(i)).unwrap();
                    black_box(*rx.borrow())
                }
                None => {
                    tx.send_replace(black_box(i));
                    black_box(*tx.borrow())
                }
            }
        })
    });

    let (mut tx, rx) = postage_v05::watch::channel_with(0u64);
    let receivers: [_; N] = std::array::from_fn(|_| rx.clone());
    drop(rx);
    g.bench_function(BenchmarkId::new("postage-0.5", &param), |b| {
        let mut i = 0u64;
        b.iter(|| {
            i += 1;
            match receivers.first() {
                Some(rx) => {
                    postage_v05::sink::Sink::try_send(&mut tx, black_box(i)).unwrap();
                    black_box(*rx.borrow())
                }
                None => {
                    *tx.borrow_mut() = black_box(i);
                    black_box(*tx.borrow())
                }
            }
        })
    });

    let (tx, rx) = tokio::sync::watch::channel(0u64);
    let receivers: [_; N] = std::array::from_fn(|_| rx.clone());
    drop(rx);
    g.bench_function(BenchmarkId::new("tokio", &param), |b| {
        let mut i = 0u64;
        b.iter(|| {
            i += 1;
            match receivers.first() {
                Some(rx) => {
                    tx.send(black_box(i)).unwrap();
                    black_box(*rx.borrow())
                }
                None => {
                    tx.send_replace(black_box(i));
                    black_box(*tx.borrow())
                }
            }
        })
    });
}

/// `N` receivers wait for a change, the sender sends, every receiver completes. postage 0.5
/// has no `changed`: its receivers wait in `recv`, which also clones the value.
fn watch_changed<const N: usize>(g: &mut Group<'_>) {
    let param = format!("changed/{N}rx");

    let (tx, rx) = postage::watch::channel_with(0u64);
    let mut receivers: [_; N] = std::array::from_fn(|_| rx.clone());
    for rx in &mut receivers {
        rx.borrow_and_update();
    }
    g.bench_function(BenchmarkId::new("postage", &param), |b| {
        let mut i = 0u64;
        bench_woken(b, |waker| {
            i += 1;
            let mut waiting = pin!(receivers.each_mut().map(|rx| rx.changed()));
            assert_eq!(poll_each(waiting.as_mut(), waker), 0);
            tx.send(black_box(i)).unwrap();
            assert_eq!(poll_each(waiting, waker), N);
        })
    });

    let (mut tx, rx) = postage_v05::watch::channel_with(0u64);
    let mut receivers: [_; N] = std::array::from_fn(|_| rx.clone());
    for rx in &mut receivers {
        postage_v05::stream::Stream::try_recv(rx).unwrap();
    }
    g.bench_function(BenchmarkId::new("postage-0.5", &param), |b| {
        let mut i = 0u64;
        bench_woken(b, |waker| {
            i += 1;
            let mut waiting = pin!(receivers
                .each_mut()
                .map(|rx| postage_v05::stream::Stream::recv(rx)));
            assert_eq!(poll_each(waiting.as_mut(), waker), 0);
            postage_v05::sink::Sink::try_send(&mut tx, black_box(i)).unwrap();
            assert_eq!(poll_each(waiting, waker), N);
        })
    });

    let (tx, rx) = tokio::sync::watch::channel(0u64);
    let mut receivers: [_; N] = std::array::from_fn(|_| rx.clone());
    g.bench_function(BenchmarkId::new("tokio", &param), |b| {
        let mut i = 0u64;
        bench_woken(b, |waker| {
            i += 1;
            let mut waiting = pin!(receivers.each_mut().map(|rx| rx.changed()));
            assert_eq!(poll_each(waiting.as_mut(), waker), 0);
            tx.send(black_box(i)).unwrap();
            assert_eq!(poll_each(waiting, waker), N);
        })
    });
    drop(rx);
}

fn watch(c: &mut Criterion) {
    let mut g = c.benchmark_group("watch");
    watch_send_borrow::<0>(&mut g);
    watch_send_borrow::<1>(&mut g);
    watch_send_borrow::<16>(&mut g);
    watch_changed::<1>(&mut g);
    watch_changed::<16>(&mut g);
    g.finish();
}

fn oneshot(c: &mut Criterion) {
    let mut g = c.benchmark_group("oneshot");
    let waker = CountingWaker::new();

    let param = "create+send+recv";
    g.bench_function(BenchmarkId::new("postage", param), |b| {
        b.iter(|| {
            let (tx, mut rx) = postage::oneshot::channel();
            tx.send(black_box(1u64)).unwrap();
            ready(waker.poll(Pin::new(&mut rx)));
        })
    });
    g.bench_function(BenchmarkId::new("postage-0.5", param), |b| {
        b.iter(|| {
            let (mut tx, mut rx) = postage_v05::oneshot::channel();
            postage_v05::sink::Sink::try_send(&mut tx, black_box(1u64)).unwrap();
            ready(waker.poll(pin!(postage_v05::stream::Stream::recv(&mut rx))));
        })
    });
    g.bench_function(BenchmarkId::new("tokio", param), |b| {
        b.iter(|| {
            let (tx, mut rx) = tokio::sync::oneshot::channel();
            tx.send(black_box(1u64)).unwrap();
            ready(waker.poll(Pin::new(&mut rx)));
        })
    });
    g.bench_function(BenchmarkId::new("oneshot", param), |b| {
        b.iter(|| {
            let (tx, mut rx) = oneshot::async_channel();
            tx.send(black_box(1u64)).unwrap();
            ready(waker.poll(Pin::new(&mut rx)));
        })
    });

    let param = "pending+wake";
    g.bench_function(BenchmarkId::new("postage", param), |b| {
        bench_woken(b, |waker| {
            let (tx, mut rx) = postage::oneshot::channel();
            pending(waker.poll(Pin::new(&mut rx)));
            tx.send(black_box(1u64)).unwrap();
            ready(waker.poll(Pin::new(&mut rx)));
        })
    });
    g.bench_function(BenchmarkId::new("postage-0.5", param), |b| {
        bench_woken(b, |waker| {
            let (mut tx, mut rx) = postage_v05::oneshot::channel();
            let mut recv = pin!(postage_v05::stream::Stream::recv(&mut rx));
            pending(waker.poll(recv.as_mut()));
            postage_v05::sink::Sink::try_send(&mut tx, black_box(1u64)).unwrap();
            ready(waker.poll(recv));
        })
    });
    g.bench_function(BenchmarkId::new("tokio", param), |b| {
        bench_woken(b, |waker| {
            let (tx, mut rx) = tokio::sync::oneshot::channel();
            pending(waker.poll(Pin::new(&mut rx)));
            tx.send(black_box(1u64)).unwrap();
            ready(waker.poll(Pin::new(&mut rx)));
        })
    });
    g.bench_function(BenchmarkId::new("oneshot", param), |b| {
        bench_woken(b, |waker| {
            let (tx, mut rx) = oneshot::async_channel();
            pending(waker.poll(Pin::new(&mut rx)));
            tx.send(black_box(1u64)).unwrap();
            ready(waker.poll(Pin::new(&mut rx)));
        })
    });
    g.finish();
}

/// Creates a barrier, makes `N` receivers wait on it, fires it and polls them all again.
fn barrier_row<const N: usize>(g: &mut Group<'_>) {
    let param = format!("{N}waiting");
    g.bench_function(BenchmarkId::new("postage", &param), |b| {
        bench_woken(b, |waker| {
            let (tx, rx) = postage::barrier::channel();
            let mut waiting = pin!(std::array::from_fn::<_, N, _>(|_| rx.clone()));
            assert_eq!(poll_each(waiting.as_mut(), waker), 0);
            tx.send();
            assert_eq!(poll_each(waiting, waker), N);
        })
    });
    g.bench_function(BenchmarkId::new("postage-0.5", &param), |b| {
        bench_woken(b, |waker| {
            let (mut tx, rx) = postage_v05::barrier::channel();
            let mut receivers: [_; N] = std::array::from_fn(|_| rx.clone());
            let mut waiting = pin!(receivers
                .each_mut()
                .map(|rx| postage_v05::stream::Stream::recv(rx)));
            assert_eq!(poll_each(waiting.as_mut(), waker), 0);
            postage_v05::sink::Sink::try_send(&mut tx, ()).unwrap();
            assert_eq!(poll_each(waiting, waker), N);
        })
    });
    g.bench_function(BenchmarkId::new("tokio", &param), |b| {
        bench_woken(b, |waker| {
            let set = Arc::new(tokio::sync::SetOnce::<()>::new());
            let handles: [_; N] = std::array::from_fn(|_| set.clone());
            let mut waiting = pin!(handles.each_ref().map(|set| set.wait()));
            assert_eq!(poll_each(waiting.as_mut(), waker), 0);
            set.set(()).unwrap();
            assert_eq!(poll_each(waiting, waker), N);
        })
    });
}

fn barrier(c: &mut Criterion) {
    let mut g = c.benchmark_group("barrier");
    barrier_row::<1>(&mut g);
    barrier_row::<16>(&mut g);
    g.finish();
}

criterion_group! {
    name = signal;
    config = postage_benches::config();
    targets = watch, oneshot, barrier
}
criterion_main!(signal);
