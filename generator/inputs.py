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
from collections.abc import Collection
from importlib.metadata import version
from pathlib import Path

from .manifest import Output
from .memo import digest
from .write import FileState

PACKAGE = Path(__file__).parent
# The libraries whose version changes what coursegen writes (the site engine runs anyway).
LIBRARIES = ("pydantic", "pyyaml", "jinja2", "markupsafe", "markdown", "markdown-it-py",
             "mdit-py-plugins", "pygments", "nh3", "latex2mathml", "genanki", "imagesize")


class _Linked(Exception):
    """A folder among the inputs is a symbolic link: its files cannot be keyed safely."""


def _tree(folder: Path, root: Path, read: bool = True, skip: Collection[str] = ()
          ) -> list[str | bytes]:
    """The relative path of each file under ``folder`` but those in ``skip`` (paths under
    ``root``) and (with ``read``, or for a Markdown page) its bytes, in a fixed order,
    without following a link."""
    if not folder.is_dir() or folder.is_symlink():
        return [f"{folder.name}: {'link ' + os.readlink(folder) if folder.is_symlink() else ''}"]
    # os.walk and strings, not pathlib: a thousand chapters' pages are listed in every run.
    found = []
    for directory, folders, files in os.walk(folder):  # does not enter a linked folder
        linked = [name for name in folders if os.path.islink(os.path.join(directory, name))]
        if linked:
            raise _Linked(os.path.join(directory, linked[0]))
        found += [os.path.join(directory, name) for name in files]
    parts: list[str | bytes] = []
    inside, start, base = root.resolve(), len(str(folder)) + 1, len(str(root)) + 1
    for path in sorted(found):
        relative = path[start:].replace(os.sep, "/")
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
            if read or path.endswith(".md"):
                parts.append(Path(path).read_bytes())
    return parts


def _file(path: Path) -> list[str | bytes]:
    if path.is_symlink():
        raise _Linked(path)  # MkDocs would read where it leads, which may be outside
    return [path.name, path.read_bytes() if path.is_file() else b""]


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


def sources_key(root: Path) -> str | None:
    """The key of what pages are made from (``content/``, ``overrides/``, ``mkdocs.yml``);
    ``None`` when the project cannot be keyed (a linked folder among its inputs)."""
    try:
        return digest(*_tree(root / "content", root), *_tree(root / "overrides", root),
                      *_file(root / "mkdocs.yml"))
    except (_Linked, OSError):
        return None


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
                      *_tree(root / "docs", root, read=False, skip=written))
    except (_Linked, OSError):
        return None


def _state(found: os.stat_result) -> tuple[int, int, int]:
    # The change time, not the modification time: a write sets it, and nothing sets it back.
    return found.st_ctime_ns, found.st_size, found.st_ino


def outputs(root: Path, written: dict[str, FileState]) -> dict[str, Output]:
    """The record of the files a build wrote (see :func:`write.write_files`)."""
    return {path: (digest(data), *_state((root / path).lstat()))
            for path, (data, _) in written.items()}


def in_place(root: Path, recorded: dict[str, Output]) -> bool:
    """Whether every recorded file is still a file under ``root`` with the bytes it had."""
    for path, (data_digest, *state) in recorded.items():
        target = os.path.join(root, path)
        try:
            found = os.lstat(target)
            if not stat.S_ISREG(found.st_mode):  # a link or a folder now
                return False
            if _state(found) != tuple(state) and digest(Path(target).read_bytes()) != data_digest:
                return False
        except OSError:
            return False
    return True
