#!/usr/bin/env python3
"""Generates core/src/config_params.rs: Redis 7.0's configuration parameters, probed from a
running redis-server (the oracle).

Usage: scripts/gen_config_params.py [port]   (default 6379; use a throw-away server: the
script sets every parameter, to its current value and to invalid values, and restores it)

For each name CONFIG GET * lists it records the default (the server's value, except for the
few that the test server was started with other values for, see STARTUP_OVERRIDES), whether
CONFIG SET refuses it (immutable / protected), and its type as CONFIG SET's errors reveal it:
bool, integer with range, memory with range, enum with its values, or string/special.
"""
import re
import socket
import sys

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 6379
OUT = "core/src/config_params.rs"

# The oracle runs with --port/--save/--appendonly/--daemonize/--pidfile and in some cwd.
STARTUP_OVERRIDES = {
    "port": "6379",
    "save": "3600 1 300 100 60 10000",
    "appendonly": "no",
    "daemonize": "no",
    "pidfile": "",
    "dir": ".",
    "notify-keyspace-events": "",
}
# Old names Redis 7.0 keeps as aliases (alias -> canonical).
ALIASES = {
    "hash-max-ziplist-entries": "hash-max-listpack-entries",
    "hash-max-ziplist-value": "hash-max-listpack-value",
    "zset-max-ziplist-entries": "zset-max-listpack-entries",
    "zset-max-ziplist-value": "zset-max-listpack-value",
    "list-max-ziplist-size": "list-max-listpack-size",
    "slaveof": "replicaof",
    "slave-serve-stale-data": "replica-serve-stale-data",
    "slave-read-only": "replica-read-only",
    "slave-ignore-maxmemory": "replica-ignore-maxmemory",
    "slave-lazy-flush": "replica-lazy-flush",
    "slave-priority": "replica-priority",
    "slave-announce-ip": "replica-announce-ip",
    "slave-announce-port": "replica-announce-port",
    "min-slaves-to-write": "min-replicas-to-write",
    "min-slaves-max-lag": "min-replicas-max-lag",
    "repl-ping-slave-period": "repl-ping-replica-period",
    "cluster-slave-validity-factor": "cluster-replica-validity-factor",
    "cluster-slave-no-failover": "cluster-replica-no-failover",
    "lua-time-limit": "busy-reply-threshold",
}
# Never probed with a junk value (it would change how the server runs or listens).
NO_JUNK = {"port", "bind", "replicaof", "tls-port", "cluster-port", "unixsocket",
           "requirepass", "masterauth", "masteruser", "io-threads"}


# Types of parameters that cannot be probed (immutable, or not safe to set to junk).
_B = "Bool"
_E3 = 'Enum(&["no", "yes", "local"])'
TYPE_OVERRIDES = {
    "databases": "Int { min: 1, max: 2147483647 }",
    "io-threads": "Int { min: 1, max: 128 }",
    "tcp-backlog": "Int { min: 0, max: 2147483647 }",
    "port": "Int { min: 0, max: 65535 }",
    "tls-port": "Int { min: 0, max: 65535 }",
    "cluster-port": "Int { min: 0, max: 65535 }",
    "daemonize": _B, "always-show-logo": _B, "cluster-enabled": _B, "disable-thp": _B,
    "io-threads-do-reads": _B, "rdbchecksum": _B, "set-proc-title": _B, "syslog-enabled": _B,
    "supervised": 'Enum(&["upstart", "systemd", "auto", "no"])',
    "enable-debug-command": _E3, "enable-module-command": _E3,
    "enable-protected-configs": _E3,
}


def enc(*args):
    return b"*%d\r\n" % len(args) + b"".join(
        b"$%d\r\n%s\r\n" % (len(a), a) for a in (x.encode() for x in args))


class Conn:
    def __init__(self):
        self.s = socket.create_connection(("127.0.0.1", PORT))
        self.buf = b""

    def line(self):
        while b"\r\n" not in self.buf:
            self.buf += self.s.recv(1 << 20)
        l, self.buf = self.buf.split(b"\r\n", 1)
        return l

    def value(self):
        l = self.line()
        t, rest = l[:1], l[1:]
        if t == b"$":
            n = int(rest)
            while len(self.buf) < n + 2:
                self.buf += self.s.recv(1 << 20)
            d, self.buf = self.buf[:n], self.buf[n + 2:]
            return d.decode()
        if t == b"*":
            return [self.value() for _ in range(int(rest))]
        if t == b"+":
            return rest.decode()
        if t == b"-":
            return Exception(rest.decode())
        if t == b":":
            return int(rest)
        raise ValueError(l)

    def cmd(self, *args):
        self.s.sendall(enc(*args))
        return self.value()


def rs(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    c = Conn()
    flat = c.cmd("CONFIG", "GET", "*")
    values = dict(zip(flat[0::2], flat[1::2]))
    params = []
    for name in sorted(values):
        if name in ALIASES:
            continue
        cur = values[name]
        r = c.cmd("CONFIG", "SET", name, cur)
        mut = "Mutable"
        if isinstance(r, Exception):
            msg = str(r)
            if "immutable" in msg:
                mut = "Immutable"
            elif "protected" in msg:
                mut = "Protected"
            else:
                mut = "Mutable"
        ty = "Str"
        if mut == "Mutable" and name not in NO_JUNK:
            r = c.cmd("CONFIG", "SET", name, "junk-value")
            if isinstance(r, Exception):
                msg = str(r).split(" - ", 1)[-1]
                if "'yes' or 'no'" in msg:
                    ty = "Bool"
                elif "parsed into an integer" in msg or "memory value" in msg:
                    kind = "Int" if "integer" in msg else "Memory"
                    lo, hi = None, None
                    for probe in ("-9223372036854775808", "0", "9223372036854775807"):
                        r2 = c.cmd("CONFIG", "SET", name, probe)
                        if isinstance(r2, Exception):
                            m = re.search(r"between (-?\d+) and (-?\d+)", str(r2))
                            if m and lo is None:
                                lo, hi = int(m.group(1)), int(m.group(2))
                        else:
                            c.cmd("CONFIG", "SET", name, cur)
                    if lo is None:
                        lo, hi = -(1 << 63), (1 << 63) - 1
                    ty = "%s { min: %d, max: %d }" % (kind, lo, hi)
                    if lo == -(1 << 63):
                        ty = "%s { min: i64::MIN, max: %d }" % (kind, hi)
                    if hi == (1 << 63) - 1:
                        ty = ty.replace("max: %d" % hi, "max: i64::MAX")
                elif "one of the following:" in msg:
                    opts = msg.split("one of the following:", 1)[1].strip().split(", ")
                    ty = "Enum(&[%s])" % ", ".join(rs(o) for o in opts)
                else:
                    ty = "Special(%s)" % rs(msg)
            else:
                c.cmd("CONFIG", "SET", name, cur)
        ty = TYPE_OVERRIDES.get(name, ty)
        # A range as a reference to its two bounds keeps `ParamType`, so each `Param`, small.
        ty = re.sub(r"^(Int|Memory) \{ min: (\S+), max: (\S+) \}$", r"\1(&[\2, \3])", ty)
        aliases = [a for a, n in ALIASES.items() if n == name]
        default = STARTUP_OVERRIDES.get(name, cur)
        params.append("    Param { name: %s, alias: %s, default: %s, ty: ParamType::%s, mutability: Mutability::%s },"
                      % (rs(name), ("Some(%s)" % rs(aliases[0])) if aliases else "None",
                         rs(default), ty, mut))
    check = dict(zip(*[iter(c.cmd("CONFIG", "GET", "*"))] * 2))
    assert check == values, "a parameter was not restored"
    with open(OUT, "w") as f:
        f.write("//! Redis 7.0's configuration parameters, generated by `scripts/gen_config_params.py`\n"
                "//! from a running redis-server: do not edit by hand.\n"
                "//!\n"
                "//! Name, old alias, default, value type (as CONFIG SET validates it) and whether CONFIG\n"
                "//! SET may change it. `crate::config` gives them getters and setters.\n\n"
                "use crate::config::{Mutability, Param, ParamType};\n\n"
                "/// Every parameter CONFIG GET * lists in Redis 7.0, sorted by name.\n"
                "pub static PARAMS: &[Param] = &[\n" + "\n".join(params) + "\n];\n")
    print("wrote %s: %d parameters" % (OUT, len(params)))


if __name__ == "__main__":
    main()
