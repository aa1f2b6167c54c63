"""Incremental regeneration: results of pure steps, kept under the inputs they came from.

``coursegen serve`` keeps one :class:`Memo` while it runs. A save re-reads every content
file, but only a chapter whose bytes changed is parsed, validated, rendered and exported
again; a page of another chapter is rendered again only when something it shows from
elsewhere changed (a prerequisite's title, a tooltip's definition, a template). Keys hold
those inputs themselves (or a digest of them), so a result can never be stale.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

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

    @property
    def first_run(self) -> bool:
        """Whether no run has succeeded yet: there is nothing to offer."""
        return not self._previous

    def offer(self, results: dict[Hashable, Any]) -> None:
        """Results made elsewhere, offered to the run under way as if an earlier run had
        kept them (those it does not ask for are dropped at its end)."""
        self._previous.update(results)

    def results(self, *kinds: str) -> dict[Hashable, Any]:
        """What the last successful run kept under keys of these ``kinds`` (their first
        item, such as ``"page"``)."""
        return {key: value for key, value in self._previous.items()
                if isinstance(key, tuple) and key and key[0] in kinds}

    def __contains__(self, key: Hashable) -> bool:
        return key in self._current or key in self._previous

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The result stored under ``key``, computed by ``compute`` when there is none."""
        if key not in self._current:
            self._current[key] = (self._previous[key] if key in self._previous
                                  else compute())
        result: T = self._current[key]
        return result


class Lazy:
    """A value handed to a template but worked out only if the template is rendered: its
    ``memo_key`` says what it is made of (see :func:`fingerprint`), so a page whose inputs
    are unchanged never needs it (nor the chapter it comes from loaded)."""

    def __init__(self, memo_key: Hashable, make: Callable[..., Any]):
        self.memo_key = memo_key
        self.make = make


def stable_digest(key: Hashable) -> str:
    """A digest of a memo key that is the same in every process, for the build cache to keep.

    A key holds only text, numbers, bytes, ``None`` and tuples of them (see
    :func:`fingerprint`), so ``repr`` writes every part of it, the same in every process.
    """
    return digest(repr(key))


def digest(*parts: str | bytes) -> str:
    """A fixed-length digest of ``parts`` (a key for inputs too large to keep)."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "big"))  # so ("ab", "c") differs from ("a", "bc")
        hashed.update(data)
    return hashed.hexdigest()


_PLAIN = (str, int, float, bool, bytes, type(None))


def fingerprint(value: Any) -> Hashable:
    """A key made of ``value`` itself, part by part: what a template is handed becomes the
    key of what it renders, so no input can be left out of the key.

    Models are keyed by a digest of their data, other objects by their ``memo_key`` (made a
    key the same way); any other kind of value raises ``TypeError``, so a new kind of input
    must say what it is. A key holds nothing but text, numbers, bytes, ``None`` and tuples.
    """
    if isinstance(value, _PLAIN):
        return value
    # Plain items are taken as they are, not through a call each: keys hold thousands.
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, *[item if isinstance(item, _PLAIN) else fingerprint(item)
                                        for item in value])
    if isinstance(value, dict):
        return ("dict", *[(key if isinstance(key, _PLAIN) else fingerprint(key),
                           item if isinstance(item, _PLAIN) else fingerprint(item))
                          for key, item in value.items()])
    if isinstance(value, BaseModel):
        return (type(value).__name__, _model_digest(value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *(fingerprint(getattr(value, field.name))
                                        for field in dataclasses.fields(value)))
    key = getattr(value, "memo_key", None)
    if key is None:
        raise TypeError(f"no memo key for a {type(value).__name__}: give it a memo_key")
    return (type(value).__name__, fingerprint(key))


def _model_digest(model: BaseModel) -> str:
    # A model is immutable: its digest is worked out once (a chapter is rendered three times).
    found: str | None = model.__dict__.get("_memo_digest")
    if found is None:
        found = digest(model.model_dump_json())
        model.__dict__["_memo_digest"] = found
    return found


def folder_digest(folder: Path, pattern: str) -> str:
    """A digest of the names and bytes of the files matching ``pattern`` under ``folder``."""
    files = sorted(p for p in folder.glob(pattern) if p.is_file()) if folder.is_dir() else []
    return digest(*(part for p in files
                    for part in (p.relative_to(folder).as_posix(), p.read_bytes())))
