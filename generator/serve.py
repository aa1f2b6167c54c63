"""Live preview: regenerate on every save of a content file or a template override while
``mkdocs serve`` runs.

The project remembers its last run, so a save regenerates only what the edit changed (about
0.4 s for a 500-chapter course); MkDocs watches ``docs/`` and, since only changed pages are
rewritten, ``--dirtyreload`` rebuilds just those pages.
"""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .project import Project
from .site import mkdocs_command, mkdocs_environment


class _SourcesChanged(FileSystemEventHandler):
    """Calls ``regenerate`` once a burst of saves of content YAML or template overrides has
    settled (editors write twice), one call at a time."""

    def __init__(self, regenerate: Callable[[], None], settle: float = 0.1):
        self.regenerate, self.settle = regenerate, settle
        self.timer: threading.Timer | None = None
        self.lock = threading.Lock()
        self.running = threading.Lock()  # a slow run and the next save must not overlap

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = [str(event.src_path), str(getattr(event, "dest_path", "") or "")]
        if event.event_type in ("opened", "closed_no_write") or not any(
                p.endswith((".yml", ".yaml", ".md")) for p in paths):
            return
        with self.lock:
            if self.timer:
                self.timer.cancel()
            self.timer = threading.Timer(self.settle, self._run)
            self.timer.daemon = True
            self.timer.start()

    def _run(self) -> None:
        with self.running:
            self.regenerate()
            # The project's memo is a large, long-lived heap (500 chapters: half a million
            # objects). Collect now, with the pages already written, and freeze what is
            # left, so the next save's run is not paused by full collections (0.2-0.3 s).
            gc.unfreeze()
            gc.collect()
            gc.freeze()


# What MkDocs says on every rebuild that the author can do nothing about.
_NOISE = ("A 'dirty' build is being performed",)


def _relay(output: IO[str] | None) -> None:
    """MkDocs' output, as it comes, without the lines in :data:`_NOISE`."""
    for line in output or ():
        if not any(noise in line for noise in _NOISE):
            sys.stderr.write(line)
            sys.stderr.flush()


def rebuild_every_page(docs: Path) -> None:
    """Mark every page under ``docs/`` as changed. Every page shows the navigation, but a
    dirty reload rebuilds only the pages whose Markdown changed: when the navigation
    changes (a chapter added, removed or retitled), every page must be built again."""
    for page in docs.rglob("*.md"):
        if not page.is_symlink():
            os.utime(page)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(project: Project, dev_addr: str, regenerate: Callable[[], None]) -> int:
    """Serve the site at ``dev_addr`` until interrupted; returns MkDocs' exit code."""
    # A terminated coursegen stops its MkDocs server too, instead of leaving it orphaned.
    signal.signal(signal.SIGTERM, _interrupt)
    gc.collect()
    gc.freeze()  # the first build's results, as after every regeneration (see above)
    observer = Observer()
    changed = _SourcesChanged(regenerate)
    observer.schedule(changed, str(project.content), recursive=False)
    if project.overrides.is_dir():  # coursegen's templates overridden there (*.md)
        observer.schedule(changed, str(project.overrides), recursive=True)
    observer.start()
    process = subprocess.Popen(
        mkdocs_command("serve", "--dirtyreload", "--dev-addr", dev_addr,
                       "--config-file", project.site_config.name), cwd=project.root,
        env=mkdocs_environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    relay = threading.Thread(target=_relay, args=(process.stdout,), daemon=True)
    relay.start()
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        return process.wait()
    finally:
        observer.stop()
        observer.join()
