#!/usr/bin/env bash
# Load test of `statecraft serve` on loopback: generates a synthetic corpus of DOCS articles
# (default 4600, about 107,000 events), ingests it, serves it read-only on a free 127.0.0.1 port
# and sends a bounded number of requests to /api/events (crates/server/examples/loadtest.rs),
# printing requests per second and p50/p99 latency. Files go to target/load-test/.
set -euo pipefail
cd "$(dirname "$0")/.."
docs="${DOCS:-4600}"
requests="${REQUESTS:-5000}"
out=target/load-test
mkdir -p "$out"
cargo build --release --quiet -p statecraft -p statecraft-server --bins --examples
bin=target/release/statecraft
if [ ! -f "$out/load-$docs.db" ]; then
    "$bin" bench --docs "$docs" --write-corpus "$out/corpus-$docs.jsonl"
    "$bin" ingest "$out/corpus-$docs.jsonl" --db "$out/load-$docs.db"
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$bin" serve --db "$out/load-$docs.db" --addr "127.0.0.1:$port" >"$out/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/api/health')" 2>/dev/null && break; sleep 0.2; done
ls -l "$out/load-$docs.db"
lt=target/release/examples/loadtest
"$lt" --addr "127.0.0.1:$port" --requests "$requests" --connections 8 /api/events
"$lt" --addr "127.0.0.1:$port" --requests $((requests / 10)) --connections 4 "/api/events?pair=USA,RUS"
"$lt" --addr "127.0.0.1:$port" --requests $((requests / 10)) --connections 4 "/api/events?actor=UKR&event=ASSAULT&since=2025-03-01&until=2025-06-30"
