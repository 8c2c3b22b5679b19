#!/usr/bin/env python3
"""The coder's figures on each fixed half of the dev sets, so fitting shows as a gap.

usage: scripts/dev-figures.py [--binary target/release/statecraft] [--shared ../shared] [--only plover|realnews|petrarch]
                              [--events-model FILE|none] [--min-confidence X]

Each dev set is split once, by a hash of the record's id (PLOVER records, PETRARCH unit records)
or by alternating sorted doc_ids (the twelve real-news articles): half A is where development happens, half B is only
looked at to see whether a change carries over. Prints one line per set and half:
  plover A: triple_f1=... category_recall=...
  realnews B: precision_cat=... recall_cat=...
The kept-aside halves of these sets are not here; the gap between A and B is the warning.
"""
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile


def half(key):
    return "A" if hashlib.sha1(key.encode()).digest()[0] % 2 == 0 else "B"


def arg(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def coding_args():
    """The coding options passed through to every `statecraft` run."""
    out = []
    for name in ("--events-model", "--min-confidence"):
        if name in sys.argv:
            out += [name, arg(name, None)]
    return out


def plover(binary, shared, tmp):
    rows = [l for l in open(os.path.join(shared, "data/plover/gsr-dev.jsonl"), encoding="utf-8") if l.strip()]
    for h in "AB":
        path = os.path.join(tmp, f"plover-{h}.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(r for r in rows if half(json.loads(r)["id"]) == h)
        out = subprocess.run([binary, "eval", "plover", path, *coding_args()], capture_output=True, text=True).stdout.strip().splitlines()
        print(f"plover {h}: " + (out[-1].removeprefix("plover: ") if out else "failed"))


def realnews(binary, shared, tmp):
    gold_dir = os.path.join(shared, "data/realnews-gold")
    score = os.path.join(shared, "eval/score_realnews.py")
    arts = [json.loads(l) for l in open(os.path.join(gold_dir, "articles.jsonl"), encoding="utf-8") if l.strip()]
    gold = [json.loads(l) for l in open(os.path.join(gold_dir, "gold.jsonl"), encoding="utf-8") if l.strip()]
    for h in "AB":
        d = os.path.join(tmp, f"realnews-{h}")
        os.makedirs(d, exist_ok=True)
        ids = sorted(a["doc_id"] for a in arts)
        keep = {d for i, d in enumerate(ids) if "AB"[i % 2] == h}
        with open(os.path.join(d, "articles.jsonl"), "w", encoding="utf-8") as f:
            f.writelines(json.dumps(a, ensure_ascii=False) + "\n" for a in arts if a["doc_id"] in keep)
        with open(os.path.join(d, "gold.jsonl"), "w", encoding="utf-8") as f:
            f.writelines(json.dumps(g, ensure_ascii=False) + "\n" for g in gold if g["doc_id"] in keep)
        docs = subprocess.run([sys.executable, score, "docs", d], capture_output=True, text=True, check=True).stdout
        events = subprocess.run([binary, "code", *coding_args()], input=docs, capture_output=True, text=True).stdout
        ev_path = os.path.join(d, "events.jsonl")
        open(ev_path, "w", encoding="utf-8").write(events)
        out = subprocess.run([sys.executable, score, "score", d, ev_path], capture_output=True, text=True).stdout.strip()
        print(f"realnews {h} ({len(keep)} articles): " + out.removeprefix("realnews: "))


def petrarch(binary, shared, tmp):
    src = os.path.join(shared, "data/petrarch2/unit-tests/PETR.UnitTest.records.dev.xml")
    text = open(src, encoding="utf-8").read()
    head, _, rest = text.partition("<Sentences>")
    body, _, tail = rest.rpartition("</Sentences>")
    records = [r for r in re.findall(r"<Sentence\s[^>]*\bid\s*=.*?</Sentence>", body, re.S)]
    dict_dir = os.path.join(shared, "data/petrarch2/dictionaries")
    for h in "AB":
        keep = [r for r in records if half(re.search(r'\bid\s*=\s*"([^"]*)"', r).group(1)) == h]
        path = os.path.join(tmp, f"petrarch-{h}.xml")
        open(path, "w", encoding="utf-8").write(head + "<Sentences>\n" + "\n\n".join(keep) + "\n</Sentences>" + tail)
        out = subprocess.run([binary, "eval", "petrarch", path, "--dictionaries", dict_dir, *coding_args()], capture_output=True, text=True)
        lines = (out.stdout or out.stderr).strip().splitlines()
        print(f"petrarch {h}: " + (lines[-1].removeprefix("petrarch: ") if lines else "failed"))


def main():
    binary = arg("--binary", "target/release/statecraft")
    shared = arg("--shared", "../shared")
    only = arg("--only", None)
    with tempfile.TemporaryDirectory() as tmp:
        for name, f in (("plover", plover), ("realnews", realnews), ("petrarch", petrarch)):
            if only in (None, name):
                f(binary, shared, tmp)


if __name__ == "__main__":
    main()
