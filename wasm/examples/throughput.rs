//! Native half of the playground throughput comparison: the same workload as
//! `tests-www/bench.mjs` runs in node on the wasm build (alternating `SET key:N value` and
//! `GET key:N` over 10,000 keys), one command per `feed` and then in batches of 1,000.
//! Prints one JSON line; `node tests-www/bench.mjs` runs both and prints the table.
//!
//! Run: `cargo run --release -p redlet-wasm --example throughput`.

use std::time::Instant;

use redlet_core::frame::encode_command;
use redlet_core::{Config, Server};

fn workload(n: usize) -> Vec<Vec<u8>> {
    (0..n)
        .map(|i| {
            let key = format!("key:{}", i % 10_000);
            if i % 2 == 0 {
                encode_command(&["SET", key.as_str(), "value"])
            } else {
                encode_command(&["GET", key.as_str()])
            }
        })
        .collect()
}

fn main() {
    let n = 400_000;
    let cmds = workload(n);
    let now = 1_700_000_000_000;
    let mut server = Server::new(Config::default());
    let id = server.connect(now);
    let mut out = Vec::new();

    let t = Instant::now();
    for c in &cmds {
        server.feed(id, c, now);
        server.take_output_into(id, &mut out);
        out.clear();
    }
    let single = n as f64 / t.elapsed().as_secs_f64();

    let batches: Vec<Vec<u8>> = cmds.chunks(1000).map(|c| c.concat()).collect();
    let t = Instant::now();
    for b in &batches {
        server.feed(id, b, now);
        server.take_output_into(id, &mut out);
        out.clear();
    }
    let batched = n as f64 / t.elapsed().as_secs_f64();
    println!("{{\"single\": {single:.0}, \"batched\": {batched:.0}, \"commands\": {n}}}");
}
