// Engine throughput in WebAssembly (node) next to the same engine native, in one run.
// Workload (wasm/src/workload.rs): alternating SET key:N value / GET key:N over 10,000 keys;
// one command per call, then batches of 1,000 pipelined commands per call.
//
// Two comparisons, printed apart because they measure different things:
// - core loop: the very same Rust loop (`redlet_wasm::workload::run`) compiled to wasm (the
//   `benchCore` export, called once from JS) and natively (`cargo run --release -p
//   redlet-wasm --example throughput`): the engine's speed in wasm vs native.
// - through the JS API: the playground's `Playground.send` from JS, one Promise per call and
//   the bytes copied across the boundary both ways: what the page gets.
//
// Run from the repository root after `cargo xtask build-wasm`:
// `node tests-www/bench.mjs [commands, default 400000] [rounds, default 5]`.

import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = await import(path.join(REPO, 'www/pkg/redlet_wasm.js'));
await pkg.default({ module_or_path: readFileSync(path.join(REPO, 'www/pkg/redlet_wasm_bg.wasm')) });

const n = Number(process.argv[2] ?? 400000);
const rounds = Number(process.argv[3] ?? 5);

// Each round runs, back to back: the core loop natively (a fresh process), the core loop in
// wasm, then the JS API one per call and batched (a fresh Playground each). Every figure is
// the best of the rounds: on a shared machine the best run is the one least disturbed, and
// interleaving keeps both sides under the same conditions.
function workload(n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const key = `key:${i % 10000}`;
    out.push(pkg.encodeCommand(i % 2 === 0 ? `SET ${key} value` : `GET ${key}`));
  }
  return out;
}
const cmds = workload(n);
const batches = [];
for (let i = 0; i < n; i += 1000) {
  const chunk = cmds.slice(i, i + 1000);
  const buf = new Uint8Array(chunk.reduce((a, b) => a + b.length, 0));
  let o = 0;
  for (const b of chunk) { buf.set(b, o); o += b.length; }
  batches.push(buf);
}

function native() {
  const out = execFileSync('cargo', ['run', '--quiet', '--release', '-p', 'redlet-wasm', '--example', 'throughput', '--', String(n)], { cwd: REPO, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop());
}

async function api() {
  const pg = new pkg.Playground(1_700_000_000_000);
  const c = pg.addClient();
  let t = performance.now();
  for (let i = 0; i < n; i++) {
    pg.send(c, cmds[i]);
    // Let the promise settle every so often so reactions do not pile up.
    if (i % 1000 === 999) await null;
  }
  const single = n / ((performance.now() - t) / 1000);
  const pb = new pkg.Playground(1_700_000_000_000);
  const cb = pb.addClient();
  t = performance.now();
  for (const b of batches) await pb.send(cb, b);
  const batched = n / ((performance.now() - t) / 1000);
  pg.free();
  pb.free();
  return { single, batched };
}

// Warm-up: let node's wasm tiers settle (the native loop is compiled ahead of time).
pkg.benchCore(Math.min(n, 100000), () => performance.now());
const best = { native: [0, 0], core: [0, 0], api: [0, 0] };
const keep = (k, single, batched) => {
  best[k][0] = Math.max(best[k][0], single);
  best[k][1] = Math.max(best[k][1], batched);
};
for (let r = 0; r < rounds; r++) {
  const nat = native();
  keep('native', nat.single, nat.batched);
  const [s, b] = pkg.benchCore(n, () => performance.now());
  keep('core', s, b);
  const a = await api();
  keep('api', a.single, a.batched);
}

const fmt = (x) => Math.round(x).toLocaleString('en-US').padStart(12);
const ratio = (a, b) => (a / b).toFixed(2).padStart(12);
const [ns, nb] = best.native;
console.log(`engine throughput, ${n} commands (SET/GET alternating over 10,000 keys), commands per second, best of ${rounds} rounds`);
console.log('');
console.log('core loop: the same Rust loop (wasm/src/workload.rs), no JS inside the timed loop');
console.log(`                        one per feed      batched x1000`);
console.log(`wasm (node ${process.version.padEnd(9)})  ${fmt(best.core[0])}       ${fmt(best.core[1])}`);
console.log(`native                  ${fmt(ns)}       ${fmt(nb)}`);
console.log(`wasm / native           ${ratio(best.core[0], ns)}       ${ratio(best.core[1], nb)}`);
console.log('');
console.log('through the JS API: Playground.send from JS (a Promise per call, bytes copied both ways)');
console.log(`                        one per call      batched x1000`);
console.log(`wasm via Playground     ${fmt(best.api[0])}       ${fmt(best.api[1])}`);
console.log(`÷ native core loop      ${ratio(best.api[0], ns)}       ${ratio(best.api[1], nb)}`);
