"""Run MkDocs on the generated Markdown, replacing ``site/`` only when the build succeeds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .paths import SITE, SITE_PREVIOUS, SITE_STAGING
from .write import OutputError, new_file_mode


class SiteError(Exception):
    """Raised when MkDocs fails; carries its output. The previous ``site/`` is untouched."""


def mkdocs_command(*args: str) -> list[str]:
    """The command line that runs this environment's MkDocs."""
    return [sys.executable, "-m", "mkdocs", *args]


def mkdocs_environment() -> dict[str, str]:
    """The environment MkDocs runs in: no colours, and no banner about MkDocs 2 or
    Material's end of life on every build (the README says what coursegen does about it)."""
    return {**os.environ, "NO_COLOR": "1", "NO_MKDOCS_2_WARNING": "1"}


def build_site(project: Path, config: str = "mkdocs.yml") -> None:
    """``mkdocs build --strict`` with ``config`` into a fresh folder, then swap it in as
    ``site/``. Run it holding the build lock (:func:`.lock.exclusive`), which also removes
    what a killed build left behind."""
    target = project / SITE
    if target.is_symlink():
        raise OutputError(f"{SITE} is a symbolic link; coursegen replaces the site folder "
                          "only when it is a real folder. Remove the link.")
    staging = Path(tempfile.mkdtemp(dir=project, prefix=SITE_STAGING))
    staging.chmod(new_file_mode(directory=True))  # mkdtemp makes it readable by its owner only
    try:
        result = subprocess.run(
            mkdocs_command("build", "--strict", "--clean", "--config-file", config,
                           "--site-dir", str(staging)),
            cwd=project, capture_output=True, text=True, env=mkdocs_environment(),
            check=False)
        if result.returncode != 0:
            raise SiteError((result.stderr + result.stdout).strip())
        previous = project / SITE_PREVIOUS
        shutil.rmtree(previous, ignore_errors=True)
        if target.exists():
            target.rename(previous)
        staging.rename(target)
        shutil.rmtree(previous, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
