//! The `Send` / `Sync` / `Unpin` matrix of every handle and future, checked at compile time
//! for payloads that are `Send + Sync`, `Send + !Sync` and `!Send`.
//!
//! - `mpsc`, `dispatch`, `oneshot`: a message moves to exactly one receiver, so the handles
//!   are `Send + Sync` whenever `T: Send`.
//! - `broadcast`, `watch`: several receivers (and the watch sender) read the same value by
//!   `&T`, so the handles are `Send` (and `Sync`) only when `T: Send + Sync`.
//! - `barrier` and `ClosedFuture` carry no payload: always `Send + Sync`.
//! - Every handle and future is `Unpin`, whatever `T` is.
//!
//! Positive assertions are calls of functions with the bound. Negative ones use trait
//! ambiguity: `<X as AmbiguousIfSend<_>>::SOME` names one impl when `X: !Send`, two (and fails
//! to compile) when `X: Send`.

use std::cell::Cell;
use std::marker::PhantomPinned;
use std::rc::Rc;

use postage::stream::RecvFuture;
use postage::{barrier, broadcast, dispatch, mpsc, oneshot, watch, ClosedFuture};
use postage::{SendError, TrySendError};

fn send<T: Send>() {}
fn sync<T: Sync>() {}
fn unpin<T: Unpin>() {}

macro_rules! send_and_sync {
    ($($ty:ty),* $(,)?) => {
        $(send::<$ty>(); sync::<$ty>();)*
    };
}

macro_rules! just_send {
    ($($ty:ty),* $(,)?) => {
        $(send::<$ty>();)*
    };
}

macro_rules! unpin {
    ($($ty:ty),* $(,)?) => {
        $(unpin::<$ty>();)*
    };
}

trait AmbiguousIfSend<A> {
    const SOME: () = ();
}
impl<T: ?Sized> AmbiguousIfSend<()> for T {}
impl<T: ?Sized + Send> AmbiguousIfSend<u8> for T {}

trait AmbiguousIfSync<A> {
    const SOME: () = ();
}
impl<T: ?Sized> AmbiguousIfSync<()> for T {}
impl<T: ?Sized + Sync> AmbiguousIfSync<u8> for T {}

/// Fails to compile if any of the types is `Send`.
macro_rules! not_send {
    ($($ty:ty),* $(,)?) => {
        $(const _: () = <$ty as AmbiguousIfSend<_>>::SOME;)*
    };
}

/// Fails to compile if any of the types is `Sync`.
macro_rules! not_sync {
    ($($ty:ty),* $(,)?) => {
        $(const _: () = <$ty as AmbiguousIfSync<_>>::SOME;)*
    };
}

type Shared = String; // Send + Sync
type Unshared = Cell<u32>; // Send + !Sync
type Local = Rc<u32>; // !Send + !Sync

#[test]
fn every_handle_and_future_is_send_and_sync_for_a_send_and_sync_payload() {
    send_and_sync!(
        mpsc::Sender<Shared>,
        mpsc::Receiver<Shared>,
        mpsc::SendFuture<'static, Shared>,
        RecvFuture<'static, mpsc::Receiver<Shared>>,
        dispatch::Sender<Shared>,
        dispatch::Receiver<Shared>,
        dispatch::SendFuture<'static, Shared>,
        RecvFuture<'static, dispatch::Receiver<Shared>>,
        broadcast::Sender<Shared>,
        broadcast::Receiver<Shared>,
        broadcast::SendFuture<'static, Shared>,
        RecvFuture<'static, broadcast::Receiver<Shared>>,
        watch::Sender<Shared>,
        watch::Receiver<Shared>,
        watch::ChangedFuture<'static, Shared>,
        RecvFuture<'static, watch::Receiver<Shared>>,
        oneshot::Sender<Shared>,
        oneshot::Receiver<Shared>,
        RecvFuture<'static, oneshot::Receiver<Shared>>,
        barrier::Sender,
        barrier::Receiver,
        ClosedFuture<'static>,
        postage::sink::SendFuture<'static, mpsc::Sender<Shared>>,
        SendError<Shared>,
        TrySendError<Shared>,
    );
}

#[test]
fn moving_channels_are_send_and_sync_for_a_send_but_not_sync_payload() {
    send_and_sync!(
        mpsc::Sender<Unshared>,
        mpsc::Receiver<Unshared>,
        dispatch::Sender<Unshared>,
        dispatch::Receiver<Unshared>,
        oneshot::Sender<Unshared>,
        oneshot::Receiver<Unshared>,
    );
    just_send!(
        mpsc::SendFuture<'static, Unshared>,
        RecvFuture<'static, mpsc::Receiver<Unshared>>,
        dispatch::SendFuture<'static, Unshared>,
        RecvFuture<'static, dispatch::Receiver<Unshared>>,
        RecvFuture<'static, oneshot::Receiver<Unshared>>,
        postage::sink::SendFuture<'static, mpsc::Sender<Unshared>>,
        SendError<Unshared>,
        // It only moves its value into the channel, never reads a shared one.
        broadcast::SendFuture<'static, Unshared>,
    );
}

// Shared-read channels: a `Send + !Sync` payload must not make a handle `Send`.
not_send!(
    broadcast::Sender<Unshared>,
    broadcast::Receiver<Unshared>,
    RecvFuture<'static, broadcast::Receiver<Unshared>>,
    watch::Sender<Unshared>,
    watch::Receiver<Unshared>,
    watch::ChangedFuture<'static, Unshared>,
);
not_sync!(
    broadcast::Sender<Unshared>,
    broadcast::Receiver<Unshared>,
    watch::Sender<Unshared>,
    watch::Receiver<Unshared>,
);

// A `!Send` payload makes every handle and future of its channel `!Send` and `!Sync`.
not_send!(
    mpsc::Sender<Local>,
    mpsc::Receiver<Local>,
    mpsc::SendFuture<'static, Local>,
    RecvFuture<'static, mpsc::Receiver<Local>>,
    dispatch::Sender<Local>,
    dispatch::Receiver<Local>,
    dispatch::SendFuture<'static, Local>,
    broadcast::Sender<Local>,
    broadcast::Receiver<Local>,
    broadcast::SendFuture<'static, Local>,
    watch::Sender<Local>,
    watch::Receiver<Local>,
    watch::ChangedFuture<'static, Local>,
    oneshot::Sender<Local>,
    oneshot::Receiver<Local>,
);
not_sync!(
    mpsc::Sender<Local>,
    mpsc::Receiver<Local>,
    dispatch::Sender<Local>,
    dispatch::Receiver<Local>,
    broadcast::Sender<Local>,
    broadcast::Receiver<Local>,
    watch::Sender<Local>,
    watch::Receiver<Local>,
    oneshot::Sender<Local>,
    oneshot::Receiver<Local>,
);

// A read guard stays on the thread that took it.
not_send!(watch::Ref<'static, Shared>);

#[test]
fn every_handle_and_future_is_unpin_even_for_a_pinned_payload() {
    unpin!(
        mpsc::Sender<PhantomPinned>,
        mpsc::Receiver<PhantomPinned>,
        mpsc::SendFuture<'static, PhantomPinned>,
        RecvFuture<'static, mpsc::Receiver<PhantomPinned>>,
        dispatch::Sender<PhantomPinned>,
        dispatch::Receiver<PhantomPinned>,
        dispatch::SendFuture<'static, PhantomPinned>,
        broadcast::Sender<PhantomPinned>,
        broadcast::Receiver<PhantomPinned>,
        broadcast::SendFuture<'static, PhantomPinned>,
        watch::Sender<PhantomPinned>,
        watch::Receiver<PhantomPinned>,
        watch::ChangedFuture<'static, PhantomPinned>,
        oneshot::Sender<PhantomPinned>,
        oneshot::Receiver<PhantomPinned>,
        barrier::Sender,
        barrier::Receiver,
        ClosedFuture<'static>,
        postage::sink::SendFuture<'static, mpsc::Sender<PhantomPinned>>,
    );
}
