//! The executors the task benchmarks run on, built once outside the timed section.

use std::future::Future;
use std::pin::Pin;

/// A task handle that resolves when the task finished.
pub type Join = Pin<Box<dyn Future<Output = ()> + Send>>;

/// One of the executors of BENCH.md.
pub enum Runtime {
    /// tokio's current-thread scheduler: every task on the benchmark thread.
    TokioCurrent(tokio::runtime::Runtime),
    /// tokio's multi-thread scheduler with two workers.
    TokioMulti(tokio::runtime::Runtime),
    /// smol as commonly used: `smol::spawn` onto its global executor (one worker thread
    /// unless `SMOL_THREADS` says otherwise) and `smol::block_on` on the benchmark thread.
    Smol,
}

impl Runtime {
    /// Every runtime of the task rows, in report order.
    pub fn all() -> Vec<Runtime> {
        vec![
            Runtime::tokio_current(),
            Runtime::tokio_multi(),
            Runtime::Smol,
        ]
    }

    /// tokio's current-thread runtime.
    pub fn tokio_current() -> Runtime {
        Runtime::TokioCurrent(
            tokio::runtime::Builder::new_current_thread()
                .build()
                .expect("tokio current-thread runtime"),
        )
    }

    /// tokio's multi-thread runtime with two workers.
    pub fn tokio_multi() -> Runtime {
        Runtime::TokioMulti(
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .build()
                .expect("tokio multi-thread runtime"),
        )
    }

    /// The short name used in benchmark ids.
    pub fn name(&self) -> &'static str {
        match self {
            Runtime::TokioCurrent(_) => "tokio-ct",
            Runtime::TokioMulti(_) => "tokio-mt2",
            Runtime::Smol => "smol",
        }
    }

    /// Runs `future` to completion on the calling thread.
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        match self {
            Runtime::TokioCurrent(rt) | Runtime::TokioMulti(rt) => rt.block_on(future),
            Runtime::Smol => smol::block_on(future),
        }
    }

    /// Spawns `future` as a task; the returned handle resolves when it finished.
    pub fn spawn<F>(&self, future: F) -> Join
    where
        F: Future<Output = ()> + Send + 'static,
    {
        match self {
            Runtime::TokioCurrent(rt) | Runtime::TokioMulti(rt) => {
                let task = rt.spawn(future);
                Box::pin(async move { task.await.expect("benchmark task panicked") })
            }
            Runtime::Smol => Box::pin(smol::spawn(future)),
        }
    }
}
