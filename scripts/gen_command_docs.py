#!/usr/bin/env python3
"""Generates core/src/commands/docs.rs from a running redis-server 7.0 (the oracle).

Usage: scripts/gen_command_docs.py [port]   (default 6379; redis-server must be 7.0.x)

It asks the server, in RESP3, for COMMAND (every command's COMMAND INFO entry) and
COMMAND DOCS, and writes both per command into docs.bin (strings as indices into the table
in docs.str), with an index (docs.rs) of where each command's values start, so redlet's
COMMAND INFO / COMMAND DOCS serialize exactly what Redis replies, in RESP2 and RESP3.
Commands and subcommands are sorted by name so the output does not depend on the order of
Redis's dict (its hash seed changes at every start).

Only the commands in redlet's table are recorded (`cargo run -p redlet-core --example
command_names` lists them): nothing reads the others, and the blob is part of the
playground's download. After adding a command to a table, run this script again
(`table_matches_recorded_docs` fails until then).
"""
import socket
import subprocess
import sys

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 6379
OUT = "core/src/commands/docs.rs"
BLOB = "core/src/commands/docs.bin"
STRINGS = "core/src/commands/docs.str"


class Reader:
    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def line(self):
        while b"\r\n" not in self.buf:
            self.buf += self.sock.recv(1 << 20)
        l, self.buf = self.buf.split(b"\r\n", 1)
        return l

    def exact(self, n):
        while len(self.buf) < n + 2:
            self.buf += self.sock.recv(1 << 20)
        d, self.buf = self.buf[:n], self.buf[n + 2:]
        return d

    def value(self):
        l = self.line()
        t, rest = l[:1], l[1:]
        if t == b"$":
            return ("bulk", self.exact(int(rest)).decode())
        if t == b"+":
            return ("simple", rest.decode())
        if t == b":":
            return ("int", int(rest))
        if t in (b"*", b"~"):
            items = [self.value() for _ in range(int(rest))]
            return ("arr" if t == b"*" else "set", items)
        if t == b"%":
            pairs = []
            for _ in range(int(rest)):
                k = self.value()
                assert k[0] == "bulk", k
                pairs.append((k[1], self.value()))
            return ("map", pairs)
        raise ValueError(l)


def command(sock, r, *args):
    req = b"*%d\r\n" % len(args) + b"".join(
        b"$%d\r\n%s\r\n" % (len(a), a) for a in (x.encode() for x in args))
    sock.sendall(req)
    return r.value()


def rs_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def varint(n):
    """LEB128: 7 bits a byte, low bits first, the high bit set on all but the last byte."""
    out = bytearray()
    while True:
        b, n = n & 0x7F, n >> 7
        if not n:
            out.append(b)
            return bytes(out)
        out.append(b | 0x80)


# Value tags of the structure blob (see `core/src/commands/docs_model.rs`); a value starting
# with a varint of STR or more is the string of index (varint - STR) in the string table.
INT, ARRAY, SET, MAP, STR = 2, 3, 4, 5, 6
AGGREGATE = {"arr": ARRAY, "set": SET, "map": MAP}


def strings_of(v, found):
    """Appends every string of a parsed value (map keys too) as (kind, text) to `found`."""
    t, x = v
    if t in ("bulk", "simple"):
        found.append((t, x))
    elif t in ("arr", "set"):
        for e in x:
            strings_of(e, found)
    elif t == "map":
        for k, e in x:
            found.append(("bulk", k))
            strings_of(e, found)


def encode(v, index):
    """The structure-blob bytes of a parsed value, strings as indices into the table."""
    t, x = v
    if t in ("bulk", "simple"):
        return varint(STR + index[(t, x)])
    if t == "int":
        return varint(INT) + varint(2 * x if x >= 0 else -2 * x - 1)
    if t == "map":
        return varint(MAP) + varint(len(x)) + b"".join(
            encode(("bulk", k), index) + encode(e, index) for k, e in x)
    return varint(AGGREGATE[t]) + varint(len(x)) + b"".join(encode(e, index) for e in x)


def string_table(values):
    """The strings of `values`, the most used first (small indices take one byte), and the
    table's bytes: per string, varint(2 * length + 1 if simple else 0) then the UTF-8."""
    found = []
    for v in values:
        strings_of(v, found)
    count = {}
    for s in found:
        count[s] = count.get(s, 0) + 1
    # The strings a one-byte reference can name (122: varint 6..127), most used first; then
    # the rest in text order, which gzips a little smaller than by use.
    by_use = sorted(count, key=lambda s: (-count[s], s))
    order = by_use[:122] + sorted(by_use[122:], key=lambda s: (s[1], s[0]))
    table = bytearray()
    for kind, text in order:
        b = text.encode()
        table += varint(2 * len(b) + (kind == "simple")) + b
    return {s: i for i, s in enumerate(order)}, bytes(table)


def implemented_names():
    """The full names (`get`, `client|list`) of the commands in redlet's table."""
    out = subprocess.run(
        ["cargo", "run", "-q", "-p", "redlet-core", "--example", "command_names"],
        check=True, capture_output=True, text=True).stdout
    return set(out.split())


def rs_doc(info, docs, indent, emit, keep):
    """One CommandDoc literal from its COMMAND INFO entry and COMMAND DOCS map; `emit`
    stores each of the entry's two values and returns its offset."""
    name = info[1][0][1]
    fields = info[1]
    assert len(fields) == 10, name
    subinfo = {s[1][0][1]: s for s in fields[9][1]}
    docmap = dict(docs[1])
    subdocs = dict(docmap.get("subcommands", ("map", []))[1])
    pad = " " * indent
    info_at = emit(("arr", fields[1:9]))
    emit(("map", [(k, v) for k, v in docs[1] if k != "subcommands"]))
    subs = []
    for sub in sorted(subinfo):
        if sub in keep:
            subs.append(rs_doc(subinfo[sub], subdocs[sub], indent + 4, emit, keep))
    head = "%sCommandDoc { name: %s, info: %d, subcommands: &[" % (
        pad, rs_str(name), info_at)
    if not subs:
        return head + "] }"
    return head + "\n" + ",\n".join(subs) + ",\n" + pad + "] }"


def main():
    sock = socket.create_connection(("127.0.0.1", PORT))
    r = Reader(sock)
    hello = dict(command(sock, r, "HELLO", "3")[1])
    version = hello["version"][1]
    assert version.startswith("7.0."), version
    infos = {e[1][0][1]: e for e in command(sock, r, "COMMAND")[1]}
    docs = dict(command(sock, r, "COMMAND", "DOCS")[1])
    keep = implemented_names()
    names = [name for name in sorted(infos) if name in keep]
    # First pass: every value, in blob order, for the string table.
    values = []
    for name in names:
        rs_doc(infos[name], docs[name], 4, lambda v: values.append(v) or 0, keep)
    index, table = string_table(values)
    blob = bytearray()

    def emit(v):
        at = len(blob)
        blob.extend(encode(v, index))
        return at

    entries = [rs_doc(infos[name], docs[name], 4, emit, keep) + "," for name in names]
    out = [
        "//! COMMAND INFO and COMMAND DOCS data of Redis %s, generated by" % version,
        "//! `scripts/gen_command_docs.py` from a running redis-server: do not edit by hand.",
        "//!",
        "//! `BLOB` (`docs.bin`) holds, for every command and subcommand redlet implements",
        "//! (sorted by name, depth first), its COMMAND INFO elements 2 to 9 (arity .. key",
        "//! specs) as one array, then its COMMAND DOCS map without `subcommands`, exactly as",
        "//! Redis wrote them, in the compact encoding `docs_model` describes: strings are",
        "//! indices into `STRINGS` (`docs.str`). `DOCS` gives the INFO arrays' offsets. So",
        "//! `COMMAND INFO` / `COMMAND DOCS` are byte-identical to Redis's in both protocols,",
        "//! and the data ships as two compact byte strings instead of static value trees.",
        "//! Each entry's DOCS map follows its INFO array in `BLOB`.",
        "//! `crate::commands::command` serves only the commands in redlet's table.",
        "",
        "use super::docs_model::CommandDoc;",
        "",
        "/// The recorded values `DOCS` points into (%d bytes)." % len(blob),
        'pub static BLOB: &[u8] = include_bytes!("docs.bin");',
        "",
        "/// The string table `BLOB` refers to: the 122 most used first, then in text order (%d "
        "strings, %d bytes)."
        % (len(index), len(table)),
        'pub static STRINGS: &[u8] = include_bytes!("docs.str");',
        "",
        "/// Every Redis %s command redlet implements, sorted by name." % version,
        "#[rustfmt::skip]",
        "pub static DOCS: &[CommandDoc] = &[",
    ] + entries + ["];"]
    with open(BLOB, "wb") as f:
        f.write(blob)
    with open(STRINGS, "wb") as f:
        f.write(table)
    with open(OUT, "w") as f:
        f.write("\n".join(out) + "\n")
    print("wrote %s, %s (%d bytes) and %s (%d bytes): %d of Redis's %d commands"
          % (OUT, BLOB, len(blob), STRINGS, len(table), len(entries), len(infos)))


if __name__ == "__main__":
    main()
