"""Statecraft: reads news about international politics and codes who did what to whom.

The engine is the Rust code of the ``statecraft`` command, compiled into this package; tables
come back as :class:`pyarrow.Table` (``.to_pandas()`` turns one into a DataFrame).

- :func:`code` codes texts or records and returns their events.
- :func:`ingest` reads files and folders into a store (an SQLite file) and returns the summary.
- :class:`Store` opens a store read-only: events, documents, actors, quotes and a pair's series.

Errors are raised as :class:`StatecraftError` with the command line's messages; a record that
cannot be read is skipped with a :class:`StatecraftWarning`. The GIL is
released while Rust works, so Python threads run meanwhile; Ctrl-C stops a long call.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import warnings
from typing import Any, Callable, Dict, Iterable, Mapping, Optional, Sequence, Tuple, Union

import pyarrow as pa
import pyarrow.ipc

from . import _native
from ._native import StatecraftError, StatecraftWarning

__all__ = [
    "code",
    "ingest",
    "Store",
    "StatecraftError",
    "StatecraftWarning",
    "Record",
    "ProgressCallback",
    "PathLike",
    "__version__",
]
__version__: str = _native.__version__

#: A text, or a record with ``text`` and optionally ``id``, ``date``, ``title``, ``url``, ``outlet``.
Record = Union[str, Mapping[str, Any]]
#: A progress callback: called with a dict of running counts a few times a second.
ProgressCallback = Callable[[Dict[str, int]], Any]
PathLike = Union[str, "os.PathLike[str]"]

_RECORD_FIELDS = ("id", "text", "date", "title", "url", "outlet")


def _table(ipc: bytes) -> pa.Table:
    return pa.ipc.open_stream(ipc).read_all()


def _iso(value: Any) -> Any:
    """A date or datetime as ``YYYY-MM-DD``; anything else unchanged."""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def _missing(value: Any) -> bool:
    """None, or a float or date that is not a number (NaN, pandas' NaT): a missing field, as in
    the records of ``DataFrame.to_dict("records")``."""
    if value is None:
        return True
    return isinstance(value, (float, _dt.date)) and value != value


def _json_line(record: Any) -> Tuple[str, Optional[str]]:
    """The record as a JSON line for the reader, and why it is not a record when it is not.

    Something other than a string or a dict becomes ``null``, a line the reader skips like any
    unreadable one, so that the record numbers stay those of the input.
    """
    if isinstance(record, str):
        return json.dumps({"text": record}, ensure_ascii=False), None
    if isinstance(record, Mapping):
        fields = {k: _iso(record[k]) for k in _RECORD_FIELDS if not _missing(record.get(k))}
        return json.dumps(fields, ensure_ascii=False, default=str), None
    return "null", (
        f"a {type(record).__name__}, not a string or a dict with 'text' "
        "(and optionally 'id', 'date', 'title', 'url', 'outlet')"
    )


def _paths(paths: Union[PathLike, Iterable[PathLike]]) -> list:
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    return [os.fspath(p) for p in paths]


def code(
    texts_or_records: Union[Record, Iterable[Record]],
    *,
    threads: Optional[int] = None,
    dictionaries: Union[PathLike, Sequence[PathLike]] = (),
    progress: Optional[ProgressCallback] = None,
) -> pa.Table:
    """Code texts or records and return their events, in input order.

    ``texts_or_records`` holds strings (one article each) or dicts with ``text`` and optionally
    ``id``, ``date`` (``YYYY-MM-DD``, RFC 3339, or a :class:`datetime.date`), ``title``, ``url``
    and ``outlet``; a record without ``id`` gets the content-hash id the command line gives it.
    The events are those ``statecraft code`` prints for the same records, with the columns of
    ``statecraft export events --format parquet`` (one row per event; the README lists them).

    A record that cannot be read (no ``text``, a bad date, not a string or a dict) is skipped
    and the run goes on, as with the command line: each one is reported by a
    :class:`StatecraftWarning` such as ``record 3: unparsable date "someday" (expected
    YYYY-MM-DD or RFC 3339), skipped``. Catch them with :func:`warnings.catch_warnings`, or make
    them errors with ``warnings.simplefilter("error", statecraft.StatecraftWarning)``.

    ``threads``: analysis threads (default: all cores). ``dictionaries``: extra dictionary files,
    as ``--dictionary``. ``progress``: called with ``{"documents", "total", "events",
    "skipped"}`` a few times a second and at the end; an exception it raises stops the call and
    is re-raised.

    Raises :class:`StatecraftError` when a dictionary cannot be loaded or ``threads`` is 0.
    """
    if isinstance(texts_or_records, (str, Mapping)):
        texts_or_records = [texts_or_records]
    lines = []
    not_records: Dict[int, str] = {}
    for number, record in enumerate(texts_or_records, start=1):
        line, reason = _json_line(record)
        try:
            lines.append(line.encode("utf-8"))
        except UnicodeEncodeError:
            lines.append(b"null")
            reason = "a character that is not Unicode text (a lone surrogate, as left by a broken decoding)"
        if reason is not None:
            not_records[number] = reason
    data = b"\n".join(lines)
    ipc, skipped = _native.code_jsonl(data, len(lines), threads, _paths(dictionaries), progress)
    for number, reason in skipped:
        reason = not_records.get(number, reason)
        warnings.warn(f"record {number}: {reason}, skipped", StatecraftWarning, stacklevel=2)
    return _table(ipc)


def ingest(
    paths: Union[PathLike, Iterable[PathLike]],
    db: PathLike = "statecraft.db",
    *,
    threads: Optional[int] = None,
    batch: int = 64,
    dictionaries: Union[PathLike, Sequence[PathLike]] = (),
    progress: Optional[ProgressCallback] = None,
) -> Dict[str, Any]:
    """Read files and folders into the store at ``db`` and code them, as ``statecraft ingest``.

    Reads ``.txt``, ``.jsonl`` (``.gz``), ``.html`` and ``.warc`` files; folders recursively.
    Documents already in the store are not analysed again. Returns the summary as a dict:
    ``read``, ``added``, ``already``, ``skipped``, ``reasons`` (reason -> count), ``sentences``,
    ``events``, ``seconds``, ``db`` and ``summary`` (the line the command prints).

    ``progress`` is called with ``{"documents", "events", "skipped"}`` a few times a second and
    at the end; an exception it raises stops the ingest (documents stored so far stay).
    Raises :class:`StatecraftError` when the store cannot be opened or no document was read.
    """
    return _native.ingest(_paths(paths), os.fspath(db), threads, batch, _paths(dictionaries), progress)


class Store:
    """A Statecraft store (the SQLite file ``ingest`` writes), opened read-only.

    Every method returns a :class:`pyarrow.Table`. Dates are ``YYYY-MM-DD`` strings or
    :class:`datetime.date`; a malformed one raises :class:`StatecraftError`.
    """

    def __init__(self, path: PathLike) -> None:
        self._native = _native.Store(os.fspath(path))

    @property
    def path(self) -> str:
        """The database file."""
        return self._native.path

    def __repr__(self) -> str:
        return f"statecraft.Store({self.path!r})"

    def events(
        self,
        actor: Optional[str] = None,
        since: Optional[Union[str, _dt.date]] = None,
        until: Optional[Union[str, _dt.date]] = None,
        event: Optional[str] = None,
        doc: Optional[str] = None,
    ) -> pa.Table:
        """Stored events, in the order they were stored, with the columns of :func:`code`.

        ``actor`` matches the source or target code, organisation or name (``"RUS"``,
        ``"NATO"``); ``since``/``until`` bound the event date (inclusive); ``event`` is a PLOVER
        category (``"THREATEN"``) or a CAMEO code prefix (``"13"``); ``doc`` one document id.
        """
        return _table(self._native.events(actor, _iso(since), _iso(until), event, doc))

    def documents(
        self, since: Optional[Union[str, _dt.date]] = None, until: Optional[Union[str, _dt.date]] = None
    ) -> pa.Table:
        """Stored documents (cleaned text, status, story group), in the order they were stored."""
        return _table(self._native.documents(_iso(since), _iso(until)))

    def actors(self) -> pa.Table:
        """Every actor identity seen, with its mentions and events as source and as target."""
        return _table(self._native.actors())

    def quotes(
        self,
        speaker: Optional[str] = None,
        since: Optional[Union[str, _dt.date]] = None,
        until: Optional[Union[str, _dt.date]] = None,
    ) -> pa.Table:
        """Quotations with their speakers; ``speaker`` matches the speaker's code or name."""
        return _table(self._native.quotes(speaker, _iso(since), _iso(until)))

    def dyad(
        self,
        a: str,
        b: str,
        interval: str = "week",
        *,
        since: Optional[Union[str, _dt.date]] = None,
        until: Optional[Union[str, _dt.date]] = None,
        directed: bool = False,
    ) -> pa.Table:
        """The relation of two actors over time: one row per ``day``, ``week`` or ``month``.

        As the dashboard's timeline and ``statecraft report``: events between ``a`` and ``b``
        (either direction unless ``directed``), each story counted once, asserted, threatened
        and proposed events only. Columns: ``period`` (first day), ``events``, ``mentions``,
        ``stories``, the four quad-class counts, ``goldstein_total``, ``goldstein_mean`` and one
        count per PLOVER category (``assault``, ``consult``, ...).
        """
        return _table(self._native.dyad(a, b, interval, _iso(since), _iso(until), directed))
