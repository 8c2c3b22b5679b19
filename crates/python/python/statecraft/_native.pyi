"""Type stubs of the compiled module ``statecraft._native`` (use the ``statecraft`` package)."""

from typing import Any, Callable, Dict, List, Optional, Tuple

__version__: str

class StatecraftError(Exception):
    """An error reported by Statecraft (the message is the command line's)."""

class StatecraftWarning(UserWarning):
    """A record that could not be read and was skipped; the message says which record and why."""

def code_jsonl(
    jsonl: bytes,
    total: int,
    threads: Optional[int] = None,
    dictionaries: List[str] = ...,
    progress: Optional[Callable[[Dict[str, int]], Any]] = None,
) -> Tuple[bytes, List[Tuple[int, str]]]:
    """Code JSON-lines records; the events as Arrow IPC stream bytes, and the records skipped
    as (record number from 1, reason)."""

def ingest(
    paths: List[str],
    db: str,
    threads: Optional[int] = None,
    batch: int = 64,
    dictionaries: List[str] = ...,
    progress: Optional[Callable[[Dict[str, int]], Any]] = None,
) -> Dict[str, Any]:
    """Read files and folders into the store; the summary of ``statecraft ingest``."""

class Store:
    """A store opened read-only; every table as Arrow IPC stream bytes."""

    def __init__(self, path: str) -> None: ...
    @property
    def path(self) -> str: ...
    def events(
        self,
        actor: Optional[str] = None,
        since: Optional[str] = None,
        until: Optional[str] = None,
        event: Optional[str] = None,
        doc: Optional[str] = None,
    ) -> bytes: ...
    def documents(self, since: Optional[str] = None, until: Optional[str] = None) -> bytes: ...
    def actors(self) -> bytes: ...
    def quotes(self, speaker: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None) -> bytes: ...
    def dyad(
        self,
        a: str,
        b: str,
        interval: str = "week",
        since: Optional[str] = None,
        until: Optional[str] = None,
        directed: bool = False,
    ) -> bytes: ...
