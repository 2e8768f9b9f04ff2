//! Driving a future to completion on the current thread, for the `blocking_*` methods.

use std::cell::RefCell;
use std::future::Future;
use std::pin::pin;
// The facade's `Arc` is loom's under `postage_loom`, which cannot build a `Waker`; this
// thread-parking waker is not channel state, so it uses std directly.
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

struct ThreadWaker(Thread);

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.unpark();
    }
}

thread_local! {
    static THREAD_WAKER: RefCell<Option<Waker>> = const { RefCell::new(None) };
}

fn current_thread_waker() -> Waker {
    THREAD_WAKER.with(|cell| {
        cell.borrow_mut()
            .get_or_insert_with(|| Waker::from(Arc::new(ThreadWaker(thread::current()))))
            .clone()
    })
}

/// Polls `future` on this thread, parking between polls until its waker is woken.
///
/// Works outside any executor. Calling it from inside an async task blocks that task's
/// executor thread, as any blocking call does.
pub(crate) fn block_on<F: Future>(future: F) -> F::Output {
    let waker = current_thread_waker();
    let mut cx = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        thread::park();
    }
}
