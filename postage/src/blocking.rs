//! Driving a future to completion on the current thread, for the `blocking_*` methods.

use std::cell::RefCell;
use std::future::Future;
use std::pin::{pin, Pin};
// The facade's `Arc` is loom's under `postage_loom`, which cannot build a `Waker`; this
// thread-parking waker is not channel state, so it uses std directly.
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::{Duration, Instant};

use crate::error::{RecvTimeoutError, SendError, SendTimeoutError};

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

/// Which `blocking_*` method runs, for the panic of the `tokio` feature.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Call {
    Send,
    SendTimeout,
    Recv,
    RecvTimeout,
}

impl Call {
    /// The method's name and what to write in async code instead.
    #[cfg(feature = "tokio")]
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Call::Send => ("blocking_send", "`.send(value).await`"),
            Call::SendTimeout => (
                "blocking_send_timeout",
                "`.send(value).await` under the runtime's timeout (`tokio::time::timeout`)",
            ),
            Call::Recv => ("blocking_recv", "`.recv().await`"),
            Call::RecvTimeout => (
                "blocking_recv_timeout",
                "`.recv().await` under the runtime's timeout (`tokio::time::timeout`)",
            ),
        }
    }
}

/// With the `tokio` feature, refuses to block a thread that is inside a tokio runtime: such
/// a call stalls the runtime's thread, and hangs a current-thread runtime for good.
///
/// `Handle::try_current` is the check tokio offers publicly. It also succeeds on the
/// runtime's `spawn_blocking` threads and under `Runtime::enter`, where blocking would be
/// harmless; the panic message says what to do there.
#[track_caller]
#[inline]
fn refuse_inside_tokio(call: Call) {
    #[cfg(feature = "tokio")]
    if tokio::runtime::Handle::try_current().is_ok() {
        let (method, instead) = call.names();
        panic!(
            "postage: `{method}` called inside a tokio runtime, where blocking the thread \
             stalls the runtime (a current-thread runtime hangs for good); in async code use \
             {instead}. On a `spawn_blocking` thread, which also carries the runtime context, \
             use `tokio::runtime::Handle::current().block_on(..)` with the async method."
        );
    }
    #[cfg(not(feature = "tokio"))]
    let _ = call;
}

/// Polls `future` on this thread, parking between polls until its waker is woken.
///
/// Works outside any executor. Calling it from inside an async task blocks that task's
/// executor thread, as any blocking call does; with the `tokio` feature it panics inside a
/// tokio runtime instead.
#[track_caller]
pub(crate) fn block_on<F: Future>(future: F, call: Call) -> F::Output {
    refuse_inside_tokio(call);
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

/// Polls `future` on this thread, parking between polls, until it completes or `timeout`
/// has passed; `None` on timeout, with the future left as it was after its last poll so
/// the caller can take back what it holds before dropping it.
///
/// A zero timeout polls once. The deadline is measured with [`Instant`] and waited for with
/// [`thread::park_timeout`], so no timer thread is involved; spurious wake-ups only cause
/// another poll. A timeout too large to represent waits without a deadline.
#[track_caller]
pub(crate) fn block_on_timeout<F: Future + Unpin>(
    future: &mut F,
    timeout: Duration,
    call: Call,
) -> Option<F::Output> {
    refuse_inside_tokio(call);
    let deadline = Instant::now().checked_add(timeout);
    let waker = current_thread_waker();
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(output) = Pin::new(&mut *future).poll(&mut cx) {
            return Some(output);
        }
        match deadline {
            None => thread::park(),
            Some(deadline) => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return None;
                }
                thread::park_timeout(left);
            }
        }
    }
}

/// Receives with `future` (a `recv` future: `None` means closed) until `timeout` has passed.
/// Dropping the future on timeout cancels the receive, which consumes nothing.
#[track_caller]
pub(crate) fn recv_timeout<F, T>(mut future: F, timeout: Duration) -> Result<T, RecvTimeoutError>
where
    F: Future<Output = Option<T>> + Unpin,
{
    match block_on_timeout(&mut future, timeout, Call::RecvTimeout) {
        Some(Some(value)) => Ok(value),
        Some(None) => Err(RecvTimeoutError::Closed),
        None => Err(RecvTimeoutError::Timeout),
    }
}

/// A pending `send` future that can hand its value back.
pub(crate) trait PendingSend:
    Future<Output = Result<(), SendError<Self::Value>>> + Unpin
{
    type Value;

    /// Takes the value out of a send that returned `Pending` (and so holds it); `None`
    /// once the send completed.
    fn take_value(&mut self) -> Option<Self::Value>;
}

/// Sends with `future` until `timeout` has passed. On timeout the value is taken back and
/// the future dropped, which cancels the send: the value was not and will not be delivered.
#[track_caller]
pub(crate) fn send_timeout<F: PendingSend>(
    mut future: F,
    timeout: Duration,
) -> Result<(), SendTimeoutError<F::Value>> {
    match block_on_timeout(&mut future, timeout, Call::SendTimeout) {
        Some(Ok(())) => Ok(()),
        Some(Err(SendError(value))) => Err(SendTimeoutError::Closed(value)),
        None => {
            let value = future
                .take_value()
                .expect("a send future that returned `Pending` holds its value");
            Err(SendTimeoutError::Timeout(value))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pending until it has been polled `ready_after` times, waking itself each time if
    /// `wake` is set; counts its polls.
    struct CountingPolls {
        polls: usize,
        ready_after: usize,
        wake: bool,
    }

    impl Future for CountingPolls {
        type Output = usize;

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<usize> {
            self.polls += 1;
            if self.polls >= self.ready_after {
                return Poll::Ready(self.polls);
            }
            if self.wake {
                cx.waker().wake_by_ref();
            }
            Poll::Pending
        }
    }

    #[test]
    fn a_zero_timeout_polls_exactly_once() {
        let mut never = CountingPolls {
            polls: 0,
            ready_after: usize::MAX,
            wake: true,
        };
        assert_eq!(
            block_on_timeout(&mut never, Duration::ZERO, Call::Recv),
            None
        );
        assert_eq!(never.polls, 1);
    }

    #[test]
    fn a_woken_future_is_polled_again_until_ready() {
        let mut third = CountingPolls {
            polls: 0,
            ready_after: 3,
            wake: true,
        };
        assert_eq!(
            block_on_timeout(&mut third, Duration::from_secs(60), Call::Recv),
            Some(3)
        );
    }

    #[test]
    fn a_future_nobody_wakes_times_out() {
        let mut silent = CountingPolls {
            polls: 0,
            ready_after: usize::MAX,
            wake: false,
        };
        assert_eq!(
            block_on_timeout(&mut silent, Duration::from_millis(5), Call::Recv),
            None
        );
        assert!(silent.polls >= 1);
    }
}
