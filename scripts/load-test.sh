#!/usr/bin/env bash
# Load test of `statecraft serve` on loopback: generates a synthetic corpus of DOCS articles
# (default 11,000: about 256,000 events), ingests it, serves it read-only on a free 127.0.0.1
# port and measures each endpoint with CLIENTS concurrent keep-alive clients (default 50)
# through crates/server/examples/loadtest.rs, which prints requests per second and p50/p99
# latency; then measures /api/overview again right after 20 abandoned heavy requests (clients
# that sent a filtered /api/actors and left). Bounded: REQUESTS per endpoint (default 2,000).
# Files go to target/load-test/ (the store is kept for the next run).
set -euo pipefail
cd "$(dirname "$0")/.."
docs="${DOCS:-11000}"
requests="${REQUESTS:-2000}"
clients="${CLIENTS:-50}"
out=target/load-test
mkdir -p "$out"
cargo build --release --quiet -p statecraft -p statecraft-server --bins --examples
bin=target/release/statecraft
db="$out/load-$docs.db"
if [ ! -f "$db" ]; then
    "$bin" bench --docs "$docs" --write-corpus "$out/corpus-$docs.jsonl"
    "$bin" ingest --quiet "$out/corpus-$docs.jsonl" --db "$db.tmp"
    mv "$db.tmp" "$db"
fi
events=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM events').fetchone()[0])" "$db")
echo "store: $db, $(du -m "$db" | cut -f1) MB, $events events"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$bin" serve --db "$db" --addr "127.0.0.1:$port" >"$out/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/api/health')" 2>/dev/null && break; sleep 0.2; done
lt=target/release/examples/loadtest
for path in /api/overview /api/actors /api/network /api/outlets /api/speakers /api/events \
    "/api/events?pair=USA,RUS" "/api/dyad?pair=USA,RUS" /api/documents "/api/quotes?attributed=true"; do
    "$lt" --addr "127.0.0.1:$port" --requests "$requests" --connections "$clients" "$path"
done
"$lt" --addr "127.0.0.1:$port" --requests "$requests" --connections "$clients" --abandon 20 --abandon-path "/api/actors?since=2025-01-01" \
    /api/overview
