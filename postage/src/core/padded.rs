//! A value alone on its cache line(s), so that two atomics written by different threads
//! (the queue's head and tail) never share one and ping-pong between cores.
//!
//! 128 bytes covers the adjacent-line prefetch of x86-64 and the 128-byte lines of Apple
//! silicon; on other targets it only wastes a little memory per channel.

use std::ops::Deref;

#[derive(Debug, Default)]
#[repr(align(128))]
pub(crate) struct CachePadded<T>(T);

impl<T> CachePadded<T> {
    pub(crate) const fn new(value: T) -> Self {
        CachePadded(value)
    }
}

impl<T> Deref for CachePadded<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}
