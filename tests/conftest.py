"""Shared fixtures: a copy of the sample course in a temporary folder, and its built site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner, Result

from generator.cli import main
from generator.project import Project

REPO = Path(__file__).resolve().parents[1]
SAMPLE_CHAPTER = "07-continual-improvement"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/*.md from the current templates")


def copy_project(dest: Path) -> Path:
    """Copy the sample course project (without generated output) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("content", "overrides"):
        shutil.copytree(REPO / folder, dest / folder)
    (dest / "docs").mkdir()  # as in a fresh clone: what coursegen writes there is ignored by git
    shutil.copy2(REPO / "docs" / ".gitkeep", dest / "docs" / ".gitkeep")
    return dest


def coursegen(root: Path, *args: str) -> Result:
    """Run the ``coursegen`` command on the project at ``root``."""
    return CliRunner().invoke(main, ["--project", str(root), *args])


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(copy_project(tmp_path / "course"))


@pytest.fixture(scope="session")
def built_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample course, built once for the whole test run; returns the project folder."""
    root = copy_project(tmp_path_factory.mktemp("built") / "course")
    result = coursegen(root, "build")
    assert result.exit_code == 0, result.stderr
    return root


@pytest.fixture(scope="session")
def chapter_html(built_course: Path) -> BeautifulSoup:
    """The built sample chapter page, parsed."""
    page = built_course / "site" / "chapters" / SAMPLE_CHAPTER / "index.html"
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
