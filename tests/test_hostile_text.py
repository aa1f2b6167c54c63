"""Author text cannot break out of its block, whatever it contains."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup

from generator.escape import inert
from generator.markup import render

from .conftest import SAMPLE_CHAPTER, coursegen

# Lines that, unescaped, would open blocks, close HTML, define abbreviations or include files.
# (Script, event handlers and javascript: links are refused instead: see tests/bad/.)
HOSTILE_LINES = [
    "MARK first line",
    '??? danger "Opened by the author"',
    "    indented under it",
    "!!! note",
    "# A heading",
    "/// details | pymdown block",
    "</details></div></li>",
    "{{ jinja }} {% raw %} {# c #}",
    "<b>bold?</b> <details open><summary>Peek</summary> <!-- comment",
    '--8<-- "/etc/passwd"',
    "*[MARK]: an abbreviation of the author's",
    '{: .big #taken }',
]
HOSTILE_MARKDOWN = "\n".join(HOSTILE_LINES)
HOSTILE_PLAIN = " ".join(line.strip() for line in HOSTILE_LINES)

# Fields whose values are checked against a fixed set or another field.
KEEP = {"style", "answer", "categories", "term", "also", "number", "ordered"}
PLAIN_KEYS = {"title", "summary", "name", "front", "prompt", "example", "definition", "options",
              "objectives",
              "steps", "columns", "rows", "duration"}


_NUMBERS = itertools.count()


def poison(value: Any, key: str = "", count: Iterator[int] = _NUMBERS) -> Any:
    """``value`` with every free text replaced by hostile text (numbered, to stay unique)."""
    if isinstance(value, dict):
        return {k: v if k in KEEP else poison(v, k, count) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(item, key, count) for item in value]
    if isinstance(value, str):
        text = HOSTILE_PLAIN if key in PLAIN_KEYS else HOSTILE_MARKDOWN
        return f"{text} {next(count)}"
    return value


def test_markdown_renders_as_html_with_every_block_start_as_text() -> None:
    html = render(HOSTILE_MARKDOWN)
    assert "???" in html and "!!!" in html and "# A heading" in html and "///" in html
    assert "<details" not in html and "<b>" not in html and "<h1" not in html
    assert "&lt;/details&gt;&lt;/div&gt;&lt;/li&gt;" in html
    assert render("keep `<b>` in code") == "<p>keep <code>&lt;b&gt;</code> in code</p>"


def test_heading_text_leaves_no_markup() -> None:
    assert inert('*a* <b> "c" [d](e) #f') == (
        "&#42;a&#42; &#60;b&#62; &#34;c&#34; &#91;d&#93;&#40;e&#41; &#35;f")


def structure(page: BeautifulSoup) -> dict[str, int]:
    article = page.select_one("article")
    return {selector: len(article.select(selector)) for selector in (
        "details", "div.admonition", "h1", "h2", "div.grid.cards > ul > li", "dl dt", "b",
        "[onclick]", "details[open]")}


def test_hostile_text_everywhere_stays_inside_its_block(tmp_path: Path, built_course: Path,
                                                        chapter_html: BeautifulSoup) -> None:
    from .conftest import copy_project

    root = copy_project(tmp_path / "course")
    chapter_file = root / "content" / f"{SAMPLE_CHAPTER}.yml"
    chapter = yaml.safe_load(chapter_file.read_text(encoding="utf-8"))
    chapter_file.write_text(yaml.safe_dump(poison(chapter), allow_unicode=True), encoding="utf-8")
    result = coursegen(root, "build")
    assert result.exit_code == 0, result.stderr
    html = (root / "site" / "chapters" / SAMPLE_CHAPTER / "index.html").read_text()
    page = BeautifulSoup(html, "html.parser")
    assert structure(page) == structure(chapter_html)
    assert "root:x:0:0" not in html
    assert page.select("#taken") == [] and page.select(".big") == []  # attribute lists stay text
    # Every answer still holds the author's text, as text.
    for details in page.select("article details"):
        body = details.get_text()
        assert "MARK first line" in body or "MARK" in body
        assert "</details></div></li>" in body
        assert "<b>bold?</b> <details open><summary>Peek</summary> <!-- comment" in body
    assert "{{ jinja }} {% raw %} {# c #}" in page.select_one("article").get_text()
