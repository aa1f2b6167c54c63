"""Outputs a build in an earlier process made, found again in the files it wrote.

A page, a chapter's part of the whole-course page or a download is kept in the build cache
as where it was written (a file, and where in it) and the digest of what was written, under
the :func:`memo.stable_digest` of what it was made from. A build over the cache takes an
output whose inputs are unchanged from that place instead of making it again, once the
digest of what it finds there is the recorded one; anything else (a file edited, removed or
never written) is made again. The cache holds places and digests, never the outputs.

A file whose state on disk is the one the last build recorded (see :func:`inputs.in_place`)
still holds what it wrote: what is recorded in it is taken as it is, without reading it, and
an output that is the whole file is left where it is (:class:`write.InPlace`).
"""

from __future__ import annotations

import os
import posixpath
import stat
from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from .memo import digest, stable_digest
from .write import InPlace, output_state

if TYPE_CHECKING:
    from .manifest import Output
    from .write import FileState

# Where an output was written: a file under the project, the character offsets where the
# output starts and ends in it (an end of -1: the file's end), and the digest of the output.
Made = tuple[str, int, int, str]

# A deck as the build cache keeps it, to make the course deck again without the chapter: its
# id and name, its note type's name and fields, each note's fields, guid and tags, and the
# names of the media files its cards show.
DeckRecord = tuple[int, str, tuple[str, ...], tuple[tuple[tuple[str, ...], str, tuple[str, ...]],
                                                    ...], tuple[str, ...]]


def _ours(path: str) -> bool:
    """Whether ``path`` is where a build writes: only under docs/, never out of the project."""
    return path.startswith("docs/") and posixpath.normpath(path) == path


class Recall:
    """The outputs a build made before (``known``, by key digest) and those of this build
    (:attr:`made`), for the build cache to keep; with the chapters' Anki decks, which the
    course deck is made of (``known_decks``, :attr:`decks`)."""

    def __init__(self, root: Path, known: Mapping[str, Made],
                 known_decks: Mapping[str, DeckRecord], written: Mapping[str, Output]):
        self.root = root
        self.known = known
        self.known_decks = known_decks
        self.written = written  # the files the last build wrote (see manifest.Record)
        self._places: dict[str, InPlace | None] = {}
        self.made: dict[str, Made] = {}
        self.decks: dict[str, DeckRecord] = {}
        self._names: dict[Hashable, str] = {}
        self._files: dict[str, tuple[bytes, FileState] | None] = {}
        self._texts: dict[str, str | None] = {}
        self._found: dict[str, tuple[str | bytes, str]] = {}  # by name: output, its digest
        self.kept: dict[str, FileState] = {}  # whole files found as they were written

    def _name(self, key: Hashable) -> str:
        if key not in self._names:
            self._names[key] = stable_digest(key)
        return self._names[key]

    def _as_written(self, path: str) -> InPlace | None:
        """The file at ``path`` if it is as the last build wrote it, by its state."""
        if not _ours(path):
            return None
        if path not in self._places:
            self._places[path] = None
            recorded = self.written.get(path)
            try:
                found = os.lstat(os.path.join(self.root, path))
            except OSError:
                return None
            if recorded and stat.S_ISREG(found.st_mode) and output_state(found) == recorded[1:]:
                self._places[path] = InPlace(self.root, path, recorded[0], recorded[1:])
        return self._places[path]

    def _file(self, path: str) -> tuple[bytes, FileState] | None:
        if path not in self._files:
            target = os.path.join(self.root, path)
            self._files[path] = None
            if not _ours(path):
                return None
            try:
                found = os.lstat(target)
                if stat.S_ISREG(found.st_mode):  # a link is never read through
                    with open(target, "rb") as file:
                        data = file.read()
                    state = (found.st_mtime_ns, found.st_size, found.st_ino)
                    self._files[path] = (data, (data, state))
            except OSError:
                pass
        return self._files[path]

    def _text(self, path: str) -> str | None:
        if path not in self._texts:
            found = self._file(path)
            try:
                self._texts[path] = None if found is None else found[0].decode("utf-8")
            except UnicodeDecodeError:
                self._texts[path] = None
        return self._texts[path]

    def text(self, key: Hashable, at: str | None) -> str | InPlace | None:
        """The text made from ``key`` before, if it is still where it was written; the file
        it is, if that is the file to write (``at``; ``None`` for a part of a page) and as
        the last build wrote it."""
        name = self._name(key)
        where = self.known.get(name)
        if where is None:
            return None
        path, start, end, wanted = where
        place = self._as_written(path)
        if place and start == 0 and end < 0:
            if place.digest != wanted:
                return None
            if path == at:
                return place
        whole = self._text(path)
        if whole is None:
            return None
        found = whole[start:] if end < 0 else whole[start:end]
        # A file as the last build wrote it holds what that build recorded in it.
        if place is None and digest(found) != wanted:
            return None
        self._found[name] = (found, wanted)
        if start == 0 and end < 0:
            self._keep(path)
        return found

    def data(self, key: Hashable, at: str) -> bytes | InPlace | None:
        """The bytes of the file made from ``key`` before, if it still holds them; the file,
        if that is the file to write (``at``) and as the last build wrote it."""
        name = self._name(key)
        where = self.known.get(name)
        place = self._as_written(where[0]) if where else None
        if where and place and where[0] == at:
            return place if place.digest == where[3] else None
        found = self._file(where[0]) if where else None
        if where is None or found is None or digest(found[0]) != where[3]:
            return None
        self._found[name] = (found[0], where[3])
        self._keep(where[0])
        return found[0]

    def _keep(self, path: str) -> None:
        found = self._file(path)
        if found:
            self.kept[path] = found[1]

    def record(self, key: Hashable, path: str, value: str | bytes | InPlace, start: int = 0,
               whole: bool = True) -> None:
        """Note that ``value``, made from ``key``, is written to ``path`` (at ``start``, or
        as the whole file)."""
        name = self._name(key)
        found = self._found.get(name)
        if isinstance(value, InPlace):
            self.made[name] = (path, 0, -1, value.digest)
            return
        self.made[name] = (path, start, -1 if whole else start + len(value),
                           found[1] if found and found[0] is value else digest(value))

    def deck(self, key: Hashable) -> DeckRecord | None:
        """The deck made from ``key`` before."""
        return self.known_decks.get(self._name(key))

    def keep_deck(self, key: Hashable, deck: DeckRecord) -> None:
        """Note the deck made from ``key``."""
        self.decks[self._name(key)] = deck
