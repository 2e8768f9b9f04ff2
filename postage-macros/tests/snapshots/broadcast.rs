# [doc = ""] # [doc = "The channel `Events`: a `broadcast` channel of `u32` with capacity `EVENTS`.\n\nCreate both halves with `let (tx, mut rx) = Events::channel();`; the semantics are those of `postage::broadcast`."] # [derive (:: postage :: __private :: Debug , :: postage :: __private :: Clone , :: postage :: __private :: Copy)] pub (crate) struct Events ;
# [doc = ""] # [doc = "The sending half of [`Events`]: a `broadcast` channel of `u32` with capacity `EVENTS`.\n\nCloneable: every clone of the sender uses the same channel.\n\nCreate both halves with `let (tx, mut rx) = Events::channel();`; the semantics are those of `postage::broadcast`."] pub (crate) struct EventsSender (:: postage :: __private :: broadcast :: Sender < u32 >) ;
# [doc = ""] # [doc = "The receiving half of [`Events`]: a `broadcast` channel of `u32` with capacity `EVENTS`.\n\nCloneable: every clone of the receiver uses the same channel.\n\nCreate both halves with `let (tx, mut rx) = Events::channel();`; the semantics are those of `postage::broadcast`."] pub (crate) struct EventsReceiver (:: postage :: __private :: broadcast :: Receiver < u32 >) ;
# [allow (deprecated)] impl Events {
    # [doc = "The capacity of every `Events` channel: `EVENTS` messages."] pub (crate) const CAPACITY : usize = EVENTS ;
    # [doc = "Creates a new `Events` channel."] # [must_use] pub (crate) fn channel () -> (EventsSender , EventsReceiver) {
        let (sender , receiver) = < u32 as :: postage :: __private :: BroadcastPayload > :: channel (Self :: CAPACITY) ;
        (EventsSender (sender) , EventsReceiver (receiver))
    }
}
# [allow (deprecated)] impl :: postage :: __private :: Channel for Events {
    type Item = u32 ;
    type Sender = EventsSender ;
    type Receiver = EventsReceiver ;
    const KIND : :: postage :: __private :: ChannelKind = :: postage :: __private :: ChannelKind :: Broadcast ;
    fn channel () -> (Self :: Sender , Self :: Receiver) {
        < Self > :: channel ()
    }
}
const _ : () = if (EVENTS) < 1 {
    :: core :: panic ! ("capacity of channel `Events` must be at least 1, but this constant is 0; give it a value of at least 1")
}
;
# [allow (deprecated)] impl EventsSender {
    # [doc = "Sends `value`, waiting while the channel is full (see `broadcast::Sender`)."] # [inline] pub (crate) fn send (& self , value : u32) -> :: postage :: __private :: broadcast :: SendFuture < '_ , u32 > {
        self . 0 . send (value)
    }
    # [doc = "Sends `value` if there is room now; never waits."] # [inline] pub (crate) fn try_send (& self , value : u32) -> :: postage :: __private :: Result < () , :: postage :: __private :: TrySendError < u32 >> {
        self . 0 . try_send (value)
    }
    :: postage :: __private :: if_blocking ! {
        # [doc = "Sends `value`, parking the current thread while the channel is full."] # [inline] pub (crate) fn blocking_send (& self , value : u32) -> :: postage :: __private :: Result < () , :: postage :: __private :: SendError < u32 >> {
            self . 0 . blocking_send (value)
        }
    }
    # [doc = "Creates a new receiver, reopening the channel if every receiver was gone."] # [inline] pub (crate) fn subscribe (& self) -> EventsReceiver {
        EventsReceiver (self . 0 . subscribe ())
    }
    # [doc = "Whether no receiver is left: every send now fails."] # [inline] pub (crate) fn is_closed (& self) -> bool {
        self . 0 . is_closed ()
    }
    # [doc = "Resolves once no receiver is left. Cancel safe."] # [inline] pub (crate) fn closed (& self) -> :: postage :: __private :: ClosedFuture < '_ > {
        self . 0 . closed ()
    }
    # [doc = "The number of buffered messages."] # [inline] pub (crate) fn len (& self) -> usize {
        self . 0 . len ()
    }
    # [doc = "Whether no message is buffered."] # [inline] pub (crate) fn is_empty (& self) -> bool {
        self . 0 . is_empty ()
    }
    # [doc = "The most messages the channel buffers."] # [inline] pub (crate) fn capacity (& self) -> usize {
        self . 0 . capacity ()
    }
    # [doc = "The runtime `postage::broadcast::Sender` inside."] # [inline] pub (crate) fn into_inner (self) -> :: postage :: __private :: broadcast :: Sender < u32 > {
        self . 0
    }
}
# [allow (deprecated)] impl EventsReceiver {
    # [doc = "Receives the next message; `None` once the channel is closed and drained. Cancel safe."] # [inline] pub (crate) fn recv (& mut self) -> :: postage :: __private :: RecvFuture < '_ , Self > {
        :: postage :: __private :: Stream :: recv (self)
    }
    # [doc = "Receives a message if one is ready; never waits."] # [inline] pub (crate) fn try_recv (& mut self) -> :: postage :: __private :: Result < u32 , :: postage :: __private :: TryRecvError > {
        :: postage :: __private :: Stream :: try_recv (self)
    }
    :: postage :: __private :: if_blocking ! {
        # [doc = "Receives the next message, parking the current thread while none is ready."] # [inline] pub (crate) fn blocking_recv (& mut self) -> :: postage :: __private :: Option < u32 > {
            :: postage :: __private :: Stream :: blocking_recv (self)
        }
    }
    # [doc = "The number of buffered messages."] # [inline] pub (crate) fn len (& self) -> usize {
        self . 0 . len ()
    }
    # [doc = "Whether no message is buffered."] # [inline] pub (crate) fn is_empty (& self) -> bool {
        self . 0 . is_empty ()
    }
    # [doc = "The most messages the channel buffers."] # [inline] pub (crate) fn capacity (& self) -> usize {
        self . 0 . capacity ()
    }
    # [doc = "The runtime `postage::broadcast::Receiver` inside."] # [inline] pub (crate) fn into_inner (self) -> :: postage :: __private :: broadcast :: Receiver < u32 > {
        self . 0
    }
}
# [allow (deprecated)] impl :: postage :: __private :: Clone for EventsSender {
    # [inline] fn clone (& self) -> Self {
        EventsSender (:: postage :: __private :: Clone :: clone (& self . 0))
    }
}
# [allow (deprecated)] impl :: postage :: __private :: fmt :: Debug for EventsSender {
    fn fmt (& self , f : & mut :: postage :: __private :: fmt :: Formatter < '_ >) -> :: postage :: __private :: fmt :: Result {
        f . debug_tuple ("EventsSender") . field (& self . 0) . finish ()
    }
}
# [allow (deprecated)] impl :: postage :: __private :: Clone for EventsReceiver {
    # [inline] fn clone (& self) -> Self {
        EventsReceiver (:: postage :: __private :: Clone :: clone (& self . 0))
    }
}
# [allow (deprecated)] impl :: postage :: __private :: fmt :: Debug for EventsReceiver {
    fn fmt (& self , f : & mut :: postage :: __private :: fmt :: Formatter < '_ >) -> :: postage :: __private :: fmt :: Result {
        f . debug_tuple ("EventsReceiver") . field (& self . 0) . finish ()
    }
}
# [allow (deprecated)] impl :: postage :: __private :: Sink for EventsSender {
    type Item = u32 ;
    # [inline] fn poll_send (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > , value : u32 ,) -> :: postage :: __private :: PollSend < u32 > {
        :: postage :: __private :: Sink :: poll_send (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx , value)
    }
    # [inline] fn cancel_send (self : :: postage :: __private :: Pin < & mut Self >) {
        :: postage :: __private :: Sink :: cancel_send (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0))
    }
}
# [allow (deprecated)] impl :: postage :: __private :: futures_sink :: Sink < u32 > for EventsSender {
    type Error = :: postage :: __private :: SendError < u32 > ;
    # [inline] fn poll_ready (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Result < () , Self :: Error >> {
        :: postage :: __private :: futures_sink :: Sink :: < u32 > :: poll_ready (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
    # [inline] fn start_send (self : :: postage :: __private :: Pin < & mut Self > , item : u32) -> :: postage :: __private :: Result < () , Self :: Error > {
        :: postage :: __private :: futures_sink :: Sink :: < u32 > :: start_send (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , item)
    }
    # [inline] fn poll_flush (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Result < () , Self :: Error >> {
        :: postage :: __private :: futures_sink :: Sink :: < u32 > :: poll_flush (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
    # [inline] fn poll_close (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Result < () , Self :: Error >> {
        :: postage :: __private :: futures_sink :: Sink :: < u32 > :: poll_close (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
}
# [allow (deprecated)] impl :: postage :: __private :: Stream for EventsReceiver {
    type Item = u32 ;
    # [inline] fn poll_recv (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: PollRecv < u32 > {
        < u32 as :: postage :: __private :: BroadcastPayload > :: poll_recv (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0) , cx)
    }
    # [inline] fn cancel_recv (self : :: postage :: __private :: Pin < & mut Self >) {
        < u32 as :: postage :: __private :: BroadcastPayload > :: cancel_recv (:: postage :: __private :: Pin :: new (& mut self . get_mut () . 0))
    }
}
# [allow (deprecated)] impl :: postage :: __private :: futures_core :: Stream for EventsReceiver {
    type Item = u32 ;
    # [inline] fn poll_next (self : :: postage :: __private :: Pin < & mut Self > , cx : & mut :: postage :: __private :: Context < '_ > ,) -> :: postage :: __private :: Poll < :: postage :: __private :: Option < u32 >> {
        match :: postage :: __private :: Stream :: poll_recv (self , cx) {
            :: postage :: __private :: PollRecv :: Ready (value) => :: postage :: __private :: Poll :: Ready (:: postage :: __private :: Option :: Some (value)) , :: postage :: __private :: PollRecv :: Pending => :: postage :: __private :: Poll :: Pending , :: postage :: __private :: PollRecv :: Closed => :: postage :: __private :: Poll :: Ready (:: postage :: __private :: Option :: None) ,
        }
    }
}
# [allow (deprecated)] impl :: postage :: __private :: futures_core :: FusedStream for EventsReceiver {
    # [inline] fn is_terminated (& self) -> bool {
        < u32 as :: postage :: __private :: BroadcastPayload > :: is_terminated (& self . 0)
    }
}
