"""Property tests: any text in any field gives a clean error or a page whose structure is
intact (as many answers hidden in <details>, cards and boxes as the YAML asks for)."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path
from typing import Any

import markdown
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.blocks import BLOCK_TYPES
from generator.chapter_file import ChapterSource
from generator.errors import ContentError
from generator.jinja import environment
from generator.load import load_document
from generator.memo import digest
from generator.model import Course
from generator.render import render_chapter
from generator.validate import validate_chapter

from .conftest import GOLDEN, REPO, every_kind_chapter, one_chapter_course
from .test_untrusted import inert_problems

BASE: dict[str, Any] = every_kind_chapter()  # a section for each block kind
KINDS = {kind for section in BASE["sections"] for block in section["blocks"] for kind in block}


def text_fields(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths of the free-text leaves of BASE (not the ones checked against a fixed set)."""
    if isinstance(value, dict):
        return [p for key, item in value.items() if key not in (
                    "style", "answer", "answers", "term", "categories", "also", "file",
                    "captions", "youtube", "vimeo")
                for p in text_fields(item, path + (key,))]
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in text_fields(item, path + (index,))]
    return [path] if isinstance(value, str) else []


FIELDS = text_fields(BASE)
COURSE = Course(title="C", description="D", total_chapters=2, chapters=["x"])
SECRET = {"explanation", "feedback", "reason", "back"}  # answers: hidden until asked for
CONFIG = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
EXTENSIONS = [e if isinstance(e, str) else next(iter(e)) for e in CONFIG["markdown_extensions"]]
EXTENSION_CONFIGS = {k: v for e in CONFIG["markdown_extensions"] if isinstance(e, dict)
                     for k, v in e.items()}
# Pieces that mean something to Markdown, pymdown, Jinja or HTML, mixed into random text.
SPECIAL = st.sampled_from(["\n", "\n\n", "???", "!!!", "///", "#", "</details>", "<div>",
                           "{{", "}}", "{%", "%}", "{:", "}", "`", "```", "    ", "- ", "1. ",
                           "*[", "]:", "---", "|", ">", "&", "\r", "\u2028", "\x0b", "\t",
                           "`</div>`", "</fieldset>", "<https://x.org>", "<input>", "=",
                           "&#", "\\", "*", "_", "[", "]", "(", ")", "\x02", "\x03", "$",
                           "$$", "\\$"])
TEXT = st.lists(st.one_of(st.text(max_size=8), SPECIAL), min_size=1, max_size=12).map("".join)
# A grammar of the constructs where a guess about a parser goes wrong: fences of every kind,
# length, indent and trailing text; code spans; link reference definitions inside lists and
# quotes; raw HTML with handlers; entities; all nested in list items and quotes.
INDENT = st.sampled_from(["", " ", "   ", "    ", "\t"])
FENCE = st.builds(lambda mark, n, indent, tail: indent + mark * n + tail,
                  st.sampled_from(["`", "~"]), st.integers(3, 5), INDENT,
                  st.sampled_from(["", " x", " {", "x`", " ~~~"]))
ACTIVE = st.sampled_from([
    "<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "</details></div></li>",
    "[x](javascript:alert(1))", "[x][r]", "[r]: javascript:alert(1)", "<javascript:alert(1)>",
    "![i](data:text/html,x)", "<a href=javascript:alert(1)>a</a>", "{: onclick=alert(1)}",
    "&#106;avascript:alert(1)", "`` ` ``", "`code`", "*[x]: y", "\\`", "SECRET", "$x^2$",
    "$$\\frac{a}{b}$$", "$\\frac{1}{2$", "$\\alpah$", "$5 and $10", "```python"])
CONTAINER = st.sampled_from(["", "- ", "> ", "1. ", "- > ", "> - ", "    ", "* - "])
LINE = st.one_of(FENCE, ACTIVE, st.text(max_size=6), SPECIAL).flatmap(
    lambda piece: CONTAINER.map(lambda prefix: prefix + piece))
GRAMMAR = st.lists(LINE, min_size=1, max_size=10).map("\n".join)


def structure(html: str) -> dict[str, int]:
    page = BeautifulSoup(html, "html.parser")
    return {selector: len(page.select(selector)) for selector in (
        "details", "div.admonition", "h1", "h2", "div.grid.cards > ul > li", "dl > dt", "figure",
        "details > summary", "fieldset > legend", "fieldset input[type=radio]",
        "div.admonition > fieldset .verdict", "div.admonition > details",
        "fieldset input[type=checkbox]", "fieldset input[type=text]",
        "fieldset input[type=number]", "fieldset select", "option.is-answer")}


def build_html(data: dict[str, Any], tmp_path: Path) -> str:
    path = tmp_path / "x.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    shutil.copytree(GOLDEN / "media", tmp_path / "media", dirs_exist_ok=True)
    document = load_document(path, "content/x.yml")
    source = ChapterSource.of("x", "content/x.yml", validate_chapter(document), document,
                           digest(path.read_bytes()))
    content = one_chapter_course(source, tmp_path, COURSE)
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


# Counted by hand from tests/golden/*.yml: 14 sections + key terms; behind <details>, 6
# questions (one of each kind, "choose all that apply" with a second for "Check my answer"),
# 2 scenarios and 2 flashcards; objectives, take-away, 2 callouts, a definition, the 6
# questions and 2 scenarios as boxes; 2 cards, 2 practices, 2 flashcards, 1 key-term card;
# 2 figures and 2 videos. Controls: 3 radio options, 2 true/false and 2×2 categories; 3
# checkboxes, 2 blanks, 1 number, 4 places (each with one right option); verdicts inside a
# fieldset: 3 + 2 + 4 under radio buttons, 3 under checkboxes.
BASE_STRUCTURE = {"details": 11, "div.admonition": 13, "h1": 1, "h2": 15,
                  "div.grid.cards > ul > li": 7, "dl > dt": 3, "figure": 4,
                  "details > summary": 11,
                  "fieldset > legend": 8, "fieldset input[type=radio]": 9,
                  "div.admonition > fieldset .verdict": 12, "div.admonition > details": 9,
                  "fieldset input[type=checkbox]": 3, "fieldset input[type=text]": 2,
                  "fieldset input[type=number]": 1, "fieldset select": 4,
                  "option.is-answer": 4}


def test_base_structure(tmp_path: Path) -> None:
    assert set(BLOCK_TYPES) == KINDS  # the chapter has every block kind
    assert len(FIELDS) == 119  # 95 before the question kinds: 24 more
    assert structure(build_html(BASE, tmp_path)) == BASE_STRUCTURE


def safe(html: str, secrets: set[str]) -> None:
    """Nothing in ``html`` can run, and ``secrets`` show only behind "Show answer" or in a
    verdict."""
    page = BeautifulSoup(html, "html.parser")
    assert inert_problems(page) == []
    for node in page.find_all(string=re.compile("SECRET")):
        if any(secret in node for secret in secrets):
            assert any(p.name == "details" or "verdict" in (p.get("class") or [])
                       for p in node.parents), node


def check_any(data: dict[str, Any], tmp_path: Path, secrets: set[str]) -> None:
    try:
        html = build_html(data, tmp_path)
    except ContentError as error:
        assert error.problems and all(p.file == "content/x.yml" and p.line >= 1
                                      for p in error.problems)
        return
    assert structure(html) == BASE_STRUCTURE
    safe(html, secrets)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), text=TEXT)
def test_any_text_in_any_field(field: tuple[Any, ...], text: str, tmp_path: Path) -> None:
    check_any(put(BASE, field, text), tmp_path, set())


SECTION = {section["title"].split()[0]: index for index, section in enumerate(BASE["sections"])}
CARD_TEXT = ("sections", SECTION["cards"], "blocks", 0, "cards", 0, "text")
EXPLANATION = ("sections", SECTION["quiz"], "blocks", 0, "quiz", 0, "explanation")
FLASHCARD_BACK = ("sections", SECTION["flashcards"], "blocks", 0, "flashcards", 1, "back")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.sampled_from(FIELDS), second=st.sampled_from(FIELDS),
       texts=st.tuples(GRAMMAR, GRAMMAR))
# Found in the security review: fence lines that only another parser sees, paired across
# fields; a fence closed by a longer one; "</details>" after a fence in an answer.
@example(first=CARD_TEXT, second=EXPLANATION,
         texts=("Para\n    ```\n    x", "SECRET\n    ```\n    y"))
@example(first=CARD_TEXT, second=FLASHCARD_BACK,
         texts=("```\n<img src=x onerror=alert(1)>\n````", "SECRET\n```\n</details>\n```"))
@example(first=EXPLANATION, second=CARD_TEXT,
         texts=("SECRET ```", "~~~ {\n<img src=x onerror=alert(1)>\n~~~ x"))
def test_risky_markdown_in_two_fields(first: tuple[Any, ...], second: tuple[Any, ...],
                                      texts: tuple[str, str], tmp_path: Path) -> None:
    """Two fields at once: an unclosed fence in one must not pair with one in another."""
    data = put(put(BASE, first, texts[0]), second, texts[1])
    secrets = {"SECRET"} if SECRET & {*first, *second} else set()
    # Only an answer field may hold the word: elsewhere it is the author's visible text.
    if not SECRET & set(first) and "SECRET" in texts[0] or \
            not SECRET & set(second) and "SECRET" in texts[1]:
        secrets = set()
    check_any(data, tmp_path, secrets)
