//! Shared harness for the integration tests: run one async scenario on every supported
//! executor, each under a watchdog so a hang fails the test instead of stalling the run.

use std::future::Future;
use std::pin::Pin;
use std::sync::mpsc as std_mpsc;
use std::task::{Context, Poll};
use std::time::Duration;

/// How long one scenario on one executor may take before the test fails.
pub const WATCHDOG: Duration = Duration::from_secs(60);

/// A boxed, sendable future, as returned by [`Executor::spawn`].
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// The executors every channel is tested on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Executor {
    /// tokio's current-thread runtime.
    TokioCurrentThread,
    /// tokio's multi-thread runtime with two workers.
    TokioMultiThread,
    /// async-std's global executor.
    AsyncStd,
    /// smol's global executor.
    Smol,
    /// `futures::executor::block_on`, with spawned tasks on their own threads.
    Futures,
}

impl Executor {
    /// Every executor, in a fixed order.
    pub const ALL: [Executor; 5] = [
        Executor::TokioCurrentThread,
        Executor::TokioMultiThread,
        Executor::AsyncStd,
        Executor::Smol,
        Executor::Futures,
    ];

    /// Spawns `future` as a task of this executor; the returned future yields its output.
    ///
    /// Must be called from inside a scenario run by [`on_every_executor`] (tokio needs its
    /// runtime context).
    pub fn spawn<F>(self, future: F) -> BoxFuture<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        match self {
            Executor::TokioCurrentThread | Executor::TokioMultiThread => {
                let handle = tokio::spawn(future);
                Box::pin(async move { handle.await.expect("task panicked") })
            }
            Executor::AsyncStd => Box::pin(async_std::task::spawn(future)),
            Executor::Smol => Box::pin(smol::spawn(future)),
            Executor::Futures => {
                let (tx, rx) = futures::channel::oneshot::channel();
                std::thread::spawn(move || {
                    let _ = tx.send(futures::executor::block_on(future));
                });
                Box::pin(async move { rx.await.expect("task panicked") })
            }
        }
    }

    /// Runs `future` to completion on this executor, on the current thread.
    pub fn block_on<F>(self, future: F) -> F::Output
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        match self {
            Executor::TokioCurrentThread => tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("tokio runtime")
                .block_on(future),
            Executor::TokioMultiThread => {
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .expect("tokio runtime");
                runtime.block_on(async move { tokio::spawn(future).await.expect("task panicked") })
            }
            Executor::AsyncStd => async_std::task::block_on(async_std::task::spawn(future)),
            Executor::Smol => smol::block_on(smol::spawn(future)),
            Executor::Futures => futures::executor::block_on(future),
        }
    }
}

/// Runs `body` on a separate thread and fails if it has not finished within `limit`.
pub fn with_watchdog<F>(name: &str, limit: Duration, body: F)
where
    F: FnOnce() + Send + 'static,
{
    let (done_tx, done_rx) = std_mpsc::channel();
    let worker = std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || {
            body();
            let _ = done_tx.send(());
        })
        .expect("spawn test thread");
    match done_rx.recv_timeout(limit) {
        Ok(()) => worker.join().expect("test thread panicked"),
        Err(std_mpsc::RecvTimeoutError::Disconnected) => {
            if let Err(panic) = worker.join() {
                std::panic::resume_unwind(panic);
            }
        }
        Err(std_mpsc::RecvTimeoutError::Timeout) => {
            panic!("{name}: no result after {limit:?}; the scenario hangs")
        }
    }
}

/// Runs the scenario `make(executor)` on every executor of [`Executor::ALL`], each under
/// the [`WATCHDOG`].
pub fn on_every_executor<M, F>(make: M)
where
    M: Fn(Executor) -> F + Send + Sync + Clone + 'static,
    F: Future<Output = ()> + Send + 'static,
{
    for executor in Executor::ALL {
        let make = make.clone();
        with_watchdog(&format!("{executor:?}"), WATCHDOG, move || {
            executor.block_on(make(executor))
        });
    }
}

/// The future of [`yield_now`].
#[derive(Debug)]
pub struct YieldNow(bool);

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

/// Gives the executor a chance to run other tasks once, on any executor.
pub fn yield_now() -> YieldNow {
    YieldNow(false)
}

/// A waker that runs `action` when its last clone is dropped: user code a channel must
/// never run under its lock (the action usually uses that channel).
pub struct OnDrop {
    action: std::sync::Mutex<Option<Box<dyn FnOnce() + Send>>>,
}

impl OnDrop {
    /// A waker whose last drop runs `action`.
    pub fn waker(action: impl FnOnce() + Send + 'static) -> std::task::Waker {
        std::task::Waker::from(std::sync::Arc::new(OnDrop {
            action: std::sync::Mutex::new(Some(Box::new(action))),
        }))
    }
}

impl std::task::Wake for OnDrop {
    fn wake(self: std::sync::Arc<Self>) {}
}

impl Drop for OnDrop {
    fn drop(&mut self) {
        let action = self.action.get_mut().unwrap().take();
        if let Some(action) = action {
            action();
        }
    }
}
