"""The README's YAML examples are valid: documentation that cannot drift from the model."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.blocks import BLOCK_TYPES
from generator.load import load_document
from generator.model import Course
from generator.validate import validate_chapter

from .conftest import REPO

EXAMPLES = re.findall(r"```yaml\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"),
                      re.S)
BLOCK_EXAMPLES = [e for e in EXAMPLES if e.startswith("- ")]
CHAPTER_HEAD = "number: 1\ntitle: T\nsummary: S\nsections:\n  - title: S\n    blocks:\n"


def test_the_readme_shows_every_block_kind() -> None:
    shown = {e[2:].split(":", 1)[0] for e in BLOCK_EXAMPLES}
    assert shown == set(BLOCK_TYPES)


@pytest.mark.parametrize("example", BLOCK_EXAMPLES, ids=lambda e: e[2:].split(":", 1)[0])
def test_block_example_is_valid(example: str, tmp_path: Path) -> None:
    indented = "".join(f"      {line}\n" for line in example.splitlines())
    path = tmp_path / "chapter.yml"
    path.write_text(CHAPTER_HEAD + indented, encoding="utf-8")
    validate_chapter(load_document(path, "README example"))


def test_key_terms_and_course_examples_are_valid(tmp_path: Path) -> None:
    (terms,) = [e for e in EXAMPLES if e.startswith("key_terms:")]
    path = tmp_path / "chapter.yml"
    path.write_text(CHAPTER_HEAD + "      - cards: [{title: A, text: B}]\n" + terms)
    assert validate_chapter(load_document(path, "README example")).key_terms
    (course,) = [e for e in EXAMPLES if e.startswith("title:")]
    path.write_text(course, encoding="utf-8")
    assert Course.model_validate(load_document(path, "README example").data).total_chapters == 14
