//! The buffer of a [`Queue`](crate::core::queue::Queue): the bounded [`SlotArray`] or the
//! unbounded [`List`], behind the same methods, so the queue's protocol is written once.
//!
//! On an unbounded buffer a push is refused only when the buffer is marked (closed), there
//! is always room, and reservations hold nothing.

use crate::core::array::{Pop, Refused, SlotArray};
use crate::core::list::List;

pub(crate) enum Buffer<T> {
    Bounded(SlotArray<T>),
    Unbounded(List<T>),
}

/// Forwards a method call to whichever buffer this is.
macro_rules! forward {
    ($self:ident, $buffer:ident => $call:expr) => {
        match $self {
            Buffer::Bounded($buffer) => $call,
            Buffer::Unbounded($buffer) => $call,
        }
    };
}

impl<T> Buffer<T> {
    #[inline]
    pub(crate) fn capacity(&self) -> usize {
        forward!(self, buffer => buffer.capacity())
    }

    #[inline(always)]
    pub(crate) fn try_push(&self, value: T) -> Result<(), Refused<T>> {
        forward!(self, buffer => buffer.try_push(value))
    }

    /// Reserves `n` slots (at least 1); an unbounded buffer reserves nothing and refuses
    /// only when marked.
    #[inline]
    pub(crate) fn try_reserve(&self, n: u64) -> Result<(), Refused<()>> {
        match self {
            Buffer::Bounded(array) => array.try_reserve(n),
            Buffer::Unbounded(list) => list.try_reserve(),
        }
    }

    #[inline]
    pub(crate) fn push_reserved(&self, value: T) -> Result<(), T> {
        forward!(self, buffer => buffer.push_reserved(value))
    }

    /// Gives back `n` reserved slots unused; nothing to give back on an unbounded buffer.
    #[inline]
    pub(crate) fn release(&self, n: u64) {
        if let Buffer::Bounded(array) = self {
            array.release(n);
        }
    }

    #[inline]
    pub(crate) fn mark(&self) {
        forward!(self, buffer => buffer.mark())
    }

    #[inline]
    pub(crate) fn unmark(&self) {
        forward!(self, buffer => buffer.unmark())
    }

    #[inline]
    pub(crate) fn is_marked(&self) -> bool {
        forward!(self, buffer => buffer.is_marked())
    }

    #[inline(always)]
    pub(crate) fn pop_single(&self) -> Pop<T> {
        forward!(self, buffer => buffer.pop_single())
    }

    #[inline(always)]
    pub(crate) fn pop_shared(&self) -> Pop<T> {
        forward!(self, buffer => buffer.pop_shared())
    }

    #[inline]
    pub(crate) fn pop_many_single(&self, out: &mut Vec<T>, limit: usize) -> Result<usize, Pop<T>> {
        forward!(self, buffer => buffer.pop_many_single(out, limit))
    }

    #[inline]
    pub(crate) fn pop_many_shared(&self, out: &mut Vec<T>, limit: usize) -> Result<usize, Pop<T>> {
        forward!(self, buffer => buffer.pop_many_shared(out, limit))
    }

    #[inline]
    pub(crate) fn has_message(&self) -> bool {
        forward!(self, buffer => buffer.has_message())
    }

    /// Whether a push could claim a slot now, or the buffer is marked; always on an
    /// unbounded buffer.
    #[inline]
    pub(crate) fn has_room(&self) -> bool {
        match self {
            Buffer::Bounded(array) => array.has_room(),
            Buffer::Unbounded(_) => true,
        }
    }

    #[inline]
    pub(crate) fn len(&self) -> usize {
        forward!(self, buffer => buffer.len())
    }

    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        forward!(self, buffer => buffer.is_empty())
    }

    /// How many blocks an unbounded buffer holds beyond the one it always has (the spare and
    /// blocks not yet recycled); 0 for a bounded one.
    #[cfg(test)]
    pub(crate) fn retained_segments(&self) -> usize {
        match self {
            Buffer::Bounded(_) => 0,
            Buffer::Unbounded(list) => list.blocks() - 1,
        }
    }
}
