#!/usr/bin/env bash
# Interoperability checks against real third-party readers, installed from PyPI into a virtual
# environment (cached in ~/.cache/statecraft-interop-venv):
#   1. pyarrow opens Statecraft's Parquet exports with the documented schema;
#   2. Apache Spark (local mode, RDD.pipe over 4 partitions) codes exactly the events of a
#      single-process `statecraft code` run. Needs Java 17 or newer.
# usage: scripts/test-interop.sh [STATECRAFT_BINARY]   (default: target/release/statecraft)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/statecraft}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

venv=${STATECRAFT_INTEROP_VENV:-$HOME/.cache/statecraft-interop-venv}
if ! "$venv/bin/python" -c 'import pyspark, pyarrow' 2>/dev/null; then
  python3 -m venv "$venv"
  if ! "$venv/bin/pip" install --quiet 'pyspark>=3.5,<5' 'pyarrow>=14'; then
    echo "interop: SKIPPED: could not install pyspark and pyarrow from PyPI (network?); the checks did not run"
    exit 0
  fi
fi

# 1. Parquet through pyarrow
"$bin" ingest examples/corpus --db "$work/p.db" > /dev/null
"$bin" export events --format parquet --output "$work/events.parquet" --db "$work/p.db"
"$bin" export documents --format parquet --output "$work/documents.parquet" --db "$work/p.db"
"$venv/bin/python" scripts/test-parquet.py "$work/events.parquet" "$work/documents.parquet"

# 2. Spark local mode against a single-process run
command -v java >/dev/null || { echo "interop: java not found; install a JDK 17+ (Debian: openjdk-17-jre-headless)"; exit 1; }
"$bin" bench --docs 300 --write-corpus "$work/docs.jsonl" > /dev/null
"$bin" code --threads 1 < "$work/docs.jsonl" | sort > "$work/single.jsonl"
"$venv/bin/python" scripts/spark-example.py "$work/docs.jsonl" "$work/out" --binary "$bin" --partitions 4 --master 'local[2]' 2> "$work/spark.log" \
  || { tail -n 30 "$work/spark.log"; exit 1; }
cat "$work"/out/part-* | sort > "$work/spark.jsonl"
single=$(wc -l < "$work/single.jsonl")
if [ "$single" -gt 0 ] && cmp -s "$work/single.jsonl" "$work/spark.jsonl"; then
  echo "spark: 300 documents, $single events from 4 partitions, identical to the single-process run"
else
  echo "spark: events differ from the single-process run:"
  diff "$work/single.jsonl" "$work/spark.jsonl" | head -n 20
  exit 1
fi
