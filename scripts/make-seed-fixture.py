#!/usr/bin/env python3
"""Writes the seed articles (../shared/seeds/*.txt) as JSON lines with their publication dates,
for the dashboard test's store. The seed text is read at run time and never copied into the
repository. Usage: make-seed-fixture.py SEEDS_DIR OUT.jsonl"""
import json
import pathlib
import sys

# Publication dates of the seed articles, by file-name prefix (their metadata has none).
DATES = {"000": "2025-08-07", "001": "2024-11-20", "002": "2025-08-15", "003": "2025-08-20", "004": "2025-08-14"}


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    seeds, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    files = sorted(seeds.glob("*.txt"))
    if not files:
        print(f"no .txt seed articles in {seeds}", file=sys.stderr)
        return 1
    written = 0
    with out.open("w", encoding="utf-8") as f:
        for path in files:
            prefix = path.name[:3]
            if prefix not in DATES:
                print(f"skipping {path.name}: no publication date known for it", file=sys.stderr)
                continue
            text = path.read_text(encoding="utf-8")
            doc = {"id": f"seed-{path.stem}", "date": DATES[prefix], "outlet": "Seed corpus", "text": text}
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")
            written += 1
    print(f"wrote {written} seed documents to {out}")
    return 0 if written else 1


if __name__ == "__main__":
    sys.exit(main())
