"""Content is untrusted: every attack found in the security review, in every field of a
chapter that has every block kind and in the course file, built into a site with each
engine and into every export. Nothing runs, no answer shows before it is asked for, and
the text is still there, shown as text."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import sqlite3
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from generator.paths import SITE_STAGING

from .conftest import copy_project, coursegen, every_kind_chapter, require_zensical
from .test_exports import parse_gift

CHAPTER = "99-hostile"

# Multi-line attacks go where Markdown is allowed; every one also goes, on one line, into
# the plain fields (titles, options, terms), which take a single line.
ATTACKS = [
    "<img src=x onerror=alert(1)>",
    '"><img src=x onerror=alert(1)>',
    "```\n<img src=x onerror=alert(1)>\n````",        # closed by a longer fence
    "~~~\n<img src=x onerror=alert(1)>\n~~~ x",       # a closer with trailing text
    "~~~ {\n<img src=x onerror=alert(1)>",
    "Para\n    ```\n<img src=x onerror=alert(1)>",    # indented 'fence' after a paragraph
    "```",                                            # unclosed, paired with a later field
    "- [r]: javascript:alert(1)",                      # a link definition in a list item
    "> [r]: vbscript:alert(1)",                        # (used, it is refused: tests/bad/)
    "```\n</details>\n```\n</details></div></li> after",
    "<script>alert(1)</script>",
    "<IFRAME src=https://evil.example></iframe>",
    '{: onmouseover="alert(1)" }',
    '<a href="javascript:alert(1)">x</a> <svg onload=alert(1)>',
    "&# &#x &amp &lt;img src=x onerror=alert(1)&gt;",
    "\x02wzxhzdk:0\x03 \x1e \u2028 \x0b",
    "{{ 7*7 }} {% raw %} {# c #}",
    '*[x]: an abbreviation\n!!! note\n    boxed\n??? "opened"\n--8<-- "/etc/passwd"',
    "<details open><summary>Peek</summary> <!-- comment",
    "A\r\nB\rC",
    "`" * 300 + "[" * 300 + "<a " * 100,
]
ONE_LINE = [" ".join(a.split()) or "x" for a in ATTACKS]
PLAIN = {"title", "summary", "name", "front", "prompt", "example", "definition", "options",
         "objectives", "steps", "columns", "rows", "duration", "items", "instructions",
         "categories", "description", "alt", "accept", "unit", "order"}
SECRET = {"explanation", "feedback", "reason", "back", "accept"}  # shown only when asked for
KEEP = {"style", "answer", "answers", "term", "also", "number", "ordered", "language", "chapters",
        "first", "last", "total_chapters", "prerequisites", "file", "captions", "youtube",
        "vimeo", "decorative", "width"}


def poison(value: Any, key: str, count: Iterator[int]) -> Any:
    """``value`` with every free text an attack (numbered, to stay unique)."""
    if isinstance(value, dict):
        # A categories list is matched by the scenarios' answers: poison it consistently.
        poisoned = {k: v if k in KEEP or k == "categories"
                    else poison(v, key if key in SECRET else k, count)  # feedback: {A: …}
                    for k, v in value.items()}
        if "blanks" in value:  # a typed answer's text: an attack around each blank ___
            poisoned["text"] = " ___ ".join(poison("x", "title", count)
                                            for _ in range(len(value["blanks"]) + 1))
        return poisoned
    if isinstance(value, list):
        return [poison(item, key, count) for item in value]
    if isinstance(value, str) and value:  # (an empty alt text says an image is decorative)
        n = next(count)
        attack = (ONE_LINE if key in PLAIN else ATTACKS)[n % len(ATTACKS)]
        marker = f"SECRET{n}" if key in SECRET else f"TEXT{n}"
        return f"{marker} {attack}" if key in PLAIN else f"{marker}\n\n{attack}"
    return value


def hostile_project(root: Path) -> Path:
    copy_project(root)
    count = itertools.count()
    chapter = poison(every_kind_chapter(), "", count)
    # Flashcards that name a key term show its definition: keep those names.
    chapter_file = root / "content" / f"{CHAPTER}.yml"
    chapter_file.write_text(yaml.safe_dump(chapter, allow_unicode=True), encoding="utf-8")
    (root / "content" / "07-continual-improvement.yml").unlink()
    course = {"title": "Course <img src=x onerror=alert(1)> & co", "language": "en",
              "description": '"><img src=x onerror=alert(1)> <script>alert(1)</script>',
              "total_chapters": 2, "chapters": [CHAPTER],
              "parts": [{"title": "Part <b onmouseover=alert(1)>one</b>", "first": 1,
                         "last": 2}],
              "planned": [{"number": 2, "title": "<img src=x onerror=alert(1)>",
                           "summary": "<script>alert(1)</script>"}]}
    (root / "content" / "course.yml").write_text(yaml.safe_dump(course, allow_unicode=True),
                                                 encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = hostile_project(tmp_path_factory.mktemp("hostile") / "course")
    result = coursegen(root, "build")
    assert result.exit_code == 0, result.stdout + result.stderr
    return root


_ACTIVE_URL = re.compile(r"^(javascript|vbscript|data):", re.I)
_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "srcset", "poster")


# The one frame coursegen writes: a video player of YouTube or Vimeo, by a checked id.
_OUR_FRAME = re.compile(r"https://www\.youtube-nocookie\.com/embed/[A-Za-z0-9_-]{11}"
                        r"|https://player\.vimeo\.com/video/[0-9]{1,12}\?dnt=1")


def inert_problems(page: BeautifulSoup) -> list[str]:
    """What in a parsed page could run author script (empty when nothing can)."""
    problems = []
    for element in page.find_all(True):
        assert isinstance(element, Tag)
        for name, value in element.attrs.items():
            if name.lower().startswith("on"):
                problems.append(f"<{element.name} {name}=…>")
            if name.lower() in _URL_ATTRIBUTES:
                url = re.sub(r"[\s\x00-\x1f]", "", str(value))
                if _ACTIVE_URL.match(url):
                    problems.append(f"<{element.name} {name}={value!r}>")
        if element.name in ("iframe", "object", "embed", "frame", "base", "meta") and (
                element.name != "meta" or element.get("http-equiv")) and not _OUR_FRAME.fullmatch(
                    str(element.get("src", "")) if element.name == "iframe" else ""):
            problems.append(f"<{element.name}>")
        if element.name == "img" and element.get("src") == "x":
            problems.append("<img src=x>")
        if element.name == "script" and ("alert" in element.get_text()
                                         or "evil" in str(element.get("src", ""))):
            problems.append("<script> of the author's")
    return problems


def json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_no_page_runs_author_script(engine: str, hostile: Path, tmp_path: Path) -> None:
    site = hostile / "site"
    if engine == "zensical":
        require_zensical()
        root = tmp_path / "course"
        shutil.copytree(hostile, root, ignore=shutil.ignore_patterns("site"))
        result = coursegen(root, "build", "--engine", "zensical")
        assert result.exit_code == 0, result.stdout + result.stderr
        site = root / "site"
    pages = html_pages(site)
    assert len(pages) >= 6  # home, chapter, two handouts, glossary, 404
    for path in pages:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert inert_problems(page) == [], path
    # The search index holds titles and text as HTML, which the search shows as HTML.
    indexes = [p for p in site.rglob("*.json") if "search" in p.as_posix()]
    assert indexes
    for index in indexes:
        for text in json_strings(json.loads(index.read_text(encoding="utf-8"))):
            assert inert_problems(BeautifulSoup(text, "html.parser")) == [], (index, text)
    chapter = BeautifulSoup((site / "chapters" / CHAPTER / "index.html").read_text("utf-8"),
                            "html.parser")
    # Titles reach the head, header and navigation as text, escaped once (no "&amp;lt;").
    title = "1. TEXT0 <img src=x onerror=alert(1)>"
    head, header = chapter.select_one("title"), chapter.select(".md-header__topic")
    assert head is not None and head.get_text().startswith(title)
    assert title in header[-1].get_text()
    assert any(title == " ".join(link.get_text().split())
               for link in chapter.select(".md-nav__link"))
    home = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser")
    assert "Course <img src=x onerror=alert(1)> & co" in home.get_text()
    assert "Part <b onmouseover=alert(1)>one</b>" in home.get_text()
    assert "&lt;" not in home.get_text() and "&amp;" not in home.get_text()
    description = home.select_one('meta[name="description"]')
    assert description is not None
    assert description["content"] == '"><img src=x onerror=alert(1)> <script>alert(1)</script>'


def test_answers_only_where_asked_for(hostile: Path) -> None:
    site = hostile / "site"
    chapter = BeautifulSoup((site / "chapters" / CHAPTER / "index.html").read_text("utf-8"),
                            "html.parser")
    article = chapter.select_one("article")
    assert article is not None
    secrets = set(re.findall(r"SECRET\d+", (hostile / "content" / f"{CHAPTER}.yml").read_text()))
    # 6 explanations, 4 feedbacks, 3 accepted answers, 2 reasons, 2 backs
    assert len(secrets) == 17
    shown = set()
    for node in article.find_all(string=re.compile(r"SECRET\d+")):
        hidden = any(parent.name == "details" or "verdict" in (parent.get("class") or [])
                     for parent in node.parents)
        assert hidden, f"answer text shown before it is asked for: {node[:80]!r}"
        shown.update(re.findall(r"SECRET\d+", node))
    assert shown == secrets  # every answer is on the page, behind "Show answer" or a verdict
    sheet = (site / "handouts" / f"{CHAPTER}-exercises" / "index.html").read_text("utf-8")
    assert "SECRET" not in sheet
    # The attacks are still there, as text: the author sees what they wrote.
    text = article.get_text()
    assert "<img src=x onerror=alert(1)>" in text and "<script>alert(1)</script>" in text
    assert "[r]: javascript:alert(1)" in text and "{{ 7*7 }}" in text
    assert " 49 " not in text  # Jinja never ran the text


def test_exports_carry_no_active_content(hostile: Path) -> None:
    downloads = hostile / "docs" / "downloads"
    moodle = ET.parse(downloads / f"{CHAPTER}-moodle.xml").getroot()
    fragments = [e.findtext("text") or "" for e in moodle.iter() if e.get("format") == "html"]
    assert len(fragments) > 10
    for fragment in fragments:
        assert inert_problems(BeautifulSoup(fragment, "html.parser")) == [], fragment
    gift = (downloads / f"{CHAPTER}-gift.txt").read_text(encoding="utf-8")
    assert "\r" not in gift and "&lt;img src" in gift  # shown as text
    for question in parse_gift(gift)[1:]:
        answers = question["answers"]
        # A short answer's accepted answers are what the student types: plain text, which
        # Moodle compares and shows escaped. Everything else in GIFT's [html] is HTML.
        typed = answers and all(answer["right"] for answer in answers)
        html = [question["text"] + question["after"], question.get("general", ""),
                *question.get("truefalse", (None,))[1:], *(a["feedback"] for a in answers),
                *([] if typed else [a["text"] for a in answers]),
                *(left for left, _ in question["pairs"])]
        for fragment in html:
            assert inert_problems(BeautifulSoup(fragment, "html.parser")) == [], fragment
        assert all("<" not in right for _, right in question["pairs"])  # plain, escaped
    tsv = (downloads / f"{CHAPTER}-flashcards.tsv").read_text(encoding="utf-8")
    assert "\r" not in tsv and all(line.count("\t") == 2 for line in tsv.splitlines()[3:])
    with zipfile.ZipFile(downloads / f"{CHAPTER}.apkg") as package:
        collection = package.read("collection.anki2")
    database = hostile / "collection.anki2"
    database.write_bytes(collection)
    with sqlite3.connect(database) as connection:
        notes = [row[0] for row in connection.execute("SELECT flds FROM notes")]
    database.unlink()
    assert notes
    for note in notes:
        for field in note.split("\x1f"):
            assert inert_problems(BeautifulSoup(field, "html.parser")) == [], field
    with zipfile.ZipFile(downloads / f"{CHAPTER}-qti.zip") as package:
        assessment = ET.fromstring(package.read(f"{CHAPTER}.xml"))
    shown = [(m.get("texttype"), m.text or "") for m in assessment.iter()
             if m.tag.endswith("}mattext")]
    assert len(shown) > 10
    for texttype, fragment in shown:
        if texttype == "text/html":
            assert inert_problems(BeautifulSoup(fragment, "html.parser")) == [], fragment
        else:
            assert texttype == "text/plain", texttype  # shown as text, never as HTML


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("link", ["docs/downloads", "docs/chapters", "docs", "site"])
def test_no_write_or_removal_through_a_linked_folder(link: str, tmp_path: Path) -> None:
    root = copy_project(tmp_path / "course")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious.md").write_text("Generated by coursegen, or so it says\n")
    (elsewhere / "precious.apkg").write_bytes(b"keep me")
    if (root / link).exists():
        shutil.rmtree(root / link)
    (root / link).symlink_to(elsewhere, target_is_directory=True)
    before = tree(elsewhere)
    result = coursegen(root, "build")
    assert result.exit_code == 1
    assert f"error: {link} is a symbolic link" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert tree(elsewhere) == before


def test_a_link_in_place_of_the_build_folder_is_never_built_through(tmp_path: Path) -> None:
    """The engine builds into ``.site-build-<engine>``, the same name every build: a link
    left there (by a stranger's pull request, say) is removed, not followed."""
    root = copy_project(tmp_path / "course")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("mine\n")
    (root / f"{SITE_STAGING}mkdocs").symlink_to(elsewhere, target_is_directory=True)
    result = coursegen(root, "build")
    assert result.exit_code == 0, result.stderr
    assert tree(elsewhere) == {"keep.txt": b"mine\n"}
    assert (root / "site" / "index.html").is_file()
    assert not (root / f"{SITE_STAGING}mkdocs").exists()


def test_a_link_out_of_the_project_is_never_published(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "course")
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0\n")
    (root / "docs" / "leak.txt").symlink_to(secret)
    for command in ("check", "build"):
        result = coursegen(root, command)
        assert result.exit_code == 1
        assert result.stderr.startswith(f"error: docs/leak.txt is a symbolic link to {secret}, "
                                         "outside the project; MkDocs would publish"), result.stderr
    assert not (root / "site").exists() and not (root / "docs" / "chapters").exists()
    # A link that stays inside the project is fine.
    (root / "docs" / "leak.txt").unlink()
    (root / "docs" / "notes.txt").write_text("ours\n")
    (root / "docs" / "same.txt").symlink_to(root / "docs" / "notes.txt")
    assert coursegen(root, "build").exit_code == 0
    assert (root / "site" / "same.txt").read_text() == "ours\n"


def test_an_override_linked_out_of_the_project_is_refused(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "course")
    outside = tmp_path / "callout.md"
    outside.write_text("{{ block }}\n")
    (root / "overrides" / "blocks").mkdir(parents=True, exist_ok=True)
    (root / "overrides" / "blocks" / "callout.md").symlink_to(outside)
    result = coursegen(root, "check")
    assert result.exit_code == 1
    assert "overrides/blocks/callout.md is a symbolic link" in result.stderr


def test_files_are_readable_by_a_web_server(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "course")
    umask = os.umask(0o022)
    try:
        assert coursegen(root, "build").exit_code == 0
    finally:
        os.umask(umask)
    for folder in ("docs/chapters", "docs/handouts", "docs/downloads", "site"):
        assert (root / folder).stat().st_mode & 0o777 == 0o755, folder
        for path in (root / folder).rglob("*"):
            expected = 0o755 if path.is_dir() else 0o644
            assert path.stat().st_mode & 0o777 == expected, path


@pytest.mark.parametrize(("template", "message"), [
    ("{{ cycler.__init__.__globals__.os.popen('id').read() }}",
     "overrides/blocks/callout.md:1:1: template error: access to attribute '__init__' of "
     "'type' object is unsafe; templates run in a sandbox without access to Python internals"),
    ("{{ block.callout.__class__.__mro__ }}",
     "overrides/blocks/callout.md:1:1: template error: access to attribute '__class__' of "
     "'Callout' object is unsafe; templates run in a sandbox without access to Python "
     "internals"),
    ("<p>\n{% if %}", "overrides/blocks/callout.md:2:1: template error: Expected an expression, "
                      "got 'end of statement block'"),
    ("<p>\n\n{{ nothing.here }}",
     "overrides/blocks/callout.md:3:1: template error: 'nothing' is undefined"),
])
def test_a_template_cannot_run_code_and_its_errors_are_positioned(
        template: str, message: str, tmp_path: Path) -> None:
    root = copy_project(tmp_path / "course")
    (root / "overrides" / "blocks").mkdir(parents=True, exist_ok=True)
    (root / "overrides" / "blocks" / "callout.md").write_text(template, encoding="utf-8")
    for command in ("check", "build"):
        result = coursegen(root, command)
        assert result.exit_code == 1
        assert result.stderr == f"{message}\n1 error in 1 file\n", result.stderr
    assert not (root / "docs" / "chapters").exists() and not (root / "site").exists()
