"""Build the site from the generated Markdown with MkDocs or Zensical, strictly, into a fresh
folder that replaces ``site/`` only when the build succeeds."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .paths import SITE, SITE_PREVIOUS, SITE_STAGING, STAGED
from .write import OutputError

ENGINES = ("mkdocs", "zensical")  # MkDocs with Material, or Zensical, Material's successor


class SiteError(Exception):
    """Raised when the engine fails; carries its output. The previous ``site/`` is
    untouched."""

    def __init__(self, engine: str, output: str) -> None:
        super().__init__(output)
        self.engine = engine


def check_engine(engine: str) -> None:
    """Raise :class:`SiteError` saying what to install when ``engine`` is not installed in
    this environment (Zensical is an extra: ``coursegen[zensical]``)."""
    if importlib.util.find_spec(engine) is None:
        raise SiteError(engine, f"{engine} is not installed in this environment; install it "
                                f"with: pip install 'coursegen[{engine}]'")


def engine_command(engine: str, *args: str) -> list[str]:
    """The command line that runs this environment's MkDocs or Zensical."""
    return [sys.executable, "-m", engine, *args]


# Python-Markdown copies the rest of a page at the end of each HTML block (quadratic on the
# whole-course page: 5 MB copied per block at 100 chapters). Zensical renders on a thread of
# its own, whose glibc arena hands each copy back to the kernel and faults it in again: a
# million page faults and a third of Zensical's CPU at 100 chapters. Large thresholds keep that
# memory in the process (no effect on other C libraries).
_MALLOC = {"MALLOC_MMAP_THRESHOLD_": str(32 << 20), "MALLOC_TRIM_THRESHOLD_": str(256 << 20)}


def engine_environment() -> dict[str, str]:
    """The environment the engine runs in: no colours, no banner about MkDocs 2 or
    Material's end of life on every build (the README says what coursegen does about it),
    and glibc's allocator told to keep freed memory (:data:`_MALLOC`)."""
    return {**_MALLOC, **os.environ, "NO_COLOR": "1", "NO_MKDOCS_2_WARNING": "1"}


def zensical_config(config: str, site_dir: str) -> str:
    """The config Zensical builds with: ``config`` with its output in ``site_dir`` (Zensical
    has no option for it), in Material's look (Zensical's own "modern" look has smaller
    text and nav links below WCAG contrast), so a course looks the same with either
    engine."""
    return f"INHERIT: {config}\nsite_dir: {site_dir}\ntheme:\n  variant: classic\n"


def _staged_zensical_config(project: Path, config: str, site_dir: str) -> Path:
    """:func:`zensical_config` in a file whose name marks it as staged, so a killed build's
    copy is removed by the next build (:mod:`.lock`); the caller removes it."""
    handle, name = tempfile.mkstemp(dir=project, prefix=f"{STAGED}zensical-", suffix=".yml")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(zensical_config(config, site_dir))
    return Path(name)


# Zensical colours its report whatever the environment says, and ends a strict build that
# found problems with a Python traceback.
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
_TRACEBACK = re.compile(r"^Traceback \(most recent call last\):.*", re.S | re.M)


def _report(engine: str, result: subprocess.CompletedProcess[str]) -> str:
    output = _COLOUR.sub("", result.stderr + result.stdout)
    if engine == "zensical":
        output = _TRACEBACK.sub("", output)
    return output.strip()


def _run_engine(project: Path, config: str, engine: str, staging: Path) -> None:
    staged_config = None
    if engine == "mkdocs":
        command = engine_command("mkdocs", "build", "--strict", "--clean", "--config-file",
                                 config, "--site-dir", str(staging))
    else:
        staged_config = _staged_zensical_config(project, config, staging.name)
        command = engine_command("zensical", "build", "--strict", "--config-file",
                                 staged_config.name)
    try:
        result = subprocess.run(command, cwd=project, capture_output=True, text=True,
                                env=engine_environment(), check=False)
    finally:
        if staged_config:
            staged_config.unlink(missing_ok=True)
    if result.returncode != 0:
        raise SiteError(engine, _report(engine, result))


def build_site(project: Path, config: str = "mkdocs.yml", engine: str = "mkdocs") -> None:
    """Build with ``engine`` (strict) from ``config`` into a fresh folder, then swap it in as
    ``site/``. Run it holding the build lock (:func:`.lock.exclusive`), which also removes
    what a killed build left behind."""
    check_engine(engine)
    target = project / SITE
    if target.is_symlink():
        raise OutputError(f"{SITE} is a symbolic link; coursegen replaces the site folder "
                          "only when it is a real folder. Remove the link.")
    # The same folder every build: Zensical's cache (.cache/) is for one config, its
    # site_dir included, so a new name each build made every build start cold (twice the
    # time at 100 chapters). The lock keeps other builds out, and removes a killed one's.
    staging = project / f"{SITE_STAGING}{engine}"
    if staging.is_symlink() or staging.is_file():
        staging.unlink()  # a link left in its place is removed, never built through
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()  # as the umask says, like site/ (mkdtemp made it owner-only)
    try:
        _run_engine(project, config, engine, staging)
        previous = project / SITE_PREVIOUS
        shutil.rmtree(previous, ignore_errors=True)
        if target.exists():
            target.rename(previous)
        staging.rename(target)
        shutil.rmtree(previous, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
