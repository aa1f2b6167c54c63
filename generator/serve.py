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
from typing import IO

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .memo import digest
from .paths import SERVE_CONFIG, SERVE_SITE
from .project import Project
from .site import engine_command, engine_environment, zensical_config


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


def navigation_changed(project: Project, engine: str) -> None:
    """Have the server rebuild every page: each shows the navigation, which changed (a
    chapter added, removed or retitled). MkDocs' dirty reload rebuilds only the pages whose
    Markdown changed, so every page is marked changed; Zensical reads its configuration
    (and the navigation it inherits) again only when its own config file changes."""
    if engine == "mkdocs":
        for page in project.docs.rglob("*.md"):
            if not page.is_symlink():
                os.utime(page)
    else:
        _write_zensical_config(project)


def _write_zensical_config(project: Project) -> None:
    navigation = project.site_config.read_bytes() if project.site_config.is_file() else b""
    (project.root / SERVE_CONFIG).write_text(
        zensical_config(project.site_config.name, SERVE_SITE)
        + f"# of the navigation {digest(navigation)}, so that it is read again on a change\n",
        encoding="utf-8")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _server_command(project: Project, engine: str, dev_addr: str) -> list[str]:
    if engine == "mkdocs":
        return engine_command("mkdocs", "serve", "--dirtyreload", "--dev-addr", dev_addr,
                              "--config-file", project.site_config.name)
    # Zensical writes what it serves into the config's site_dir, which must be inside the
    # project: a folder of its own, so that site/ stays the last build's.
    _write_zensical_config(project)
    return engine_command("zensical", "serve", "--dev-addr", dev_addr, "--config-file",
                          SERVE_CONFIG)


def serve(project: Project, engine: str, dev_addr: str, regenerate: Callable[[], None]) -> int:
    """Serve the site with ``engine`` at ``dev_addr`` until interrupted; returns the
    server's exit code."""
    # A terminated coursegen stops its server too, instead of leaving it orphaned.
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
        _server_command(project, engine, dev_addr), cwd=project.root,
        env=engine_environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
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
        (project.root / SERVE_CONFIG).unlink(missing_ok=True)
