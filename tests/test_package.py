"""coursegen as a tool another course repository installs: the wheel and sdist carry
everything, a fresh environment with only the wheel builds a new course, the new course's
files pin this version and ignore what the build writes, and the release workflow publishes
with trusted publishing."""

from __future__ import annotations

import re
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from .conftest import REPO, coursegen, require_zensical

PACKAGE_FILES = {p.relative_to(REPO).as_posix() for p in (REPO / "generator").rglob("*")
                 if p.is_file() and "__pycache__" not in p.parts}


def run(*args: str | Path, cwd: Path | None = None) -> str:
    result = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                            check=False, timeout=600)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def untracked(repository: Path) -> set[str]:
    """What ``git status`` shows in ``repository`` (everything is new in a fresh one)."""
    status = run("git", "status", "--porcelain", "--untracked-files=all", cwd=repository)
    return {line[3:] for line in status.splitlines()}


def test_a_new_course_pins_this_version_and_git_sees_only_its_sources(tmp_path: Path) -> None:
    require_zensical()
    course = tmp_path / "course"
    assert coursegen(tmp_path, "new", "course", str(course)).exit_code == 0
    requirements = (course / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert [r for r in requirements if not r.startswith("#")] == [
        f"coursegen=={version('coursegen')}"]
    run("git", "init", "-q", cwd=course)
    sources = untracked(course)
    for engine in ("zensical", "mkdocs"):
        assert coursegen(course, "build", "--engine", engine).exit_code == 0
    assert (course / "site" / "index.html").is_file() and (course / ".cache").is_dir()
    assert untracked(course) == sources  # the builds added nothing git would commit
    assert {".gitignore", "requirements.txt", "mkdocs.yml", "content/course.yml"} <= sources


@pytest.mark.slow
def test_the_wheel_alone_builds_a_new_course(tmp_path: Path) -> None:
    require_zensical()
    dist = tmp_path / "dist"
    # No build isolation: the build backend comes from this environment, not the network.
    run(sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, REPO, cwd=tmp_path)
    (wheel,), (sdist,) = dist.glob("*.whl"), dist.glob("*.tar.gz")
    with zipfile.ZipFile(wheel) as archive:
        assert PACKAGE_FILES - set(archive.namelist()) == set()
    with tarfile.open(sdist) as archive:
        in_sdist = {name.split("/", 1)[-1] for name in archive.getnames()}
    assert (PACKAGE_FILES | {"pyproject.toml", "README.md"}) - in_sdist == set()

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    site_packages = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_path("
                             "'purelib'))").strip())
    # The wheel's dependencies come from this environment's folder (appended to the path,
    # after the wheel; its .pth files, among them the editable install of the repository,
    # are not read), so no test reaches the network.
    (site_packages / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-index",
        "--no-deps", wheel)
    work = tmp_path / "work"
    work.mkdir()
    imported = run(python, "-c", "import generator; print(generator.__file__)", cwd=work)
    assert Path(imported.strip()).is_relative_to(site_packages)
    coursegen_command = venv / "bin" / "coursegen"
    assert run(coursegen_command, "--version", cwd=work) == (
        f"coursegen, version {version('coursegen')}\n")
    run(coursegen_command, "new", "course", "course", "--language", "de", cwd=work)
    site = work / "course" / "site"
    for engine in ("zensical", "mkdocs"):
        run(coursegen_command, "--project", "course", "build", "--engine", engine, cwd=work)
        page = BeautifulSoup((site / "chapters" / "01-erste-schritte" / "index.html")
                             .read_text(encoding="utf-8"), "html.parser")
        assert "Kapitel 1 von 1" in page.get_text(), engine  # the wheel's translations
        assert page.select_one('link[href$="assets/coursegen.css"]') is not None, engine
        stylesheet = (site / "assets" / "coursegen.css").read_text(encoding="utf-8")
        assert stylesheet == (REPO / "generator/assets/coursegen.css").read_text("utf-8")
        assert "404" in (site / "404.html").read_text(encoding="utf-8")  # the scaffold's
        assert list((site / "media").glob("example-*.svg")) == []  # only used media is copied


def test_release_workflow_publishes_with_trusted_publishing() -> None:
    config = yaml.safe_load((REPO / ".github/workflows/release.yml").read_text("utf-8"))
    triggers = config.get("on", config.get(True))  # YAML 1.1 reads the key "on" as true
    assert triggers == {"push": {"tags": ["v*"]}}
    assert config["permissions"] == {}
    jobs = config["jobs"]
    assert jobs["publish"]["needs"] == ["build", "test"] and jobs["test"]["needs"] == "build"
    assert {name: job["permissions"] for name, job in jobs.items()} == {
        "build": {"contents": "read"}, "test": {"contents": "read"},
        "publish": {"id-token": "write"}}
    assert jobs["publish"]["environment"]["name"] == "pypi"
    uses = [step["uses"] for job in jobs.values() for step in job["steps"] if "uses" in step]
    assert all(re.fullmatch(r"[\w./-]+@[0-9a-f]{40}", u) for u in uses), uses
    assert jobs["publish"]["steps"][-1]["uses"].startswith("pypa/gh-action-pypi-publish@")
    assert "python -m build" in " ".join(s.get("run", "") for s in jobs["build"]["steps"])
    assert "pytest" in " ".join(s.get("run", "") for s in jobs["test"]["steps"])
