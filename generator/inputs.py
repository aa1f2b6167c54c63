"""What a run of ``check`` or ``build`` reads, as one key, and whether what a build wrote is
still in place: the two facts the build cache (:mod:`manifest`) is trusted with.

The key covers every byte a run's outputs can depend on: ``content/`` (chapters, course
file, media), ``overrides/``, ``mkdocs.yml``, the hand-written files under ``docs/`` (links
may point at them; the navigation lists their pages), the options of the run, and
coursegen itself (its code, templates and translations) with the libraries that shape its
output. A symbolic link is keyed by where it points, and by its file's bytes only when that
file is inside the project; a project with a linked folder among its inputs is not cached.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from collections.abc import Collection
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from .manifest import Output
from .memo import digest
from .write import FileState, InPlace, output_state

PACKAGE = Path(__file__).parent
# The libraries whose version changes what coursegen writes (the site engine runs anyway).
LIBRARIES = ("pydantic", "pyyaml", "jinja2", "markupsafe", "markdown", "markdown-it-py",
             "mdit-py-plugins", "pygments", "nh3", "latex2mathml", "genanki", "imagesize")


class _Linked(Exception):
    """A folder among the inputs is a symbolic link: its files cannot be keyed safely."""


def _files(folder: Path) -> list[tuple[str, str]]:
    """Each file under ``folder`` as its path and its path relative to ``folder``, in a fixed
    order, without entering a linked folder (raises :class:`_Linked`)."""
    # os.walk and strings, not pathlib: a thousand chapters' pages are listed in every run.
    found = []
    for directory, folders, files in os.walk(folder):  # does not enter a linked folder
        linked = [name for name in folders if os.path.islink(os.path.join(directory, name))]
        if linked:
            raise _Linked(os.path.join(directory, linked[0]))
        found += [os.path.join(directory, name) for name in files]
    start = len(str(folder)) + 1
    return [(path, path[start:].replace(os.sep, "/")) for path in sorted(found)]


def _missing(folder: Path) -> list[str | bytes]:
    """What stands for ``folder`` in a key when it is not a real folder."""
    return [f"{folder.name}: {'link ' + os.readlink(folder) if folder.is_symlink() else ''}"]


def _tree(folder: Path, root: Path, skip: Collection[str] = ()) -> list[str | bytes]:
    """The relative path of each file under ``folder`` but those in ``skip`` (paths under
    ``root``), and the bytes of each Markdown page, in a fixed order; a link by where it
    points, and by its file's bytes only when that file is inside the project."""
    if not folder.is_dir() or folder.is_symlink():
        return _missing(folder)
    parts: list[str | bytes] = []
    inside, base = root.resolve(), len(str(root)) + 1
    for path, relative in _files(folder):
        if path[base:].replace(os.sep, "/") in skip:
            continue
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode):
            parts += [relative, f"link {os.readlink(path)}"]
            target = Path(path).resolve()
            if target.is_relative_to(inside) and target.is_file():
                parts.append(target.read_bytes())
        elif stat.S_ISREG(mode):
            parts.append(relative)
            if path.endswith(".md"):
                parts.append(Path(path).read_bytes())
    return parts


def _coursegen() -> list[str | bytes]:
    """coursegen's own files (code, templates, translations, assets) and the versions of the
    libraries it uses: an upgrade, or an edit in a development install, changes the key."""
    files = sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return [sys.version, *(f"{name} {version(name)}" for name in LIBRARIES),
            *(part for p in files for part in (p.relative_to(PACKAGE).as_posix(),
                                                 p.read_bytes()))]


def tool_key() -> str:
    """The key of coursegen itself: its files and the libraries that shape its output."""
    return digest(*_coursegen())


# A file changed within this long of being read may keep the change time it had (file
# systems stamp times by a coarse clock), so it is read again to tell (as Git does).
_RACY_NS = 2_000_000_000
_SOURCE_FOLDERS = ("content", "overrides")
_SITE_FILE = "mkdocs.yml"


def _file_state(found: os.stat_result) -> tuple[int, ...]:
    return (found.st_mode, found.st_mtime_ns, found.st_ctime_ns, found.st_size, found.st_ino)


@dataclass(frozen=True)
class Sources:
    """What pages are made from (``content/``, ``overrides/``, ``mkdocs.yml``) as a run read
    them at its start: their key, and the bytes of each file, which the run loads instead of
    reading them again."""

    key: str
    files: dict[str, bytes]  # each real file's bytes, by path under the project
    digests: dict[str, str]  # the digest of each file's bytes (a link's: its file's)
    states: dict[str, tuple[int, ...]]  # how each file and link was found (os.lstat)
    started: int  # when the first was read (time.time_ns())

    def within(self, folder: str) -> dict[str, tuple[bytes, str]]:
        """The real files under ``folder`` (such as ``content``) with their digests, by path
        under it."""
        start = len(folder) + 1
        return {path[start:]: (data, self.digests[path]) for path, data in self.files.items()
                if path.startswith(f"{folder}/")}

    def unchanged(self, root: Path) -> bool:
        """Whether every source is still as this run found it: the same files, untouched
        since by their state, and by their bytes where the state cannot tell (a link, or a
        file changed so shortly before the run that a change during it may have left the
        same times)."""
        again = _scan(root, read=False)
        if again is None or again.states != self.states:
            return False
        for path, state in self.states.items():
            recent = max(state[1], state[2]) >= self.started - _RACY_NS
            if stat.S_ISLNK(state[0]) or (recent and stat.S_ISREG(state[0])):
                now: dict[str, str] = {}  # its digest, read again
                _scan_file(root, path, {}, now, {})
                if now.get(path) != self.digests.get(path):
                    return False
        return True


def _scan_file(root: Path, path: str, files: dict[str, bytes] | None, digests: dict[str, str],
               states: dict[str, tuple[int, ...]]) -> list[str]:
    """Record the state of the file at ``path`` (under ``root``) and, unless ``files`` is
    ``None``, its bytes and their digest; returns what stands for it in a key besides its
    path and digest. A link is keyed by where it points, and by its file's bytes only when
    that file is inside the project."""
    target = os.path.join(root, path)
    found = os.lstat(target)
    states[path] = _file_state(found)
    if stat.S_ISLNK(found.st_mode):
        where = Path(target).resolve()
        if files is not None and where.is_relative_to(root.resolve()) and where.is_file():
            digests[path] = digest(where.read_bytes())
        return [f"link {os.readlink(target)}"]
    if files is not None and stat.S_ISREG(found.st_mode):
        with open(target, "rb") as file:
            files[path] = file.read()
        digests[path] = digest(files[path])
    return []


def _scan(root: Path, read: bool = True) -> Sources | None:
    """The project's sources as they are now (with ``read``, their bytes too); ``None`` when
    the project cannot be keyed (a linked folder among them)."""
    started = time.time_ns()
    files: dict[str, bytes] | None = {} if read else None
    digests: dict[str, str] = {}
    states: dict[str, tuple[int, ...]] = {}
    parts: list[str | bytes] = []
    try:
        for name in _SOURCE_FOLDERS:
            folder = root / name
            if not folder.is_dir() or folder.is_symlink():
                parts += _missing(folder)
                continue
            for _, relative in _files(folder):
                path = f"{name}/{relative}"
                parts += [relative, *_scan_file(root, path, files, digests, states),
                          digests.get(path, "")]
        if (root / _SITE_FILE).is_symlink():
            raise _Linked(root / _SITE_FILE)  # MkDocs would read where it leads
        if (root / _SITE_FILE).exists():
            _scan_file(root, _SITE_FILE, files, digests, states)
        parts += [_SITE_FILE, digests.get(_SITE_FILE, "")]
    except (_Linked, OSError):
        return None
    return Sources(digest(*parts), files or {}, digests, states, started)


def read_sources(root: Path) -> Sources | None:
    """The sources of the project at ``root``, read; ``None`` when it cannot be keyed (a
    linked folder among them)."""
    return _scan(root)


def sources_key(root: Path) -> str | None:
    """The key of what pages are made from (``content/``, ``overrides/``, ``mkdocs.yml``);
    ``None`` when the project cannot be keyed (a linked folder among its inputs)."""
    sources = _scan(root)
    return sources.key if sources else None


def run_key(root: Path, *options: str, written: Collection[str] = (),
            sources: str | None = None, tool: str | None = None) -> str | None:
    """The key of a run over the project at ``root`` with ``options``, of its ``sources``
    (by default, :func:`sources_key` now) by coursegen's ``tool`` key (by default,
    :func:`tool_key`); ``None`` when the project cannot be keyed.

    ``written`` are the files the last build wrote (paths under ``root``): what is under
    ``docs/`` besides them is the author's, or a generated file a build would remove.
    """
    sources = sources or sources_key(root)
    if sources is None:
        return None
    try:
        return digest(*options, tool or tool_key(), sources,
                      *_tree(root / "docs", root, skip=written))
    except (_Linked, OSError):
        return None


def outputs(root: Path, written: dict[str, FileState | InPlace]) -> dict[str, Output]:
    """The record of the files a build wrote, or found in place (see
    :func:`write.write_files`)."""
    return {path: (found.digest, *found.state) if isinstance(found, InPlace)
            else (digest(found[0]), *output_state((root / path).lstat()))
            for path, found in written.items()}


def in_place(root: Path, recorded: dict[str, Output]) -> bool:
    """Whether every recorded file is still a file under ``root`` with the bytes it had."""
    for path, (data_digest, *state) in recorded.items():
        target = os.path.join(root, path)
        try:
            found = os.lstat(target)
            if not stat.S_ISREG(found.st_mode):  # a link or a folder now
                return False
            if (output_state(found) != tuple(state)
                    and digest(Path(target).read_bytes()) != data_digest):
                return False
        except OSError:
            return False
    return True
