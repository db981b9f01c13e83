// The playground page: loads the engine (WebAssembly), lays out client panes, drives timers,
// keeps history and layout in localStorage, replays shared URLs, runs lessons, shows the
// keyspace. Plain ES modules; no framework, no bundler.

import init, { Playground, version } from '../pkg/redlet_wasm.js';
import { Pane } from './pane.js';
import { LESSONS } from './lessons.js';

const STORE = 'redlet-playground-v1';
const t0 = performance.now();

class App {
  constructor() {
    this.pg = new Playground(Date.now());
    this.commands = this.pg.commands();
    this.panes = [];
    this.log = []; // [pane, line] in the order they ran, for the share URL
    this.timer = null;
    this.pg.onPush((client, bytes) => this.panes.find((p) => p.pid === client)?.onPush(bytes));
    this.panesEl = document.getElementById('panes');
    this.status = document.getElementById('status');
  }

  addPane(opts = {}) {
    const pane = new Pane(this, opts);
    this.panes.push(pane);
    this.panesEl.append(pane.el);
    this.save();
    return pane;
  }

  removePane(pane) {
    this.pg.removeClient(pane.pid);
    pane.el.remove();
    this.panes = this.panes.filter((p) => p !== pane);
    this.log = this.log.filter(([p]) => p !== pane);
    this.save();
    this.afterCommand();
    this.panes[0]?.input.focus();
  }

  /** The n-th pane (1-based), created if missing. */
  pane(n) {
    while (this.panes.length < n) this.addPane();
    return this.panes[n - 1];
  }

  record(pane, line) {
    this.log.push([pane, line]);
    if (this.log.length > 1000) this.log.shift();
    this.save();
  }

  /** After any command: rearm the engine timer, refresh the inspector and banners. */
  afterCommand() {
    this.schedule();
    this.renderInspector();
  }

  /** Schedules `tick` for the engine's next deadline (expiry, blocked timeouts). */
  schedule() {
    clearTimeout(this.timer);
    const at = this.pg.pollTimeout();
    if (at === undefined) return;
    // setTimeout's delay is a signed 32-bit number of ms.
    const delay = Math.min(Math.max(0, at - Date.now()), 2 ** 31 - 1);
    this.timer = setTimeout(() => {
      this.pg.tick(Date.now());
      this.afterCommand();
    }, delay);
  }

  save() {
    const state = {
      panes: this.panes.map((p) => ({ name: p.name, history: p.history.slice(-100), wireOpen: p.wire.open })),
      lessons: !document.getElementById('lessons').hidden,
    };
    try { localStorage.setItem(STORE, JSON.stringify(state)); } catch { /* private mode: no persistence */ }
  }

  loadSaved() {
    try { return JSON.parse(localStorage.getItem(STORE) ?? 'null'); } catch { return null; }
  }

  // --- share URL: every client's commands, in the order they ran -------------------------

  shareUrl() {
    const idx = new Map(this.panes.map((p, i) => [p, i]));
    const data = { v: 1, clients: this.panes.map((p) => p.name), cmds: this.log.filter(([p]) => idx.has(p)).map(([p, l]) => [idx.get(p), l]) };
    const json = new TextEncoder().encode(JSON.stringify(data));
    let bin = '';
    for (const b of json) bin += String.fromCharCode(b);
    const b64 = btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    return `${location.origin}${location.pathname}#replay=${b64}`;
  }

  static decodeShare(hash) {
    const m = hash.match(/replay=([A-Za-z0-9_-]+)/);
    if (!m) return null;
    try {
      const bin = atob(m[1].replace(/-/g, '+').replace(/_/g, '/'));
      const data = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
      return data && Array.isArray(data.clients) && Array.isArray(data.cmds) ? data : null;
    } catch {
      return null;
    }
  }

  /** Replays a shared session: creates the clients, runs each command in order. A command
   *  that blocks is left pending while the next ones run (another may serve it). */
  async replay(data) {
    data.clients.forEach((name) => this.addPane({ name: String(name) }));
    if (!this.panes.length) this.addPane();
    for (const [i, line] of data.cmds) {
      const pane = this.panes[i];
      if (!pane || typeof line !== 'string') continue;
      const done = pane.run(line);
      await Promise.race([done, new Promise((r) => setTimeout(r, 0))]);
    }
    this.status.textContent = `Replayed ${data.cmds.length} commands from the shared link.`;
  }

  // --- inspector ------------------------------------------------------------------------

  renderInspector() {
    const db = Number(document.getElementById('inspector-db').value || 0);
    const keys = this.pg.keyspace(db, 500);
    const lag = Date.now() - this.pg.now();
    const rows = keys.map((k) => {
      const tr = document.createElement('tr');
      const ttl = k.ttl < 0 ? '—' : `${Math.max(0, (k.ttl - lag) / 1000).toFixed(1)} s`;
      for (const [text, cls] of [[k.key, 'key'], [k.type, 'type t-' + k.type], [ttl, 'ttl'], [k.size, 'size'], [k.preview, 'preview']]) {
        const td = document.createElement('td');
        td.className = cls;
        td.textContent = text;
        tr.append(td);
      }
      return tr;
    });
    document.getElementById('inspector-rows').replaceChildren(...rows);
    document.getElementById('inspector-count').textContent = `${keys.length} key${keys.length === 1 ? '' : 's'}`;
  }

  // --- lessons --------------------------------------------------------------------------

  renderLessons() {
    const aside = document.getElementById('lessons');
    const h = document.createElement('h2');
    h.textContent = 'Lessons';
    aside.append(h);
    for (const lesson of LESSONS) {
      const d = document.createElement('details');
      d.className = 'lesson';
      const s = document.createElement('summary');
      s.textContent = lesson.title;
      const body = document.createElement('div');
      body.innerHTML = lesson.body;
      const steps = document.createElement('ol');
      steps.className = 'steps';
      for (const [client, line] of lesson.steps) {
        const li = document.createElement('li');
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'step';
        b.innerHTML = `<span class="who">client ${client}</span> <code></code>`;
        b.querySelector('code').textContent = line.startsWith('raw:') ? `(raw) ${line.slice(4)}` : line;
        b.addEventListener('click', () => {
          const pane = this.pane(client);
          pane.run(line);
        });
        li.append(b);
        steps.append(li);
      }
      d.append(s, body, steps);
      aside.append(d);
    }
    aside.querySelector('details')?.setAttribute('open', '');
  }

  // --- exports --------------------------------------------------------------------------

  download(name, data, type = 'text/plain') {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([data], { type }));
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }
}

function wireButtons(app) {
  const $ = (id) => document.getElementById(id);
  $('add-client').addEventListener('click', () => app.addPane().input.focus());
  $('toggle-lessons').addEventListener('click', () => {
    const aside = $('lessons');
    aside.hidden = !aside.hidden;
    $('toggle-lessons').setAttribute('aria-expanded', String(!aside.hidden));
    app.save();
  });
  $('share').addEventListener('click', async () => {
    const url = app.shareUrl();
    history.replaceState(null, '', url);
    try {
      await navigator.clipboard.writeText(url);
      app.status.textContent = 'Link copied: opening it replays every client\'s commands.';
    } catch {
      app.status.textContent = 'The address bar now holds the share link.';
    }
  });
  $('export-transcript').addEventListener('click', () => {
    const text = app.panes.map((p) => `# ${p.name}\n${p.transcriptText()}\n`).join('\n');
    app.download('redlet-transcript.txt', text);
  });
  $('export-dataset').addEventListener('click', () => app.download('redlet-dataset.redis', app.pg.exportDataset()));
  $('dump-rdb').addEventListener('click', () => app.download('dump.rdb', app.pg.dumpRdb(), 'application/octet-stream'));
  $('open-rdb').addEventListener('change', async (e) => {
    const file = e.target.files?.[0];
    e.target.value = ''; // so opening the same file again fires `change`
    if (!file) return;
    try {
      const { loaded, expired } = app.pg.loadRdb(new Uint8Array(await file.arrayBuffer()));
      app.status.textContent = `Opened ${file.name}: ${loaded} keys loaded` + (expired ? `, ${expired} already expired` : '') + '.';
    } catch (err) {
      // The engine refused the file before touching the data: nothing changed.
      app.status.textContent = `Could not open ${file.name}: ${err?.message ?? err}. The data is unchanged.`;
    }
    app.afterCommand();
  });
  $('reset').addEventListener('click', () => {
    try { localStorage.removeItem(STORE); } catch { /* nothing stored */ }
    location.replace(location.pathname);
  });
  const sel = $('inspector-db');
  for (let i = 0; i < 16; i++) sel.append(new Option(String(i), String(i)));
  sel.addEventListener('change', () => app.renderInspector());

  document.addEventListener('keydown', (e) => {
    if (!e.altKey) return;
    if (e.key === 'n' || e.key === 'N') { e.preventDefault(); app.addPane().input.focus(); }
    else if (e.key === 'l' || e.key === 'L') { e.preventDefault(); $('toggle-lessons').click(); }
    else if (/^[1-9]$/.test(e.key)) { e.preventDefault(); app.panes[Number(e.key) - 1]?.input.focus(); }
  });
}

/** A panic in the engine is a bug (DESIGN.md invariant 4); after one the wasm instance is
 *  unusable, so say so instead of failing silently on every later call. */
function reportCrash(e) {
  const msg = e?.message ?? String(e);
  if (/unreachable|recursive use of an object|RuntimeError/.test(msg)) {
    document.getElementById('status').textContent = `The engine stopped on an internal error (${msg}): this is a redlet bug. Reload the page to start again.`;
    document.body.dataset.crashed = 'true';
  }
}
window.addEventListener('error', (e) => reportCrash(e.error ?? e.message));
window.addEventListener('unhandledrejection', (e) => reportCrash(e.reason));

async function main() {
  await init();
  const app = new App();
  window.redlet = app; // for the console and the browser tests
  wireButtons(app);
  app.renderLessons();
  const shared = App.decodeShare(location.hash);
  const saved = app.loadSaved();
  if (saved && saved.lessons === false) document.getElementById('lessons').hidden = true;
  if (shared) {
    await app.replay(shared);
  } else if (saved?.panes?.length) {
    saved.panes.forEach((p) => app.addPane(p));
  } else {
    app.addPane({ name: 'client 1' });
    app.addPane({ name: 'client 2' });
  }
  setInterval(() => {
    app.renderInspector();
    app.panes.forEach((p) => p.updateBlocked());
  }, 250);
  app.afterCommand();
  const ms = Math.round(performance.now() - t0);
  if (!shared) app.status.textContent = `Engine ready: Redis ${version()}-compatible, running in WebAssembly (${ms} ms). Type HELP, or open a lesson.`;
  document.body.dataset.ready = 'true';
  window.redletReadyMs = performance.now();
  app.panes[0]?.input.focus();
}

main().catch((e) => {
  document.getElementById('status').textContent = `The engine failed to load: ${e}. Run \`cargo xtask build-wasm\` and serve www/ over HTTP.`;
  throw e;
});
