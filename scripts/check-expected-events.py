#!/usr/bin/env python3
"""Checks which of the hand-listed events in examples/expected-events.md Statecraft finds.

usage: statecraft export events --db DB | scripts/check-expected-events.py examples/expected-events.md
Prints one line per expected event (found / missed, with what was coded from that sentence) and a
summary line "expected: N of M found".
"""
import json
import sys


def main():
    expected = []
    for line in open(sys.argv[1], encoding="utf-8"):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 5 and "->" in parts[2]:
            src, tgt = [x.strip() for x in parts[2].split("->")]
            expected.append((parts[0], parts[1], src, tgt, parts[3]))
    events = [json.loads(l) for l in sys.stdin if l.strip()]
    found = 0
    for file, excerpt, src, tgt, cat in expected:
        key = excerpt.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')[:60]
        near = [e for e in events if key in e["sentence_text"]]
        hit = any(e["source"]["code"] == src and (e["target"] or {}).get("code", "-") == tgt and e["event"] == cat for e in near)
        found += hit
        got = sorted({(e["source"]["code"], (e["target"] or {}).get("code", "-"), e["event"]) for e in near})
        print(f"{'found ' if hit else 'missed'} {src}->{tgt} {cat}: {excerpt[:70]}  got {got}")
    print(f"expected: {found} of {len(expected)} found")


if __name__ == "__main__":
    main()
