"""Progress with JavaScript on (assets/coursegen.js), in a real Chromium: answers and
flashcard marks come back in a new tab, the chapter and the home page count them, resets
ask first, a changed question starts empty, broken storage changes nothing but the
remembering, and Material's instant navigation keeps it working. Every test collects the
page's console errors and expects none."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from . import test_browser
from . import test_question_kinds as kinds
from .conftest import SAMPLE_CHAPTER, copy_project, coursegen, edit
from .test_book import add_second_chapter
from .test_browser import (
    CHAPTER,
    CHROMIUM,
    CHROMIUM_ARGS,
    EXERCISE,
    QUESTIONS,
    SAMPLE,
    WCAG,
    serving,
)

# The browser and the served sample site of the JavaScript-off tests, shared.
browser, site_url = test_browser.browser, test_browser.site_url
kinds_course, kinds_url = kinds.kinds_course, kinds.kinds_url  # every question kind

pytestmark = pytest.mark.browser
SCRIPT = Path(__file__).resolve().parents[1] / "generator" / "assets" / "coursegen.js"
ASKED = len(QUESTIONS) + len(EXERCISE["scenarios"])


class Student:
    """A browser context with JavaScript on, as a student has it; collects console errors."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900},
                                           reduced_motion="reduce")
        self.context.set_default_timeout(10_000)
        self.errors: list[str] = []
        self.page = self._new_tab()

    def _new_tab(self) -> Any:
        page = self.context.new_page()
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(f"{e}\n{e.stack}"))
        return page

    def open(self, url: str) -> Any:
        self.page.goto(url)
        return self.page

    def come_back(self, url: str) -> Any:
        """``url`` in a new tab, as a student opens it another day. (A reload would not do:
        Chromium itself puts back the choices of a reloaded page.)"""
        self.page.close()
        self.page = self._new_tab()
        return self.open(url)

    def close(self) -> None:
        assert self.errors == []
        self.context.close()


@pytest.fixture
def student(browser: Any) -> Iterator[Student]:
    who = Student(browser)
    yield who
    who.close()


def questions(page: Any) -> Any:
    return page.locator("article [data-save]:has(fieldset)")


def checked(page: Any) -> list[list[bool]]:
    boxes = questions(page)
    return [boxes.nth(i).locator("input[type=radio]").evaluate_all("l => l.map(e => e.checked)")
            for i in range(boxes.count())]


def progress(page: Any) -> str:
    page.locator(".course-progress p").wait_for()
    return " ".join(page.locator(".course-progress p").inner_text().split())


def answer_two(page: Any) -> None:
    """Option B of the first question, the first category of the first scenario."""
    page.locator("article .question").first.locator("fieldset label").nth(1).click()
    page.locator("article .scenario").first.locator("fieldset label").nth(0).click()


def test_answers_and_verdicts_come_back_another_day(student: Student, site_url: str) -> None:
    page = student.open(site_url + CHAPTER)
    assert progress(page) == f"Answered 0 of {ASKED}, right 0"
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    answer_two(page)
    assert requests == [] and page.evaluate("document.cookie") == ""  # nothing leaves
    before = checked(page)
    right = 1 if QUESTIONS[0]["answer"] == "B" else 0
    right += EXERCISE["scenarios"][0]["answer"] == EXERCISE["categories"][0]
    assert progress(page) == f"Answered 2 of {ASKED}, right {right}"
    page = student.come_back(site_url + CHAPTER)
    assert checked(page) == before and sum(map(any, before)) == 2
    question = page.locator("article .question").first
    assert question.locator(".verdict").nth(1).is_visible()
    assert progress(page) == f"Answered 2 of {ASKED}, right {right}"


def test_a_closed_browser_gives_everything_back(browser: Any, site_url: str,
                                               tmp_path: Path) -> None:
    """Answer, close the browser, start it again: answers, score and place are back."""
    def start() -> Any:  # a browser of its own, keeping its profile in a folder
        return browser.browser_type.launch_persistent_context(
            tmp_path / "profile", executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    first = start()
    page = first.new_page()
    page.goto(site_url + CHAPTER)
    answer_two(page)
    first.close()
    again = start()
    page = again.new_page()
    page.goto(site_url + "/")
    assert page.locator(".chapter-progress").inner_text().startswith(f"Answered 2 of {ASKED}")
    page.locator(".course-progress a").click()
    page.wait_for_url(f"**{CHAPTER}")
    assert sum(map(any, checked(page))) == 2
    again.close()


def test_every_kind_of_answer_is_remembered(student: Student, kinds_url: str) -> None:
    page = student.open(kinds_url)
    boxes = page.locator("article div.admonition.question")
    boxes.nth(kinds.MULTIPLE).locator("input[value=A]").check()
    boxes.nth(kinds.MULTIPLE).locator("input[value=C]").check()
    boxes.nth(kinds.MULTIPLE).locator("details.check > summary").click()
    boxes.nth(kinds.FALSE).locator("input[value=false]").check()
    boxes.nth(kinds.TYPED).locator("input").nth(0).fill("def")
    boxes.nth(kinds.TYPED).locator("input").nth(1).fill("return")
    boxes.nth(kinds.NUMBER).locator("input").fill("700")
    selects = boxes.nth(kinds.ORDER).locator("select")
    places = [s.locator("option.is-answer").get_attribute("value") for s in selects.all()]
    for select, place in zip(selects.all(), places, strict=True):
        select.select_option(place)
    total = len(kinds.QUESTIONS)
    assert progress(page) == f"Answered 5 of {total}, right 4"
    page = student.come_back(kinds_url)
    boxes = page.locator("article div.admonition.question")
    ticked = boxes.nth(kinds.MULTIPLE).locator("input").evaluate_all("l => l.map(e => e.checked)")
    assert ticked == [True, False, True, False]
    assert boxes.nth(kinds.FALSE).locator("input[value=false]").is_checked()
    assert boxes.nth(kinds.TYPED).locator("input").nth(1).input_value() == "return"
    assert boxes.nth(kinds.NUMBER).locator("input").input_value() == "700"
    selects = boxes.nth(kinds.ORDER).locator("select")
    assert [s.input_value() for s in selects.all()] == places
    assert progress(page) == f"Answered 5 of {total}, right 4"


def test_home_counts_each_chapter_and_continues_where_you_left_off(student: Student,
                                                                   site_url: str) -> None:
    page = student.open(site_url + "/")
    assert page.locator(".chapter-progress").is_hidden()
    assert page.locator(".course-progress").is_hidden()  # nothing to continue or reset yet
    page = student.open(site_url + CHAPTER)
    answer_two(page)
    page = student.open(site_url + "/")
    card = page.locator(".chapter-progress")
    assert re.fullmatch(rf"Answered 2 of {ASKED}, right \d", card.inner_text())
    link = page.locator(".course-progress a")
    assert " ".join(page.locator(".course-progress p").inner_text().split()).startswith(
        "Continue where you left off: Continual Improvement")
    link.click()
    assert page.url.endswith(CHAPTER)


def test_resetting_a_chapter_asks_first(student: Student, site_url: str) -> None:
    page = student.open(site_url + CHAPTER)
    answer_two(page)
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator(".course-progress button").click()
    assert progress(page).startswith("Answered 2")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".course-progress button").click()
    assert progress(page).startswith("Answered 0") and not any(map(any, checked(page)))
    page = student.come_back(site_url + CHAPTER)
    assert progress(page).startswith("Answered 0") and not any(map(any, checked(page)))


def test_resetting_the_course_asks_first(student: Student, site_url: str) -> None:
    page = student.open(site_url + CHAPTER)
    answer_two(page)
    page = student.open(site_url + "/")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator(".course-progress button").click()
    assert page.locator(".chapter-progress").is_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".course-progress button").click()
    assert page.locator(".chapter-progress").is_hidden()
    assert page.locator(".course-progress a").count() == 0
    page = student.open(site_url + CHAPTER)
    assert not any(map(any, checked(page)))


def test_flashcard_marks_exist_only_with_the_script_and_are_remembered(
        student: Student, browser: Any, site_url: str) -> None:
    scriptless = browser.new_context(java_script_enabled=False).new_page()
    scriptless.goto(site_url + CHAPTER)
    assert scriptless.locator(".card-marks, .course-progress:not([hidden])").count() == 0
    assert scriptless.locator(".course-progress").is_hidden()
    scriptless.context.close()
    page = student.open(site_url + CHAPTER)
    card = page.locator("article .flashcards li").first
    card.locator("summary").click()
    card.get_by_role("button", name="Again").click()
    page = student.come_back(site_url + CHAPTER)
    card = page.locator("article .flashcards li").first
    card.locator("summary").click()
    assert card.get_by_role("button", name="Again").get_attribute("aria-pressed") == "true"
    assert card.get_by_role("button", name="Knew it").get_attribute("aria-pressed") == "false"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [CHAPTER, "/"])
def test_axe_finds_no_violations_in_what_the_script_adds(browser: Any, site_url: str,
                                                         path: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    student = Student(browser)
    student.page.emulate_media(color_scheme=scheme)
    page = student.open(site_url + CHAPTER)
    answer_two(page)
    card = page.locator("article .flashcards li").first
    card.locator("summary").click()
    card.get_by_role("button", name="Knew it").click()
    page = student.open(site_url + path)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG},
                                       "resultTypes": ["violations"]})
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"]] == []
    student.close()


def test_a_changed_question_starts_empty(browser: Any, tmp_path: Path) -> None:
    root = copy_project(tmp_path / "course")
    assert coursegen(root, "build").exit_code == 0
    with serving(root / "site") as url:
        student = Student(browser)
        page = student.open(url + CHAPTER)
        answer_two(page)
        question = " ".join(QUESTIONS[0]["question"].split()[:4])
        edit(root / "content" / f"{SAMPLE_CHAPTER}.yml", question, question + " really")
        assert coursegen(root, "build").exit_code == 0
        page = student.come_back(url + CHAPTER)
        radios = "input[type=radio]"
        assert page.locator(f"article .question {radios}:checked").count() == 0  # changed
        assert page.locator(f"article .scenario {radios}:checked").count() == 1  # unchanged
        assert progress(page).startswith("Answered 1 of")
        student.close()


STORAGE_FAULTS = {
    # Only for our script: Material's own head script then throws too, which is not ours.
    "disabled": "const real = window.localStorage;"
                " Object.defineProperty(window, 'localStorage', {get() {"
                " if (new Error().stack.includes('coursegen.js'))"
                " throw new DOMException('The operation is insecure.', 'SecurityError');"
                " return real; }});",
    "full": "Storage.prototype.setItem = function () {"
            " throw new DOMException('Quota exceeded', 'QuotaExceededError'); };",
    "not json": "localStorage.setItem('coursegen:' + 'COURSE', '{not json');",
    "older shape": "localStorage.setItem('coursegen:COURSE', JSON.stringify({answers: [1],"
                   " cards: 'x', chapters: {c: {n: 'a'}}, last: '\"]'}));",
}


@pytest.mark.parametrize("fault", list(STORAGE_FAULTS))
def test_broken_storage_leaves_a_working_page(browser: Any, site_url: str, fault: str) -> None:
    student = Student(browser)
    home = student.open(site_url + "/")
    key = home.locator(".course-progress").get_attribute("data-course")
    student.context.add_init_script(STORAGE_FAULTS[fault].replace("COURSE", key))
    for path in (CHAPTER, "/", CHAPTER):
        page = student.open(site_url + path)
        if path == CHAPTER:
            answer_two(page)
            first = page.locator("article .question").first
            assert first.locator(".verdict").nth(1).is_visible()
            card = page.locator("article .flashcards li").first
            card.locator("summary").click()
            card.get_by_role("button", name="Knew it").click()
    student.close()


def test_instant_navigation_keeps_counting(browser: Any, tmp_path: Path) -> None:
    root = copy_project(tmp_path / "course")
    add_second_chapter(root)
    with serving(root / "site") as url:
        edit(root / "mkdocs.yml", "  features:\n", "  features:\n    - navigation.instant\n")
        edit(root / "mkdocs.yml", "docs_dir: docs\n", f"docs_dir: docs\nsite_url: {url}/\n")
        assert coursegen(root, "build").exit_code == 0
        student = Student(browser)
        page = student.open(url + "/")
        page.evaluate("window.sameDocument = true")  # gone if a page loads the usual way
        # Material swaps a page's content after the URL changes: wait for the new title.
        title, line = page.locator("article h1"), page.locator(".course-progress p")
        first_title = re.compile(f"^{re.escape(SAMPLE['title'])}")
        page.locator("article .chapter-cards a").first.click()
        expect(title).to_have_text(first_title)
        assert progress(page) == f"Answered 0 of {ASKED}, right 0"
        answer_two(page)
        page.locator("a.md-footer__link--next").click()  # on to chapter 8
        expect(title).to_have_text(re.compile("^Again: "))
        expect(line).to_have_text(f"Answered 0 of {ASKED}, right 0")
        page.locator("article .question").first.locator("fieldset label").first.click()
        assert progress(page).startswith(f"Answered 1 of {ASKED}")
        page.go_back()  # Material handles it without loading the page
        expect(title).to_have_text(first_title)
        expect(line).to_have_text(re.compile(f"^Answered 2 of {ASKED}"))
        assert sum(map(any, checked(page))) == 2
        page.go_back()
        cards = page.locator(".chapter-progress")
        expect(cards).to_have_text([re.compile(f"^Answered 2 of {ASKED},"),
                                    re.compile(f"^Answered 1 of {ASKED},")])
        assert page.evaluate("window.sameDocument") is True
        student.close()


def test_script_is_small(capsys: pytest.CaptureFixture[str]) -> None:
    size = len(gzip.compress(SCRIPT.read_bytes(), 9))
    with capsys.disabled():
        print(f"\ncoursegen.js: {SCRIPT.stat().st_size} bytes, {size} gzipped")
    assert size < 4096
