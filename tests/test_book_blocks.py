"""The whole-course page, each chapter one HTML block (book.py): the same page for students
as with Markdown headings, which Python-Markdown takes time to build that grows with the
square of the page, but with each heading's id its chapter's; anything book.py cannot write
exactly stays Markdown."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup

from generator.book import SEPARATOR, HeadingStyle, book_part, heading_style
from generator.course import load_course
from generator.paths import BOOK
from generator.render import render_course
from generator.translations import site_config

from .conftest import REPO, SAMPLE_CHAPTER, copy_project, coursegen, edit, every_kind_chapter

_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
_HEADINGS = re.compile(r"<h([1-6])[^>]*>.*?</h\1>", re.S)


def site_html(page: str, root: Path = REPO) -> str:
    """``page`` (Markdown, front matter removed) as the site's Markdown makes it HTML."""
    config = site_config(root / "mkdocs.yml") or {}
    names: list[str] = []
    options: dict[str, Any] = {}
    for item in config["markdown_extensions"]:
        name, settings = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        options[name] = settings or {}
    return markdown.markdown(_FRONT.sub("", page), extensions=names,
                             extension_configs=options)


def without_ids(html: str) -> str:
    """``html`` with every id, and every link to one, left out."""
    return re.sub(r' (id|href)="#?[^"]*"', "", html)


def same_for_students(html: str) -> str:
    """``html`` with white space between tags and the chapter rule's form (an empty div
    before the chapter, or around it) made the same."""
    html = html.replace('<div class="book-chapter"></div>', "<chapter>")
    html = re.sub(r'<div class="book-chapter">(.*?)</div>\s*(?=<div class="book-chapter">|$)',
                  r"<chapter>\1", html, flags=re.S)
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample course, its chapter twice (chapter 8: the same headings again, whose ids
    toc numbers on the page) and a chapter of every block kind (9)."""
    root = copy_project(tmp_path_factory.mktemp("book-blocks") / "course")
    content = root / "content"
    sample = (content / f"{SAMPLE_CHAPTER}.yml").read_text(encoding="utf-8")
    (content / "08-again.yml").write_text(
        sample.split("\nkey_terms:")[0].replace("number: 7", "number: 8", 1), encoding="utf-8")
    every = {**every_kind_chapter(), "number": 9}
    del every["key_terms"]  # the sample chapter defines the same terms
    (content / "09-every-kind.yml").write_text(yaml.safe_dump(every), encoding="utf-8")
    edit(content / "course.yml", f"  - {SAMPLE_CHAPTER}\n",
         f"  - {SAMPLE_CHAPTER}\n  - 08-again\n  - 09-every-kind\n")
    return root


def test_each_chapter_is_one_html_block_and_the_page_is_the_same(every_kind: Path) -> None:
    content = load_course(every_kind / "content")
    assert content.book_headings is not None  # the sample's mkdocs.yml: toc with permalinks
    fast = render_course(content)[BOOK]
    slow = render_course(dataclasses.replace(content, book_headings=None))[BOOK]
    # Each chapter a single block; after the page's top, no Markdown heading is left.
    assert fast.count('<div class="book-chapter">\n') == len(content.chapters)
    assert SEPARATOR not in fast
    body = _FRONT.sub("", fast)
    assert [line for line in body.split("\n") if line.startswith("#")] == [
        f"# {content.course.title}"]
    assert slow.count(SEPARATOR) == len(content.chapters)  # as before book.py
    fast_html, slow_html = site_html(fast), site_html(slow)
    # Every heading the same: tag, classes, text, permalink; its id the chapter's.
    headings = [m.group(0) for m in _HEADINGS.finditer(slow_html)]
    found = [m.group(0) for m in _HEADINGS.finditer(fast_html)]
    assert [without_ids(h) for h in found] == [without_ids(h) for h in headings]
    assert len(headings) > 3 * len(content.chapters)
    assert '<h1 id="chapter-9">' in fast_html
    assert re.search(r'<h4 class="worked-step" id="c9-[^"]+">', fast_html)
    assert (same_for_students(without_ids(fast_html))
            == same_for_students(without_ids(slow_html)))
    page = BeautifulSoup(fast_html, "html.parser")
    # Chapter 8 repeats chapter 7's headings: the same ids but for the chapter's prefix, so
    # an anchor does not move when an earlier chapter gains a heading.
    ids = {number: [h["id"] for h in page.select(f"h1#chapter-{number} ~ :is(h2, h3, h4)")
                    if h.find_parent("div")["class"] == ["book-chapter"]
                    and h.find_parent("div").select_one(f"h1#chapter-{number}")]
           for number in (7, 8)}
    assert len(ids[7]) > 5  # chapter 8 has no key terms
    assert [i.replace("c7-", "c8-", 1) for i in ids[7] if i != "c7-key-terms"] == ids[8]
    for heading in page.select("div.book-chapter :is(h2, h3, h4)"):
        assert re.match(r"c[789]-", heading["id"])
        assert heading.select_one("a.headerlink")["href"] == f"#{heading['id']}"
    for number in (7, 8, 9):
        chapter = page.select_one(f"h1#chapter-{number}")
        assert chapter is not None and "book-chapter" in chapter.parent["class"]
    ids = Counter(element["id"] for element in page.select("[id]"))
    assert [name for name, count in ids.items() if count > 1] == []


def test_a_chapter_left_as_markdown_keeps_working(every_kind: Path) -> None:
    """An override that writes Markdown (here, a paragraph and a heading with emphasis) keeps
    its chapter as it was: Markdown, after the empty chapter rule; the other chapters are
    still single blocks, and no id meets another."""
    content = load_course(every_kind / "content")
    style = content.book_headings
    assert style is not None
    top = "# Course\n\n<p>top</p>\n"
    ours = ('<p class="chapter-label">Chapter 1</p>\n\n# First { #chapter-1 }\n\n'
            "<p>text</p>\n\n## 1. Key terms \n\n<p>more</p>\n")
    theirs = ("# Second { #chapter-2 }\n\nRead *this* first.\n\n## 1. Key *terms*\n\n"
              "## 1. Key terms\n")
    page = "\n".join([top, book_part(ours, style, 1), book_part(theirs, style, 2),
                      book_part(ours.replace("chapter-1", "chapter-3"), style, 3)])
    assert page.count(SEPARATOR) == 1 and f"{SEPARATOR}\n{theirs}" in page
    assert page.count('<div class="book-chapter">\n') == 2
    html = BeautifulSoup(site_html(page), "html.parser")
    assert html.select_one("h2 em").get_text() == "terms"  # Markdown, still read
    assert html.select_one("p em").get_text() == "this"
    ids = [h["id"] for h in html.select("h1, h2")]
    assert len(ids) == len(set(ids)) == 8
    # Its text as Markdown would leave it; its id its chapter's, apart from those toc gives
    # the Markdown chapter.
    assert html.select_one("div.book-chapter h2").decode_contents() == (
        '1. Key terms<a class="headerlink" href="#c1-1-key-terms" title="Permanent link">¶</a>')
    assert ids == ["course", "chapter-1", "c1-1-key-terms", "chapter-2", "1-key-terms",
                   "1-key-terms_1", "chapter-3", "c3-1-key-terms"]
    assert [h["id"] for h in html.select("h1")] == [
        "course", "chapter-1", "chapter-2", "chapter-3"]


@pytest.mark.parametrize(("toc", "extra", "expected"), [
    ({"permalink": True}, [], HeadingStyle(permalink="&para;", attr_list=True)),
    ({}, [], HeadingStyle(attr_list=True)),
    ({"permalink": "#", "permalink_title": "", "permalink_leading": True}, [],
     HeadingStyle(permalink="#", permalink_title="", permalink_leading=True,
                  attr_list=True)),
    ({"permalink": True, "baselevel": 2}, [], None),  # levels change: left to toc
    ({"permalink": True, "anchorlink": True}, [], None),
    ({"slugify": None}, [], None),  # a function of the author's (!!python/name:)
    ({"permalink": True}, ["smarty"], None),  # would change "--" in a heading
    ({"permalink": True}, ["pymdownx.emoji"], None),
    ({"permalink": True}, [{"abbr": {"glossary": "abbreviations.md"}}], None),
])
def test_headings_are_written_only_as_the_site_would(
        toc: dict[str, Any], extra: list[Any], expected: HeadingStyle | None) -> None:
    config = {"markdown_extensions": ["attr_list", {"toc": toc}, *extra]}
    assert heading_style(config) == expected


def test_without_toc_or_with_an_inherited_config_headings_stay_markdown() -> None:
    assert heading_style({"markdown_extensions": ["attr_list"]}) is None
    assert heading_style({"INHERIT": "base.yml", "markdown_extensions": ["toc"]}) is None
    assert heading_style(None) is None


def test_built_page_has_each_chapter_in_one_block(tmp_path: Path) -> None:
    """Built by MkDocs: the chapter headings keep their ids and permalinks inside the
    chapter's block, whose rule prints each chapter on a new page."""
    root = copy_project(tmp_path / "course")
    result = coursegen(root, "build")
    assert result.exit_code == 0, result.stderr
    page = BeautifulSoup((root / "site" / "whole-course" / "index.html").read_text(
        encoding="utf-8"), "html.parser").select_one("article")
    chapters = page.select("div.book-chapter")
    assert chapters and all(c.select_one("h1[id^=chapter-]") for c in chapters)
    for heading in page.select("div.book-chapter :is(h1, h2, h3, h4)"):
        assert heading.select_one("a.headerlink")["href"] == f"#{heading['id']}"
