//! A value alone on its cache line, so that two atomics written by different threads (the
//! queue's head and tail) never share one and ping-pong between cores.
//!
//! The value sits between two 64-byte pads rather than being aligned to a line: any other
//! field is then at least 64 bytes away from it, so no 64-byte line holds both, wherever the
//! allocation starts. An alignment above 16 would send every channel creation through the
//! global allocator's aligned path (`posix_memalign` on glibc), which splits the block and
//! frees the pieces; profiled on `op/create`, that and the heap consolidation it triggered
//! were a third of creating and dropping an mpsc channel. Padded, a channel is one plain
//! `malloc`, and the contended benchmarks measured the same as with 128-byte alignment.

use std::fmt;
use std::ops::Deref;

#[derive(Default)]
#[repr(C)]
pub(crate) struct CachePadded<T> {
    _before: [u64; 8],
    value: T,
    _after: [u64; 8],
}

impl<T> CachePadded<T> {
    pub(crate) const fn new(value: T) -> Self {
        CachePadded {
            _before: [0; 8],
            value,
            _after: [0; 8],
        }
    }
}

impl<T> Deref for CachePadded<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: fmt::Debug> fmt::Debug for CachePadded<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::CachePadded;
    use std::mem::{align_of, offset_of, size_of};

    #[test]
    fn the_value_has_a_line_of_padding_on_each_side_without_a_raised_alignment() {
        type Padded = CachePadded<u64>;
        assert_eq!(offset_of!(Padded, value), 64);
        assert_eq!(
            size_of::<Padded>() - offset_of!(Padded, value) - size_of::<u64>(),
            64
        );
        assert!(align_of::<Padded>() <= 16, "no aligned allocation");
    }
}
