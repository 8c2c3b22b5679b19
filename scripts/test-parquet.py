#!/usr/bin/env python3
"""Opens Statecraft's Parquet exports with pyarrow and checks them against the documented schema.

usage: test-parquet.py EVENTS.parquet DOCUMENTS.parquet
"""
import sys

import pyarrow.parquet as pq

EVENTS = {
    "doc_id": "string", "sentence": "int64", "span_start": "int64", "span_end": "int64",
    "sentence_text": "string", "date": "string", "date_precision": "string", "publication_date": "string",
    **{f"{side}_{f}": "string" for side in ("source", "target") for f in ("text", "code", "sector", "org", "name", "role")},
    "event": "string", "cameo": "string", "goldstein": "float", "quad_class": "int32", "polarity": "string",
    "trigger": "string", "pattern": "string", "location_name": "string", "location_country": "string",
    "location_lat": "double", "location_lon": "double",
}
DOCUMENTS = {k: "string" for k in ("id", "title", "date", "outlet", "url", "text", "status", "error", "story_group")}


def check(path, expected):
    table = pq.read_table(path)
    got = {f.name: str(f.type) for f in table.schema}
    missing = {k: v for k, v in expected.items() if got.get(k) != v}
    if missing:
        sys.exit(f"{path}: columns differ from the documented schema: expected {missing}, found { {k: got.get(k) for k in missing} }")
    return table.num_rows


def main():
    events = check(sys.argv[1], EVENTS)
    documents = check(sys.argv[2], DOCUMENTS)
    if events == 0 or documents == 0:
        sys.exit("parquet: empty export")
    print(f"parquet: pyarrow read {events} events and {documents} documents with the documented schema")


if __name__ == "__main__":
    main()
