"""Property tests: any text in any field gives a clean error or a page whose structure is
intact (as many answers hidden in <details>, cards and boxes as the YAML asks for)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import markdown
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.course import ChapterSource, CourseContent
from generator.errors import ContentError
from generator.glossary import build_glossary
from generator.load import load_document
from generator.memo import digest
from generator.model import Course
from generator.render import environment, render_chapter
from generator.translations import labels
from generator.validate import validate_chapter

from .conftest import REPO

BASE: dict[str, Any] = {
    "number": 1, "title": "T", "summary": "S",
    "sections": [
        {"title": "Cards", "text": "Intro", "blocks": [
            {"cards": [{"title": "A", "text": "B"}, {"title": "C", "text": "D"}]},
            {"callout": {"style": "tip", "title": "E", "text": "F"}},
        ]},
        {"title": "Quiz", "blocks": [{"quiz": [{
            "question": "Q", "options": ["O1", "O2"], "answer": "A", "explanation": "X",
            "feedback": {"B": "FB"}}]}]},
        {"title": "Scenarios", "blocks": [{"classification": {
            "task": "T", "instructions": ["I"], "categories": ["C1", "C2"],
            "scenarios": [{"text": "S", "answer": "C1", "reason": "R"}], "closing": "Z"}}]},
        {"title": "Cards to flip", "blocks": [{"flashcards": [
            {"front": "F1", "back": "B1"}, {"front": "F2", "back": "B2"}]}]},
    ],
    "key_terms": [{"term": "Term", "definition": "Def"}],
}


def text_fields(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths of the free-text leaves of BASE (not the ones checked against a fixed set)."""
    if isinstance(value, dict):
        return [p for key, item in value.items() if key not in ("style", "answer", "term",
                                                                "categories")
                for p in text_fields(item, path + (key,))]
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in text_fields(item, path + (index,))]
    return [path] if isinstance(value, str) else []


FIELDS = text_fields(BASE)
COURSE = Course(title="C", description="D", total_chapters=2, chapters=["x"])
CONFIG = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
EXTENSIONS = [e if isinstance(e, str) else next(iter(e)) for e in CONFIG["markdown_extensions"]]
EXTENSION_CONFIGS = {k: v for e in CONFIG["markdown_extensions"] if isinstance(e, dict)
                     for k, v in e.items()}
# Pieces that mean something to Markdown, pymdown, Jinja or HTML, mixed into random text.
SPECIAL = st.sampled_from(["\n", "\n\n", "???", "!!!", "///", "#", "</details>", "<div>",
                           "{{", "}}", "{%", "%}", "{:", "}", "`", "```", "    ", "- ", "1. ",
                           "*[", "]:", "---", "|", ">", "&", "\r", "\u2028", "\x0b", "\t",
                           "`</div>`", "</fieldset>", "<https://x.org>", "<input>", "="])
TEXT = st.lists(st.one_of(st.text(max_size=8), SPECIAL), min_size=1, max_size=12).map("".join)


def structure(html: str) -> dict[str, int]:
    page = BeautifulSoup(html, "html.parser")
    return {selector: len(page.select(selector)) for selector in (
        "details", "div.admonition", "h1", "h2", "div.grid.cards > ul > li", "dl > dt",
        "details > summary", "fieldset > legend", "fieldset input[type=radio]",
        "div.admonition > fieldset .verdict", "div.admonition > details")}


def build_html(data: dict[str, Any], tmp_path: Path) -> str:
    path = tmp_path / "x.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    document = load_document(path, "content/x.yml")
    source = ChapterSource("x", "content/x.yml", validate_chapter(document), document,
                           digest(path.read_bytes()))
    glossary, names, _ = build_glossary([source])
    content = CourseContent(COURSE, [source], glossary, labels("en"), [], digest(repr(COURSE)),
                            names)
    page = render_chapter(environment(), content, source)
    body = page.split("\n---\n", 1)[1]  # drop the front matter, as MkDocs does
    return markdown.markdown(body, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


def put(data: dict[str, Any], path: tuple[Any, ...], value: str) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    target: Any = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return changed


BASE_STRUCTURE = {"details": 4, "div.admonition": 4, "h1": 1, "h2": 5,
                  "div.grid.cards > ul > li": 4, "dl > dt": 1, "details > summary": 4,
                  "fieldset > legend": 2, "fieldset input[type=radio]": 4,
                  "div.admonition > fieldset .verdict": 4, "div.admonition > details": 2}


def test_base_structure(tmp_path: Path) -> None:
    assert len(FIELDS) == 28
    assert structure(build_html(BASE, tmp_path)) == BASE_STRUCTURE


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), text=TEXT)
def test_any_text_in_any_field(field: tuple[Any, ...], text: str, tmp_path: Path) -> None:
    try:
        html = build_html(put(BASE, field, text), tmp_path)
    except ContentError as error:
        assert error.problems and all(p.file == "content/x.yml" and p.line >= 1
                                      for p in error.problems)
        return
    assert structure(html) == BASE_STRUCTURE
