// Throughput of the engine in WebAssembly (node, through the exported Playground API) next to
// the same engine native (`cargo run --release -p redlet-wasm --example throughput`), in one
// run. Workload: alternating SET key:N value / GET key:N over 10,000 keys; one command per
// call, then batches of 1,000 pipelined commands per call.
// Run from the repository root after `cargo xtask build-wasm`: `node tests-www/bench.mjs`.

import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = await import(path.join(REPO, 'www/pkg/redlet_wasm.js'));
await pkg.default({ module_or_path: readFileSync(path.join(REPO, 'www/pkg/redlet_wasm_bg.wasm')) });

function workload(n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const key = `key:${i % 10000}`;
    out.push(pkg.encodeCommand(i % 2 === 0 ? `SET ${key} value` : `GET ${key}`));
  }
  return out;
}

const n = 400000;
const cmds = workload(n);
const pg = new pkg.Playground(1_700_000_000_000);
const c = pg.addClient();

let t = performance.now();
for (let i = 0; i < n; i++) {
  pg.send(c, cmds[i]);
  // Let the promise settle every so often so reactions do not pile up.
  if (i % 1000 === 999) await null;
}
const single = n / ((performance.now() - t) / 1000);

const batches = [];
for (let i = 0; i < n; i += 1000) {
  const chunk = cmds.slice(i, i + 1000);
  const buf = new Uint8Array(chunk.reduce((a, b) => a + b.length, 0));
  let o = 0;
  for (const b of chunk) { buf.set(b, o); o += b.length; }
  batches.push(buf);
}
t = performance.now();
for (const b of batches) await pg.send(c, b);
const batched = n / ((performance.now() - t) / 1000);

const native = JSON.parse(execFileSync('cargo', ['run', '--quiet', '--release', '-p', 'redlet-wasm', '--example', 'throughput'], { cwd: REPO, encoding: 'utf8' }).trim().split('\n').pop());

const fmt = (x) => Math.round(x).toLocaleString('en-US').padStart(12);
console.log(`engine throughput, ${n} commands (SET/GET alternating), commands per second`);
console.log(`                      one per call      batched x1000`);
console.log(`wasm (node ${process.version})  ${fmt(single)}       ${fmt(batched)}`);
console.log(`native                ${fmt(native.single)}       ${fmt(native.batched)}`);
