# [doc = ""] # [doc = "The channel `Reply`: a `oneshot` channel of `Result<T, String>`.\n\nCreate both halves with `let (tx, mut rx) = Reply::channel();`; the semantics are those of `postage::oneshot`."] # [derive (:: postage :: __private :: Debug , :: postage :: __private :: Clone , :: postage :: __private :: Copy)] struct Reply < T > (:: postage :: __private :: PhantomData < fn () -> (T ,) >) ;
# [doc = ""] # [doc = "The sending half of [`Reply`]: a `oneshot` channel of `Result<T, String>`.\n\nNot `Clone`: a `oneshot` channel has exactly one sender.\n\nCreate both halves with `let (tx, mut rx) = Reply::channel();`; the semantics are those of `postage::oneshot`."] struct ReplySender < T > (:: postage :: __private :: oneshot :: Sender < Result < T , String > >) ;
# [doc = ""] # [doc = "The receiving half of [`Reply`]: a `oneshot` channel of `Result<T, String>`.\n\nNot `Clone`: a `oneshot` channel has exactly one receiver.\n\nCreate both halves with `let (tx, mut rx) = Reply::channel();`; the semantics are those of `postage::oneshot`."] struct ReplyReceiver < T > (:: postage :: __private :: oneshot :: Receiver < Result < T , String > >) ;
# [allow (deprecated)] impl < T > Reply < T > {
    # [doc = "Creates a new `Reply` channel."] # [must_use] fn channel () -> (ReplySender < T > , ReplyReceiver < T >) {
        let (sender , receiver) = :: postage :: __private :: oneshot :: channel :: < Result < T , String > > () ;
        (ReplySender (sender) , ReplyReceiver (receiver))
    }
}
# [allow (deprecated)] impl < T > :: postage :: __private :: Channel for Reply < T > {
    type Item = Result < T , String > ;
    type Sender = ReplySender < T > ;
    type Receiver = ReplyReceiver < T > ;
    const KIND : :: postage :: __private :: ChannelKind = :: postage :: __private :: ChannelKind :: Oneshot ;
    fn channel () -> (Self :: Sender , Self :: Receiver) {
        < Self > :: channel ()
    }
}
# [allow (deprecated)] impl < T > ReplySender < T > {
    # [doc = "Sends the value, consuming the sender; fails with the value when the receiver is gone."] # [inline] fn send (self , value : Result < T , String >) -> :: postage :: __private :: Result < () , Result < T , String > > {
        self . 0 . send (value)
    }
    # [doc = "Whether no receiver is left: every send now fails."] # [inline] fn is_closed (& self) -> bool {
        self . 0 . is_closed ()
    }
    # [doc = "Resolves once no receiver is left. Cancel safe."] # [inline] fn closed (& self) -> :: postage :: __private :: ClosedFuture < '_ > {
        self . 0 . closed ()
    }
    # [doc = "The runtime `postage::oneshot::Sender` inside."] # [inline] fn into_inner (self) -> :: postage :: __private :: oneshot :: Sender < Result < T , String > > {
        self . 0
    }
}
# [allow (deprecated)] impl < T > ReplyReceiver < T > {
    # [doc = "Receives the next message; `None` once the channel is closed and drained. Cancel safe."] # [inline] fn recv (& mut self) -> :: postage :: __private :: RecvFuture < '_ , :: postage :: __private :: oneshot :: Receiver < Result < T , String > > > {
        self . 0 . recv ()
    }
    # [doc = "Receives a message if one is ready; never waits."] # [inline] fn try_recv (& mut self) -> :: postage :: __private :: Result < Result < T , String > , :: postage :: __private :: TryRecvError > {
        self . 0 . try_recv ()
    }
    :: postage :: __private :: if_blocking ! {
        # [doc = "Receives the next message, parking the current thread while none is ready."] # [inline] fn blocking_recv (& mut self) -> :: postage :: __private :: Option < Result < T , String > > {
            self . 0 . blocking_recv ()
        }
    }
    # [doc = "Whether no value can arrive any more."] # [inline] fn is_closed (& self) -> bool {
        self . 0 . is_closed ()
    }
    # [doc = "The runtime `postage::oneshot::Receiver` inside."] # [inline] fn into_inner (self) -> :: postage :: __private :: oneshot :: Receiver < Result < T , String > > {
        self . 0
    }
}
# [allow (deprecated)] impl < T > :: postage :: __private :: fmt :: Debug for ReplySender < T > {
    fn fmt (& self , f : & mut :: postage :: __private :: fmt :: Formatter < '_ >) -> :: postage :: __private :: fmt :: Result {
        f . debug_tuple ("ReplySender") . field (& self . 0) . finish ()
    }
}
# [allow (deprecated)] impl < T > :: postage :: __private :: fmt :: Debug for ReplyReceiver < T > {
    fn fmt (& self , f : & mut :: postage :: __private :: fmt :: Formatter < '_ >) -> :: postage :: __private :: fmt :: Result {
        f . debug_tuple ("ReplyReceiver") . field (& self . 0) . finish ()
    }
}
# [allow (deprecated)] impl < T > :: postage :: __private :: Sink for ReplySender < T > {
    type Item = Result < T , String > ;
    # [inline] fn poll_send (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > , value : Result < T , String > ,) -> :: postage :: __private :: PollSend < Result < T , String > > {
        :: postage :: __private :: Sink :: poll_send (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx , value)
    }
    # [inline] fn cancel_send (self : :: postage :: __private :: Pin < & mut Self >) {
        :: postage :: __private :: Sink :: cancel_send (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0))
    }
}
# [allow (deprecated)] impl < T > :: postage :: __private :: futures_sink :: Sink < Result < T , String > > for ReplySender < T > {
    type Error = :: postage :: __private :: SendError < Result < T , String > > ;
    # [inline] fn poll_ready (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Result < () , Self :: Error >> {
        :: postage :: __private :: futures_sink :: Sink :: < Result < T , String > > :: poll_ready (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
    # [inline] fn start_send (self : :: postage :: __private :: Pin < & mut Self > , item : Result < T , String >) -> :: postage :: __private :: Result < () , Self :: Error > {
        :: postage :: __private :: futures_sink :: Sink :: < Result < T , String > > :: start_send (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , item)
    }
    # [inline] fn poll_flush (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Result < () , Self :: Error >> {
        :: postage :: __private :: futures_sink :: Sink :: < Result < T , String > > :: poll_flush (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
    # [inline] fn poll_close (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Result < () , Self :: Error >> {
        :: postage :: __private :: futures_sink :: Sink :: < Result < T , String > > :: poll_close (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
}
# [allow (deprecated)] impl < T > :: postage :: __private :: Stream for ReplyReceiver < T > {
    type Item = Result < T , String > ;
    # [inline] fn poll_recv (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: PollRecv < Result < T , String > > {
        :: postage :: __private :: Stream :: poll_recv (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
    # [inline] fn cancel_recv (self : :: postage :: __private :: Pin < & mut Self >) {
        :: postage :: __private :: Stream :: cancel_recv (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0))
    }
}
# [allow (deprecated)] impl < T > :: postage :: __private :: futures_core :: Stream for ReplyReceiver < T > {
    type Item = Result < T , String > ;
    # [inline] fn poll_next (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Option < Result < T , String > >> {
        :: postage :: __private :: futures_core :: Stream :: poll_next (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
    # [inline] fn size_hint (& self) -> (usize , :: postage :: __private :: Option < usize >) {
        :: postage :: __private :: futures_core :: Stream :: size_hint (& self . 0)
    }
}
# [allow (deprecated)] impl < T > :: postage :: __private :: futures_core :: FusedStream for ReplyReceiver < T > {
    # [inline] fn is_terminated (& self) -> bool {
        :: postage :: __private :: futures_core :: FusedStream :: is_terminated (& self . 0)
    }
}
# [allow (deprecated)] impl < T > :: postage :: __private :: FusedFuture for ReplyReceiver < T > {
    # [inline] fn is_terminated (& self) -> bool {
        :: postage :: __private :: FusedFuture :: is_terminated (& self . 0)
    }
}
# [allow (deprecated)] impl < T > :: postage :: __private :: Future for ReplyReceiver < T > {
    type Output = :: postage :: __private :: Option < Result < T , String > > ;
    # [inline] fn poll (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Option < Result < T , String > > > {
        :: postage :: __private :: Future :: poll (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
}
