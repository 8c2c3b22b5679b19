#!/usr/bin/env python3
"""Check the events corpus (data/events-corpus/*.jsonl) against its protocol.

usage:
  scripts/check-corpus.py [FILE.jsonl ...]          check records (default: every corpus file)
  scripts/check-corpus.py --stats [FILE ...]        also print counts by category, register, topic, negative
  scripts/check-corpus.py --overlap SHARED_DIR      also check that no corpus text shares an 8-word
                                                    run, or most of its content words, with one
                                                    sentence of an evaluation set under SHARED_DIR
                                                    (PLOVER gold, seeds, PETRARCH records, real news,
                                                    extraction pages)

Exit status 1 when a record breaks the protocol (each problem is printed with file:line) or
when an overlap is found.
"""
import glob
import gzip
import json
import os
import re
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REGISTERS = {"wire", "headline", "editorial", "analysis", "liveblog", "transcript", "press-release", "feature", "brief", "broadcast"}
REGIONS = {"Africa", "Middle East", "Europe", "Former USSR", "South Asia", "East Asia", "Southeast Asia", "Oceania", "North America", "Latin America", "Global"}
TOPICS = {"politics", "sports", "business", "entertainment", "science", "health", "technology", "weather", "crime", "culture", "lifestyle", "history"}
NEGATIVES = {"sports", "business", "entertainment", "science", "health", "technology", "weather", "metaphor", "commentary", "not-happened", "name-word", "background", "procedural"}
SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "OPP", "PTY", "REB", "CVL", "BUS", "MED", "EDU", "NGO", "REF", "ELI", "SPY", "LAB"}
POLARITIES = {"asserted", "negated", "hypothetical", "threatened", "proposed"}
CATEGORIES = {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "ACCUSE", "REQUEST", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT"}
EXTRA_STATES = {"XKX", "PSE", "TWN", "VAT"}


def load_tables():
    cameo = {}
    for line in open(os.path.join(ROOT, "dictionaries/cameo.txt"), encoding="utf-8"):
        if line.startswith("#") or "|" not in line:
            continue
        cols = [c.strip() for c in line.split("|")]
        cameo[cols[0]] = cols[1]
    states = set(EXTRA_STATES)
    for line in open(os.path.join(ROOT, "dictionaries/countries.txt"), encoding="utf-8"):
        m = re.match(r"@country\s+([A-Z]{3})\b", line)
        if m:
            states.add(m.group(1))
    return cameo, states


def check_code(code, states):
    if code == "":
        return None
    parts = code.split()
    if parts[0] in ("IGO", "NGO"):
        if len(parts) != 2 or not re.fullmatch(r"[A-Z0-9+]{2,12}", parts[1]):
            return f"organisation code {code!r} must be 'IGO NAME' or 'NGO NAME'"
        return None
    if parts[0] not in states:
        return f"state code {parts[0]!r} is not an ISO 3166-1 alpha-3 code in dictionaries/countries.txt"
    if len(parts) > 2 or (len(parts) == 2 and parts[1] not in SECTORS):
        return f"sector in {code!r} must be one of {' '.join(sorted(SECTORS))}"
    return None


def check_record(r, cameo, states):
    errs = []
    for k in ("id", "text", "register", "region", "era", "topic", "negative", "events"):
        if k not in r:
            errs.append(f"missing field {k!r}")
    if errs:
        return errs
    text = r["text"]
    if not isinstance(text, str) or len(text.split()) < 3:
        errs.append("text must be a sentence or passage")
    if r["register"] not in REGISTERS:
        errs.append(f"register {r['register']!r} not in {sorted(REGISTERS)}")
    if r["region"] not in REGIONS:
        errs.append(f"region {r['region']!r} not in {sorted(REGIONS)}")
    if not re.fullmatch(r"(19[789]0|20[012]0)s", str(r["era"])):
        errs.append(f"era {r['era']!r} must be 1970s..2020s")
    if r.get("date") is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(r["date"])):
        errs.append(f"date {r['date']!r} must be YYYY-MM-DD")
    if r["topic"] not in TOPICS:
        errs.append(f"topic {r['topic']!r} not in {sorted(TOPICS)}")
    if r["negative"] is not None and r["negative"] not in NEGATIVES:
        errs.append(f"negative {r['negative']!r} not in {sorted(NEGATIVES)}")
    if r["negative"] is not None and r["events"]:
        errs.append("a record marked negative has no events")
    if not isinstance(r["events"], list):
        return errs + ["events must be a list"]
    for i, e in enumerate(r["events"]):
        where = f"event {i}"
        for k in ("source", "source_code", "target", "target_code", "trigger", "category", "cameo", "polarity"):
            if k not in e:
                errs.append(f"{where}: missing {k!r}")
        if any(k not in e for k in ("source", "target", "trigger", "category", "cameo", "polarity", "source_code", "target_code")):
            continue
        for k in ("source", "target", "trigger"):
            if e[k] and e[k] not in text:
                errs.append(f"{where}: {k} {e[k]!r} is not in the text")
        if not e["trigger"]:
            errs.append(f"{where}: trigger is empty")
        if (e["source"] == "") != (e["source_code"] == ""):
            errs.append(f"{where}: source and source_code are both empty or both set")
        if (e["target"] == "") != (e["target_code"] == ""):
            errs.append(f"{where}: target and target_code are both empty or both set")
        for k in ("source_code", "target_code"):
            msg = check_code(e[k], states)
            if msg:
                errs.append(f"{where}: {msg}")
        if e["category"] not in CATEGORIES:
            errs.append(f"{where}: category {e['category']!r} is not a PLOVER 2021 category")
        c = str(e["cameo"])
        if c not in cameo:
            errs.append(f"{where}: CAMEO code {c!r} is not in dictionaries/cameo.txt")
        elif cameo[c] != e["category"]:
            errs.append(f"{where}: CAMEO {c} is {cameo[c]} in dictionaries/cameo.txt, not {e['category']}")
        if e["polarity"] not in POLARITIES:
            errs.append(f"{where}: polarity {e['polarity']!r} not in {sorted(POLARITIES)}")
        if e["polarity"] == "threatened" and e["category"] != "THREATEN":
            errs.append(f"{where}: a threatened act is coded THREATEN (13x)")
        if e["polarity"] == "proposed" and e["category"] not in ("AGREE", "REQUEST"):
            errs.append(f"{where}: a proposed act is coded AGREE (03x)")
        if e["source_code"] == "" and e["category"] != "ASSAULT":
            errs.append(f"{where}: only violence by an unknown hand has an empty source")
    return errs


def words(s):
    return re.findall(r"[a-z0-9]+", s.lower())


def shingles(s, n=8):
    w = words(s)
    return {" ".join(w[i:i + n]) for i in range(len(w) - n + 1)}


def eval_texts(shared):
    """Every text of the evaluation sets under SHARED_DIR."""
    d = os.path.join(shared, "data")
    for line in open(os.path.join(d, "plover/gsr-dev.jsonl"), encoding="utf-8"):
        if line.strip():
            yield "plover", json.loads(line).get("text", "")
    for p in sorted(glob.glob(os.path.join(shared, "seeds/*"))):
        yield "seeds", open(p, encoding="utf-8", errors="replace").read()
    for p in sorted(glob.glob(os.path.join(d, "petrarch2/unit-tests/*.xml"))):
        for m in re.finditer(r"<Text>(.*?)</Text>", open(p, encoding="utf-8", errors="replace").read(), re.S):
            yield "petrarch", m.group(1)
    for name in ("articles.jsonl", "gold.jsonl", "quotes-gold.jsonl"):
        for line in open(os.path.join(d, "realnews-gold", name), encoding="utf-8"):
            if line.strip():
                r = json.loads(line)
                yield "realnews", r.get("text") or r.get("sentence_text") or r.get("quote_text") or ""
    gt = json.load(open(os.path.join(d, "extraction-benchmark/ground-truth.json"), encoding="utf-8"))
    for v in (gt.values() if isinstance(gt, dict) else gt):
        body = v.get("articleBody") or v.get("text") or "" if isinstance(v, dict) else str(v)
        yield "extraction", body
    for p in sorted(glob.glob(os.path.join(d, "extraction-benchmark/html/*.html.gz"))):
        html = gzip.open(p, "rt", encoding="utf-8", errors="replace").read()
        yield "extraction", re.sub(r"<[^>]+>", " ", html)


PARAPHRASE_SHARE = 0.5
FUNCTION_WORDS = set("""the a an and or but of to in on at by for from with as is are was were be been being has have had
that this these those it its he she they them his her their we our you your i not no will would could should can may might
said says say also after before over under into about than then there which who whom whose what when where while more most
one two three new last first""".split())


def content_words(text):
    return {w for w in re.findall(r"[a-z][a-z'-]+", text.lower()) if len(w) > 2 and w not in FUNCTION_WORDS}


def paraphrases(records, texts):
    """Records whose content words are mostly those of one evaluation sentence (Jaccard of the two
    sets at least PARAPHRASE_SHARE): a paraphrase keeps the names and nouns while it changes the
    order and the function words. Words in more than 400 evaluation sentences only count once
    a candidate is found through rarer ones."""
    sentences, postings = [], {}
    for name, t in texts:
        for s in re.split(r"(?<=[.!?])\s+|\n+", t):
            words = content_words(s)
            if len(words) < 4:
                continue
            k = len(sentences)
            sentences.append((name, s, words))
            for w in words:
                postings.setdefault(w, []).append(k)
    common = {w for w, ks in postings.items() if len(ks) > 400}
    found = []
    for r in records:
        words = content_words(r["text"])
        if len(words) < 4:
            continue
        shared = Counter(k for w in words - common for k in postings.get(w, ()))
        best = None
        for k, _ in shared.most_common(30):
            name, s, other = sentences[k]
            score = len(words & other) / len(words | other)
            if score >= PARAPHRASE_SHARE and (best is None or score > best[3]):
                best = (r["id"], name, s, score)
        if best:
            found.append(best)
    return found


def main():
    args = sys.argv[1:]
    stats = "--stats" in args
    shared = None
    if "--overlap" in args:
        i = args.index("--overlap")
        shared = args[i + 1]
        del args[i:i + 2]
    files = [a for a in args if not a.startswith("--")] or sorted(glob.glob(os.path.join(ROOT, "data/events-corpus/*.jsonl")))
    cameo, states = load_tables()
    bad = 0
    ids = set()
    records = []
    for f in files:
        for n, line in enumerate(open(f, encoding="utf-8"), 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError as e:
                print(f"{f}:{n}: not JSON: {e}")
                bad += 1
                continue
            errs = check_record(r, cameo, states)
            if r.get("id") in ids:
                errs.append(f"id {r.get('id')!r} is used twice")
            ids.add(r.get("id"))
            for e in errs:
                print(f"{f}:{n}: {r.get('id')}: {e}")
            bad += bool(errs)
            records.append(r)
    n = len(records)
    neg = sum(1 for r in records if r.get("negative"))
    no_event = sum(1 for r in records if not r.get("events"))
    n_events = sum(len(r.get("events") or []) for r in records)
    print(f"corpus: records={n} events={n_events} without_event={no_event} hard_negatives={neg} ({neg / max(1, n):.1%}) bad={bad}")
    if stats:
        for key in ("register", "region", "era", "topic", "negative"):
            c = Counter(str(r.get(key)) for r in records)
            print(f"{key}: " + ", ".join(f"{k} {v}" for k, v in c.most_common()))
        c = Counter(e["category"] for r in records for e in r.get("events") or [])
        print("category: " + ", ".join(f"{k} {v}" for k, v in c.most_common()))
        c = Counter(e["polarity"] for r in records for e in r.get("events") or [])
        print("polarity: " + ", ".join(f"{k} {v}" for k, v in c.most_common()))
    overlaps = 0
    if shared:
        index = {}
        for name, t in eval_texts(shared):
            for s in shingles(t):
                index.setdefault(s, name)
        for r in records:
            hit = next((s for s in shingles(r["text"]) if s in index), None)
            if hit:
                overlaps += 1
                print(f"overlap: {r['id']} shares {hit!r} with {index[hit]}")
        print(f"overlap: {overlaps} records share an 8-word run with an evaluation set")
        close = paraphrases(records, eval_texts(shared))
        for rid, name, sentence, score in close:
            print(f"paraphrase: {rid} has content words {score:.0%} alike (Jaccard) with {name}: {sentence[:120]!r}")
        print(f"paraphrase: {len(close)} records have content words {PARAPHRASE_SHARE:.0%} or more alike (Jaccard) with one evaluation sentence")
        overlaps += len(close)
    sys.exit(1 if bad or overlaps else 0)


if __name__ == "__main__":
    main()
