:: core :: compile_error ! {
    "unknown channel kind `queue`; expected one of mpsc, broadcast, dispatch, watch, oneshot, barrier"
}
:: core :: compile_error ! {
    "a `oneshot` channel has no capacity (it carries a single value); remove it"
}
struct JobsSender ;
struct JobsReceiver ;
struct Jobs ;
# [doc = ""] # [doc = "The channel `Reply`: a `oneshot` channel of `u8`.\n\nCreate both halves with `let (tx, mut rx) = Reply::channel();`; the semantics are those of `postage::oneshot`."] # [derive (:: postage :: __private :: Debug , :: postage :: __private :: Clone , :: postage :: __private :: Copy)] struct Reply ;
# [doc = ""] # [doc = "The sending half of [`Reply`]: a `oneshot` channel of `u8`.\n\nNot `Clone`: a `oneshot` channel has exactly one sender.\n\nCreate both halves with `let (tx, mut rx) = Reply::channel();`; the semantics are those of `postage::oneshot`."] struct ReplySender (:: postage :: __private :: oneshot :: Sender < u8 >) ;
# [doc = ""] # [doc = "The receiving half of [`Reply`]: a `oneshot` channel of `u8`.\n\nNot `Clone`: a `oneshot` channel has exactly one receiver.\n\nCreate both halves with `let (tx, mut rx) = Reply::channel();`; the semantics are those of `postage::oneshot`."] struct ReplyReceiver (:: postage :: __private :: oneshot :: Receiver < u8 >) ;
# [allow (deprecated)] impl Reply {
    # [doc = "Creates a new `Reply` channel."] # [must_use] fn channel () -> (ReplySender , ReplyReceiver) {
        let (sender , receiver) = :: postage :: __private :: oneshot :: channel :: < u8 > () ;
        (ReplySender (sender) , ReplyReceiver (receiver))
    }
}
# [allow (deprecated)] impl :: postage :: __private :: Channel for Reply {
    type Item = u8 ;
    type Sender = ReplySender ;
    type Receiver = ReplyReceiver ;
    const KIND : :: postage :: __private :: ChannelKind = :: postage :: __private :: ChannelKind :: Oneshot ;
    fn channel () -> (Self :: Sender , Self :: Receiver) {
        < Self > :: channel ()
    }
}
# [allow (deprecated)] impl ReplySender {
    # [doc = "Sends the value, consuming the sender; fails with the value when the receiver is gone."] # [inline] fn send (self , value : u8) -> :: postage :: __private :: Result < () , u8 > {
        self . 0 . send (value)
    }
    # [doc = "Whether no receiver is left: every send now fails."] # [inline] fn is_closed (& self) -> bool {
        self . 0 . is_closed ()
    }
    # [doc = "Resolves once no receiver is left. Cancel safe."] # [inline] fn closed (& self) -> :: postage :: __private :: ClosedFuture < '_ > {
        self . 0 . closed ()
    }
    # [doc = "The runtime `postage::oneshot::Sender` inside."] # [inline] fn into_inner (self) -> :: postage :: __private :: oneshot :: Sender < u8 > {
        self . 0
    }
}
# [allow (deprecated)] impl ReplyReceiver {
    # [doc = "Receives the next message; `None` once the channel is closed and drained. Cancel safe."] # [inline] fn recv (& mut self) -> :: postage :: __private :: RecvFuture < '_ , :: postage :: __private :: oneshot :: Receiver < u8 > > {
        self . 0 . recv ()
    }
    # [doc = "Receives a message if one is ready; never waits."] # [inline] fn try_recv (& mut self) -> :: postage :: __private :: Result < u8 , :: postage :: __private :: TryRecvError > {
        self . 0 . try_recv ()
    }
    :: postage :: __private :: if_blocking ! {
        # [doc = "Receives the next message, parking the current thread while none is ready."] # [inline] fn blocking_recv (& mut self) -> :: postage :: __private :: Option < u8 > {
            self . 0 . blocking_recv ()
        }
    }
    # [doc = "Whether no value can arrive any more."] # [inline] fn is_closed (& self) -> bool {
        self . 0 . is_closed ()
    }
    # [doc = "The runtime `postage::oneshot::Receiver` inside."] # [inline] fn into_inner (self) -> :: postage :: __private :: oneshot :: Receiver < u8 > {
        self . 0
    }
}
# [allow (deprecated)] impl :: postage :: __private :: fmt :: Debug for ReplySender {
    fn fmt (& self , f : & mut :: postage :: __private :: fmt :: Formatter < '_ >) -> :: postage :: __private :: fmt :: Result {
        f . debug_tuple ("ReplySender") . field (& self . 0) . finish ()
    }
}
# [allow (deprecated)] impl :: postage :: __private :: fmt :: Debug for ReplyReceiver {
    fn fmt (& self , f : & mut :: postage :: __private :: fmt :: Formatter < '_ >) -> :: postage :: __private :: fmt :: Result {
        f . debug_tuple ("ReplyReceiver") . field (& self . 0) . finish ()
    }
}
# [allow (deprecated)] impl :: postage :: __private :: Sink for ReplySender {
    type Item = u8 ;
    # [inline] fn poll_send (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > , value : u8 ,) -> :: postage :: __private :: PollSend < u8 > {
        :: postage :: __private :: Sink :: poll_send (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx , value)
    }
    # [inline] fn cancel_send (self : :: postage :: __private :: Pin < & mut Self >) {
        :: postage :: __private :: Sink :: cancel_send (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0))
    }
}
# [allow (deprecated)] impl :: postage :: __private :: futures_sink :: Sink < u8 > for ReplySender {
    type Error = :: postage :: __private :: SendError < u8 > ;
    # [inline] fn poll_ready (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Result < () , Self :: Error >> {
        :: postage :: __private :: futures_sink :: Sink :: < u8 > :: poll_ready (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
    # [inline] fn start_send (self : :: postage :: __private :: Pin < & mut Self > , item : u8) -> :: postage :: __private :: Result < () , Self :: Error > {
        :: postage :: __private :: futures_sink :: Sink :: < u8 > :: start_send (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , item)
    }
    # [inline] fn poll_flush (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Result < () , Self :: Error >> {
        :: postage :: __private :: futures_sink :: Sink :: < u8 > :: poll_flush (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
    # [inline] fn poll_close (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Result < () , Self :: Error >> {
        :: postage :: __private :: futures_sink :: Sink :: < u8 > :: poll_close (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
}
# [allow (deprecated)] impl :: postage :: __private :: Stream for ReplyReceiver {
    type Item = u8 ;
    # [inline] fn poll_recv (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: PollRecv < u8 > {
        :: postage :: __private :: Stream :: poll_recv (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
    # [inline] fn cancel_recv (self : :: postage :: __private :: Pin < & mut Self >) {
        :: postage :: __private :: Stream :: cancel_recv (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0))
    }
}
# [allow (deprecated)] impl :: postage :: __private :: futures_core :: Stream for ReplyReceiver {
    type Item = u8 ;
    # [inline] fn poll_next (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Option < u8 >> {
        :: postage :: __private :: futures_core :: Stream :: poll_next (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
    # [inline] fn size_hint (& self) -> (usize , :: postage :: __private :: Option < usize >) {
        :: postage :: __private :: futures_core :: Stream :: size_hint (& self . 0)
    }
}
# [allow (deprecated)] impl :: postage :: __private :: futures_core :: FusedStream for ReplyReceiver {
    # [inline] fn is_terminated (& self) -> bool {
        :: postage :: __private :: futures_core :: FusedStream :: is_terminated (& self . 0)
    }
}
# [allow (deprecated)] impl :: postage :: __private :: FusedFuture for ReplyReceiver {
    # [inline] fn is_terminated (& self) -> bool {
        :: postage :: __private :: FusedFuture :: is_terminated (& self . 0)
    }
}
# [allow (deprecated)] impl :: postage :: __private :: Future for ReplyReceiver {
    type Output = :: postage :: __private :: Option < u8 > ;
    # [inline] fn poll (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Option < u8 > > {
        :: postage :: __private :: Future :: poll (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
}
