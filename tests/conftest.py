"""Shared fixtures: a copy of the sample course in a temporary folder, and its built site."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner, Result
from hypothesis import settings

from generator import chapter_file, exports, jinja
from generator.chapter_file import ChapterSource
from generator.cli import main
from generator.course import CourseContent
from generator.errors import ContentError
from generator.glossary import build_glossary
from generator.memo import digest
from generator.model import Course
from generator.project import Project
from generator.site import ENGINES
from generator.translations import labels
from generator.used_media import used_media

REPO = Path(__file__).resolve().parents[1]
SAMPLE_CHAPTER = "07-continual-improvement"
GOLDEN = Path(__file__).parent / "golden"

# Property tests: a quick look while working, the full count in CI.
settings.register_profile("ci", max_examples=300, deadline=None)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/*.md from the current templates")


def copy_project(dest: Path) -> Path:
    """Copy the sample course project (without generated output) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("content", "overrides"):
        shutil.copytree(REPO / folder, dest / folder)
    # The media files of the golden chapters, for tests that write every_kind_chapter().
    shutil.copytree(GOLDEN / "media", dest / "content" / "media")
    (dest / "docs").mkdir()  # as in a fresh clone: what coursegen writes there is ignored by git
    shutil.copy2(REPO / "docs" / ".gitkeep", dest / "docs" / ".gitkeep")
    return dest


def one_chapter_course(source: ChapterSource, content_dir: Path, course: Course
                       ) -> CourseContent:
    """A course of the one chapter ``source`` (in ``content_dir``), as load_course makes it:
    its glossary and the media files it uses (ContentError when one is missing)."""
    glossary, names, _, _ = build_glossary([source])
    media, problems = used_media([(source.slug, source.facts)], content_dir)
    if problems:
        raise ContentError([source.problem(path, message) for _, path, message in problems])
    return CourseContent(course, [source], glossary, labels("en"), [], digest(repr(course)),
                         names, media=media)


def every_kind_chapter() -> dict[str, Any]:
    """One chapter holding every block kind: a section for each block kind's golden file."""
    from generator.blocks import BLOCK_TYPES

    sections, key_terms = [], []
    for path in sorted(GOLDEN / f"{kind}.yml" for kind in [*BLOCK_TYPES, "key_terms"]):
        golden = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section in golden["sections"]:
            sections.append({**section, "title": f"{path.stem} {section['title']}"})
        key_terms += golden.get("key_terms", [])
    return {"number": 1, "title": "T", "summary": "S", "objectives": ["O"],
            "sections": sections, "key_terms": key_terms}


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in the file at ``path`` with ``new`` (``old`` must be there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def tree_hash(folder: Path) -> str:
    """A digest of every file's path and bytes under ``folder``."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def coursegen(root: Path, *args: str) -> Result:
    """Run the ``coursegen`` command on the project at ``root``."""
    return CliRunner().invoke(main, ["--project", str(root), *args])


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(copy_project(tmp_path / "course"))


def require_zensical() -> None:
    """Skip without Zensical on a developer's machine; in CI, fail."""
    if importlib.util.find_spec("zensical") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the Zensical build: pip install -e '.[test]'")
        pytest.skip("zensical is not installed")


@pytest.fixture(scope="session", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """Each engine in turn: every test of the built site runs against both."""
    if request.param == "zensical":
        require_zensical()
    return str(request.param)


@pytest.fixture(scope="session")
def built_course(engine: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample course, built once for the whole test run by each engine; returns the
    project folder."""
    root = copy_project(tmp_path_factory.mktemp(f"built-{engine}") / "course")
    result = coursegen(root, "build", "--engine", engine)
    assert result.exit_code == 0, result.stderr
    return root


@pytest.fixture(scope="session")
def chapter_html(built_course: Path) -> BeautifulSoup:
    """The built sample chapter page, parsed."""
    page = built_course / "site" / "chapters" / SAMPLE_CHAPTER / "index.html"
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def count_work(monkeypatch: pytest.MonkeyPatch
               ) -> tuple[Counter[str], Counter[str], list[str]]:
    """From here on, count the chapters parsed (by file), the pages rendered (by their
    "title:" line) and the chapters whose downloads are made."""
    parsed: Counter[str] = Counter()
    rendered: Counter[str] = Counter()
    made: list[str] = []
    parse, tidy, make = chapter_file.read_chapter, jinja._tidy, exports._chapter_downloads

    def counting_parse(raw: bytes, file: str, slug: str):  # type: ignore[no-untyped-def]
        parsed[file] += 1
        return parse(raw, file, slug)

    def counting_tidy(markdown: str) -> str:
        rendered[markdown.split("\n")[1]] += 1  # the "title:" line
        return tidy(markdown)

    def counting_make(chapter):  # type: ignore[no-untyped-def]
        made.append(chapter.slug)
        return make(chapter)

    monkeypatch.setattr(chapter_file, "read_chapter", counting_parse)
    monkeypatch.setattr(jinja, "_tidy", counting_tidy)
    monkeypatch.setattr(exports, "_chapter_downloads", counting_make)
    return parsed, rendered, made
