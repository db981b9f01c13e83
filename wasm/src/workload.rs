//! The engine throughput workload, one loop compiled two ways: natively by
//! `examples/throughput.rs` and to wasm behind the `benchCore` export, so
//! `tests-www/bench.mjs` compares the core engine in WebAssembly with the same core native,
//! apples to apples (no JS boundary inside the timed loop).
//!
//! Workload: alternating `SET key:N value` / `GET key:N` over 10,000 keys on one client of a
//! fresh server, first one command per `feed`, then batches of 1,000 pipelined commands per
//! `feed`; each `feed` is followed by `take_output_into` (the native server's hot path).
//! The clock is the caller's (`Instant` natively, `performance.now()` in node): core has none.

use redlet_core::frame::encode_command;
use redlet_core::{Config, Server};

/// Commands per second of one run.
#[derive(Debug, Clone, Copy)]
pub struct Rates {
    /// One command per `feed` call.
    pub single: f64,
    /// 1,000 pipelined commands per `feed` call.
    pub batched: f64,
}

/// The `n` requests of the workload, RESP-encoded.
pub fn commands(n: usize) -> Vec<Vec<u8>> {
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

/// Runs the workload of `n` commands (one per call, then the same `n` batched by 1,000) and
/// returns the rates. `clock` returns seconds from any fixed origin.
pub fn run(n: usize, clock: &mut dyn FnMut() -> f64) -> Rates {
    let cmds = commands(n);
    let now = 1_700_000_000_000;
    let mut server = Server::new(Config::default());
    let id = server.connect(now);
    let mut out = Vec::new();
    // Commands per second feeding `requests` one `feed` call each.
    let mut rate = |requests: &[Vec<u8>], clock: &mut dyn FnMut() -> f64| {
        let t = clock();
        for r in requests {
            server.feed(id, r, now);
            server.take_output_into(id, &mut out);
            out.clear();
        }
        n as f64 / (clock() - t)
    };
    let single = rate(&cmds, clock);
    let batches: Vec<Vec<u8>> = cmds.chunks(1000).map(<[Vec<u8>]>::concat).collect();
    let batched = rate(&batches, clock);
    Rates { single, batched }
}
