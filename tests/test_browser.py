"""The built chapter in a real Chromium with JavaScript off: every hidden answer opens.

Uses Debian's ``chromium`` (``playwright install`` cannot download browsers here). Without it
these tests skip on a developer's machine and fail in CI, where ``.ci/run`` installs it.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from .conftest import SAMPLE_CHAPTER

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(built_course: Path) -> Iterator[str]:
    """The built site, served on 127.0.0.1 for the module's tests, then stopped."""
    handler = functools.partial(_QuietHandler, directory=str(built_course / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    chromium = shutil.which("chromium")
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the browser tests: install Debian's chromium")
        pytest.skip("no chromium on this machine (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser, url: str, width: int, height: int = 900):  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False, reduced_motion="reduce",
                                  viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(url)
    return page


@pytest.mark.parametrize("width", [1280, 390])
def test_every_hidden_answer_opens_on_click(browser, site_url: str, width: int) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, f"{site_url}/chapters/{SAMPLE_CHAPTER}/", width)
    details = page.locator("article details")
    assert details.count() == 11  # 2 questions + 3 scenarios + 6 flashcards
    for index in range(details.count()):
        item = details.nth(index)
        body = item.locator(":scope > :not(summary)").first
        assert item.get_attribute("open") is None
        assert not body.is_visible()
        item.locator("summary").click()
        assert item.get_attribute("open") is not None
        assert body.is_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"chapter-opened-{width}.png"), full_page=True)
    page.context.close()


def test_answers_open_from_the_keyboard(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, f"{site_url}/chapters/{SAMPLE_CHAPTER}/", 1280)
    summaries = page.locator("article details > summary")
    for key, index in (("Enter", 0), ("Space", 1)):
        summaries.nth(index).focus()
        page.keyboard.press(key)
        assert summaries.nth(index).locator("xpath=..").get_attribute("open") is not None
    page.context.close()


def test_javascript_is_really_off(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, f"{site_url}/chapters/{SAMPLE_CHAPTER}/", 1280)
    # Material's bundle swaps the "no-js" class on <html> when scripts run.
    assert "no-js" in (page.locator("html").get_attribute("class") or "")
    page.context.close()


@pytest.mark.parametrize(("name", "width", "height"), [("desktop", 1280, 900),
                                                        ("phone", 390, 844)])
def test_screenshots_and_no_sideways_scrolling(browser, site_url: str, name: str, width: int,
                                               height: int) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, f"{site_url}/chapters/{SAMPLE_CHAPTER}/", width, height)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"chapter-{name}.png"))
    page.screenshot(path=str(SCREENSHOTS / f"chapter-{name}-full.png"), full_page=True)
    question = page.locator("article div.admonition.question").first
    question.locator("summary").click()
    # A clip of the full page, so Material's sticky header is not drawn over the question.
    page.evaluate("window.scrollTo(0, 0)")
    box = question.bounding_box()
    assert box is not None
    margin = 8
    page.screenshot(path=str(SCREENSHOTS / f"quiz-answer-{name}.png"), full_page=True,
                    clip={"x": max(box["x"] - margin, 0), "y": box["y"] - margin,
                          "width": min(box["width"] + 2 * margin, width),
                          "height": box["height"] + 2 * margin})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page scrolls sideways by {overflow}px at {width}px"
    page.context.close()
