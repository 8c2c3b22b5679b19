"""Type stubs of the package ``statecraft``: every public function and class, as type checkers
and editors see them. tests/test_statecraft.py checks that they match the module at run time."""

import datetime
import os
from typing import Any, Callable, Dict, Iterable, Mapping, Optional, Sequence, Union

import pyarrow as pa

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

__version__: str

Record = Union[str, Mapping[str, Any]]
"""A text, or a record with ``text`` and optionally ``id``, ``date``, ``title``, ``url``, ``outlet``."""
ProgressCallback = Callable[[Dict[str, int]], Any]
"""A progress callback: called with a dict of running counts a few times a second."""
PathLike = Union[str, "os.PathLike[str]"]
"""A file or folder name."""

_Date = Union[str, datetime.date]

class StatecraftError(Exception):
    """An error reported by Statecraft (the message is the command line's)."""

class StatecraftWarning(UserWarning):
    """A record that could not be read and was skipped; the message says which record and why."""

def code(
    texts_or_records: Union[Record, Iterable[Record]],
    *,
    threads: Optional[int] = None,
    dictionaries: Union[PathLike, Sequence[PathLike]] = (),
    progress: Optional[ProgressCallback] = None,
) -> pa.Table:
    """Code texts or records and return their events (the columns of the Parquet export), in
    input order; unreadable records are skipped with a :class:`StatecraftWarning`."""

def ingest(
    paths: Union[PathLike, Iterable[PathLike]],
    db: PathLike = "statecraft.db",
    *,
    threads: Optional[int] = None,
    batch: int = 64,
    dictionaries: Union[PathLike, Sequence[PathLike]] = (),
    progress: Optional[ProgressCallback] = None,
) -> Dict[str, Any]:
    """Read files and folders into the store at ``db``, as ``statecraft ingest``; the summary as a dict."""

class Store:
    """A Statecraft store opened read-only; every method returns a :class:`pyarrow.Table`."""

    def __init__(self, path: PathLike) -> None: ...
    @property
    def path(self) -> str:
        """The database file."""
    def events(
        self,
        actor: Optional[str] = None,
        since: Optional[_Date] = None,
        until: Optional[_Date] = None,
        event: Optional[str] = None,
        doc: Optional[str] = None,
    ) -> pa.Table:
        """Stored events with the columns of :func:`code`, filtered by actor, dates, event and document."""
    def documents(self, since: Optional[_Date] = None, until: Optional[_Date] = None) -> pa.Table:
        """Stored documents (cleaned text, status, story group)."""
    def actors(self) -> pa.Table:
        """Every actor identity seen, with its mentions and events as source and as target."""
    def quotes(
        self,
        speaker: Optional[str] = None,
        since: Optional[_Date] = None,
        until: Optional[_Date] = None,
    ) -> pa.Table:
        """Quotations with their speakers."""
    def dyad(
        self,
        a: str,
        b: str,
        interval: str = "week",
        *,
        since: Optional[_Date] = None,
        until: Optional[_Date] = None,
        directed: bool = False,
    ) -> pa.Table:
        """The relation of two actors over time: one row per day, week or month."""
