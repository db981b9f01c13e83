#!/usr/bin/env bash
# Runs redis-py's own test suite (from the source distribution on PyPI, which ships tests/)
# against redis-server 7.0 and against redlet-server, side by side, and reports both.
#
#   scripts/redis-py-suite.sh            # both servers; summary in target/redis-py/report.md
#   REDIS_PY_VERSION=5.0.8 FILES="tests/test_commands.py" scripts/redis-py-suite.sh
#
# redis-py 5.0.x is the client generation contemporary with Redis 7.0. Test files that need
# Redis modules (bloom, json, search, timeseries, graph), a cluster, sentinel, TLS or an
# asyncio plugin are not run against either server (they test infrastructure redlet does not
# claim to have); see the README's compatibility section.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VERSION=${REDIS_PY_VERSION:-5.0.8}
WORK=$ROOT/target/redis-py
mkdir -p "$WORK"
FILES=${FILES:-"tests/test_commands.py tests/test_pipeline.py tests/test_pubsub.py tests/test_encoding.py tests/test_lock.py tests/test_helpers.py tests/test_connection_pool.py tests/test_multiprocessing.py tests/test_retry.py"}

command -v redis-server >/dev/null || { apt-get update -qq && apt-get install -y -qq redis-server redis-tools; }
if [ ! -x "$WORK/venv/bin/pytest" ]; then
    python3 -m venv "$WORK/venv"
    "$WORK/venv/bin/pip" install -q "redis==$VERSION" pytest pytest-timeout packaging
fi
if [ ! -d "$WORK/redis-$VERSION/tests" ]; then
    (cd "$WORK" && "$WORK/venv/bin/pip" download -q --no-deps --no-binary :all: "redis==$VERSION" \
        && tar xzf "redis-$VERSION.tar.gz")
fi
cargo build --release -p redlet-server -q

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done; return 1; }

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

run_suite() { # name port
    local name=$1 port=$2
    (cd "$WORK/redis-$VERSION" && "$WORK/venv/bin/python" -m pytest $FILES -q -p no:cacheprovider \
        --redis-url="redis://127.0.0.1:$port" --timeout 60 -o junit_family=xunit1 \
        --junitxml="$WORK/$name.xml" >"$WORK/$name.log" 2>&1) || true
    tail -1 "$WORK/$name.log"
}

RP=$(free_port); redis-server --port "$RP" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/redis-server.log" 2>&1 &
PIDS+=($!); wait_port "$RP"
LP=$(free_port); "$ROOT/target/release/redlet-server" --port "$LP" --bind 127.0.0.1 >"$WORK/redlet-server.log" 2>&1 &
PIDS+=($!); wait_port "$LP"

echo "redis-py $VERSION suite against redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'):"
R=$(run_suite redis "$RP"); echo "  $R"
echo "redis-py $VERSION suite against redlet-server:"
L=$(run_suite redlet "$LP"); echo "  $L"

"$WORK/venv/bin/python" - "$WORK" "$R" "$L" <<'PY'
import sys, xml.etree.ElementTree as ET
work, rsum, lsum = sys.argv[1:4]
def outcomes(name):
    res = {}
    for tc in ET.parse(f"{work}/{name}.xml").iter("testcase"):
        key = f'{tc.get("classname")}::{tc.get("name")}'
        kind = "passed"
        for child in tc:
            if child.tag in ("failure", "error"): kind = "failed"
            elif child.tag == "skipped": kind = "skipped"
        res[key] = kind
    return res
r, l = outcomes("redis"), outcomes("redlet")
regress = sorted(k for k, v in r.items() if v == "passed" and l.get(k) != "passed")
better = sorted(k for k, v in l.items() if v == "passed" and r.get(k) != "passed")
count = lambda d, k: sum(1 for v in d.values() if v == k)
lines = [f"| server | passed | failed | skipped |", "|---|---:|---:|---:|"]
for n, d in (("redis-server", r), ("redlet", l)):
    lines.append(f"| {n} | {count(d,'passed')} | {count(d,'failed')} | {count(d,'skipped')} |")
lines.append("")
lines.append(f"passing on redis-server but not on redlet: {len(regress)}")
lines += [f"- {k}" for k in regress]
lines.append(f"passing on redlet but not on redis-server: {len(better)}")
lines += [f"- {k}" for k in better]
open(f"{work}/report.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines[:5 + min(len(regress), 400)]))
PY
