"""The build cache: what the last successful ``check`` and ``build`` ran on, kept between runs.

A run records the key of everything it read (see :mod:`inputs`), the warnings it reported
and, for a build, the digest and file state of every file it wrote. The next run with the
same key need not load, validate, render or write anything: it reports the same warnings,
and a build finds every recorded file still on disk as it was written.

The manifest holds digests and counts, never results, so it stays small. It is a cache,
never trusted: a file that is missing, truncated, hand-edited, written by another version
of coursegen or reached through a symbolic link is ignored, and the run starts from
nothing. Failing to save it (a read-only project) costs the next run its speed, nothing else.
"""

from __future__ import annotations

import os
import tempfile
from importlib.metadata import version
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from .errors import Problem
from .facts import ChapterRecord
from .memo import digest
from .paths import CACHE
from .recall import DeckRecord, Made

FORMAT = 2  # raised whenever what a record means changes
MANIFEST = "manifest.json"


# A file a build wrote: its bytes' digest and its state on disk just after (change time in
# ns, size, inode). A plain tuple: a thousand chapters' files load ten times faster than as
# models.
Output = tuple[str, int, int, int]


class Record(BaseModel):
    """One successful run: the key of its inputs and what it reported and wrote."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    key: str
    engine: str
    chapters: int
    warnings: tuple[tuple[str, int, int, str], ...]  # file, line, column, message
    outputs: dict[str, Output] = {}

    def problems(self) -> list[Problem]:
        """The warnings the run reported."""
        return [Problem(*warning, warning=True) for warning in self.warnings]


class Manifest(BaseModel):
    """The last successful run of each command (``check``, ``build``), and what the last
    one found in each chapter and page, made by coursegen as it is in ``tool`` (a digest of
    its files and libraries: in a development install, an edit keeps the version)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    format: int
    coursegen: str
    runs: dict[str, Record]
    tool: str = ""
    chapters: dict[str, ChapterRecord] = {}  # by file, such as content/07-mindset.yml
    pages: dict[str, tuple[str, ...]] = {}  # heading ids, by the digest of a page's inputs
    made: dict[str, Made] = {}  # where a build wrote each output, by the digest of its inputs
    decks: dict[str, DeckRecord] = {}  # each chapter's Anki deck, by its downloads' digest


def _folder(root: Path) -> Path | None:
    """The cache folder, unless it (or ``.cache``) is a link leading out of the project."""
    folder = root / CACHE
    return folder if folder.resolve().is_relative_to(root.resolve()) else None


def load(root: Path, tool: str = "") -> Manifest:
    """The project's manifest, or an empty one when there is none that can be trusted; what
    it found in chapters and pages is dropped unless it was made by the same ``tool``."""
    empty = Manifest(format=FORMAT, coursegen=version("coursegen"), runs={}, tool=tool)
    folder = _folder(root)
    if folder is None or (folder / MANIFEST).is_symlink():
        return empty
    try:
        checksum, _, body = (folder / MANIFEST).read_bytes().partition(b"\n")
        if checksum.decode("ascii") != digest(body):
            return empty  # truncated, or edited by hand
        manifest = Manifest.model_validate_json(body)
    except (OSError, ValueError):  # ValidationError and UnicodeDecodeError are ValueErrors
        return empty
    same_version = (manifest.format, manifest.coursegen) == (empty.format, empty.coursegen)
    if not same_version:
        return empty
    if manifest.tool != tool:
        return manifest.model_copy(update={"tool": tool, "chapters": {}, "pages": {}, "made": {},
                                           "decks": {}})
    return manifest


def save(root: Path, manifest: Manifest) -> None:
    """Replace the project's manifest (atomically); a project that cannot hold it goes
    without."""
    folder = _folder(root)
    if folder is None:
        return
    body = manifest.model_dump_json()
    text = f"{digest(body)}\n{body}"  # the checksum of the line that follows
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if (folder / MANIFEST).is_symlink() or _folder(root) is None:
            return  # made a link meanwhile: nothing is written through it
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f"{MANIFEST}.")
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, folder / MANIFEST)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
