#!/usr/bin/env python3
"""Generates core/src/commands/docs.rs from a running redis-server 7.0 (the oracle).

Usage: scripts/gen_command_docs.py [port]   (default 6379; redis-server must be 7.0.x)

It asks the server, in RESP3, for COMMAND (every command's COMMAND INFO entry) and
COMMAND DOCS, and writes both per command as RESP3 bytes into docs.resp3, with an index
(docs.rs) of where each command's values start, so redlet's COMMAND INFO / COMMAND DOCS
serialize exactly what Redis replies, in RESP2 and RESP3.
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
BLOB = "core/src/commands/docs.resp3"


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


def resp3(v):
    """The RESP3 bytes of a parsed value: what Redis wrote, byte for byte."""
    t, x = v
    if t == "bulk":
        b = x.encode()
        return b"$%d\r\n%s\r\n" % (len(b), b)
    if t == "simple":
        return b"+%s\r\n" % x.encode()
    if t == "int":
        return b":%d\r\n" % x
    if t in ("arr", "set"):
        head = b"*" if t == "arr" else b"~"
        return head + b"%d\r\n" % len(x) + b"".join(resp3(e) for e in x)
    if t == "map":
        return b"%%%d\r\n" % len(x) + b"".join(
            resp3(("bulk", k)) + resp3(e) for k, e in x)
    raise ValueError(t)


def implemented_names():
    """The full names (`get`, `client|list`) of the commands in redlet's table."""
    out = subprocess.run(
        ["cargo", "run", "-q", "-p", "redlet-core", "--example", "command_names"],
        check=True, capture_output=True, text=True).stdout
    return set(out.split())


def rs_doc(info, docs, indent, blob, keep):
    """One CommandDoc literal from its COMMAND INFO entry and COMMAND DOCS map; appends
    the entry's two RESP3 values to `blob`."""
    name = info[1][0][1]
    fields = info[1]
    assert len(fields) == 10, name
    subinfo = {s[1][0][1]: s for s in fields[9][1]}
    docmap = dict(docs[1])
    subdocs = dict(docmap.get("subcommands", ("map", []))[1])
    pad = " " * indent
    info_at = len(blob)
    blob += resp3(("arr", fields[1:9]))
    docs_at = len(blob)
    blob += resp3(("map", [(k, v) for k, v in docs[1] if k != "subcommands"]))
    subs = []
    for sub in sorted(subinfo):
        if sub in keep:
            subs.append(rs_doc(subinfo[sub], subdocs[sub], indent + 4, blob, keep))
    head = "%sCommandDoc { name: %s, info: %d, docs: %d, subcommands: &[" % (
        pad, rs_str(name), info_at, docs_at)
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
    blob = bytearray()
    keep = implemented_names()
    entries = [rs_doc(infos[name], docs[name], 4, blob, keep) + ","
               for name in sorted(infos) if name in keep]
    out = [
        "//! COMMAND INFO and COMMAND DOCS data of Redis %s, generated by" % version,
        "//! `scripts/gen_command_docs.py` from a running redis-server: do not edit by hand.",
        "//!",
        "//! `BLOB` (`docs.resp3`) holds, for every command and subcommand redlet implements",
        "//! (sorted by name, depth first), its COMMAND INFO elements 2 to 9 (arity .. key",
        "//! specs) as one RESP3 array, then its COMMAND DOCS map without `subcommands`, exactly",
        "//! as Redis wrote them;",
        "//! `DOCS` gives their offsets. So `COMMAND INFO` / `COMMAND DOCS` are byte-identical to",
        "//! Redis's in both protocols, and the data ships as one compact byte string instead",
        "//! of static value trees (a third of the playground's download otherwise).",
        "//! `crate::commands::command` serves only the commands in redlet's table.",
        "",
        "use super::docs_model::CommandDoc;",
        "",
        "/// The recorded RESP3 values `DOCS` points into (%d bytes)." % len(blob),
        'pub static BLOB: &[u8] = include_bytes!("docs.resp3");',
        "",
        "/// Every Redis %s command redlet implements, sorted by name." % version,
        "#[rustfmt::skip]",
        "pub static DOCS: &[CommandDoc] = &[",
    ] + entries + ["];"]
    with open(BLOB, "wb") as f:
        f.write(blob)
    with open(OUT, "w") as f:
        f.write("\n".join(out) + "\n")
    print("wrote %s and %s (%d bytes): %d of Redis's %d commands"
          % (OUT, BLOB, len(blob), len(entries), len(infos)))


if __name__ == "__main__":
    main()
