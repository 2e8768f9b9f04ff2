// Each declaration has its own mistake; all of them are reported together.
postage::channel! {
    Jobs: mspc<u32, 4>;
    Events: broadcast<u32>;
    Reply: oneshot<u64, 2>;
    Config: dispatch<u8, 4> = 1;
}

fn main() {}
