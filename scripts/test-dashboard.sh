#!/usr/bin/env bash
# Browser test of the dashboard: builds a store from the seed articles (with their publication
# dates) and the example corpus, starts `statecraft serve` on a free loopback port, drives the
# page in headless Chromium (Debian's chromium + playwright-core from npm) and saves screenshots
# under target/dashboard-test/. Exits non-zero when the page fails; prints
# "dashboard: SKIPPED: ..." and exits 0 only when Chromium or playwright-core cannot be installed
# (no package registry), so an infrastructure failure is not taken for a code failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out="$root/target/dashboard-test"
seeds="${STATECRAFT_SEEDS:-$root/../shared/seeds}"
cache="${STATECRAFT_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/statecraft-dashboard-test}"
mkdir -p "$out" "$cache"

skip() { echo "dashboard: SKIPPED: $*"; exit 0; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

# Chromium (Debian package) and Node.
chromium_bin="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium_bin" ]; then
    echo "dashboard: installing chromium with apt-get"
    as_root apt-get update -qq >"$out/apt.log" 2>&1 || skip "apt-get update failed (no package registry?); see $out/apt.log"
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >>"$out/apt.log" 2>&1 \
        || skip "apt-get install chromium failed; see $out/apt.log"
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "dashboard: installing nodejs and npm with apt-get"
    as_root apt-get update -qq >>"$out/apt.log" 2>&1 || skip "apt-get update failed; see $out/apt.log"
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq nodejs npm >>"$out/apt.log" 2>&1 \
        || skip "apt-get install nodejs npm failed; see $out/apt.log"
fi
# playwright-core only drives the browser: it downloads nothing.
if [ ! -f "$cache/node_modules/playwright-core/package.json" ]; then
    echo "dashboard: installing playwright-core from npm into $cache"
    npm install --prefix "$cache" --no-audit --no-fund --loglevel=error playwright-core@1 >"$out/npm.log" 2>&1 \
        || skip "npm install playwright-core failed (no registry?); see $out/npm.log"
fi

# The store: seeds as JSON lines with their dates, plus the example corpus.
[ -d "$seeds" ] || { echo "dashboard: FAILED: no seed folder at $seeds" >&2; exit 1; }
cargo build --release --quiet -p statecraft
bin="$root/target/release/statecraft"
python3 scripts/make-seed-fixture.py "$seeds" "$out/seeds.jsonl"
rm -f "$out/dashboard.db" "$out/dashboard.db-wal" "$out/dashboard.db-shm"
"$bin" ingest "$out/seeds.jsonl" examples/corpus --db "$out/dashboard.db"

# A free loopback port, the server, and the browser.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$bin" serve --db "$out/dashboard.db" --addr "127.0.0.1:$port" >"$out/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
status=0
PLAYWRIGHT_CORE="$cache/node_modules/playwright-core" CHROMIUM="$chromium_bin" \
    node scripts/dashboard-test.cjs "http://127.0.0.1:$port" "$out" || status=$?
if [ "$status" != 0 ]; then
    echo "dashboard: FAILED (server log: $out/server.log)" >&2
    exit "$status"
fi
echo "dashboard: screenshots in $out"
