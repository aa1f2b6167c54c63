"""One build at a time in a project, and nothing left of a build that was interrupted.

Two builds at once would both write ``docs/`` and swap ``site/``; the second waits for the
first (or fails at once when asked not to wait). A build killed midway leaves its staging
folder or staged files behind: whoever holds the lock next removes them, since no other
build can be using them then.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .paths import LOCK, SITE, SITE_PREVIOUS, SITE_STAGING, STAGED


class BuildRunning(Exception):
    """Raised when another build holds the project's lock and the caller would not wait."""


@contextmanager
def exclusive(root: Path, *, wait: bool = True,
              on_wait: Callable[[], None] = lambda: None) -> Iterator[None]:
    """Hold the build lock of the project at ``root`` (calling ``on_wait`` first if another
    build holds it), with the leftovers of interrupted builds removed."""
    from filelock import FileLock, Timeout  # here: `check` takes no lock, and skips 15 ms

    lock = FileLock(root / LOCK, is_singleton=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if not wait:
            raise BuildRunning(f"another coursegen build is running in this project (it holds "
                               f"{LOCK}); wait for it to finish, or run without --no-wait "
                               "to wait for it") from None
        on_wait()
        lock.acquire()
    try:
        remove_leftovers(root)
        yield
    finally:
        lock.release()


def remove_leftovers(root: Path) -> None:
    """Remove what an interrupted build left in the project at ``root``; a site that was
    being swapped out when the build stopped is put back."""
    for staging in root.glob(f"{SITE_STAGING}*"):
        if staging.is_dir() and not staging.is_symlink():
            shutil.rmtree(staging)
    previous = root / SITE_PREVIOUS
    if previous.is_dir() and not previous.is_symlink():
        if (root / SITE).exists() or (root / SITE).is_symlink():
            shutil.rmtree(previous)
        else:  # stopped between moving site/ aside and moving the new one in
            previous.rename(root / SITE)
    for folder, _, files in os.walk(root / "docs"):  # links are not followed
        for name in files:
            if name.startswith(STAGED):
                (Path(folder) / name).unlink()
    for staged in root.glob(f"{STAGED}*"):  # mkdocs.coursegen.yml is staged here
        if not staged.is_dir():
            staged.unlink()
