"""What a student sees, in a real Chromium: answers that open without JavaScript by mouse,
keyboard and touch, self-check, accessibility (axe-core), phone width, print, screenshots.

Uses Debian's ``chromium`` (``playwright install`` cannot download browsers here). Without it
these tests skip on a developer's machine and fail in CI, where ``.ci/run`` installs it.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import REPO, SAMPLE_CHAPTER

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
CHAPTER = f"/chapters/{SAMPLE_CHAPTER}/"
PAGES = {"chapter": CHAPTER, "glossary": "/glossary/", "home": "/",
         "whole-course": "/whole-course/"}
SAMPLE = yaml.safe_load((REPO / "content" / f"{SAMPLE_CHAPTER}.yml").read_text(encoding="utf-8"))
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def blocks(kind: str) -> list[Any]:
    return [block[kind] for section in SAMPLE["sections"] for block in section["blocks"]
            if kind in block]


QUESTIONS = [question for quiz in blocks("quiz") for question in quiz]
(EXERCISE,) = blocks("classification")
(DECK,) = blocks("flashcards")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """``folder`` served on 127.0.0.1 (at a free port) until the block ends; yields its URL.
    The folder may be built after the server starts, as for a site that must know its URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def site_url(built_course: Path) -> Iterator[str]:
    """The built site, served on 127.0.0.1 for the module's tests, then stopped."""
    with serving(built_course / "site") as url:
        yield url


# Debian's chromium; on other machines (a GitHub runner) another Chromium build will do.
CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser",
                                                "google-chrome"))), None)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = CHROMIUM
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the browser tests: install Debian's chromium")
        pytest.skip("no chromium on this machine (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser: Any, url: str, width: int = 1280, height: int = 900,
              scheme: str = "light", **options: Any) -> Any:
    """A page with JavaScript off, as a student with scripts blocked sees it."""
    context = browser.new_context(java_script_enabled=False, reduced_motion="reduce",
                                  color_scheme=scheme, viewport={"width": width, "height": height},
                                  **options)
    page = context.new_page()
    page.goto(url)
    return page


def _strip_scripts(route: Any) -> None:
    if route.request.resource_type == "script":
        route.abort()
        return
    response = route.fetch()
    if "text/html" in response.headers.get("content-type", ""):
        body = re.sub(r"<script\b[^>]*>.*?</script>", "", response.text(), flags=re.S | re.I)
        route.fulfill(response=response, body=body)
    else:
        route.fulfill(response=response)


def open_scriptless(browser: Any, url: str, width: int = 1280, scheme: str = "light") -> Any:
    """The page without its scripts, in a context where our own tools may run.

    With JavaScript off, Chromium suspends timers, so neither axe-core nor printing to PDF
    can finish; removing the page's scripts instead gives the same no-JavaScript page.
    """
    context = browser.new_context(reduced_motion="reduce", color_scheme=scheme,
                                  viewport={"width": width, "height": 900})
    context.route("**/*", _strip_scripts)
    page = context.new_page()
    page.goto(url)
    assert "no-js" in page.locator("html").get_attribute("class")
    return page


def visible_text(locator: Any) -> str:
    return " ".join(locator.inner_text().split())


# --- Hidden answers open without JavaScript -----------------------------------------------


@pytest.mark.parametrize("width", [1280, 390])
def test_every_hidden_answer_opens_on_click(browser: Any, site_url: str, width: int) -> None:
    page = open_page(browser, site_url + CHAPTER, width)
    assert "no-js" in page.locator("html").get_attribute("class")  # no script ran
    details = page.locator("article details")
    assert details.count() == len(QUESTIONS) + len(EXERCISE["scenarios"]) + len(DECK) == 11
    for index in range(details.count()):
        item = details.nth(index)
        body = item.locator(":scope > :not(summary)").first
        assert item.get_attribute("open") is None and not body.is_visible()
        item.locator("summary").click()
        assert item.get_attribute("open") is not None and body.is_visible()
    page.context.close()


def test_every_hidden_answer_opens_on_tap(browser: Any, site_url: str) -> None:
    page = open_page(browser, site_url + CHAPTER, 390, 844, has_touch=True, is_mobile=True)
    summaries = page.locator("article details > summary")
    for index in range(summaries.count()):
        summaries.nth(index).tap()
        assert summaries.nth(index).locator("xpath=..").get_attribute("open") is not None
    page.context.close()


def test_keyboard_reaches_and_opens_every_answer(browser: Any, site_url: str) -> None:
    page = open_page(browser, site_url + CHAPTER, 1280, 700)
    header_bottom = page.locator(".md-header").bounding_box()["height"]
    opened, groups = 0, set()
    for _ in range(400):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => { const e = document.activeElement;
            const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
            return {tag: e.tagName, name: e.name || '', top: r.top, outline: s.outlineStyle,
                    width: parseFloat(s.outlineWidth), inArticle: !!e.closest('article')}; }""")
        if focused["tag"] == "BODY":
            break
        if not focused["inArticle"] or focused["tag"] not in ("SUMMARY", "INPUT"):
            continue
        # Focus is visible, and not under the sticky header.
        assert focused["outline"] != "none" and focused["width"] >= 2
        assert focused["top"] >= header_bottom
        if focused["tag"] == "SUMMARY":
            page.keyboard.press("Enter" if opened % 2 == 0 else "Space")
            assert page.evaluate("document.activeElement.parentElement.open")
            opened += 1
        else:
            groups.add(focused["name"])
    assert opened == 11
    assert len(groups) == len(QUESTIONS) + len(EXERCISE["scenarios"])
    page.context.close()


# --- Self-check -----------------------------------------------------------------------------


def test_self_check_questions(browser: Any, site_url: str) -> None:
    page = open_page(browser, site_url + CHAPTER)
    boxes = page.locator("article div.admonition.question")
    assert boxes.count() == len(QUESTIONS)
    for box_index, question in enumerate(QUESTIONS):
        box = boxes.nth(box_index)
        assert visible_text(box.locator("legend")) == "Choose your answer"
        radios = box.locator("fieldset input[type=radio]")
        assert radios.count() == len(question["options"])
        verdicts = box.locator(".verdict")
        assert all(not verdicts.nth(i).is_visible() for i in range(verdicts.count()))
        for index, option in enumerate(question["options"]):
            letter = "ABCD"[index]
            box.locator(f"label[for='{radios.nth(index).get_attribute('id')}']").click()
            assert visible_text(box.locator("label").nth(index)) == f"{letter}) {option}"
            shown = [i for i in range(verdicts.count()) if verdicts.nth(i).is_visible()]
            assert shown == [index]
            verdict = visible_text(verdicts.nth(index))
            mark = verdicts.nth(index).locator("strong").first.evaluate(
                "e => getComputedStyle(e, '::before').content")
            if letter == question["answer"]:
                assert verdict == f"Correct. {question['explanation']}" and "✓" in mark
            else:
                feedback = question.get("feedback", {}).get(
                    letter, "Try another one, or open “Show answer” below.")
                assert verdict == f"Not quite. {feedback}" and "✗" in mark
    page.context.close()


def test_self_check_scenarios(browser: Any, site_url: str) -> None:
    page = open_page(browser, site_url + CHAPTER, 390, 844)
    boxes = page.locator("article div.admonition.scenario")
    assert boxes.count() == len(EXERCISE["scenarios"])
    for box_index, scenario in enumerate(EXERCISE["scenarios"]):
        box = boxes.nth(box_index)
        labels = box.locator("fieldset label")
        assert [visible_text(labels.nth(i)) for i in range(labels.count())] == EXERCISE[
            "categories"]
        for index, category in enumerate(EXERCISE["categories"]):
            labels.nth(index).click()
            verdict = box.locator(".verdict").nth(index)
            assert verdict.is_visible()
            if category == scenario["answer"]:
                assert visible_text(verdict) == (
                    f"Correct. {scenario['answer']} – {scenario['reason']}")
            else:
                assert visible_text(verdict).startswith("Not quite.")
    page.context.close()


def test_self_check_from_the_keyboard(browser: Any, site_url: str) -> None:
    page = open_page(browser, site_url + CHAPTER)
    box = page.locator("article div.admonition.question").first
    radios = box.locator("input[type=radio]")
    radios.first.focus()
    page.keyboard.press("Space")
    assert radios.first.is_checked() and box.locator(".verdict").first.is_visible()
    page.keyboard.press("ArrowDown")
    assert radios.nth(1).is_checked()
    assert box.locator(".verdict").nth(1).is_visible()
    assert not box.locator(".verdict").first.is_visible()
    page.context.close()


# --- Accessibility and layout ---------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("page_name", list(PAGES))
def test_axe_finds_no_violations(browser: Any, site_url: str, page_name: str, width: int,
                                 scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = open_scriptless(browser, site_url + PAGES[page_name], width, scheme)
    if page_name == "chapter":  # check the opened answers and a chosen option too
        for summary in page.locator("article details > summary").all():
            summary.click()
        page.locator("article fieldset label").first.click()
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG},
                                       "resultTypes": ["violations"]})
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3])
                  for v in results.response["violations"]]
    assert violations == []
    page.context.close()


def test_dark_palette_applies_without_javascript(browser: Any, site_url: str) -> None:
    page = open_page(browser, site_url + CHAPTER, scheme="dark")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    channels = [float(c) for c in re.findall(r"[\d.]+", background)[:3]]
    assert max(channels) < 80, background
    page.context.close()


def test_answer_and_card_text_is_body_size(browser: Any, site_url: str) -> None:
    page = open_page(browser, site_url + CHAPTER)
    for summary in page.locator("article details > summary").all():
        summary.click()
    page.locator("article fieldset label").first.click()
    body = page.evaluate("parseFloat(getComputedStyle(document.querySelector("
                         "'article > p:not([class])')).fontSize)")
    sizes = page.evaluate("""() => [...document.querySelectorAll(
        'article details p, article .grid.cards li p, article .admonition p, article .verdict p,'
        + ' article fieldset label')].filter(e => e.offsetParent).map(e =>
        parseFloat(getComputedStyle(e).fontSize))""")
    assert len(sizes) > 30
    assert min(sizes) >= body == 16
    page.context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_touch_targets_are_at_least_24px(browser: Any, site_url: str, width: int) -> None:
    page = open_page(browser, site_url + CHAPTER, width)
    targets = page.locator("article summary, article input[type=radio], article fieldset label")
    assert targets.count() == 11 + 2 * (len(QUESTIONS) * 4 + len(EXERCISE["scenarios"]) * 3)
    for target in targets.all():
        box = target.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, target.evaluate("e => e.outerHTML")
    page.context.close()


@pytest.mark.parametrize("width", [360, 390])
@pytest.mark.parametrize("page_name", list(PAGES))
def test_no_sideways_scrolling_on_a_phone(browser: Any, site_url: str, page_name: str,
                                          width: int) -> None:
    page = open_page(browser, site_url + PAGES[page_name], width, 800)
    for summary in page.locator("article details > summary").all():
        summary.click()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page_name} scrolls sideways by {overflow}px at {width}px"
    page.context.close()


# --- Print ----------------------------------------------------------------------------------


def test_printed_chapter_shows_every_answer_and_no_navigation(browser: Any,
                                                             site_url: str) -> None:
    from pypdf import PdfReader

    page = open_scriptless(browser, site_url + CHAPTER)
    pdf = page.pdf(format="A4")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    text = text.replace("- ", "-")  # pypdf's hyphenation at line ends
    expected = [f"Answer: {q['answer']})" for q in QUESTIONS]
    expected += [" ".join(q["explanation"].split()[:8]) for q in QUESTIONS]
    expected += [s["reason"] for s in EXERCISE["scenarios"]]
    expected += [" ".join(card["back"].split()[:6]) for card in DECK]
    missing = [phrase for phrase in expected if phrase not in text]
    assert not missing, missing
    for chrome in ("Table of contents", "Welcome", "Made with", "Show answer", "Not quite"):
        assert chrome not in text
    page.emulate_media(media="print")
    card = page.locator("article .flashcards > ul > li").first
    assert card.evaluate("e => getComputedStyle(e).borderTopStyle") == "dashed"
    assert card.locator("details > :not(summary)").first.is_visible()
    page.context.close()


# --- Screenshots ----------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("javascript", [False, True], ids=["nojs", "js"])
@pytest.mark.parametrize(("device", "width", "height"), [("desktop", 1280, 900),
                                                          ("phone", 390, 844)])
def test_screenshots(browser: Any, site_url: str, engine: str, device: str, width: int,
                     height: int, javascript: bool, scheme: str) -> None:
    """Screenshots of each page type for people to look at (tests/screenshots/, Zensical's
    in tests/screenshots/zensical/), and the self-check and answers working the same with
    JavaScript on."""
    folder = SCREENSHOTS if engine == "mkdocs" else SCREENSHOTS / engine
    folder.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(java_script_enabled=javascript, reduced_motion="reduce",
                                  color_scheme=scheme, viewport={"width": width,
                                                                 "height": height})
    page = context.new_page()
    suffix = f"{device}-{'js' if javascript else 'nojs'}-{scheme}"
    for name, path in PAGES.items():
        page.goto(site_url + path)
        page.screenshot(path=str(folder / f"{name}-{suffix}.png"))
    page.goto(site_url + CHAPTER)
    question = page.locator("article div.admonition.question").first
    question.locator("fieldset label").nth(1).click()
    question.locator("summary").click()
    assert question.locator(".verdict").nth(1).is_visible()
    assert question.locator("details").get_attribute("open") is not None
    html_class = page.locator("html").get_attribute("class") or ""
    assert ("no-js" in html_class) is not javascript  # Material's script ran, or did not
    if javascript:  # Material's instant loading and header need a moment to settle
        page.wait_for_timeout(300)
    box = question.bounding_box()
    scroll = page.evaluate("window.scrollY")
    page.screenshot(path=str(folder / f"quiz-{suffix}.png"), full_page=True,
                    clip={"x": max(box["x"] - 8, 0), "y": box["y"] + scroll - 8,
                          "width": min(box["width"] + 16, width), "height": box["height"] + 16})
    assert all((folder / f"{name}-{suffix}.png").stat().st_size > 10_000 for name in PAGES)
    context.close()
