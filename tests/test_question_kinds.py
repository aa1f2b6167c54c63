"""Every kind of question (tests/data/question-kinds.yml, a science-and-Python chapter built
as chapter 2 of the sample course, by each engine): the built HTML, the accepted-answer
patterns, and in Chromium with JavaScript off, by mouse, keyboard and at phone width, with the
score, axe and print."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from generator.questions import Blank

from .conftest import REPO, copy_project, coursegen, edit
from .test_browser import (
    WCAG,
    browser,
    open_page,
    open_scriptless,
    serving,
    shown_score,
    visible_text,
)

__all__ = ["browser"]  # the fixture, shared with the other browser tests
SLUG = "02-measuring-and-computing"
PAGE = f"/chapters/{SLUG}/"
DATA = yaml.safe_load((REPO / "tests" / "data" / "question-kinds.yml").read_text("utf-8"))
QUESTIONS = [q for s in DATA["sections"] for b in s["blocks"] for q in b.get("quiz", [])]
KINDS = ["single-choice", "multiple-choice", "true-false", "true-false", "typed", "typed",
         "numeric", "numeric", "ordering"]
SINGLE, MULTIPLE, FALSE, TRUE, TYPED, SPECIAL, NUMBER, RANGE, ORDER = range(9)


@pytest.fixture(scope="module")
def kinds_course(engine: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample course with the question-kinds chapter as chapter 2, built by ``engine``."""
    root = copy_project(tmp_path_factory.mktemp(f"kinds-{engine}") / "course")
    shutil.copy(REPO / "tests" / "data" / "question-kinds.yml",
                root / "content" / f"{SLUG}.yml")
    edit(root / "content" / "course.yml", "chapters:\n", f"chapters:\n  - {SLUG}\n")
    result = coursegen(root, "build", "--strict", "--engine", engine)
    assert result.exit_code == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def kinds_url(kinds_course: Path) -> Iterator[str]:
    with serving(kinds_course / "site") as url:
        yield url + PAGE


def article(root: Path) -> Any:
    page = (root / "site" / "chapters" / SLUG / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(page, "html.parser").select_one("article")


# --- The built HTML -------------------------------------------------------------------------


def test_every_kind_has_its_controls(kinds_course: Path) -> None:
    page = article(kinds_course)
    boxes = page.select("div.admonition.question")
    assert [b["class"][2] for b in boxes] == KINDS
    multiple = boxes[MULTIPLE].select("input[type=checkbox]")
    assert len(multiple) == len(QUESTIONS[MULTIPLE]["options"])
    assert [i["value"] for i in multiple if "is-answer" in i.get("class", [])] == ["A", "C"]
    for index, answer in ((FALSE, "false"), (TRUE, "true")):
        choice = boxes[index].select_one(".verdict.right").find_parent(class_="choice")
        assert choice.select_one("input[type=radio]")["value"] == answer
    for index in (TYPED, SPECIAL):
        inputs = boxes[index].select("input[type=text]")
        blanks = QUESTIONS[index]["blanks"]
        assert [i["pattern"] for i in inputs] == [Blank(**b).pattern for b in blanks]
        assert all(i.get("aria-label") == f"Blank {n}" for n, i in enumerate(inputs, 1))
    number = boxes[NUMBER].select_one("input[type=number]")
    assert (number["min"], number["max"], number["step"]) == ("681", "691", "any")
    assert visible_text_of(boxes[NUMBER].select_one(".blank")) == "m"
    bounds = boxes[RANGE].select_one("input[type=number]")
    assert (bounds["min"], bounds["max"]) == ("3.14", "3.15")
    items = boxes[ORDER].select(".order-item")
    order = QUESTIONS[ORDER]["order"]
    right = {item.label.get_text(): int(item.select_one("option.is-answer")["value"])
             for item in items}
    assert right == {text.replace("`", ""): place for place, text in enumerate(order, 1)}
    assert list(right.values()) != list(range(1, len(order) + 1))  # shown shuffled


def visible_text_of(element: Any) -> str:
    return " ".join(element.get_text(" ").split())


def test_ids_are_unique_and_answers_only_inside_details(kinds_course: Path) -> None:
    page = article(kinds_course)
    ids = [e["id"] for e in page.select("[id]")]
    assert len(ids) == len(set(ids))
    names = [e["name"] for e in page.select("input:not([type=radio]), select")]
    assert len(names) == len(set(names))
    revealed = {TYPED: "a return statement", NUMBER: "686 ± 5 m", RANGE: "3.14–3.15",
                ORDER: "Write the code in a .py file Save the file Run python script.py"}
    for index, words in revealed.items():
        box = page.select("div.admonition.question")[index]
        details = box.select_one("details.success")
        assert words in visible_text_of(details)
        details.decompose()
        for verdict in box.select(".verdict"):
            verdict.decompose()
        assert words not in visible_text_of(box)


def test_score_counts_every_question(kinds_course: Path) -> None:
    score = article(kinds_course).select_one("p.score").get_text()
    assert score == f"Your score:  of {len(QUESTIONS)}"


_ANSWER = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12)


@given(st.lists(_ANSWER.filter(str.strip), min_size=1, max_size=3), st.booleans())
def test_a_blank_accepts_exactly_its_answers(accept: list[str], case_sensitive: bool) -> None:
    blank = Blank(accept=accept, case_sensitive=case_sensitive)
    pattern = re.compile(blank.pattern)
    for answer in blank.accept:
        assert pattern.fullmatch(answer)
        assert pattern.fullmatch(f"  {answer} ")
        assert not pattern.fullmatch(answer + "\u00e9x") or any(
            a.startswith(answer) for a in blank.accept if a != answer)
        if not case_sensitive:
            assert pattern.fullmatch(answer.upper()) or len(answer.upper()) != len(answer)


def test_characters_with_a_meaning_in_patterns_are_literal() -> None:
    pattern = re.compile(Blank(accept=["f(x)", "*.py", "a+b?", "[1|2]", "^$\\/{}"]).pattern)
    for answer in ["f(x)", "*.py", "a+b?", "[1|2]", "^$\\/{}", "F(X)"]:
        assert pattern.fullmatch(answer), answer
    for other in ["fx", "f(x", "xx.py", "*xpy", "aab", "1", "2", "", "^$/{}"]:
        assert not pattern.fullmatch(other), other
    assert not re.fullmatch(Blank(accept=["def"], case_sensitive=True).pattern, "Def")


# --- In Chromium, JavaScript off ------------------------------------------------------------


def shown(box: Any) -> list[str]:
    """The texts of the verdicts a student sees in ``box``."""
    verdicts = box.locator(".verdict")
    return [visible_text(verdicts.nth(i)) for i in range(verdicts.count())
            if verdicts.nth(i).is_visible()]


def mark(box: Any, index: int) -> str:
    content = box.locator(".mark").nth(index).evaluate(
        "e => getComputedStyle(e, '::after').content")
    return "" if content == "none" else str(content).strip('"').strip()


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_multiple_answers_by_mouse(browser: Any, kinds_url: str, width: int) -> None:
    page = open_page(browser, kinds_url, width)
    box = page.locator("div.admonition.question").nth(MULTIPLE)
    question = QUESTIONS[MULTIPLE]
    box.locator("label[for$='-a']").click()
    assert shown(box) == []  # the first right tick says nothing yet
    box.locator("label[for$='-b']").click()
    box.locator("details.check > summary").click()
    assert shown(box) == [f"This one is not right. {question['feedback']['B']}",
                          f"This one is right too. {question['feedback']['C']}",
                          "Not quite. Look again at the options marked ✗."]
    box.locator("label[for$='-b']").click()
    box.locator("label[for$='-c']").click()
    assert shown(box) == [f"Correct. {question['explanation']}"]
    box.locator("details.check > summary").click()
    assert shown(box) == []
    page.context.close()


@pytest.mark.browser
def test_multiple_answers_and_true_false_by_keyboard(browser: Any, kinds_url: str) -> None:
    page = open_page(browser, kinds_url)
    box = page.locator("div.admonition.question").nth(MULTIPLE)
    box.locator("input").first.focus()
    page.keyboard.press("Space")  # A
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # C
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert box.locator("details.check > summary").evaluate("e => e === document.activeElement")
    page.keyboard.press("Enter")
    assert shown(box) == [f"Correct. {QUESTIONS[MULTIPLE]['explanation']}"]
    statement = page.locator("div.admonition.question").nth(FALSE)
    statement.locator("input").first.focus()
    page.keyboard.press("Space")
    assert shown(statement) == [f"Not quite. {QUESTIONS[FALSE]['feedback']}"]
    page.keyboard.press("ArrowDown")
    assert shown(statement) == [f"Correct. {QUESTIONS[FALSE]['explanation']}"]
    assert visible_text(statement.locator("label").nth(1)) == "False"
    page.context.close()


def type_into(page: Any, field: Any, text: str) -> None:
    """Types ``text`` into ``field`` as a student does, then leaves it with Tab."""
    field.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    page.keyboard.press("Tab")


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_typed_answers(browser: Any, kinds_url: str, width: int) -> None:
    page = open_page(browser, kinds_url, width)
    box = page.locator("div.admonition.question").nth(TYPED)
    fields = box.locator("input")
    type_into(page, fields.nth(0), "Def")  # case-sensitive: wrong
    assert (mark(box, 0), shown(box)) == ("✗", ["Not quite. A blank marked ✗ is not right yet."])
    type_into(page, fields.nth(0), "def")
    assert mark(box, 0) == "✓" and shown(box) == []  # one blank still empty
    type_into(page, fields.nth(1), "  A   Return statement ")  # any case, spaces trimmed
    assert mark(box, 1) == "✓"
    assert shown(box) == ["Correct. def names the function; return ends it with a value."]
    special = page.locator("div.admonition.question").nth(SPECIAL)
    fields = special.locator("input")
    for wrong, right in (("fx", "f(x)"), ("f(x", "F(X)"), ("x.py", "*.py"), ("*xpy", "*.PY")):
        index = 0 if "f" in right.lower() else 1
        type_into(page, fields.nth(index), wrong)
        assert mark(special, index) == "✗", wrong
        type_into(page, fields.nth(index), right)
        assert mark(special, index) == "✓", right
    assert shown(special)[0].startswith("Correct.")
    page.context.close()


@pytest.mark.browser
def test_numbers(browser: Any, kinds_url: str) -> None:
    page = open_page(browser, kinds_url, 390, 844)
    boxes = page.locator("div.admonition.question")
    for index, tries in ((NUMBER, [("700", False), ("681", True), ("690.5", True),
                                   ("691.01", False), ("686", True)]),
                         (RANGE, [("3.2", False), ("3.14159", True), ("3.1", False)])):
        box = boxes.nth(index)
        for value, right in tries:
            type_into(page, box.locator("input"), value)
            assert mark(box, 0) == ("✓" if right else "✗"), value
            assert shown(box)[0].startswith("Correct." if right else "Not quite."), value
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_ordering(browser: Any, kinds_url: str, width: int) -> None:
    page = open_page(browser, kinds_url, width)
    box = page.locator("div.admonition.question").nth(ORDER)
    selects = box.locator("select")
    right = [s.locator("option.is-answer").get_attribute("value")
             for s in selects.all()]
    selects.nth(0).select_option(right[1])  # two items swapped, two not placed
    selects.nth(1).select_option(right[0])
    assert shown(box) == [] and mark(box, 0) == ""
    selects.nth(2).select_option(right[2])
    selects.nth(3).select_option(right[3])
    assert shown(box) == ["Not quite. The items marked ✗ are not in their place yet."]
    assert [mark(box, i) for i in range(4)] == ["✗", "✗", "✓", "✓"]
    selects.nth(0).focus()  # by keyboard: type the place's digit
    page.keyboard.press(right[0])
    selects.nth(1).focus()
    page.keyboard.press(right[1])
    assert selects.nth(1).input_value() == right[1]
    assert shown(box) == [f"Correct. {QUESTIONS[ORDER]['explanation']}"]
    page.context.close()


@pytest.mark.browser
def test_the_score_counts_every_kind(browser: Any, kinds_url: str) -> None:
    page = open_page(browser, kinds_url)
    boxes = page.locator("div.admonition.question")
    total = len(QUESTIONS)

    def score() -> int:
        return int(shown_score(page).split()[2])

    assert score() == 0
    boxes.nth(SINGLE).locator("input[value=B]").check()
    boxes.nth(MULTIPLE).locator("input[value=A]").check()
    boxes.nth(MULTIPLE).locator("input[value=C]").check()
    assert score() == 1  # all that apply counts once checked
    boxes.nth(MULTIPLE).locator("details.check > summary").click()
    assert score() == 2
    boxes.nth(FALSE).locator("input[value=true]").check()
    boxes.nth(TRUE).locator("input[value=true]").check()
    assert score() == 3
    type_into(page, boxes.nth(TYPED).locator("input").nth(0), "def")
    type_into(page, boxes.nth(TYPED).locator("input").nth(1), "return")
    type_into(page, boxes.nth(NUMBER).locator("input"), "686")
    type_into(page, boxes.nth(RANGE).locator("input"), "4")
    assert score() == 5
    for select in boxes.nth(ORDER).locator("select").all():
        select.select_option(select.locator("option.is-answer").get_attribute("value"))
    assert score() == 6
    for summary in page.locator("article details.success > summary").all():
        summary.click()  # revealing every answer counts nothing
    assert score() == 6
    type_into(page, boxes.nth(NUMBER).locator("input"), "1")
    assert shown_score(page) == f"Your score: 5 of {total}"
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_axe_with_answers_entered(browser: Any, kinds_url: str, width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = open_scriptless(browser, kinds_url, width)
    boxes = page.locator("div.admonition.question")
    boxes.nth(MULTIPLE).locator("input[value=B]").check()
    boxes.nth(MULTIPLE).locator("details.check > summary").click()
    type_into(page, boxes.nth(TYPED).locator("input").first, "wrong")
    type_into(page, boxes.nth(NUMBER).locator("input"), "686")
    boxes.nth(ORDER).locator("select").first.select_option("1")
    for summary in page.locator("article details.success > summary").all():
        summary.click()
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG},
                                       "resultTypes": ["violations"]})
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"]] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.context.close()


@pytest.mark.browser
def test_print_shows_every_answer(browser: Any, kinds_url: str) -> None:
    from pypdf import PdfReader

    page = open_scriptless(browser, kinds_url)
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    expected = ["Answer: B) metre per second", "Answer: False", "Answer: True",
                "a return statement", "f(x)", "*.py", "686 ± 5 m", "3.14–3.15",
                "The right order", "Read the output"]
    expected += [" ".join(q["explanation"].replace("`", "").split()[:5]) for q in QUESTIONS]
    assert [phrase for phrase in expected if phrase not in text] == []
    for chrome in ("Check my answer", "Show answer", "Not quite", "Your score"):
        assert chrome not in text
    page.context.close()
