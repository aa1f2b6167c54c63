"""A course about programming and maths: code, formulas and inline Markdown in every kind of
field, built from ``tests/data/programming-chapter.yml`` beside the sample chapter, checked in
the built HTML, the exports, with Zensical, and in Chromium with JavaScript off."""

from __future__ import annotations

import base64
import functools
import importlib.util
import json
import re
import shutil
import threading
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from .conftest import REPO, copy_project, coursegen, edit
from .test_browser import WCAG, _QuietHandler, _strip_scripts, browser
from .test_exports import notes, parse_gift

__all__ = ["browser"]  # the fixture, shared with the other browser tests
SLUG = "02-loops-with-for"
PAGE = f"/chapters/{SLUG}/"


@pytest.fixture(scope="module")
def technical(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample course with the programming chapter as chapter 2, built."""
    root = copy_project(tmp_path_factory.mktemp("technical") / "course")
    shutil.copy(REPO / "tests" / "data" / "programming-chapter.yml",
                root / "content" / f"{SLUG}.yml")
    edit(root / "content" / "course.yml", "chapters:\n", f"chapters:\n  - {SLUG}\n")
    result = coursegen(root, "build", "--strict")
    assert result.exit_code == 0, result.stderr
    return root


def html(root: Path, path: str = f"chapters/{SLUG}/index.html") -> BeautifulSoup:
    return BeautifulSoup((root / "site" / path).read_text(encoding="utf-8"), "html.parser")


def test_inline_markdown_in_every_short_field(technical: Path) -> None:
    page = html(technical)
    article = page.select_one("article")
    code_in = {
        "chapter title": "h1", "section title": "h2", "block title": "h3",
        "worked step": "h4", "objective": ".objectives li", "model step": ".process-model li",
        "table head": "th", "table cell": "td", "callout title": ".admonition-title",
        "option": "fieldset label", "category": "p.categories",
        "flashcard front": ".flashcards li > p > strong",
        "activity prompt": ".activity-steps strong",
    }
    missing = [where for where, selector in code_in.items()
               if not any(e.find("code") for e in article.select(selector))]
    assert missing == []
    assert article.select_one("label[for$='-b'] code").get_text() == "[0, 1, 2]"
    steps = [li.get_text(" ", strip=True) for li in article.select(".process-model li")]
    assert steps[1] == "Call next() until StopIteration"
    assert article.select_one(".process-model li em").get_text() == "StopIteration"
    example = article.select(".activity-steps li > p")[1]
    assert example.decode_contents() == "Example: <code>for t in temps: print(t)</code>"
    # No Markdown left as text: no backtick, no formula between dollars; money stays money.
    text = article.get_text()
    assert "`" not in text and "$\\" not in text and "$10$" not in text
    assert "A ticket costs $5 and a book $10: no formula there." in text


def test_formulas_are_mathml(technical: Path) -> None:
    article = html(technical).select_one("article")
    (display,) = article.select("math[display=block]")
    assert display.find("munderover") and display.find("mfrac")
    assert article.select_one(".chapter-summary math[display=inline] msubsup")
    assert article.select_one(".objectives li math mfrac")
    assert article.select_one("fieldset label math mn").get_text() == "10"
    assert len(article.select("math")) == 13


def test_titles_are_plain_where_markup_cannot_go(technical: Path) -> None:
    page = html(technical)
    assert page.title.get_text() == "2. Loops with for - ITIL 4 Foundation: A Practical Course"
    nav = [a.get_text(" ", strip=True) for a in page.select("nav.md-nav--primary a")]
    assert "2. Loops with for" in nav
    toc = [a.get_text(" ", strip=True) for a in page.select("nav.md-nav--secondary a")]
    assert toc[:3] == ["1. How a for loop runs", "What for does", "Summing temps"]
    assert not page.select("nav code, title code")
    home = html(technical, "index.html")
    card = home.select_one(f"article a[href='chapters/{SLUG}/']").find_parent("li")
    assert card.select_one("code").get_text() == "for" and card.select_one("math mfrac")


def test_code_is_highlighted(technical: Path) -> None:
    block = html(technical).select_one("article .highlight pre code")
    assert [s.get_text() for s in block.select("span.k, span.ow")] == ["for", "in"]
    assert block.select_one("span.c1").get_text() == "# one reading at a time"


def test_exports_carry_code_and_formulas(technical: Path) -> None:
    downloads = technical / "site" / "downloads"
    fronts = {note["fields"][0]: note["fields"][1]
              for note in notes((downloads / f"{SLUG}.apkg").read_bytes())}
    assert re.fullmatch(r'<p>Leaves the loop at once\. <img src="(flow-[0-9a-f]{10}\.svg)" '
                        r'alt="Two boxes, iter\(\) and next\(\)" width="400" height="200" '
                        r'loading="lazy"></p>', fronts["<code>break</code>"])
    with zipfile.ZipFile(downloads / f"{SLUG}.apkg") as package:
        listed = json.loads(package.read("media"))
        assert list(listed.values()) == [re.search(r'src="([^"]+)"',
                                                   fronts["<code>break</code>"]).group(1)]
        assert package.read("0") == (technical / "content/media/flow.svg").read_bytes()
    assert fronts[r"\(\frac{n(n+1)}{2}\)"] == r"<p>The sum \(1 + 2 + \dots + n\).</p>"
    moodle = ET.parse(downloads / f"{SLUG}-moodle.xml").getroot()
    first, second, matching = moodle.findall("question")[1:]
    assert first.findtext("name/text") == "Chapter 2, 1: Checking yourself"
    assert [a.findtext("text") for a in first.findall("answer")][1] == "<code>[0, 1, 2]</code>"
    question = second.findtext("questiontext/text")
    name = re.search(r'src="@@PLUGINFILE@@/(loop-diagram-[0-9a-f]{10}\.png)"', question).group(1)
    assert question.startswith(r"<p>What is \(\sum_{i=1}^{4} i\)? <img src=")
    (embedded,) = second.findall("questiontext/file")
    assert (embedded.get("name"), embedded.get("path"), embedded.get("encoding")) == (
        name, "/", "base64")
    assert base64.b64decode(embedded.text) == (
        technical / "content/media/loop-diagram.png").read_bytes()
    assert [s.findtext("answer/text") for s in matching.findall("subquestion")] == [
        "List comprehension", "for loop"]
    _, gift_first, gift_second, gift_matching = parse_gift(
        (downloads / f"{SLUG}-gift.txt").read_text(encoding="utf-8"))
    assert gift_first["answers"][1]["text"] == "<code>[0, 1, 2]</code>"
    assert gift_second["text"] == (r"<p>What is \(\sum_{i=1}^{4} i\)? [A blue rectangle that "
                                   "stands for a list]</p>")  # GIFT carries no files
    assert [right for _, right in gift_matching["pairs"]] == ["List comprehension", "for loop"]
    answers = html(technical, f"handouts/{SLUG}-answers/index.html").select_one("article")
    assert answers.select("math") and answers.select_one("code").get_text()


def test_zensical_builds_the_same_headings_contents_and_images(technical: Path,
                                                               tmp_path: Path) -> None:
    if importlib.util.find_spec("zensical") is None:
        pytest.skip("zensical is not installed")
    root = shutil.copytree(technical, tmp_path / "course", ignore=shutil.ignore_patterns("site"))
    result = coursegen(root, "build", "--engine", "zensical")
    assert result.exit_code == 0, result.stderr
    page = html(root)
    assert page.select_one("article h2 code").get_text() == "for"
    toc = [a.get_text(" ", strip=True) for a in page.select("nav.md-nav--secondary a")]
    assert toc[:3] == ["1. How a for loop runs", "What for does", "Summing temps"]
    assert len(page.select("article math")) == 13
    folder = root / "site" / "chapters" / SLUG
    images = [img["src"] for img in page.select("article img")]
    assert len(images) == 4 and all((folder / src).resolve().is_file() for src in images)


# --- In Chromium, JavaScript off ------------------------------------------------------------


def open_offline(browser: Any, url: str, width: int = 1280, scheme: str = "light",
                 scriptless: bool = False) -> Any:
    """The page with JavaScript off (or its scripts removed, so axe can run), and no request
    leaving 127.0.0.1: the video frame's player is not fetched."""
    context = browser.new_context(java_script_enabled=scriptless, reduced_motion="reduce",
                                  color_scheme=scheme, viewport={"width": width, "height": 800})
    if scriptless:
        context.route("**/*", _strip_scripts)
    context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/])"), lambda route: route.abort())
    page = context.new_page()
    page.goto(url)
    return page


@pytest.fixture(scope="module")
def technical_url(technical: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(technical / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{PAGE}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_no_violations(browser: Any, technical_url: str, width: int,
                                 scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = open_offline(browser, technical_url, width, scheme, scriptless=True)
    for summary in page.locator("article details > summary").all():
        summary.click()
    page.locator("article fieldset label").first.click()
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG},
                                       "resultTypes": ["violations"]})
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"]] == []
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 390])
def test_long_code_scrolls_inside_its_block(browser: Any, technical_url: str,
                                            width: int) -> None:
    page = open_offline(browser, technical_url, width)
    for summary in page.locator("article details > summary").all():
        summary.click()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    code = page.locator("article .highlight pre code").first
    assert code.evaluate("e => e.scrollWidth > e.clientWidth")  # the long line scrolls here
    page.context.close()


@pytest.mark.browser
def test_options_with_code_and_formulas_answer_by_mouse_and_keyboard(
        browser: Any, technical_url: str) -> None:
    page = open_offline(browser, technical_url)
    first, second = page.locator("article div.admonition.question").all()
    first.locator("label code", has_text="[0, 1, 2]").click()  # the code inside the label
    assert first.locator("input[value=B]").is_checked()
    assert first.locator(".verdict.right").is_visible()
    radio = second.locator("input[type=radio]").first
    radio.focus()
    page.keyboard.press("Space")
    assert radio.is_checked() and second.locator(".verdict.right").is_visible()
    page.context.close()


def test_an_edited_image_is_shown_again_by_a_running_project(technical: Path,
                                                             tmp_path: Path) -> None:
    """In a long-lived Project (coursegen serve), changing an image's bytes changes the
    pages and downloads that show it, though no chapter changed."""
    from generator.project import Project

    root = shutil.copytree(technical, tmp_path / "course", symlinks=True)
    project = Project(root)
    project.generate()
    # An image shown only inside Markdown text (no figure block names it).
    image = root / "content" / "media" / "loop-diagram.png"
    image.write_bytes(image.read_bytes() + b"\0")  # after the end: the same picture
    written = project.generate()[1].written
    (new,) = [p for p in written if p.startswith("docs/media/")]
    page = (root / "docs" / "chapters" / f"{SLUG}.md").read_text(encoding="utf-8")
    assert new.removeprefix("docs/media/") in page
    assert f"docs/downloads/{SLUG}-moodle.xml" in written  # a question shows it
    assert sorted(p.name for p in (root / "docs" / "media").iterdir()) == sorted(
        [new.removeprefix("docs/media/"),
         *(p.name for p in (technical / "docs" / "media").iterdir() if "loop" not in p.name)])
