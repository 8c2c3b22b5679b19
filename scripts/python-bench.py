#!/usr/bin/env python3
"""Times coding from Python against `statecraft code` on the same JSON-lines corpus.

usage: python-bench.py CORPUS.jsonl [--binary target/release/statecraft] [--runs 3] [--threads 1 2]
Run it with the Python that has the `statecraft` wheel installed. Each run is a fresh process:
`statecraft code --threads N < CORPUS > /dev/null` against a Python process that reads the
corpus with `json`, calls `statecraft.code(records, threads=N)` and gets the `pyarrow.Table`.
Both figures are wall time of the whole process (start-up, loading the models, reading,
coding, output); the Python call alone is shown beside, and the CPU time (user + system) of
each process, which other load on the machine disturbs less. The command line and Python runs
alternate; times are medians of the runs, ratios medians of the ratios pair by pair (python/cli:
whole processes; call/cli: the `statecraft.code` call alone against the whole command line).
"""

import argparse
import resource
import statistics
import subprocess
import sys
import time

PYTHON_RUN = r"""
import json, sys, time
started = time.perf_counter()
import statecraft
with open(sys.argv[1], encoding="utf-8") as f:
    records = [json.loads(line) for line in f if line.strip()]
call = time.perf_counter()
table = statecraft.code(records, threads=int(sys.argv[2]))
done = time.perf_counter()
print(table.num_rows, done - call)
"""


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd, **kw):
    """Wall seconds, CPU seconds and standard output of one child process."""
    cpu = children_cpu()
    started = time.perf_counter()
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, **kw)
    return time.perf_counter() - started, children_cpu() - cpu, out.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("--binary", default="target/release/statecraft")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    a = ap.parse_args()
    with open(a.corpus, encoding="utf-8") as f:
        docs = sum(1 for line in f if line.strip())
    print(f"corpus: {a.corpus} ({docs} documents); {a.runs} runs each, medians")
    print(f"{'threads':>7} {'cli s':>8} {'python s':>9} {'call s':>8} {'python/cli':>10} {'call/cli':>9} {'cli cpu s':>10} {'py cpu s':>9} {'cpu ratio':>9} {'events':>8}")
    for n in a.threads:
        cli, py, call, cli_cpu, py_cpu = [], [], [], [], []
        events = None
        for _ in range(a.runs):
            with open(a.corpus, "rb") as stdin:
                seconds, cpu, out = timed([a.binary, "code", "--threads", str(n)], stdin=stdin)
            cli.append(seconds)
            cli_cpu.append(cpu)
            cli_events = out.count(b"\n")
            seconds, cpu, out = timed([sys.executable, "-c", PYTHON_RUN, a.corpus, str(n)])
            py.append(seconds)
            py_cpu.append(cpu)
            rows, call_seconds = out.split()
            call.append(float(call_seconds))
            if int(rows) != cli_events:
                sys.exit(f"python coded {rows} events, the command line {cli_events}")
            events = cli_events
        c, p = statistics.median(cli), statistics.median(py)
        cc, pc = statistics.median(cli_cpu), statistics.median(py_cpu)
        # Ratios pair by pair (each Python run against the command-line run just before it), so
        # that a change in the machine's load between pairs does not enter the ratio.
        wall = statistics.median(b / a for a, b in zip(cli, py))
        in_call = statistics.median(b / a for a, b in zip(cli, call))
        cpu = statistics.median(b / a for a, b in zip(cli_cpu, py_cpu))
        print(f"{n:>7} {c:>8.2f} {p:>9.2f} {statistics.median(call):>8.2f} {wall:>10.3f} {in_call:>9.3f} {cc:>10.2f} {pc:>9.2f} {cpu:>9.3f} {events:>8}")


if __name__ == "__main__":
    main()
