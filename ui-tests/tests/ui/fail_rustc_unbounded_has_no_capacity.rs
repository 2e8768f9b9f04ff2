// An unbounded channel has no capacity: no `CAPACITY`, no `with_capacity`.
postage::channel!(Lines: mpsc<String, unbounded>);

fn main() {
    let _ = Lines::CAPACITY;
    let _ = Lines::with_capacity(4);
}
