// HELP, Tab completion and argument hints, all read from the engine's command table
// (name, summary, syntax, arity, group, since, flags) — the same table COMMAND DOCS reads.

/** Top-level tokens of a syntax string: brackets and braces keep their spaces inside. */
export function syntaxTokens(syntax) {
  const out = [];
  let depth = 0;
  let cur = '';
  for (const c of syntax) {
    if (c === '[' || c === '(' || c === '{') depth++;
    if (c === ']' || c === ')' || c === '}') depth--;
    if (c === ' ' && depth === 0) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur) out.push(cur);
  return out;
}

function find(commands, name) {
  const n = name.toLowerCase();
  return commands.find((c) => c.name === n);
}

function block(c) {
  return `  ${c.name.toUpperCase()} ${c.syntax}\n  summary: ${c.summary}\n  since: ${c.since}\n  group: ${c.group}`;
}

/** What `HELP <topic>` prints (redis-cli's layout). `doc(name)` gives Redis's own
 *  documentation of a command (`{complexity, ...}` or null), shown under the summary. */
export function helpText(commands, topic, doc = () => null) {
  if (!topic) {
    const groups = [...new Set(commands.map((c) => c.group))].join(' @');
    return `redlet playground (Redis 7.0 compatible)\nType: "HELP @<group>" for the commands in <group>\n      "HELP <command>" for help on <command>\n      "HELP <command>" then Tab to complete names\nGroups: @${groups}\nKeys: ↑/↓ history, Tab completes, Ctrl+L clears, Alt+N new client`;
  }
  if (topic.startsWith('@')) {
    const g = topic.slice(1).toLowerCase();
    const list = commands.filter((c) => c.group === g);
    if (!list.length) return `(no commands in group @${g} yet)`;
    return list.map(block).join('\n\n');
  }
  const c = find(commands, topic.split(/\s+/)[0]);
  if (!c) return `(no help for "${topic}": not a command redlet knows yet)`;
  let text = block(c);
  const complexity = doc(c.name)?.complexity;
  if (complexity) text += `\n  complexity: ${complexity}`;
  if (c.subcommands?.length) text += '\n\n' + c.subcommands.map((s) => `  ${c.name.toUpperCase()} ${s.name.toUpperCase()} ${s.syntax}\n  summary: ${s.summary}`).join('\n\n');
  return text;
}

/** The argument hint for a partly typed line, or ''. */
export function hintFor(commands, line) {
  const m = line.match(/^\s*(\S+)(\s.*)?$/);
  if (!m || m[2] === undefined) return '';
  const c = find(commands, m[1]);
  if (!c) return '';
  const rest = m[2];
  const typed = rest.trim() ? rest.trim().split(/\s+/).length : 0;
  const complete = rest.endsWith(' ') ? typed : Math.max(0, typed - 1);
  if (!rest.endsWith(' ') && typed > 0) return '';
  return syntaxTokens(c.syntax).slice(complete).join(' ');
}

/**
 * Tab completion of the command name. `state` is the previous result (to cycle through the
 * matches on repeated Tab); returns `{value, matches, i, prefix}` or null.
 */
export function complete(commands, value, state) {
  if (state && state.value === value) {
    const i = (state.i + 1) % state.matches.length;
    return { ...state, i, value: state.matches[i] + ' ' };
  }
  if (/\s/.test(value.trimStart())) return null;
  const prefix = value.trim().toLowerCase();
  const matches = commands.map((c) => c.name).filter((n) => n.startsWith(prefix)).sort().map((n) => n.toUpperCase());
  if (!matches.length) return null;
  return { matches, i: 0, prefix, value: matches[0] + ' ' };
}
