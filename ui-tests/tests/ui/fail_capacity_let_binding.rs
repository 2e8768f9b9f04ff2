// A capacity is a constant: a `let` binding gives one error, which suggests `const`
// (`Name::with_capacity(n)` takes a capacity known only at run time).
fn main() {
    let workers = 4;
    postage::channel!(Jobs: mpsc<u32, workers>);
    let (_tx, _rx) = Jobs::channel();
    let _ = workers;
}
