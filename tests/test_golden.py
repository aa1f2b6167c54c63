"""Golden files: each block kind's YAML and the Markdown it renders to, reviewed as diffs.

Run ``pytest tests/test_golden.py --update-golden`` after changing a template, then read
``git diff tests/golden``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.blocks import BLOCK_TYPES
from generator.chapter_file import ChapterSource
from generator.jinja import environment
from generator.load import load_document
from generator.memo import digest
from generator.model import Course
from generator.render import render_chapter
from generator.validate import validate_chapter

from .conftest import one_chapter_course

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.yml"))
COURSE = Course(title="Golden Course", description="Golden files.", total_chapters=5,
                chapters=["golden"])


def render(case: str) -> str:
    file = f"tests/golden/{case}.yml"
    document = load_document(GOLDEN / f"{case}.yml", file)
    source = ChapterSource.of("golden", file, validate_chapter(document), document,
                           digest((GOLDEN / f"{case}.yml").read_bytes()))
    return render_chapter(environment(), one_chapter_course(source, GOLDEN, COURSE), source)


def test_every_block_kind_has_a_golden_file() -> None:
    assert set(BLOCK_TYPES) <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_golden_markdown(case: str, request: pytest.FixtureRequest) -> None:
    expected_file = GOLDEN / f"{case}.md"
    actual = render(case)
    if request.config.getoption("--update-golden"):
        expected_file.write_text(actual, encoding="utf-8")
    assert expected_file.is_file(), "no golden file yet: run pytest --update-golden"
    assert actual == expected_file.read_text(encoding="utf-8")
