"""The bad-input corpus: each file under tests/bad/ is refused with exactly the messages in
its ``.expected`` file (file, line, column and text), never a traceback.

``tests/bad/chapter/NAME.yml`` is checked as the one chapter of a course;
``tests/bad/course/NAME.yml`` as ``course.yml`` beside one valid chapter. Run with
``--update-golden`` to rewrite the ``.expected`` files, then review them as a diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import coursegen

BAD = Path(__file__).parent / "bad"
CHAPTER_CASES = sorted(p.stem for p in (BAD / "chapter").glob("*.yml"))
COURSE_CASES = sorted(p.stem for p in (BAD / "course").glob("*.yml"))
VALID_CHAPTER = """number: 1
title: A valid chapter
summary: It is fine.
sections:
  - title: Only section
    blocks:
      - cards: [{title: A card, text: Some text.}]
"""


def course_yml(slug: str) -> str:
    return (f"title: A course\ndescription: For the corpus.\ntotal_chapters: 14\n"
            f"chapters: [{slug}]\n")


def check(root: Path, kind: str, case: str, request: pytest.FixtureRequest) -> None:
    result = coursegen(root, "check")
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stderr and result.stdout == ""
    *messages, summary = result.stderr.splitlines()
    assert summary.split(" in ")[0].endswith(("error", "errors"))
    expected = BAD / kind / f"{case}.expected"
    if request.config.getoption("--update-golden"):
        expected.write_text("\n".join(messages) + "\n", encoding="utf-8")
    assert messages == expected.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("case", CHAPTER_CASES)
def test_bad_chapter(case: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "course.yml").write_text(course_yml(case), encoding="utf-8")
    shutil.copy(BAD / "chapter" / f"{case}.yml", content / f"{case}.yml")
    shutil.copytree(BAD / "media", content / "media")  # the files the media case names
    check(tmp_path, "chapter", case, request)


@pytest.mark.parametrize("case", COURSE_CASES)
def test_bad_course(case: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(BAD / "course" / f"{case}.yml", content / "course.yml")
    (content / "01-ok.yml").write_text(VALID_CHAPTER, encoding="utf-8")
    check(tmp_path, "course", case, request)


def test_every_case_has_its_expected_messages() -> None:
    for kind, cases in (("chapter", CHAPTER_CASES), ("course", COURSE_CASES)):
        for case in cases:
            assert (BAD / kind / f"{case}.expected").is_file(), f"{kind}/{case}"
    assert len(CHAPTER_CASES) + len(COURSE_CASES) >= 60
