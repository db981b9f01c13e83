// One simulated client: a console (history, Tab completion, hints, HELP), its wire view, its
// protocol toggle, raw mode, and the pending state of a blocked command.

import { encodeCommand, renderReplies } from '../pkg/redlet_wasm.js';
import { addWireEntry, explainedBytes, unescapeRaw, visible } from './wire.js';
import { helpText, hintFor, complete } from './help.js';

const HISTORY_MAX = 200;

export class Pane {
  /**
   * @param app the playground (engine, command table, persistence hooks)
   * @param opts {name, history}
   */
  constructor(app, opts = {}) {
    this.app = app;
    this.history = opts.history ?? [];
    this.historyPos = this.history.length;
    this.proto = 2;
    this.closed = false;
    this.blocked = null;
    this.busy = false;
    this.completion = null;
    const tpl = document.getElementById('pane-template');
    this.el = tpl.content.firstElementChild.cloneNode(true);
    const q = (s) => this.el.querySelector(s);
    this.nameInput = q('.pane-name');
    this.protoBtn = q('.proto');
    this.rawBox = q('.raw');
    this.transcript = q('.transcript');
    this.blockedEl = q('.blocked');
    this.form = q('.prompt');
    this.label = q('.prompt-label');
    this.input = q('.command-input');
    this.hint = q('.hint');
    this.rawPreview = q('.raw-preview');
    this.wire = q('.wire');
    this.wireLog = q('.wire-log');
    this.wireNote = q('.wire-note');
    this.connect();
    this.name = opts.name ?? `client ${this.pid}`;
    this.nameInput.value = this.name;
    this.updateLabel();
    this.wire.open = opts.wireOpen ?? false;

    this.nameInput.addEventListener('change', () => {
      this.name = this.nameInput.value.trim() || `client ${this.pid}`;
      this.nameInput.value = this.name;
      this.updateLabel();
      app.save();
    });
    this.protoBtn.addEventListener('click', () => this.run(this.proto === 2 ? 'HELLO 3' : 'HELLO 2'));
    this.rawBox.addEventListener('change', () => {
      this.input.placeholder = this.rawBox.checked ? 'RESP bytes, e.g. *1\\r\\n$4\\r\\nPING\\r\\n' : '';
      this.rawPreview.hidden = !this.rawBox.checked;
      this.updateHint();
      this.input.focus();
    });
    q('.clear').addEventListener('click', () => { this.transcript.replaceChildren(); this.input.focus(); });
    q('.remove').addEventListener('click', () => app.removePane(this));
    this.wire.addEventListener('toggle', () => app.save());
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      const line = this.input.value;
      if (!line.trim()) return;
      this.input.value = '';
      this.updateHint();
      this.run(this.rawBox.checked ? 'raw:' + line : line);
    });
    this.input.addEventListener('keydown', (e) => this.onKey(e));
    this.input.addEventListener('input', () => { this.completion = null; this.updateHint(); });
  }

  /** Opens a connection to the engine (again, after the server closed it). */
  connect() {
    this.pid = this.app.pg.addClient();
    this.closed = false;
    this.proto = 2;
    this.protoBtn.textContent = 'RESP2';
    this.el.classList.remove('closed');
    this.input.disabled = false;
  }

  updateLabel() {
    this.label.textContent = `${this.name}>`;
  }

  onKey(e) {
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      if (!this.history.length) return;
      e.preventDefault();
      this.historyPos += e.key === 'ArrowUp' ? -1 : 1;
      this.historyPos = Math.max(0, Math.min(this.history.length, this.historyPos));
      const entry = this.history[this.historyPos] ?? '';
      const raw = entry.startsWith('raw:');
      this.rawBox.checked = raw;
      this.rawPreview.hidden = !raw;
      this.input.value = raw ? entry.slice(4) : entry;
      this.updateHint();
    } else if (e.key === 'Tab' && !e.shiftKey && !this.rawBox.checked) {
      const next = complete(this.app.commands, this.input.value, this.completion);
      if (next) {
        e.preventDefault();
        this.completion = next;
        this.input.value = next.value;
        this.updateHint();
      }
    } else if (e.key === 'l' && e.ctrlKey) {
      e.preventDefault();
      this.transcript.replaceChildren();
    }
  }

  updateHint() {
    if (this.rawBox.checked) {
      this.hint.textContent = '';
      const bytes = unescapeRaw(this.input.value);
      this.rawPreview.replaceChildren(bytes.length ? explainedBytes(bytes, (n) => this.pick(n)) : '');
      return;
    }
    const h = hintFor(this.app.commands, this.input.value);
    // The hint sits after the typed text, like redis-cli's greyed hints.
    this.hint.textContent = h ? this.input.value + (this.input.value.endsWith(' ') ? '' : ' ') + h : '';
  }

  pick(note) {
    this.wireNote.textContent = note;
  }

  /** Appends a transcript entry: the prompt and command, then reply lines. */
  entry(cmdText, cls = '') {
    const div = document.createElement('div');
    div.className = 'entry ' + cls;
    if (cmdText !== null) {
      const c = document.createElement('div');
      c.className = 'cmd';
      c.textContent = `${this.name}> ${cmdText}`;
      div.append(c);
    }
    this.transcript.append(div);
    while (this.transcript.childElementCount > 500) this.transcript.firstElementChild.remove();
    return div;
  }

  reply(div, text, cls = '') {
    const pre = document.createElement('pre');
    pre.className = 'reply ' + cls;
    pre.textContent = text;
    div.append(pre);
    this.transcript.scrollTop = this.transcript.scrollHeight;
  }

  /** Renders reply bytes into `div` as redis-cli would. */
  renderBytes(div, bytes, push = false) {
    const r = renderReplies(bytes);
    for (const text of r.replies) {
      const cls = text.startsWith('(error)') ? 'error' : text === '(nil)' ? 'nil' : push ? 'push' : '';
      this.reply(div, text, cls);
    }
    if (r.error) this.reply(div, `(unreadable reply: ${r.error})`, 'error');
    else if (r.used < bytes.length) this.reply(div, `(partial reply: ${visible(bytes.subarray(r.used))})`, 'muted');
  }

  /**
   * Runs a line: `HELP …` locally, `raw:…` as hand-typed RESP, anything else as a command
   * encoded like redis-cli. Resolves when the reply has arrived (later, if the client blocks).
   */
  async run(line, { record = true } = {}) {
    const isRaw = line.startsWith('raw:');
    const text = isRaw ? line.slice(4) : line.trim();
    if (record) {
      if (this.history[this.history.length - 1] !== line) this.history.push(line);
      if (this.history.length > HISTORY_MAX) this.history.shift();
      this.historyPos = this.history.length;
      this.app.record(this, line);
    }
    const div = this.entry(isRaw ? `(raw) ${text}` : text);
    if (!isRaw && /^help(\s|$)/i.test(text)) {
      this.reply(div, helpText(this.app.commands, text.slice(4).trim(), (n) => this.app.pg.help(n)), 'help');
      return;
    }
    if (this.closed) {
      this.reply(div, '(this connection was closed by the server: press reconnect)', 'error');
      return;
    }
    if (this.blocked) {
      this.reply(div, '(the client is blocked: its command must be served or time out first)', 'error');
      return;
    }
    let bytes;
    try {
      bytes = isRaw ? unescapeRaw(text) : encodeCommand(text);
    } catch (e) {
      this.reply(div, `Invalid argument(s)`, 'error');
      return;
    }
    if (!bytes.length) return;
    addWireEntry(this.wireLog, 'sent', bytes, (n) => this.pick(n));
    this.app.pg.tick(Date.now());
    const promise = this.app.pg.send(this.pid, bytes);
    const info = this.app.pg.blockedInfo(this.pid);
    if (info) {
      this.blocked = info;
      this.el.classList.add('is-blocked');
      this.updateBlocked();
    }
    this.app.afterCommand();
    const reply = await promise;
    if (this.blocked) {
      this.blocked = null;
      this.el.classList.remove('is-blocked');
      this.blockedEl.hidden = true;
    }
    addWireEntry(this.wireLog, 'received', reply, (n) => this.pick(n));
    if (reply.length) this.renderBytes(div, reply);
    else if (isRaw) this.reply(div, '(no reply yet: the server buffered these bytes and waits for the rest of the request)', 'muted');
    if (!isRaw && /^hello\s+[23](\s|$)/i.test(text) && !(reply[0] === 45)) {
      this.proto = Number(text.split(/\s+/)[1]);
      this.protoBtn.textContent = `RESP${this.proto}`;
    }
    this.app.afterCommand();
  }

  /** A push (pub/sub message) or, with `bytes === null`, the server closing the connection. */
  onPush(bytes) {
    if (bytes === null) {
      this.closed = true;
      // Let the reply that caused the close render first.
      setTimeout(() => {
        this.el.classList.add('closed');
        const div = this.entry(null, 'closed-note');
        this.reply(div, '(connection closed by the server)', 'error');
        const btn = document.createElement('button');
        btn.type = 'button';
        btn.textContent = 'reconnect';
        btn.addEventListener('click', () => { btn.remove(); this.connect(); this.input.focus(); });
        div.append(btn);
      }, 0);
      return;
    }
    addWireEntry(this.wireLog, 'push', bytes, (n) => this.pick(n));
    const div = this.entry(null, 'push-entry');
    this.renderBytes(div, bytes, true);
  }

  /** Refreshes the "blocked" banner (time left counts down). */
  updateBlocked() {
    const b = this.blocked;
    if (!b) return;
    this.blockedEl.hidden = false;
    const left = b.deadline === null ? 'waiting with no timeout' : `${Math.max(0, (b.deadline - Date.now()) / 1000).toFixed(1)} s left`;
    this.blockedEl.textContent = `blocked: ${b.command} — ${left}`;
  }

  /** Text of the transcript for export. */
  transcriptText() {
    return [...this.transcript.querySelectorAll('.cmd, .reply')].map((e) => e.textContent).join('\n');
  }
}
