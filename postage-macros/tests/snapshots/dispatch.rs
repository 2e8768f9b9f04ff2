# [doc = ""] # [doc = "The channel `Work`: a `dispatch` channel of `Task` with capacity `{ 2 * WORKERS }`.\n\nCreate both halves with `let (tx, mut rx) = Work::channel();`; the semantics are those of `postage::dispatch`."] # [derive (:: postage :: __private :: Debug , :: postage :: __private :: Clone , :: postage :: __private :: Copy)] struct Work ;
# [doc = ""] # [doc = "The sending half of [`Work`]: a `dispatch` channel of `Task` with capacity `{ 2 * WORKERS }`.\n\nCloneable: every clone of the sender uses the same channel.\n\nCreate both halves with `let (tx, mut rx) = Work::channel();`; the semantics are those of `postage::dispatch`."] struct WorkSender (:: postage :: __private :: dispatch :: Sender < Task >) ;
# [doc = ""] # [doc = "The receiving half of [`Work`]: a `dispatch` channel of `Task` with capacity `{ 2 * WORKERS }`.\n\nCloneable: every clone of the receiver uses the same channel.\n\nCreate both halves with `let (tx, mut rx) = Work::channel();`; the semantics are those of `postage::dispatch`."] struct WorkReceiver (:: postage :: __private :: dispatch :: Receiver < Task >) ;
# [allow (deprecated)] impl Work {
    # [doc = "The capacity of every `Work` channel: `{ 2 * WORKERS }` messages."] const CAPACITY : usize = {
        2 * WORKERS
    }
    ;
    # [doc = "Creates a new `Work` channel."] # [must_use] fn channel () -> (WorkSender , WorkReceiver) {
        let (sender , receiver) = :: postage :: __private :: dispatch :: channel :: < Task > (Self :: CAPACITY) ;
        (WorkSender (sender) , WorkReceiver (receiver))
    }
}
# [allow (deprecated)] impl :: postage :: __private :: Channel for Work {
    type Item = Task ;
    type Sender = WorkSender ;
    type Receiver = WorkReceiver ;
    const KIND : :: postage :: __private :: ChannelKind = :: postage :: __private :: ChannelKind :: Dispatch ;
    fn channel () -> (Self :: Sender , Self :: Receiver) {
        < Self > :: channel ()
    }
}
const _ : () = if ({ 2 * WORKERS }) < 1 {
    :: core :: panic ! ("capacity of channel `Work` must be at least 1, but this constant is 0; give it a value of at least 1")
}
;
# [allow (deprecated)] impl WorkSender {
    # [doc = "Sends `value`, waiting while the channel is full (see `dispatch::Sender`)."] # [inline] fn send (& self , value : Task) -> :: postage :: __private :: dispatch :: SendFuture < '_ , Task > {
        self . 0 . send (value)
    }
    # [doc = "Sends `value` if there is room now; never waits."] # [inline] fn try_send (& self , value : Task) -> :: postage :: __private :: Result < () , :: postage :: __private :: TrySendError < Task >> {
        self . 0 . try_send (value)
    }
    :: postage :: __private :: if_blocking ! {
        # [doc = "Sends `value`, parking the current thread while the channel is full."] # [inline] fn blocking_send (& self , value : Task) -> :: postage :: __private :: Result < () , :: postage :: __private :: SendError < Task >> {
            self . 0 . blocking_send (value)
        }
    }
    # [doc = "Creates a new receiver, reopening the channel if every receiver was gone."] # [inline] fn subscribe (& self) -> WorkReceiver {
        WorkReceiver (self . 0 . subscribe ())
    }
    # [doc = "Whether no receiver is left: every send now fails."] # [inline] fn is_closed (& self) -> bool {
        self . 0 . is_closed ()
    }
    # [doc = "Resolves once no receiver is left. Cancel safe."] # [inline] fn closed (& self) -> :: postage :: __private :: ClosedFuture < '_ > {
        self . 0 . closed ()
    }
    # [doc = "The number of buffered messages."] # [inline] fn len (& self) -> usize {
        self . 0 . len ()
    }
    # [doc = "Whether no message is buffered."] # [inline] fn is_empty (& self) -> bool {
        self . 0 . is_empty ()
    }
    # [doc = "The most messages the channel buffers."] # [inline] fn capacity (& self) -> usize {
        self . 0 . capacity ()
    }
    # [doc = "The runtime `postage::dispatch::Sender` inside."] # [inline] fn into_inner (self) -> :: postage :: __private :: dispatch :: Sender < Task > {
        self . 0
    }
}
# [allow (deprecated)] impl WorkReceiver {
    # [doc = "Receives the next message; `None` once the channel is closed and drained. Cancel safe."] # [inline] fn recv (& mut self) -> :: postage :: __private :: RecvFuture < '_ , :: postage :: __private :: dispatch :: Receiver < Task > > {
        self . 0 . recv ()
    }
    # [doc = "Receives a message if one is ready; never waits."] # [inline] fn try_recv (& mut self) -> :: postage :: __private :: Result < Task , :: postage :: __private :: TryRecvError > {
        self . 0 . try_recv ()
    }
    :: postage :: __private :: if_blocking ! {
        # [doc = "Receives the next message, parking the current thread while none is ready."] # [inline] fn blocking_recv (& mut self) -> :: postage :: __private :: Option < Task > {
            self . 0 . blocking_recv ()
        }
    }
    # [doc = "The number of buffered messages."] # [inline] fn len (& self) -> usize {
        self . 0 . len ()
    }
    # [doc = "Whether no message is buffered."] # [inline] fn is_empty (& self) -> bool {
        self . 0 . is_empty ()
    }
    # [doc = "The most messages the channel buffers."] # [inline] fn capacity (& self) -> usize {
        self . 0 . capacity ()
    }
    # [doc = "The runtime `postage::dispatch::Receiver` inside."] # [inline] fn into_inner (self) -> :: postage :: __private :: dispatch :: Receiver < Task > {
        self . 0
    }
}
# [allow (deprecated)] impl :: postage :: __private :: Clone for WorkSender {
    # [inline] fn clone (& self) -> Self {
        WorkSender (:: postage :: __private :: Clone :: clone (& self . 0))
    }
}
# [allow (deprecated)] impl :: postage :: __private :: fmt :: Debug for WorkSender {
    fn fmt (& self , f : & mut :: postage :: __private :: fmt :: Formatter < '_ >) -> :: postage :: __private :: fmt :: Result {
        f . debug_tuple ("WorkSender") . field (& self . 0) . finish ()
    }
}
# [allow (deprecated)] impl :: postage :: __private :: Clone for WorkReceiver {
    # [inline] fn clone (& self) -> Self {
        WorkReceiver (:: postage :: __private :: Clone :: clone (& self . 0))
    }
}
# [allow (deprecated)] impl :: postage :: __private :: fmt :: Debug for WorkReceiver {
    fn fmt (& self , f : & mut :: postage :: __private :: fmt :: Formatter < '_ >) -> :: postage :: __private :: fmt :: Result {
        f . debug_tuple ("WorkReceiver") . field (& self . 0) . finish ()
    }
}
# [allow (deprecated)] impl :: postage :: __private :: Sink for WorkSender {
    type Item = Task ;
    # [inline] fn poll_send (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > , value : Task ,) -> :: postage :: __private :: PollSend < Task > {
        :: postage :: __private :: Sink :: poll_send (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx , value)
    }
    # [inline] fn cancel_send (self : :: postage :: __private :: Pin < & mut Self >) {
        :: postage :: __private :: Sink :: cancel_send (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0))
    }
}
# [allow (deprecated)] impl :: postage :: __private :: futures_sink :: Sink < Task > for WorkSender {
    type Error = :: postage :: __private :: SendError < Task > ;
    # [inline] fn poll_ready (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Result < () , Self :: Error >> {
        :: postage :: __private :: futures_sink :: Sink :: < Task > :: poll_ready (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
    # [inline] fn start_send (self : :: postage :: __private :: Pin < & mut Self > , item : Task) -> :: postage :: __private :: Result < () , Self :: Error > {
        :: postage :: __private :: futures_sink :: Sink :: < Task > :: start_send (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , item)
    }
    # [inline] fn poll_flush (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Result < () , Self :: Error >> {
        :: postage :: __private :: futures_sink :: Sink :: < Task > :: poll_flush (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
    # [inline] fn poll_close (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Result < () , Self :: Error >> {
        :: postage :: __private :: futures_sink :: Sink :: < Task > :: poll_close (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
}
# [allow (deprecated)] impl :: postage :: __private :: Stream for WorkReceiver {
    type Item = Task ;
    # [inline] fn poll_recv (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: PollRecv < Task > {
        :: postage :: __private :: Stream :: poll_recv (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
    # [inline] fn cancel_recv (self : :: postage :: __private :: Pin < & mut Self >) {
        :: postage :: __private :: Stream :: cancel_recv (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0))
    }
}
# [allow (deprecated)] impl :: postage :: __private :: futures_core :: Stream for WorkReceiver {
    type Item = Task ;
    # [inline] fn poll_next (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Option < Task >> {
        :: postage :: __private :: futures_core :: Stream :: poll_next (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
    # [inline] fn size_hint (& self) -> (usize , :: postage :: __private :: Option < usize >) {
        :: postage :: __private :: futures_core :: Stream :: size_hint (& self . 0)
    }
}
# [allow (deprecated)] impl :: postage :: __private :: futures_core :: FusedStream for WorkReceiver {
    # [inline] fn is_terminated (& self) -> bool {
        :: postage :: __private :: futures_core :: FusedStream :: is_terminated (& self . 0)
    }
}
