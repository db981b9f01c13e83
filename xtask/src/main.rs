//! Project tasks: `cargo xtask test | play | build-wasm | bench`.
fn main() {}
