"""Safe to interrupt, safe to run twice: one build at a time per project, and a build killed
at any step leaves the previous site in place and nothing behind after the next build."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

from generator.paths import GENERATED, LOCK, SITE_PREVIOUS, SITE_STAGING, STAGED
from generator.project import Project

from .conftest import REPO, SAMPLE_CHAPTER, copy_project, coursegen, edit, tree_hash

EPOCH = {"SOURCE_DATE_EPOCH": "1764115200"}  # byte-identical sites to compare


def leftovers(root: Path) -> list[str]:
    """What a build may leave behind when it is stopped, found anywhere in the project."""
    found = [*root.glob(f"{SITE_STAGING}*"), *root.glob(SITE_PREVIOUS), *root.rglob(f"{STAGED}*")]
    return sorted(p.relative_to(root).as_posix() for p in found)


def command(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "generator", "--project", str(root), *args]


def test_a_second_build_fails_at_once_with_no_wait(project: Project) -> None:
    with FileLock(project.root / LOCK, is_singleton=False):  # as a running build holds it
        result = coursegen(project.root, "build", "--no-wait")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: another coursegen build is running in this project (it holds {LOCK}); wait "
        "for it to finish, or run without --no-wait to wait for it\n")
    assert not project.docs.joinpath("index.md").exists()
    assert not (project.root / "site").exists()


def test_a_second_build_waits_for_the_first(project: Project) -> None:
    lock = FileLock(project.root / LOCK, is_singleton=False)
    with lock:
        waiting = subprocess.Popen(command(project.root, "build", "--no-site"),
                                   stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            assert waiting.stderr is not None
            assert "waiting for it to finish" in waiting.stderr.readline()
            assert not project.docs.joinpath("index.md").exists()  # nothing written meanwhile
        except BaseException:
            waiting.kill()
            raise
    out, _ = waiting.communicate(timeout=120)
    assert waiting.returncode == 0
    assert "docs/: 15 file(s) written" in out
    assert project.docs.joinpath("index.md").is_file()


# Each stops a build with SIGKILL (no handler runs) at one step: while MkDocs writes the new
# site, after the first of several staged pages is renamed into place, and between moving
# site/ aside and moving the new site in.
KILL_AFTER_FIRST_PAGE = """
    real = os.replace
    def replace_then_die(source, target):
        real(source, target)
        os.kill(os.getpid(), signal.SIGKILL)
    os.replace = replace_then_die
"""
KILL_DURING_SWAP = f"""
    real = pathlib.Path.rename
    def rename_then_die(self, target):
        moved = real(self, target)
        if pathlib.Path(target).name == {SITE_PREVIOUS!r}:
            os.kill(os.getpid(), signal.SIGKILL)
        return moved
    pathlib.Path.rename = rename_then_die
"""


def build_killed_by_patch(root: Path, patch: str) -> None:
    """``coursegen build`` in a process that ``patch`` kills at some step."""
    code = textwrap.dedent(f"""
        import os, pathlib, signal, sys
        {textwrap.indent(textwrap.dedent(patch), "        ").strip()}
        from generator.cli import main
        main(["--project", sys.argv[1], "build"])
    """)
    result = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True,
                            text=True, env={**os.environ, **EPOCH}, check=False, timeout=300)
    assert result.returncode == -signal.SIGKILL, result.stderr


def build_killed_during_mkdocs(root: Path) -> None:
    """``coursegen build``, killed with its MkDocs once MkDocs has begun writing the site."""
    process = subprocess.Popen(command(root, "build"), env={**os.environ, **EPOCH},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)  # its own group, MkDocs with it
    try:
        while process.poll() is None and not any(root.glob(f"{SITE_STAGING}*/*")):
            time.sleep(0.005)
        assert process.poll() is None, "the build ended before MkDocs wrote anything"
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.mark.parametrize("kill", [
    build_killed_during_mkdocs,
    lambda root: build_killed_by_patch(root, KILL_AFTER_FIRST_PAGE),
    lambda root: build_killed_by_patch(root, KILL_DURING_SWAP),
], ids=["during-mkdocs", "during-page-writes", "during-site-swap"])
def test_a_killed_build_leaves_the_site_and_the_next_build_cleans_up(
        kill: Callable[[Path], None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH["SOURCE_DATE_EPOCH"])
    root = copy_project(tmp_path / "course")
    assert coursegen(root, "build").exit_code == 0
    site_before = tree_hash(root / "site")
    for project in (root, copy_project(tmp_path / "fresh")):  # an edit that changes pages
        edit(project / "content" / "course.yml", "Fourteen chapters", "Fourteen good chapters")
        edit(project / "content" / f"{SAMPLE_CHAPTER}.yml", "one-off project.", "one-off.")
    kill(root)
    assert leftovers(root), "the kill left nothing to clean up: it came too late"
    # Whatever the step, a build without the site step finds the previous site in place.
    assert coursegen(root, "build", "--no-site").exit_code == 0
    assert tree_hash(root / "site") == site_before
    assert coursegen(root, "build").exit_code == 0
    assert leftovers(root) == []
    assert coursegen(tmp_path / "fresh", "build").exit_code == 0
    for folder in ("docs", "site"):  # the same as a build that was never interrupted
        assert tree_hash(root / folder) == tree_hash(tmp_path / "fresh" / folder), folder


def example_path(pattern: str) -> str:
    """A path that the .gitignore ``pattern`` is meant to cover."""
    return pattern.lstrip("/").replace("*", "x") + ("file" if pattern.endswith("/") else "")


def test_generated_and_temporary_files_are_ignored_by_git(tmp_path: Path) -> None:
    course = tmp_path / "course"
    assert coursegen(tmp_path, "new", "course", str(course)).exit_code == 0
    subprocess.run(["git", "init", "-q", str(course)], check=True)
    paths = [example_path(p) for p in GENERATED] + [f"docs/chapters/{STAGED}x.md.x"]
    for repository in (REPO, course):  # ours and the scaffold's
        result = subprocess.run(["git", "check-ignore", "--no-index", "--verbose",
                                 "--non-matching", *paths], cwd=repository,
                                capture_output=True, text=True, check=False)
        unmatched = [line.split("\t")[1] for line in result.stdout.splitlines()
                     if line.startswith("::")]
        assert unmatched == [], repository
