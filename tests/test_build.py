"""The sample course built end to end: assertions on the HTML students get."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from .conftest import REPO, SAMPLE_CHAPTER

SAMPLE = yaml.safe_load((REPO / "content" / f"{SAMPLE_CHAPTER}.yml").read_text(encoding="utf-8"))


def blocks(kind: str) -> list:
    return [block[kind] for section in SAMPLE["sections"] for block in section["blocks"]
            if kind in block]


def text(element) -> str:
    """The element's text as a reader sees it, spaces collapsed, without permalink marks."""
    return " ".join(element.get_text().replace("¶", "").split())


def test_every_quiz_answer_is_inside_details(chapter_html: BeautifulSoup) -> None:
    questions = [q for quiz in blocks("quiz") for q in quiz]
    assert len(questions) == 2
    boxes = chapter_html.select("div.admonition.question")
    assert len(boxes) == len(questions)
    for shared_box, question in zip(boxes, questions, strict=True):
        box = copy.copy(shared_box)  # the parsed page is shared by other tests: change a copy
        assert len(box.select("fieldset input[type=radio]")) == len(question["options"]) == 4
        answer = box.find("details", class_="success")
        assert answer is not None and not answer.has_attr("open")
        assert text(answer.summary) == "Show answer"
        correct = question["options"]["ABCD".index(question["answer"])]
        assert f"Answer: {question['answer']}) {correct}" in text(answer)
        assert question["explanation"][:60] in text(answer)
        # Nothing of the answer shows outside its <details> and the hidden self-check verdicts.
        verdicts = box.select(".verdict")
        assert len(verdicts) == 4 and len(box.select(".verdict.right")) == 1
        for hidden in [answer, *verdicts]:
            hidden.extract()
        assert question["explanation"][:60] not in text(box)
        assert question["options"][0] in text(box)  # the options themselves stay visible


def test_every_scenario_answer_is_inside_details(chapter_html: BeautifulSoup) -> None:
    (exercise,) = blocks("classification")
    boxes = chapter_html.select("div.admonition.scenario")
    assert len(boxes) == len(exercise["scenarios"]) == 3
    assert len(exercise["categories"]) == 3
    for shared_box, scenario in zip(boxes, exercise["scenarios"], strict=True):
        box = copy.copy(shared_box)
        answer = box.find("details")
        assert not answer.has_attr("open")
        assert text(answer).endswith(f"{scenario['answer']} – {scenario['reason']}")
        for hidden in [answer, *box.select(".verdict")]:
            hidden.extract()
        assert scenario["reason"] not in text(box)


def test_flashcards_are_a_grid_with_hidden_backs(chapter_html: BeautifulSoup) -> None:
    (deck,) = blocks("flashcards")
    cards = chapter_html.select("div.grid.cards.flashcards > ul > li")
    assert len(cards) == len(deck) == 6
    for card, source in zip(cards, deck, strict=True):
        back = card.find("details")
        assert not back.has_attr("open")
        assert text(back).endswith(source["back"])
        assert text(card).startswith(source["front"])


def test_model_activity_and_key_term_counts(chapter_html: BeautifulSoup) -> None:
    (model,) = blocks("model")
    assert len(chapter_html.select(".process-model li")) == len(model["steps"]) == 7
    (activity,) = blocks("activity")
    assert len(chapter_html.select(".activity-steps > ol > li")) == len(activity["steps"]) == 7
    terms = chapter_html.select(".key-terms dt")
    assert [text(t) for t in terms] == [t["term"] for t in SAMPLE["key_terms"]]
    assert len(terms) == 8


def test_key_terms_become_tooltips(chapter_html: BeautifulSoup) -> None:
    titles = {text(a): a["title"] for a in chapter_html.select("article abbr")}
    cir = next(t for t in SAMPLE["key_terms"] if t["term"].endswith("(CIR)"))
    assert titles["CIR"] == cir["definition"]
    assert titles["Service Value Chain"].startswith("The core set of activities")


def test_no_markdown_syntax_left_in_any_page(built_course: Path) -> None:
    pages = sorted((built_course / "site").rglob("*.html"))
    assert len(pages) >= 3
    for page in pages:
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        shown = text(html.body)
        for leftover in ("???", "!!!", '<div class="grid', "{:", "markdown>", "**"):
            assert leftover not in shown, f"{leftover!r} shown as text in {page}"
        assert not html.select("[markdown]"), f"unprocessed markdown attribute in {page}"


def test_chapter_header(chapter_html: BeautifulSoup) -> None:
    assert text(chapter_html.select_one("p.chapter-label")) == "Chapter 7 of 14"
    assert text(chapter_html.find("h1")) == SAMPLE["title"]
    headings = [text(h) for h in chapter_html.select("article h2")]
    assert headings[:2] == ["1. Why Continual Improvement Matters in ITIL 4",
                            "2. Continual Improvement vs Incidents vs Projects"]
    assert headings[-1] == "Key Terms" and len(headings) == len(SAMPLE["sections"]) + 1


def test_stylesheet_and_script_are_published(built_course: Path,
                                             chapter_html: BeautifulSoup) -> None:
    hrefs = [link["href"] for link in chapter_html.select('link[rel="stylesheet"]')]
    assert any(h.endswith("assets/coursegen.css") for h in hrefs)
    assert (built_course / "site/assets/coursegen.css").is_file()
    (script,) = [s for s in chapter_html.select("script[src]")
                 if s["src"].endswith("assets/coursegen.js")]
    assert script.has_attr("defer")  # runs after the page is parsed, never blocks it
    assert (built_course / "site/assets/coursegen.js").is_file()


def test_search_dialog_has_a_name(chapter_html: BeautifulSoup) -> None:
    """overrides/partials/search.html: Lighthouse's aria-dialog-name audit."""
    assert chapter_html.select_one('.md-search[role="dialog"]')["aria-label"] == "Search"
