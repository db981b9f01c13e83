// Wire view: shows request and reply bytes with \r\n visible, each part coloured by its RESP
// type and explained (the engine's explainer, core/src/explain.rs, splits the bytes).

import { explain } from '../pkg/redlet_wasm.js';

/** Bytes as visible text: \r \n \t \\ and \xHH for anything not printable ASCII. */
export function visible(bytes) {
  let s = '';
  for (const b of bytes) {
    if (b === 13) s += '\\r';
    else if (b === 10) s += '\\n';
    else if (b === 9) s += '\\t';
    else if (b === 92) s += '\\\\';
    else if (b >= 32 && b < 127) s += String.fromCharCode(b);
    else s += '\\x' + b.toString(16).padStart(2, '0');
  }
  return s;
}

/** Parses the escapes a learner types in raw mode (\r \n \t \\ \xHH) into bytes. */
export function unescapeRaw(text) {
  const out = [];
  const enc = new TextEncoder();
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      const n = text[i + 1];
      if (n === 'r') { out.push(13); i++; continue; }
      if (n === 'n') { out.push(10); i++; continue; }
      if (n === 't') { out.push(9); i++; continue; }
      if (n === '\\') { out.push(92); i++; continue; }
      if (n === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
        out.push(parseInt(text.slice(i + 2, i + 4), 16));
        i += 3;
        continue;
      }
    }
    out.push(...enc.encode(c));
  }
  return new Uint8Array(out);
}

/** A DOM fragment of `bytes` split into explained, coloured parts. */
export function explainedBytes(bytes, onPick) {
  const frag = document.createElement('span');
  frag.className = 'bytes';
  let parts = [];
  try { parts = explain(bytes); } catch { parts = [{ start: 0, end: bytes.length, kind: 'invalid', resp: 'value', depth: 0, note: 'could not be explained' }]; }
  for (const p of parts) {
    const span = document.createElement('span');
    span.className = `part k-${p.kind} t-${p.resp.replace(/\s+/g, '-')}`;
    span.textContent = visible(bytes.subarray(p.start, p.end));
    const label = `${p.resp} · ${p.kind}: ${p.note}`;
    span.title = label;
    span.tabIndex = -1;
    span.addEventListener('click', () => onPick?.(label, span));
    frag.append(span);
  }
  return frag;
}

/** Adds one exchange (direction `sent` | `received` | `push`) to a pane's wire log. */
export function addWireEntry(log, direction, bytes, onPick) {
  const row = document.createElement('div');
  row.className = `wire-entry ${direction}`;
  const arrow = document.createElement('span');
  arrow.className = 'dir';
  arrow.textContent = direction === 'sent' ? '→' : direction === 'push' ? '⇐' : '←';
  arrow.title = direction === 'sent' ? 'client to server' : direction === 'push' ? 'server push (not a reply)' : 'server to client';
  row.append(arrow, bytes.length ? explainedBytes(bytes, onPick) : Object.assign(document.createElement('span'), { className: 'muted', textContent: '(nothing yet)' }));
  log.append(row);
  while (log.childElementCount > 200) log.firstElementChild.remove();
  log.scrollTop = log.scrollHeight;
}
