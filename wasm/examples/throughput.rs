//! Native half of the engine throughput comparison: runs `redlet_wasm::workload` (alternating
//! `SET key:N value` / `GET key:N` over 10,000 keys, one command per `feed` and then batches
//! of 1,000) on the engine compiled natively; `tests-www/bench.mjs` runs the very same loop
//! compiled to wasm (`benchCore`) and prints both. Prints one JSON line.
//!
//! Run: `cargo run --release -p redlet-wasm --example throughput [commands]`.

use std::time::Instant;

fn main() {
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(400_000);
    let origin = Instant::now();
    let r = redlet_wasm::workload::run(n, &mut || origin.elapsed().as_secs_f64());
    println!(
        "{{\"single\": {:.0}, \"batched\": {:.0}, \"commands\": {n}}}",
        r.single, r.batched
    );
}
