// Browser tests of the playground: Debian's headless chromium driven by playwright-core,
// against www/ served on 127.0.0.1 by ../serve.js. Needs `cargo xtask build-wasm` first
// (www/pkg/). Run: `npm test` in tests-www/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../serve.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

let server;
let browser;
const consoleErrors = [];

before(async () => {
  assert.ok(existsSync(path.join(REPO, 'www', 'pkg', 'redlet_wasm.js')), 'www/pkg is missing: run `cargo xtask build-wasm` first');
  server = await serve(0);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh page (own context: empty localStorage) with console errors collected. */
async function open(url = server.url, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`${m.text()} (${url})`); });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  return page;
}

const pane = (page, i) => page.getByTestId('client-pane').nth(i);

async function run(page, i, line) {
  const input = pane(page, i).getByTestId('command-input');
  await input.fill(line);
  await input.press('Enter');
}

async function transcriptHas(page, i, text, timeout = 15000) {
  await pane(page, i).getByTestId('transcript').filter({ hasText: text }).waitFor({ timeout });
}

const transcript = (page, i) => pane(page, i).getByTestId('transcript').textContent();

test('the page loads the engine and shows two clients', async () => {
  const page = await open();
  assert.match(await page.locator('#status').textContent(), /Engine ready/);
  assert.equal(await page.getByTestId('client-pane').count(), 2);
  const tti = await page.evaluate(() => window.redletReadyMs);
  console.log(`time to interactive (navigation start to engine ready): ${tti.toFixed(0)} ms`);
  await page.getByTestId('add-client').click();
  assert.equal(await page.getByTestId('client-pane').count(), 3);
  await page.context().close();
});

test('SET then GET shows "hello", and the wire view shows the RESP bytes', async () => {
  const page = await open();
  await run(page, 0, 'SET greeting hello');
  await transcriptHas(page, 0, 'OK');
  await run(page, 0, 'GET greeting');
  await transcriptHas(page, 0, '"hello"');
  const wire = pane(page, 0).getByTestId('wire-view');
  await wire.locator('summary').click();
  const bytes = await wire.textContent();
  assert.ok(bytes.includes('*3\\r\\n$3\\r\\nSET\\r\\n$8\\r\\ngreeting\\r\\n$5\\r\\nhello\\r\\n'), bytes);
  assert.ok(bytes.includes('+OK\\r\\n'), bytes);
  assert.ok(bytes.includes('$5\\r\\nhello\\r\\n'), bytes);
  // Each part is explained.
  const title = await wire.locator('.part.k-type').first().getAttribute('title');
  assert.match(title, /array/);
  await page.context().close();
});

test('RESP3 toggle sends HELLO 3 and changes the encoding; HELP and completion work', async () => {
  const page = await open();
  await pane(page, 0).locator('.proto').click();
  await transcriptHas(page, 0, 'HELLO 3');
  await page.waitForFunction(() => document.querySelector('.pane .proto').textContent === 'RESP3');
  await run(page, 0, 'GET nothing');
  const wire = await pane(page, 0).getByTestId('wire-view').textContent();
  assert.ok(wire.includes('_\\r\\n'), wire);
  await run(page, 0, 'HELP GET');
  await transcriptHas(page, 0, 'GET key');
  await transcriptHas(page, 0, 'group: string');
  await transcriptHas(page, 0, 'complexity: O(1)');
  const input = pane(page, 0).getByTestId('command-input');
  await input.fill('ec');
  await input.press('Tab');
  assert.equal(await input.inputValue(), 'ECHO ');
  await page.context().close();
});

test('raw mode: a protocol error closes only that client', async () => {
  const page = await open();
  await pane(page, 0).locator('.raw').check();
  await run(page, 0, '*1\\r\\n$x\\r\\n');
  await transcriptHas(page, 0, '(error) ERR Protocol error: invalid bulk length');
  await transcriptHas(page, 0, 'connection closed by the server');
  await run(page, 1, 'PING');
  await transcriptHas(page, 1, 'PONG');
  await page.context().close();
});

test('BLPOP jobs 0 stays pending until another client pushes', async () => {
  const page = await open();
  await run(page, 0, 'BLPOP jobs 0');
  await page.waitForTimeout(300);
  const blocked = pane(page, 0).locator('.blocked');
  assert.ok(await blocked.isVisible(), `client 1 should show as blocked; transcript: ${await transcript(page, 0)}`);
  assert.match(await blocked.textContent(), /BLPOP jobs 0/);
  assert.ok(!(await transcript(page, 0)).includes('"a"'));
  await run(page, 1, 'RPUSH jobs a');
  await transcriptHas(page, 1, '(integer) 1');
  await transcriptHas(page, 0, '1) "jobs"');
  await transcriptHas(page, 0, '2) "a"');
  assert.ok(!(await blocked.isVisible()));
  await page.context().close();
});

test('a subscribed client receives a PUBLISH', async () => {
  const page = await open();
  await run(page, 0, 'SUBSCRIBE news');
  await transcriptHas(page, 0, '"subscribe"');
  await run(page, 1, 'PUBLISH news hi');
  await transcriptHas(page, 1, '(integer) 1');
  await transcriptHas(page, 0, '"message"');
  await transcriptHas(page, 0, '"hi"');
  await page.context().close();
});

test('a shared URL replays every client\'s commands', async () => {
  const page = await open();
  await run(page, 0, 'SET greeting hello');
  await run(page, 1, 'GET greeting');
  await transcriptHas(page, 1, '"hello"');
  await page.locator('#share').click();
  await page.waitForFunction(() => location.hash.includes('replay='));
  const url = await page.evaluate(() => location.href);
  await page.context().close();
  const replayed = await open(url);
  assert.equal(await replayed.getByTestId('client-pane').count(), 2);
  await transcriptHas(replayed, 0, 'OK');
  await transcriptHas(replayed, 1, '"hello"');
  await replayed.context().close();
});

test('history and layout survive a reload; the inspector shows keys', async () => {
  const page = await open();
  await page.getByTestId('add-client').click();
  await run(page, 2, 'SET k v');
  await page.locator('#inspector-rows tr').filter({ hasText: 'k' }).waitFor();
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.getByTestId('client-pane').count(), 3);
  const input = pane(page, 2).getByTestId('command-input');
  await input.press('ArrowUp');
  assert.equal(await input.inputValue(), 'SET k v');
  await page.context().close();
});

const FIXTURE = path.join(REPO, 'core', 'tests', 'fixtures', 'redis-7.0.15-all-types.rdb');

/** The inspector row of exactly `key`. */
const inspectorRow = (page, key) => page.locator('#inspector-rows tr').filter({ has: page.locator('td.key').getByText(key, { exact: true }) });

test('Download dump.rdb writes a Redis 7.0 file that Open dump.rdb reads back', async () => {
  const page = await open();
  await run(page, 0, 'HSET user:1 name ada lang rust');
  await run(page, 0, 'ZADD board 10 ada 7 bob');
  await run(page, 0, 'SADD tags a b');
  await transcriptHas(page, 0, '(integer) 2');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#dump-rdb').click()]);
  assert.equal(download.suggestedFilename(), 'dump.rdb');
  const bytes = readFileSync(await download.path()); // the file goes with the context
  assert.equal(bytes.subarray(0, 9).toString('latin1'), 'REDIS0010');
  await page.context().close();

  const fresh = await open();
  await fresh.locator('#open-rdb').setInputFiles({ name: 'dump.rdb', mimeType: 'application/octet-stream', buffer: bytes });
  await fresh.locator('#status').filter({ hasText: ': 3 keys loaded' }).waitFor();
  await inspectorRow(fresh, 'user:1').filter({ hasText: 'hash' }).waitFor();
  await inspectorRow(fresh, 'board').filter({ hasText: '"bob" (7)' }).waitFor();
  await run(fresh, 0, 'HGET user:1 lang');
  await transcriptHas(fresh, 0, '"rust"');
  await fresh.context().close();
});

test('Open dump.rdb shows the keys of a file written by redis-server 7.0; a corrupt file changes nothing', async () => {
  const page = await open();
  await run(page, 0, 'SET mine 1');
  await inspectorRow(page, 'mine').waitFor();
  await page.locator('#open-rdb').setInputFiles({ name: 'bad.rdb', mimeType: 'application/octet-stream', buffer: Buffer.from('REDIS0010\xfe') });
  await page.locator('#status').filter({ hasText: 'Could not open bad.rdb' }).waitFor();
  assert.match(await page.locator('#status').textContent(), /data is unchanged/);
  await inspectorRow(page, 'mine').waitFor();

  await page.locator('#open-rdb').setInputFiles(FIXTURE);
  await page.locator('#status').filter({ hasText: '14 keys loaded' }).waitFor();
  for (const [key, type] of [['stream', 'stream'], ['zset:listpack', 'zset'], ['set:intset', 'set'], ['hash:listpack', 'hash'], ['list', 'list'], ['str:lzf', 'string']]) {
    await inspectorRow(page, key).filter({ hasText: type }).waitFor();
  }
  assert.equal(await inspectorRow(page, 'mine').count(), 0);
  await run(page, 0, 'XPENDING stream grp');
  await transcriptHas(page, 0, '"alice"');
  await page.context().close();
});

test('screenshot: two clients, one blocked, wire view open', async () => {
  const page = await open(server.url, { width: 1400, height: 900 });
  await run(page, 1, 'SET greeting hello EX 300');
  await run(page, 1, 'XADD events 1-1 type login user ada');
  await run(page, 0, 'XRANGE events - +');
  await pane(page, 0).getByTestId('wire-view').locator('summary').click();
  await pane(page, 1).getByTestId('wire-view').locator('summary').click();
  await run(page, 0, 'XREAD BLOCK 30000 STREAMS events $');
  await page.waitForTimeout(400);
  mkdirSync(path.join(REPO, 'docs'), { recursive: true });
  await page.screenshot({ path: path.join(REPO, 'docs', 'screenshot.png') });
  await page.context().close();
});

test('no console errors on any page', () => {
  assert.deepEqual(consoleErrors, []);
});
