"""Incremental regeneration: results of pure steps, kept under the inputs they came from.

``coursegen serve`` keeps one :class:`Memo` while it runs. A save re-reads every content
file, but only a chapter whose bytes changed is parsed, validated, rendered and exported
again; a page of another chapter is rendered again only when something it shows from
elsewhere changed (a prerequisite's title, a tooltip's definition, a template). Keys hold
those inputs themselves (or a digest of them), so a result can never be stale.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class Memo:
    """Results of the last successful run, offered to the next one.

    A run keeps only what it asks for, so the memo holds one course's worth of results;
    a run that fails (bad input) keeps nothing and leaves the last good run's results.
    """

    def __init__(self) -> None:
        self._previous: dict[Hashable, Any] = {}
        self._current: dict[Hashable, Any] = {}

    @contextmanager
    def run(self) -> Iterator[None]:
        """One regeneration; its results are offered to the next run only if it succeeds."""
        self._current = {}
        yield
        self._previous, self._current = self._current, {}

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The result stored under ``key``, computed by ``compute`` when there is none."""
        if key not in self._current:
            self._current[key] = (self._previous[key] if key in self._previous
                                  else compute())
        result: T = self._current[key]
        return result


def digest(*parts: str | bytes) -> str:
    """A fixed-length digest of ``parts`` (a key for inputs too large to keep)."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "big"))  # so ("ab", "c") differs from ("a", "bc")
        hashed.update(data)
    return hashed.hexdigest()


def folder_digest(folder: Path, pattern: str) -> str:
    """A digest of the names and bytes of the files matching ``pattern`` under ``folder``."""
    files = sorted(p for p in folder.glob(pattern) if p.is_file()) if folder.is_dir() else []
    return digest(*(part for p in files
                    for part in (p.relative_to(folder).as_posix(), p.read_bytes())))
