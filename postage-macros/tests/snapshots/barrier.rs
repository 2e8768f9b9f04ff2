# [doc = " Stops everything."] # [doc = ""] # [doc = "The channel `Shutdown`: a `barrier` channel.\n\nCreate both halves with `let (tx, mut rx) = Shutdown::channel();`; the semantics are those of `postage::barrier`."] # [derive (:: postage :: __private :: Debug , :: postage :: __private :: Clone , :: postage :: __private :: Copy)] pub struct Shutdown ;
# [doc = " Stops everything."] # [doc = ""] # [doc = "The sending half of [`Shutdown`]: a `barrier` channel.\n\nNot `Clone`: a `barrier` channel has exactly one sender.\n\nCreate both halves with `let (tx, mut rx) = Shutdown::channel();`; the semantics are those of `postage::barrier`."] pub struct ShutdownSender (:: postage :: __private :: barrier :: Sender) ;
# [doc = " Stops everything."] # [doc = ""] # [doc = "The receiving half of [`Shutdown`]: a `barrier` channel.\n\nCloneable: every clone of the receiver uses the same channel.\n\nCreate both halves with `let (tx, mut rx) = Shutdown::channel();`; the semantics are those of `postage::barrier`."] pub struct ShutdownReceiver (:: postage :: __private :: barrier :: Receiver) ;
# [allow (deprecated)] impl Shutdown {
    # [doc = "Creates a new `Shutdown` channel."] # [must_use] pub fn channel () -> (ShutdownSender , ShutdownReceiver) {
        let (sender , receiver) = :: postage :: __private :: barrier :: channel () ;
        (ShutdownSender (sender) , ShutdownReceiver (receiver))
    }
}
# [allow (deprecated)] impl :: postage :: __private :: Channel for Shutdown {
    type Item = () ;
    type Sender = ShutdownSender ;
    type Receiver = ShutdownReceiver ;
    const KIND : :: postage :: __private :: ChannelKind = :: postage :: __private :: ChannelKind :: Barrier ;
    fn channel () -> (Self :: Sender , Self :: Receiver) {
        < Self > :: channel ()
    }
}
# [allow (deprecated)] impl ShutdownSender {
    # [doc = "Fires the barrier, consuming the sender (dropping it fires the barrier too)."] # [inline] pub fn send (self) {
        self . 0 . send ()
    }
    # [doc = "Whether no receiver is left: every send now fails."] # [inline] pub fn is_closed (& self) -> bool {
        self . 0 . is_closed ()
    }
    # [doc = "Resolves once no receiver is left. Cancel safe."] # [inline] pub fn closed (& self) -> :: postage :: __private :: ClosedFuture < '_ > {
        self . 0 . closed ()
    }
    # [doc = "The runtime `postage::barrier::Sender` inside."] # [inline] pub fn into_inner (self) -> :: postage :: __private :: barrier :: Sender {
        self . 0
    }
}
# [allow (deprecated)] impl ShutdownReceiver {
    # [doc = "Waits until the barrier fires; at once when it already has. Cancel safe."] # [inline] pub fn recv (& mut self) -> & mut Self {
        self
    }
    # [doc = "Whether the barrier fired, as a `Result`; never waits."] # [inline] pub fn try_recv (& mut self) -> :: postage :: __private :: Result < () , :: postage :: __private :: TryRecvError > {
        self . 0 . try_recv ()
    }
    :: postage :: __private :: if_blocking ! {
        # [doc = "Parks the current thread until the barrier fires."] # [inline] pub fn blocking_recv (& mut self) {
            self . 0 . blocking_recv ()
        }
    }
    # [doc = "Whether the barrier fired."] # [inline] pub fn is_fired (& self) -> bool {
        self . 0 . is_fired ()
    }
    # [doc = "The runtime `postage::barrier::Receiver` inside."] # [inline] pub fn into_inner (self) -> :: postage :: __private :: barrier :: Receiver {
        self . 0
    }
}
# [allow (deprecated)] impl :: postage :: __private :: fmt :: Debug for ShutdownSender {
    fn fmt (& self , f : & mut :: postage :: __private :: fmt :: Formatter < '_ >) -> :: postage :: __private :: fmt :: Result {
        f . debug_tuple ("ShutdownSender") . field (& self . 0) . finish ()
    }
}
# [allow (deprecated)] impl :: postage :: __private :: Clone for ShutdownReceiver {
    # [inline] fn clone (& self) -> Self {
        ShutdownReceiver (:: postage :: __private :: Clone :: clone (& self . 0))
    }
}
# [allow (deprecated)] impl :: postage :: __private :: fmt :: Debug for ShutdownReceiver {
    fn fmt (& self , f : & mut :: postage :: __private :: fmt :: Formatter < '_ >) -> :: postage :: __private :: fmt :: Result {
        f . debug_tuple ("ShutdownReceiver") . field (& self . 0) . finish ()
    }
}
# [allow (deprecated)] impl :: postage :: __private :: Sink for ShutdownSender {
    type Item = () ;
    # [inline] fn poll_send (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > , value : () ,) -> :: postage :: __private :: PollSend < () > {
        :: postage :: __private :: Sink :: poll_send (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx , value)
    }
    # [inline] fn cancel_send (self : :: postage :: __private :: Pin < & mut Self >) {
        :: postage :: __private :: Sink :: cancel_send (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0))
    }
}
# [allow (deprecated)] impl :: postage :: __private :: futures_sink :: Sink < () > for ShutdownSender {
    type Error = :: postage :: __private :: SendError < () > ;
    # [inline] fn poll_ready (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Result < () , Self :: Error >> {
        :: postage :: __private :: futures_sink :: Sink :: < () > :: poll_ready (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
    # [inline] fn start_send (self : :: postage :: __private :: Pin < & mut Self > , item : ()) -> :: postage :: __private :: Result < () , Self :: Error > {
        :: postage :: __private :: futures_sink :: Sink :: < () > :: start_send (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , item)
    }
    # [inline] fn poll_flush (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Result < () , Self :: Error >> {
        :: postage :: __private :: futures_sink :: Sink :: < () > :: poll_flush (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
    # [inline] fn poll_close (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Result < () , Self :: Error >> {
        :: postage :: __private :: futures_sink :: Sink :: < () > :: poll_close (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
}
# [allow (deprecated)] impl :: postage :: __private :: Stream for ShutdownReceiver {
    type Item = () ;
    # [inline] fn poll_recv (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: PollRecv < () > {
        :: postage :: __private :: Stream :: poll_recv (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
    # [inline] fn cancel_recv (self : :: postage :: __private :: Pin < & mut Self >) {
        :: postage :: __private :: Stream :: cancel_recv (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0))
    }
}
# [allow (deprecated)] impl :: postage :: __private :: futures_core :: Stream for ShutdownReceiver {
    type Item = () ;
    # [inline] fn poll_next (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Option < () >> {
        :: postage :: __private :: futures_core :: Stream :: poll_next (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
    # [inline] fn size_hint (& self) -> (usize , :: postage :: __private :: Option < usize >) {
        :: postage :: __private :: futures_core :: Stream :: size_hint (& self . 0)
    }
}
# [allow (deprecated)] impl :: postage :: __private :: futures_core :: FusedStream for ShutdownReceiver {
    # [inline] fn is_terminated (& self) -> bool {
        :: postage :: __private :: futures_core :: FusedStream :: is_terminated (& self . 0)
    }
}
# [allow (deprecated)] impl :: postage :: __private :: Future for ShutdownReceiver {
    type Output = () ;
    # [inline] fn poll (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < () > {
        :: postage :: __private :: Future :: poll (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
}
