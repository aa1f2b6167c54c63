"""The whole course on one page: every written chapter once and in order, ids that do not
meet, left out of search and navigation, linked from the home page; printed, each chapter
starts a new page and every answer shows."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from . import test_browser
from .conftest import SAMPLE_CHAPTER, copy_project, coursegen, edit
from .test_browser import open_scriptless, serving
from .test_print import printed_pages

# The browser of the JavaScript-off tests, shared.
browser = test_browser.browser


def add_second_chapter(root: Path) -> str:
    """Chapter 8 in the project at ``root``: the sample chapter's sections again (its
    questions in the same places, so their ids on a page of their own are the same), without
    key terms. Returns the path of its page on the site."""
    sample = (root / "content" / f"{SAMPLE_CHAPTER}.yml").read_text(encoding="utf-8")
    second = sample.split("\nkey_terms:")[0].replace("number: 7", "number: 8", 1)
    (root / "content" / "08-again.yml").write_text(
        second.replace('title: "Continual', 'title: "Again: Continual', 1), encoding="utf-8")
    edit(root / "content" / "course.yml", f"  - {SAMPLE_CHAPTER}\n",
         f"  - {SAMPLE_CHAPTER}\n  - 08-again\n")
    return "/chapters/08-again/"


@pytest.fixture(scope="module")
def two_chapters(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample course and a second chapter (:func:`add_second_chapter`), built."""
    root = copy_project(tmp_path_factory.mktemp("book") / "course")
    add_second_chapter(root)
    result = coursegen(root, "build")
    assert result.exit_code == 0, result.stderr
    return root


def chapters(root: Path) -> list[dict[str, Any]]:
    course = yaml.safe_load((root / "content" / "course.yml").read_text(encoding="utf-8"))
    found = [yaml.safe_load((root / "content" / f"{slug}.yml").read_text(encoding="utf-8"))
             for slug in course["chapters"]]
    return sorted(found, key=lambda chapter: chapter["number"])


def html(root: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((root / "site" / page).read_text(encoding="utf-8"), "html.parser")


def test_every_chapter_once_in_order(two_chapters: Path) -> None:
    book = html(two_chapters, "whole-course/index.html").select_one("article")
    written = chapters(two_chapters)
    assert len(written) == 2
    titles = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in book.select("h1, h2")]
    expected = [title for chapter in written
                for title in [chapter["title"], *(f"{n}. {s['title']}" for n, s in
                                                  enumerate(chapter["sections"], start=1))]]
    shown = [t for t in titles if t in expected]
    assert shown == expected  # each once, in reading order
    anchors = [f"chapter-{chapter['number']}" for chapter in written]
    assert [h["id"] for h in book.select("h1[id^=chapter-]")] == anchors
    assert [a["href"] for a in book.select(".book-contents a")] == [f"#{a}" for a in anchors]


def test_ids_on_the_page_do_not_meet(two_chapters: Path) -> None:
    page = html(two_chapters, "whole-course/index.html")
    ids = Counter(element["id"] for element in page.select("[id]"))
    assert [name for name, count in ids.items() if count > 1] == []
    # Every label still names its own control, in its own chapter.
    for label in page.select("article label[for]"):
        assert page.find(id=label["for"]) is not None


def test_linked_from_home_out_of_search_and_navigation(two_chapters: Path) -> None:
    home = html(two_chapters, "index.html")
    assert home.select_one("p.whole-course a")["href"] == "whole-course/"
    index = json.loads((two_chapters / "site" / "search" / "search_index.json").read_text())
    assert not [d for d in index["docs"] if d["location"].startswith("whole-course")]
    assert [d for d in index["docs"] if d["location"].startswith("chapters/")]
    assert not home.select('nav a[href$="whole-course/"]')


@pytest.fixture(scope="module")
def book_url(two_chapters: Path) -> Iterator[str]:
    with serving(two_chapters / "site") as url:
        yield url + "/whole-course/"


@pytest.mark.browser
def test_printed_book_starts_each_chapter_on_a_new_page(browser: Any, book_url: str,
                                                       two_chapters: Path) -> None:
    page = open_scriptless(browser, book_url)
    pages = printed_pages(page)
    written = chapters(two_chapters)
    for chapter in written:
        label = f"CHAPTER {chapter['number']} OF"
        assert [p for p in pages if p.startswith(label)], label
        assert sum(label in p for p in pages) == 1
    text = " ".join(pages)
    answers = [f"Answer: {q['answer']})" for chapter in written for section in
               chapter["sections"] for block in section["blocks"] for q in block.get("quiz", [])]
    assert answers and all(text.count(a) >= 1 for a in answers)
    assert text.count("Answer: ") == len(answers)
    page.context.close()


def test_the_preview_leaves_the_chapters_to_build(tmp_path: Path) -> None:
    """coursegen serve rewrites the whole-course page on every save: it holds the list of
    chapters only, linked to their pages, until coursegen build puts them all there."""
    from generator.project import Project

    project = Project(copy_project(tmp_path / "course"))
    book = project.docs / "whole-course.md"
    project.generate(preview=True)
    preview = book.read_text(encoding="utf-8")
    assert "book-chapter" not in preview and "coursegen build puts every chapter" in preview
    assert f'<a href="../chapters/{SAMPLE_CHAPTER}/">' in preview
    project.generate()
    built = book.read_text(encoding="utf-8")
    assert built.count('<div class="book-chapter">') == 1
    assert '<a href="#chapter-7">' in built and "coursegen build puts" not in built
