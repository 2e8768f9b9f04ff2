# [doc = ""] # [doc = "The channel `Jobs`: an `mpsc` channel of `Job` with capacity 64.\n\nCreate both halves with `let (tx, mut rx) = Jobs::channel();`; the semantics are those of `postage::mpsc`."] # [derive (:: postage :: __private :: Debug , :: postage :: __private :: Clone , :: postage :: __private :: Copy)] pub struct Jobs ;
# [doc = ""] # [doc = "The sending half of [`Jobs`]: an `mpsc` channel of `Job` with capacity 64.\n\nCloneable: every clone of the sender uses the same channel.\n\nCreate both halves with `let (tx, mut rx) = Jobs::channel();`; the semantics are those of `postage::mpsc`."] pub struct JobsSender (:: postage :: __private :: mpsc :: Sender < Job >) ;
# [doc = ""] # [doc = "The receiving half of [`Jobs`]: an `mpsc` channel of `Job` with capacity 64.\n\nNot `Clone`: an `mpsc` channel has exactly one receiver.\n\nCreate both halves with `let (tx, mut rx) = Jobs::channel();`; the semantics are those of `postage::mpsc`."] pub struct JobsReceiver (:: postage :: __private :: mpsc :: Receiver < Job >) ;
# [allow (deprecated)] impl Jobs {
    # [doc = "The capacity of every `Jobs` channel: 64 messages."] pub const CAPACITY : usize = 64 ;
    # [doc = "Creates a new `Jobs` channel."] # [must_use] pub fn channel () -> (JobsSender , JobsReceiver) {
        let (sender , receiver) = :: postage :: __private :: mpsc :: channel :: < Job > (Self :: CAPACITY) ;
        (JobsSender (sender) , JobsReceiver (receiver))
    }
}
# [allow (deprecated)] impl :: postage :: __private :: Channel for Jobs {
    type Item = Job ;
    type Sender = JobsSender ;
    type Receiver = JobsReceiver ;
    const KIND : :: postage :: __private :: ChannelKind = :: postage :: __private :: ChannelKind :: Mpsc ;
    fn channel () -> (Self :: Sender , Self :: Receiver) {
        < Self > :: channel ()
    }
}
# [allow (deprecated)] impl JobsSender {
    # [doc = "Sends `value`, waiting while the channel is full (see `mpsc::Sender`)."] # [inline] pub fn send (& self , value : Job) -> :: postage :: __private :: mpsc :: SendFuture < '_ , Job > {
        self . 0 . send (value)
    }
    # [doc = "Sends `value` if there is room now; never waits."] # [inline] pub fn try_send (& self , value : Job) -> :: postage :: __private :: Result < () , :: postage :: __private :: TrySendError < Job >> {
        self . 0 . try_send (value)
    }
    :: postage :: __private :: if_blocking ! {
        # [doc = "Sends `value`, parking the current thread while the channel is full."] # [inline] pub fn blocking_send (& self , value : Job) -> :: postage :: __private :: Result < () , :: postage :: __private :: SendError < Job >> {
            self . 0 . blocking_send (value)
        }
    }
    # [doc = "Whether no receiver is left: every send now fails."] # [inline] pub fn is_closed (& self) -> bool {
        self . 0 . is_closed ()
    }
    # [doc = "Resolves once no receiver is left. Cancel safe."] # [inline] pub fn closed (& self) -> :: postage :: __private :: ClosedFuture < '_ > {
        self . 0 . closed ()
    }
    # [doc = "The number of buffered messages."] # [inline] pub fn len (& self) -> usize {
        self . 0 . len ()
    }
    # [doc = "Whether no message is buffered."] # [inline] pub fn is_empty (& self) -> bool {
        self . 0 . is_empty ()
    }
    # [doc = "The most messages the channel buffers."] # [inline] pub fn capacity (& self) -> usize {
        self . 0 . capacity ()
    }
    # [doc = "The runtime `postage::mpsc::Sender` inside."] # [inline] pub fn into_inner (self) -> :: postage :: __private :: mpsc :: Sender < Job > {
        self . 0
    }
}
# [allow (deprecated)] impl JobsReceiver {
    # [doc = "Receives the next message; `None` once the channel is closed and drained. Cancel safe."] # [inline] pub fn recv (& mut self) -> :: postage :: __private :: RecvFuture < '_ , :: postage :: __private :: mpsc :: Receiver < Job > > {
        self . 0 . recv ()
    }
    # [doc = "Receives a message if one is ready; never waits."] # [inline] pub fn try_recv (& mut self) -> :: postage :: __private :: Result < Job , :: postage :: __private :: TryRecvError > {
        self . 0 . try_recv ()
    }
    :: postage :: __private :: if_blocking ! {
        # [doc = "Receives the next message, parking the current thread while none is ready."] # [inline] pub fn blocking_recv (& mut self) -> :: postage :: __private :: Option < Job > {
            self . 0 . blocking_recv ()
        }
    }
    # [doc = "Closes the channel: later sends fail, buffered messages can still be received."] # [inline] pub fn close (& mut self) {
        self . 0 . close ()
    }
    # [doc = "The number of buffered messages."] # [inline] pub fn len (& self) -> usize {
        self . 0 . len ()
    }
    # [doc = "Whether no message is buffered."] # [inline] pub fn is_empty (& self) -> bool {
        self . 0 . is_empty ()
    }
    # [doc = "The most messages the channel buffers."] # [inline] pub fn capacity (& self) -> usize {
        self . 0 . capacity ()
    }
    # [doc = "The runtime `postage::mpsc::Receiver` inside."] # [inline] pub fn into_inner (self) -> :: postage :: __private :: mpsc :: Receiver < Job > {
        self . 0
    }
}
# [allow (deprecated)] impl :: postage :: __private :: Clone for JobsSender {
    # [inline] fn clone (& self) -> Self {
        JobsSender (:: postage :: __private :: Clone :: clone (& self . 0))
    }
}
# [allow (deprecated)] impl :: postage :: __private :: fmt :: Debug for JobsSender {
    fn fmt (& self , f : & mut :: postage :: __private :: fmt :: Formatter < '_ >) -> :: postage :: __private :: fmt :: Result {
        f . debug_tuple ("JobsSender") . field (& self . 0) . finish ()
    }
}
# [allow (deprecated)] impl :: postage :: __private :: fmt :: Debug for JobsReceiver {
    fn fmt (& self , f : & mut :: postage :: __private :: fmt :: Formatter < '_ >) -> :: postage :: __private :: fmt :: Result {
        f . debug_tuple ("JobsReceiver") . field (& self . 0) . finish ()
    }
}
# [allow (deprecated)] impl :: postage :: __private :: Sink for JobsSender {
    type Item = Job ;
    # [inline] fn poll_send (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > , value : Job ,) -> :: postage :: __private :: PollSend < Job > {
        :: postage :: __private :: Sink :: poll_send (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx , value)
    }
    # [inline] fn cancel_send (self : :: postage :: __private :: Pin < & mut Self >) {
        :: postage :: __private :: Sink :: cancel_send (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0))
    }
}
# [allow (deprecated)] impl :: postage :: __private :: futures_sink :: Sink < Job > for JobsSender {
    type Error = :: postage :: __private :: SendError < Job > ;
    # [inline] fn poll_ready (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Result < () , Self :: Error >> {
        :: postage :: __private :: futures_sink :: Sink :: < Job > :: poll_ready (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
    # [inline] fn start_send (self : :: postage :: __private :: Pin < & mut Self > , item : Job) -> :: postage :: __private :: Result < () , Self :: Error > {
        :: postage :: __private :: futures_sink :: Sink :: < Job > :: start_send (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , item)
    }
    # [inline] fn poll_flush (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Result < () , Self :: Error >> {
        :: postage :: __private :: futures_sink :: Sink :: < Job > :: poll_flush (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
    # [inline] fn poll_close (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Result < () , Self :: Error >> {
        :: postage :: __private :: futures_sink :: Sink :: < Job > :: poll_close (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
}
# [allow (deprecated)] impl :: postage :: __private :: Stream for JobsReceiver {
    type Item = Job ;
    # [inline] fn poll_recv (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: PollRecv < Job > {
        :: postage :: __private :: Stream :: poll_recv (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
    # [inline] fn cancel_recv (self : :: postage :: __private :: Pin < & mut Self >) {
        :: postage :: __private :: Stream :: cancel_recv (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0))
    }
}
# [allow (deprecated)] impl :: postage :: __private :: futures_core :: Stream for JobsReceiver {
    type Item = Job ;
    # [inline] fn poll_next (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Option < Job >> {
        :: postage :: __private :: futures_core :: Stream :: poll_next (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
    # [inline] fn size_hint (& self) -> (usize , :: postage :: __private :: Option < usize >) {
        :: postage :: __private :: futures_core :: Stream :: size_hint (& self . 0)
    }
}
# [allow (deprecated)] impl :: postage :: __private :: futures_core :: FusedStream for JobsReceiver {
    # [inline] fn is_terminated (& self) -> bool {
        :: postage :: __private :: futures_core :: FusedStream :: is_terminated (& self . 0)
    }
}
