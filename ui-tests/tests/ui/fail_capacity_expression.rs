const WORKERS: usize = 4;

postage::channel!(Work: dispatch<u32, WORKERS * 2>);

fn main() {
    let (_tx, _rx) = Work::channel();
}
