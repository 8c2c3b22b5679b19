"""Tests of the Python package against the command line: same events, same columns, the
errors, the threads and the progress callback. `scripts/python-tests.sh` runs them in a fresh
virtual environment with the built wheel; STATECRAFT_BIN names the `statecraft` binary."""

import ast
import builtins
import datetime
import inspect
import json
import math
import os
import subprocess
import threading
import time
import warnings
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import statecraft

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT / "examples" / "corpus"


def cli() -> str:
    binary = os.environ.get("STATECRAFT_BIN", str(ROOT / "target" / "release" / "statecraft"))
    if not Path(binary).is_file():
        pytest.fail(f"no statecraft binary at {binary}; build it (cargo build --release -p statecraft) or set STATECRAFT_BIN")
    return binary


def example_records():
    """The example corpus as records: the wire items as they are, each article as one record."""
    records = [json.loads(line) for line in (CORPUS / "wire.jsonl").read_text().splitlines() if line.strip()]
    for path in sorted(CORPUS.glob("*.txt")):
        records.append({"id": path.stem, "date": path.name[:10], "text": path.read_text()})
    return records


def run_cli_code(records, *args):
    """The events `statecraft code` prints for the records, and the lines it writes to stderr."""
    lines = "".join(json.dumps(r) + "\n" for r in records)
    out = subprocess.run([cli(), "code", *args], input=lines.encode(), capture_output=True, check=True)
    return [json.loads(line) for line in out.stdout.decode().splitlines()], out.stderr.decode().splitlines()


def cli_events(records, *args):
    return run_cli_code(records, *args)[0]


def flatten(e):
    """A `statecraft code` JSON event as a row of the events table."""
    row = {
        "doc_id": e["doc_id"],
        "sentence": e["sentence"],
        "span_start": e["span"][0],
        "span_end": e["span"][1],
        "sentence_text": e["sentence_text"],
        "date": e.get("date"),
        "date_precision": e["date_precision"],
        "publication_date": e.get("publication_date"),
    }
    for side in ("source", "target"):
        actor = e.get(side) or {}
        for field in ("text", "code", "sector", "org", "name", "role"):
            row[f"{side}_{field}"] = actor.get(field)
    location = e.get("location") or {}
    row.update(
        event=e["event"],
        cameo=e["cameo"],
        goldstein=e["goldstein"],
        quad_class=e["quad_class"],
        polarity=e["polarity"],
        trigger=e["trigger"],
        pattern=e["pattern"],
        location_name=location.get("name"),
        location_country=location.get("country"),
        location_lat=location.get("lat"),
        location_lon=location.get("lon"),
        confidence=e.get("confidence"),
    )
    return row


def same_value(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)
    return a == b


def test_one_sentence_gives_an_event():
    table = statecraft.code(["Russia attacked Ukraine."])
    assert isinstance(table, pa.Table)
    assert table.num_rows >= 1
    row = table.to_pylist()[0]
    assert (row["source_code"], row["target_code"], row["event"]) == ("RUS", "UKR", "ASSAULT")


def test_events_are_those_of_the_command_line_on_the_example_corpus():
    records = example_records()
    expected = [flatten(e) for e in cli_events(records, "--threads", "2")]
    got = statecraft.code(records, threads=2).to_pylist()
    assert len(expected) > 100
    assert len(got) == len(expected)
    for i, (g, x) in enumerate(zip(got, expected)):
        assert set(g) == set(x)
        differ = {k: (g[k], x[k]) for k in g if not same_value(g[k], x[k])}
        assert not differ, f"event {i} ({g['doc_id']}, sentence {g['sentence']}) differs: {differ}"


def test_columns_are_those_of_the_parquet_export(tmp_path):
    db = tmp_path / "s.db"
    summary = statecraft.ingest(CORPUS, db=db)
    parquet = tmp_path / "events.parquet"
    subprocess.run([cli(), "export", "events", "--db", str(db), "--format", "parquet", "--output", str(parquet)], check=True)
    exported = pq.read_table(parquet)
    coded = statecraft.code(["Russia attacked Ukraine."])
    stored = statecraft.Store(db).events()
    assert coded.schema == exported.schema
    assert stored.schema == exported.schema
    assert stored.num_rows == exported.num_rows == summary["events"]
    assert stored.equals(exported)
    documents = tmp_path / "documents.parquet"
    subprocess.run([cli(), "export", "documents", "--db", str(db), "--format", "parquet", "--output", str(documents)], check=True)
    assert statecraft.Store(db).documents().equals(pq.read_table(documents))


def test_schema_types():
    schema = statecraft.code([]).schema
    assert schema.field("sentence").type == pa.int64()
    assert schema.field("goldstein").type == pa.float32()
    assert schema.field("quad_class").type == pa.int32()
    assert schema.field("location_lat").type == pa.float64()
    assert schema.field("confidence").type == pa.float32()
    assert schema.field("target_code").nullable and not schema.field("source_code").nullable
    assert statecraft.code([]).num_rows == 0


def test_records_take_ids_dates_and_titles():
    date = datetime.date(2025, 3, 4)
    table = statecraft.code([{"id": "a1", "date": date, "title": "Talks", "text": "Russia attacked Ukraine on Monday."}])
    row = table.to_pylist()[0]
    assert row["doc_id"] == "a1"
    assert row["publication_date"] == "2025-03-04"
    # a record without an id gets the command line's content-hash id
    text = "France praised Germany."
    assert statecraft.code([text]).column("doc_id").to_pylist() == [e["doc_id"] for e in cli_events([{"text": text}])]


def test_threads_give_the_same_table():
    records = example_records()
    assert statecraft.code(records, threads=1).equals(statecraft.code(records, threads=2))


def test_the_gil_is_released_while_coding():
    records = example_records() * 3
    statecraft.code(records[:1])  # the shipped models load once, outside the measured call
    ticks = 0
    stop = threading.Event()

    def count():
        nonlocal ticks
        while not stop.is_set():
            ticks += 1

    counter = threading.Thread(target=count)
    counter.start()
    time.sleep(0.05)
    before = ticks
    started = time.perf_counter()
    statecraft.code(records, threads=1)
    seconds = time.perf_counter() - started
    during = ticks - before
    stop.set()
    counter.join()
    # Holding the GIL for the whole call would leave the counter a few switch intervals at most.
    assert seconds > 0.2, "the call was too short to tell"
    assert during > 10_000, f"only {during} counts in {seconds:.2f}s while coding"


def test_python_threads_code_in_parallel():
    records = example_records()
    expected = statecraft.code(records, threads=1)
    results = [None, None]

    def work(i):
        results[i] = statecraft.code(records, threads=1)

    workers = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert all(r.equals(expected) for r in results)


def test_progress_reports_and_can_stop():
    records = example_records()
    seen = []
    statecraft.code(records, progress=seen.append)
    assert seen[-1]["documents"] == seen[-1]["total"] == len(records)
    assert seen[-1]["events"] > 0 and seen[-1]["skipped"] == 0

    class Enough(Exception):
        pass

    def stop(counts):
        raise Enough(counts)

    with pytest.raises(Enough):
        statecraft.code(records, progress=stop)


def test_errors_carry_the_command_lines_messages(tmp_path):
    with pytest.raises(statecraft.StatecraftError, match="cannot read dictionary"):
        statecraft.code(["Russia attacked Ukraine."], dictionaries=[tmp_path / "missing.txt"])
    bad = tmp_path / "bad.txt"
    bad.write_text("@country usa\n")
    with pytest.raises(statecraft.StatecraftError, match="bad.txt:1"):
        statecraft.code(["Russia attacked Ukraine."], dictionaries=[bad])
    with pytest.raises(statecraft.StatecraftError, match="threads must be 1 or more"):
        statecraft.code(["Russia attacked Ukraine."], threads=0)
    with pytest.raises(statecraft.StatecraftError, match="no database at"):
        statecraft.Store(tmp_path / "none.db")
    with pytest.raises(statecraft.StatecraftError, match="no document was read"):
        statecraft.ingest(tmp_path / "nothing-here", db=tmp_path / "n.db")
    db = tmp_path / "s.db"
    statecraft.ingest(CORPUS / "wire.jsonl", db=db)
    store = statecraft.Store(db)
    with pytest.raises(statecraft.StatecraftError, match=r"since \"May\" is not a date; write YYYY-MM-DD"):
        store.events(since="May")
    with pytest.raises(statecraft.StatecraftError, match="must be day, week or month"):
        store.dyad("USA", "RUS", interval="fortnight")
    not_a_store = tmp_path / "notes.db"
    not_a_store.write_text("not a database")
    with pytest.raises(statecraft.StatecraftError):
        statecraft.Store(not_a_store)


def test_unreadable_records_are_skipped_as_by_the_command_line():
    good = example_records()
    bad = [
        {"text": "France praised Germany.", "date": "someday"},
        {"id": "no-text"},
        {"id": "blank", "text": "  "},
        7,
        ["Russia attacked Ukraine."],
        "Russia attacked \udcff Ukraine.",
    ]
    records = good[:3] + bad[:2] + good[3:6] + bad[2:] + good[6:]
    expected, stderr = run_cli_code(records, "--threads", "2")
    seen = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = statecraft.code(records, threads=2, progress=seen.append).to_pylist()
    assert len(expected) > 100
    assert [(g["doc_id"], g["sentence"], g["event"]) for g in got] == [(x["doc_id"], x["sentence"], x["event"]) for x in expected]
    assert all(w.category is statecraft.StatecraftWarning for w in caught)
    messages = [str(w.message) for w in caught]
    # the command line's lines, "statecraft code: line N: REASON, skipped", less its closing count
    cli_lines = [line.removeprefix("statecraft code: ").replace("line ", "record ", 1) for line in stderr if ": line " in line]
    assert len(messages) == len(cli_lines) == len(bad)
    numbers = [records.index(b) + 1 for b in bad]
    assert [m.split(":")[0] for m in messages] == [f"record {n}" for n in numbers]
    # the reader's reasons, except for the objects that are not records at all, which Python names
    assert messages[:3] == cli_lines[:3]
    assert messages[0] == f'record {numbers[0]}: unparsable date "someday" (expected YYYY-MM-DD or RFC 3339), skipped'
    assert messages[1].endswith('missing "text", skipped') and messages[2].endswith('empty "text", skipped')
    assert messages[3] == f"record {numbers[3]}: a int, not a string or a dict with 'text' (and optionally 'id', 'date', 'title', 'url', 'outlet'), skipped"
    assert messages[4].startswith(f"record {numbers[4]}: a list, not a string or a dict")
    assert messages[5] == f"record {numbers[5]}: a character that is not Unicode text (a lone surrogate, as left by a broken decoding), skipped"
    assert seen[-1] == {"documents": len(good), "total": len(records), "events": len(got), "skipped": len(bad)}


def test_skipped_records_can_be_made_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error", statecraft.StatecraftWarning)
        with pytest.raises(statecraft.StatecraftWarning, match=r"record 2: empty \"text\", skipped"):
            statecraft.code(["Russia attacked Ukraine.", ""])
    with pytest.warns(statecraft.StatecraftWarning, match="record 1: missing"):
        assert statecraft.code([{"title": "no text"}]).num_rows == 0


def test_user_dictionaries_add_actors(tmp_path):
    mine = tmp_path / "mine.txt"
    mine.write_text("@person Jane Example\nname: Jane Example\nrole: 2025-01-01.. NOR GOV Envoy\n")
    record = {"id": "x", "date": "2025-06-01", "text": "Jane Example visited Kyiv on Monday."}
    rows = statecraft.code([record], dictionaries=[mine]).to_pylist()
    assert [(r["source_code"], r["event"]) for r in rows] == [("NOR", "CONSULT")]
    assert statecraft.code([record]).to_pylist() != rows
    # the pipeline kept for the same dictionaries follows the file's content, however quick the edit
    for country in ("SWE", "NOR", "SWE"):
        mine.write_text(f"@person Jane Example\nname: Jane Example\nrole: 2025-01-01.. {country} GOV Envoy\n")
        assert [r["source_code"] for r in statecraft.code([record], dictionaries=[mine]).to_pylist()] == [country]
    other = tmp_path / "other.txt"
    other.write_text("@person Jane Example\nname: Jane Example\nrole: 2025-01-01.. DNK GOV Envoy\n")
    assert [r["source_code"] for r in statecraft.code([record], dictionaries=[other]).to_pylist()] == ["DNK"]
    assert [r["source_code"] for r in statecraft.code([record], dictionaries=[mine]).to_pylist()] == ["SWE"]


def test_ingest_and_store(tmp_path):
    db = tmp_path / "s.db"
    seen = []
    summary = statecraft.ingest([CORPUS], db=db, threads=2, progress=seen.append)
    assert (summary["read"], summary["added"], summary["already"], summary["skipped"]) == (20, 20, 0, 0)
    assert summary["summary"].startswith("read 20 documents: 20 added, 0 already in store; 0 skipped;")
    assert seen[-1] == {"documents": 20, "events": summary["events"], "skipped": 0}
    again = statecraft.ingest(CORPUS, db=db)
    assert (again["added"], again["already"]) == (0, 20)

    store = statecraft.Store(db)
    events = store.events()
    assert events.num_rows == summary["events"]
    russia = store.events(actor="RUS").to_pylist()
    assert russia and all("RUS" in (r["source_code"], r["target_code"]) for r in russia)
    assaults = store.events(event="ASSAULT").to_pylist()
    assert assaults and all(r["event"] == "ASSAULT" for r in assaults)
    summer = store.events(since=datetime.date(2025, 6, 1), until="2025-08-31").column("date").to_pylist()
    assert summer and all("2025-06-01" <= d <= "2025-08-31" for d in summer)
    assert store.documents().num_rows == 20
    actors = store.actors().to_pylist()
    assert any(a["code"] == "RUS" and a["mentions"] > 0 for a in actors)
    quotes = store.quotes()
    assert quotes.num_rows > 0 and "speaker_name" in quotes.column_names
    series = store.dyad("USA", "RUS", interval="month")
    assert series.num_rows > 0
    assert all(p.endswith("-01") for p in series.column("period").to_pylist())
    assert sum(series.column("events").to_pylist()) == sum(
        sum(series.column(q).to_pylist()) for q in ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
    )


def test_records_from_a_data_frame_take_missing_values_as_absent():
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame(
        {
            "text": ["Russia attacked Ukraine.", "France praised Germany."],
            "title": ["Strikes", None],
            "date": pandas.to_datetime(["2025-01-02", None]),
            "url": [float("nan"), "https://example.org/a"],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", statecraft.StatecraftWarning)
        rows = statecraft.code(frame.to_dict("records")).to_pylist()
    assert [(r["source_code"], r["publication_date"]) for r in rows] == [("RUS", "2025-01-02"), ("FRA", None)]


def test_tables_become_data_frames():
    pandas = pytest.importorskip("pandas")
    frame = statecraft.code(["Russia attacked Ukraine."]).to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert frame.loc[0, "event"] == "ASSAULT"


# The type stubs: each module's .pyi beside it in the installed package names exactly the
# module's public names, with the same parameters (names, kinds, defaults) for every function,
# class and method, so a stub cannot drift from the code.

NATIVE = statecraft._native


def stub(module):
    path = Path(module.__file__)
    return ast.parse(path.with_name(path.name.split(".")[0] + ".pyi").read_text())


def public(name):
    return name == "__version__" or not name.startswith("_")


def stub_names(tree):
    names = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names[node.name] = node
        elif isinstance(node, ast.AnnAssign):
            names[node.target.id] = node
        elif isinstance(node, ast.Assign):
            names.update((t.id, node) for t in node.targets)
    return {k: v for k, v in names.items() if public(k)}


def stub_default(node):
    if node is None:
        return inspect.Parameter.empty
    return ast.literal_eval(node)  # `...` reads as Ellipsis, as PyO3 shows a default it cannot print


def stub_parameters(fn):
    a = fn.args
    positional = a.posonlyargs + a.args
    defaults = [None] * (len(positional) - len(a.defaults)) + a.defaults
    params = [
        (arg.arg, inspect.Parameter.POSITIONAL_ONLY if arg in a.posonlyargs else inspect.Parameter.POSITIONAL_OR_KEYWORD, stub_default(d))
        for arg, d in zip(positional, defaults)
    ]
    params += [(arg.arg, inspect.Parameter.KEYWORD_ONLY, stub_default(d)) for arg, d in zip(a.kwonlyargs, a.kw_defaults)]
    return [p for p in params if p[0] != "self"]


def runtime_parameters(obj):
    return [(p.name, p.kind, p.default) for p in inspect.signature(obj).parameters.values() if p.name != "self"]


def check_class(cls, node):
    methods = {n.name: n for n in node.body if isinstance(n, ast.FunctionDef)}
    bases = [getattr(builtins, ast.unparse(b)) for b in node.bases]
    assert all(issubclass(cls, b) for b in bases), cls
    assert cls.__doc__, f"{cls.__name__} has no docstring"
    if "__init__" in methods:
        assert runtime_parameters(cls) == stub_parameters(methods.pop("__init__")), f"{cls.__name__}()"
    runtime = {n for n in vars(cls) if not n.startswith("_")}
    assert set(methods) == runtime, f"{cls.__name__}: stub {sorted(methods)}, module {sorted(runtime)}"
    for name, fn in methods.items():
        member = vars(cls)[name]
        assert member.__doc__, f"{cls.__name__}.{name} has no docstring"
        is_property = any(ast.unparse(d) == "property" for d in fn.decorator_list)
        assert is_property == inspect.isdatadescriptor(member), f"{cls.__name__}.{name}"
        if not is_property:
            assert runtime_parameters(member) == stub_parameters(fn), f"{cls.__name__}.{name}"


@pytest.mark.parametrize("module", [statecraft, NATIVE], ids=["statecraft", "statecraft._native"])
def test_the_stubs_match_the_module(module):
    names = stub_names(stub(module))
    runtime = {n for n in dir(module) if public(n) and not inspect.ismodule(getattr(module, n))}
    if module is statecraft:
        # the package's public names are its __all__; the rest of dir() is imports
        assert set(statecraft.__all__) <= runtime
        imported = {n for n in runtime - set(statecraft.__all__) if getattr(getattr(module, n), "__module__", "").startswith("statecraft")}
        assert not imported, f"public but not in __all__: {imported}"
        runtime = set(statecraft.__all__)
    assert set(names) == runtime, f"stub {sorted(names)}, module {sorted(runtime)}"
    assert module.__doc__
    for name, node in names.items():
        value = getattr(module, name)
        if isinstance(node, ast.FunctionDef):
            assert value.__doc__, f"{name} has no docstring"
            assert runtime_parameters(value) == stub_parameters(node), name
        elif isinstance(node, ast.ClassDef):
            check_class(value, node)


def test_the_stubs_are_not_vacuous():
    # the check above would pass on empty stubs for empty modules: the API is there
    names = stub_names(stub(statecraft))
    assert {"code", "ingest", "Store", "StatecraftError", "StatecraftWarning"} <= set(names)
    assert {"code_jsonl", "ingest", "Store"} <= set(stub_names(stub(NATIVE)))
    assert [p[0] for p in stub_parameters(names["code"])] == ["texts_or_records", "threads", "dictionaries", "progress"]
