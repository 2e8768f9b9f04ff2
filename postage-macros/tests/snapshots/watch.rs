# [doc = ""] # [doc = "The channel `Config`: a `watch` channel of `Settings`.\n\nCreate both halves with `let (tx, mut rx) = Config::channel();`; the semantics are those of `postage::watch`."] # [derive (:: postage :: __private :: Debug , :: postage :: __private :: Clone , :: postage :: __private :: Copy)] struct Config ;
# [doc = ""] # [doc = "The sending half of [`Config`]: a `watch` channel of `Settings`.\n\nNot `Clone`: a `watch` channel has exactly one sender.\n\nCreate both halves with `let (tx, mut rx) = Config::channel();`; the semantics are those of `postage::watch`."] struct ConfigSender (:: postage :: __private :: watch :: Sender < Settings >) ;
# [doc = ""] # [doc = "The receiving half of [`Config`]: a `watch` channel of `Settings`.\n\nCloneable: every clone of the receiver uses the same channel.\n\nCreate both halves with `let (tx, mut rx) = Config::channel();`; the semantics are those of `postage::watch`."] struct ConfigReceiver (:: postage :: __private :: watch :: Receiver < Settings >) ;
# [allow (deprecated)] impl Config {
    # [doc = "Creates a new `Config` channel; the initial value is evaluated on each call."] # [must_use] fn channel () -> (ConfigSender , ConfigReceiver) {
        let (sender , receiver) = :: postage :: __private :: watch :: channel_with :: < Settings > (Settings :: load ()) ;
        (ConfigSender (sender) , ConfigReceiver (receiver))
    }
}
# [allow (deprecated)] impl :: postage :: __private :: Channel for Config {
    type Item = Settings ;
    type Sender = ConfigSender ;
    type Receiver = ConfigReceiver ;
    const KIND : :: postage :: __private :: ChannelKind = :: postage :: __private :: ChannelKind :: Watch ;
    fn channel () -> (Self :: Sender , Self :: Receiver) {
        < Self > :: channel ()
    }
}
# [allow (deprecated)] impl ConfigSender {
    # [doc = "Stores `value` and notifies the receivers; fails with the value when no receiver exists."] # [inline] fn send (& self , value : Settings) -> :: postage :: __private :: Result < () , :: postage :: __private :: SendError < Settings >> {
        self . 0 . send (value)
    }
    # [doc = "Stores `value` even without receivers and returns the previous value."] # [inline] fn send_replace (& self , value : Settings) -> Settings {
        self . 0 . send_replace (value)
    }
    # [doc = "Modifies the value in place and notifies the receivers."] # [inline] fn send_modify < F : :: postage :: __private :: FnOnce (& mut Settings) > (& self , modify : F) {
        self . 0 . send_modify (modify)
    }
    # [doc = "Reads the current value; do not hold the guard across an `.await`."] # [inline] fn borrow (& self) -> :: postage :: __private :: watch :: Ref < '_ , Settings > {
        self . 0 . borrow ()
    }
    # [doc = "Creates a new receiver, reopening the channel if every receiver was gone."] # [inline] fn subscribe (& self) -> ConfigReceiver {
        ConfigReceiver (self . 0 . subscribe ())
    }
    # [doc = "Whether no receiver is left: every send now fails."] # [inline] fn is_closed (& self) -> bool {
        self . 0 . is_closed ()
    }
    # [doc = "Resolves once no receiver is left. Cancel safe."] # [inline] fn closed (& self) -> :: postage :: __private :: ClosedFuture < '_ > {
        self . 0 . closed ()
    }
    # [doc = "The runtime `postage::watch::Sender` inside."] # [inline] fn into_inner (self) -> :: postage :: __private :: watch :: Sender < Settings > {
        self . 0
    }
}
# [allow (deprecated)] impl ConfigReceiver {
    # [doc = "Receives the next message; `None` once the channel is closed and drained. Cancel safe."] # [inline] fn recv (& mut self) -> :: postage :: __private :: RecvFuture < '_ , Self > {
        :: postage :: __private :: Stream :: recv (self)
    }
    # [doc = "Receives a message if one is ready; never waits."] # [inline] fn try_recv (& mut self) -> :: postage :: __private :: Result < Settings , :: postage :: __private :: TryRecvError > {
        :: postage :: __private :: Stream :: try_recv (self)
    }
    :: postage :: __private :: if_blocking ! {
        # [doc = "Receives the next message, parking the current thread while none is ready."] # [inline] fn blocking_recv (& mut self) -> :: postage :: __private :: Option < Settings > {
            :: postage :: __private :: Stream :: blocking_recv (self)
        }
    }
    # [doc = "Waits for a value this receiver has not seen; fails once the sender is gone. Cancel safe."] # [inline] fn changed (& mut self) -> :: postage :: __private :: watch :: ChangedFuture < '_ , Settings > {
        self . 0 . changed ()
    }
    # [doc = "Reads the current value without marking it seen."] # [inline] fn borrow (& self) -> :: postage :: __private :: watch :: Ref < '_ , Settings > {
        self . 0 . borrow ()
    }
    # [doc = "Reads the current value and marks it seen."] # [inline] fn borrow_and_update (& mut self) -> :: postage :: __private :: watch :: Ref < '_ , Settings > {
        self . 0 . borrow_and_update ()
    }
    # [doc = "The runtime `postage::watch::Receiver` inside."] # [inline] fn into_inner (self) -> :: postage :: __private :: watch :: Receiver < Settings > {
        self . 0
    }
}
# [allow (deprecated)] impl :: postage :: __private :: fmt :: Debug for ConfigSender {
    fn fmt (& self , f : & mut :: postage :: __private :: fmt :: Formatter < '_ >) -> :: postage :: __private :: fmt :: Result {
        f . debug_tuple ("ConfigSender") . field (& self . 0) . finish ()
    }
}
# [allow (deprecated)] impl :: postage :: __private :: Clone for ConfigReceiver {
    # [inline] fn clone (& self) -> Self {
        ConfigReceiver (:: postage :: __private :: Clone :: clone (& self . 0))
    }
}
# [allow (deprecated)] impl :: postage :: __private :: fmt :: Debug for ConfigReceiver {
    fn fmt (& self , f : & mut :: postage :: __private :: fmt :: Formatter < '_ >) -> :: postage :: __private :: fmt :: Result {
        f . debug_tuple ("ConfigReceiver") . field (& self . 0) . finish ()
    }
}
# [allow (deprecated)] impl :: postage :: __private :: Sink for ConfigSender {
    type Item = Settings ;
    # [inline] fn poll_send (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > , value : Settings ,) -> :: postage :: __private :: PollSend < Settings > {
        :: postage :: __private :: Sink :: poll_send (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx , value)
    }
    # [inline] fn cancel_send (self : :: postage :: __private :: Pin < & mut Self >) {
        :: postage :: __private :: Sink :: cancel_send (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0))
    }
}
# [allow (deprecated)] impl :: postage :: __private :: futures_sink :: Sink < Settings > for ConfigSender {
    type Error = :: postage :: __private :: SendError < Settings > ;
    # [inline] fn poll_ready (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Result < () , Self :: Error >> {
        :: postage :: __private :: futures_sink :: Sink :: < Settings > :: poll_ready (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
    # [inline] fn start_send (self : :: postage :: __private :: Pin < & mut Self > , item : Settings) -> :: postage :: __private :: Result < () , Self :: Error > {
        :: postage :: __private :: futures_sink :: Sink :: < Settings > :: start_send (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , item)
    }
    # [inline] fn poll_flush (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Result < () , Self :: Error >> {
        :: postage :: __private :: futures_sink :: Sink :: < Settings > :: poll_flush (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
    # [inline] fn poll_close (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Result < () , Self :: Error >> {
        :: postage :: __private :: futures_sink :: Sink :: < Settings > :: poll_close (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
}
# [allow (deprecated)] impl :: postage :: __private :: Stream for ConfigReceiver {
    type Item = Settings ;
    # [inline] fn poll_recv (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: PollRecv < Settings > {
        < Settings as :: postage :: __private :: WatchPayload > :: poll_recv (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
    # [inline] fn cancel_recv (self : :: postage :: __private :: Pin < & mut Self >) {
        < Settings as :: postage :: __private :: WatchPayload > :: cancel_recv (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0))
    }
}
# [allow (deprecated)] impl :: postage :: __private :: futures_core :: Stream for ConfigReceiver {
    type Item = Settings ;
    # [inline] fn poll_next (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Option < Settings >> {
        match :: postage :: __private :: Stream :: poll_recv (self , cx) {
            :: postage :: __private :: PollRecv :: Ready (value) => :: postage :: __private :: Poll :: Ready (:: postage :: __private :: Option :: Some (value)) , :: postage :: __private :: PollRecv :: Pending => :: postage :: __private :: Poll :: Pending , :: postage :: __private :: PollRecv :: Closed => :: postage :: __private :: Poll :: Ready (:: postage :: __private :: Option :: None) ,
        }
    }
}
# [allow (deprecated)] impl :: postage :: __private :: futures_core :: FusedStream for ConfigReceiver {
    # [inline] fn is_terminated (& self) -> bool {
        < Settings as :: postage :: __private :: WatchPayload > :: is_terminated (& self . 0)
    }
}
