"""How long pathological author text takes: every field full of one risky pattern.

For each pattern (runs of backticks, brackets, braces, ``<a ``, emphasis markers, nesting
and more), every free-text field of a chapter that has every block kind gets as much of it
as the field allows (20,000 characters for Markdown, 1,000 on one line for plain text),
spread over as many copies of the chapter as keep each file under the 1 MB limit. Prints,
per pattern, the slowest single field rendered and checked in-process, and the whole
``coursegen check`` and ``coursegen build`` of that course. Every scan coursegen
makes over author text is linear, so no figure should grow with the nesting of the input.
Run with ``make bench``.
"""

from __future__ import annotations

import itertools
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from generator.cli import main as coursegen
from generator.markup import render
from generator.reading import link_problem, targets
from tests.conftest import copy_project, every_kind_chapter
from tests.test_untrusted import PLAIN

MARKDOWN_CHARACTERS, PLAIN_CHARACTERS = 20_000, 1_000
PATTERNS = {
    "backticks": "`", "open brackets": "[", "close brackets": "]", "braces": "{",
    "<a tags": "<a ", "emphasis": "*_", "links": "[a](", "images": "![", "entities": "&#",
    "backslashes": "\\", "quotes nested": "> ", "lists nested": "- ", "fences": "```\n",
    "code spans": "`a``", "reference use": "[x][r] ",
}


def fill(piece: str, size: int) -> str:
    return (piece * (size // len(piece) + 1))[:size].strip() or "x"


FIELDS_PER_FILE = 30  # 30 fields of 20,000 characters, and the rest short: under 1 MB


def filled(value: Any, key: str, piece: str, count: itertools.count[int],
           chosen: range) -> Any:
    """``value`` with the free texts numbered in ``chosen`` as much of ``piece`` as their
    field takes, and the others a number."""
    if isinstance(value, dict):
        return {k: v if k in ("style", "answer", "term", "also", "categories", "ordered",
                              "number")
                else filled(v, k, piece, count, chosen) for k, v in value.items()}
    if isinstance(value, list):
        return [filled(item, key, piece, count, chosen) for item in value]
    if isinstance(value, str):
        number = next(count)  # keeps titles and options unique
        if number not in chosen:
            return f"{number}"
        if key in PLAIN:
            return f"{number} " + " ".join(fill(piece, PLAIN_CHARACTERS - 10).split())
        return f"{number} " + fill(piece, MARKDOWN_CHARACTERS - 10)
    return value


def write_course(root: Path, piece: str) -> int:
    """Chapters that together give every field the pattern; returns how many."""
    fields = sum(1 for _ in _strings(every_kind_chapter()))
    slugs = []
    for first in range(0, fields, FIELDS_PER_FILE):
        slug = f"{len(slugs) + 1:02d}-pattern"
        chapter = filled(every_kind_chapter(), "", piece, itertools.count(),
                         range(first, first + FIELDS_PER_FILE))
        chapter["number"] = len(slugs) + 1
        for term in chapter["key_terms"]:  # each chapter defines terms of its own
            term["term"] += f" {len(slugs) + 1}"
            term["also"] = [f"{name} {len(slugs) + 1}" for name in term.get("also", [])]
        (root / "content" / f"{slug}.yml").write_text(
            yaml.safe_dump(chapter, allow_unicode=True), encoding="utf-8")
        slugs.append(slug)
    (root / "content" / "07-continual-improvement.yml").unlink()
    course = yaml.safe_load((root / "content" / "course.yml").read_text(encoding="utf-8"))
    course.update(chapters=slugs, total_chapters=max(len(slugs), course["total_chapters"]))
    (root / "content" / "course.yml").write_text(yaml.safe_dump(course), encoding="utf-8")
    return len(slugs)


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for k, v in value.items() if k not in ("style", "answer", "term", "also",
                                                         "categories", "ordered", "number")
                for s in _strings(v)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return [value] if isinstance(value, str) else []


def slowest_field(piece: str) -> float:
    """The longest time one Markdown field of the pattern takes to check and render."""
    text = fill(piece, MARKDOWN_CHARACTERS)
    targets.cache_clear()
    start = time.perf_counter()
    link_problem(text)
    render(text)
    return time.perf_counter() - start


def timed(root: Path, command: str) -> tuple[float, int]:
    start = time.perf_counter()
    result = CliRunner().invoke(coursegen, ["--project", str(root), command])
    return time.perf_counter() - start, result.exit_code


def main() -> None:
    print(f"{'pattern':16} | field s | check s | build s | exit codes")
    print("|".join(["-" * 17, "-" * 9, "-" * 9, "-" * 9, "-" * 11]))
    worst = {"field": 0.0, "check": 0.0, "build": 0.0}
    with tempfile.TemporaryDirectory() as folder:
        for name, piece in PATTERNS.items():
            root = copy_project(Path(folder) / name.replace(" ", "-"))
            write_course(root, piece)
            field = slowest_field(piece)
            check, check_code = timed(root, "check")
            build, build_code = timed(root, "build")
            worst = {"field": max(worst["field"], field), "check": max(worst["check"], check),
                     "build": max(worst["build"], build)}
            print(f"{name:16} | {field:7.3f} | {check:7.2f} | {build:7.2f} | "
                  f"{check_code} / {build_code}")
    print(f"slowest: one field {worst['field']:.3f} s, check {worst['check']:.2f} s, "
          f"build {worst['build']:.2f} s (a chapter of every block kind, every field full)")


if __name__ == "__main__":
    main()
