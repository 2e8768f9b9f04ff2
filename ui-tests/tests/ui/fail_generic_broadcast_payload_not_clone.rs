// A generic payload must be bounded: the declaration states `T: Clone` itself.
postage::channel!(Fanout<T>: broadcast<T, 4>);

fn main() {}
