"""Escaping by construction: a template that prints author text without a filter fails.

Every filter application of every shipped template is removed in turn (as an override) and
a course with every block kind, every optional field, parts, a planned chapter and a
prerequisite is checked: each removal must be reported at the template, except the few
whose value is not the author's (listed below and reviewed).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.errors import ContentError
from generator.jinja import TEMPLATES
from generator.project import Project
from generator.questions import QUESTION_TYPES

from .conftest import copy_project, coursegen, edit, every_kind_chapter

FILTER = re.compile(r"\s*\|\s*(?:md_lead|md|text|plain|heading|attribute|yaml_string)\b"
                    r"""(?:\((?:"[^"]*"|'[^']*'|[^()"']|\([^()]*\))*\))?""")
EXPRESSION = re.compile(r"\{\{.*?\}\}")
# Filtered values that are not author text: the glossary and whole-course pages' titles
# (labels) and the glossary's letter headings (one capital letter made from a term).
NOT_AUTHOR_TEXT = {("glossary.md", "{{ labels.glossary | yaml_string }}"),
                   ("glossary.md", "{{ letter | heading }}"),
                   ("book.md", "{{ labels.whole_course | yaml_string }}")}


def mutations() -> list[tuple[str, str, str]]:
    """(template, the expression, the template with that one filter removed)."""
    found = []
    for path in sorted(TEMPLATES.rglob("*.md")):
        name = path.relative_to(TEMPLATES).as_posix()
        source = path.read_text(encoding="utf-8")
        for expression in EXPRESSION.finditer(source):
            for applied in FILTER.finditer(expression.group()):
                start = expression.start() + applied.start()
                mutated = source[:start] + source[expression.start() + applied.end():]
                found.append((name, expression.group(), mutated))
    return found


MUTATIONS = mutations()


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("templates") / "course")
    (root / "content" / "07-continual-improvement.yml").unlink()
    for number in (1, 2):  # chapter 2 needs 1 (written) and 3 (coming soon)
        chapter = every_kind_chapter()
        chapter.update(number=number, prerequisites=[1, 3] if number == 2 else [])
        chapter["sections"][0]["text"] = "A section's introduction."
        chapter["sections"][0]["blocks"].append({"flashcards": [
            {"term": chapter["key_terms"][0]["term"]}, {"front": "F", "back": "B"}]})
        chapter["sections"][0]["blocks"].append(  # a definition titled by its term
            {"definition": {"term": "Backlog", "text": "What waits."}})
        (root / "content" / f"0{number}-every-kind.yml").write_text(yaml.safe_dump(chapter),
                                                                   encoding="utf-8")
    course = {"title": "T", "description": "D", "total_chapters": 3,
              "chapters": ["01-every-kind", "02-every-kind"],
              "parts": [{"title": "P", "first": 1, "last": 3}],
              "planned": [{"number": 3, "title": "Planned", "summary": "Later."}]}
    (root / "content" / "course.yml").write_text(yaml.safe_dump(course), encoding="utf-8")
    Project(root).check()  # the course itself is fine
    return root


def test_every_template_prints_author_text_through_filters() -> None:
    assert len(MUTATIONS) > 60
    assert {name for name, _, _ in MUTATIONS} >= {
        "chapter.md", "home.md", "glossary.md", "blocks/list.md",
        *(f"questions/{kind}.md" for kind in QUESTION_TYPES)}


@pytest.mark.parametrize(("name", "expression", "mutated"), MUTATIONS,
                         ids=[f"{n}:{e}" for n, e, _ in MUTATIONS])
def test_a_forgotten_filter_fails_loudly(name: str, expression: str, mutated: str,
                                         course: Path, tmp_path: Path) -> None:
    overrides = course / "overrides"
    target = overrides / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(mutated, encoding="utf-8")
    try:
        Project(course).check()
    except ContentError as error:
        (problem,) = error.problems
        assert problem.file == f"overrides/{name}"
        assert "is printed without a filter" in problem.message, problem.message
    else:
        assert (name, expression) in NOT_AUTHOR_TEXT, f"{expression} in {name}"
    finally:
        target.unlink()


@pytest.mark.parametrize("front_matter", [True, False])
def test_an_override_without_the_header_builds_twice(front_matter: bool, tmp_path: Path) -> None:
    """The writer, not the template, marks a page as coursegen's: an override cannot leave
    its page looking hand-written (which the next build would refuse to overwrite)."""
    root = copy_project(tmp_path / "course")
    source = (TEMPLATES / "chapter.md").read_text(encoding="utf-8")
    if not front_matter:
        source = source.split("---\n", 2)[2]
    (root / "overrides" / "chapter.md").write_text(source, encoding="utf-8")
    for _ in range(2):
        result = coursegen(root, "build", "--no-site")
        assert result.exit_code == 0, result.stderr
        edit(root / "content" / "07-continual-improvement.yml", "Mindset Shift", "Mindset Shift!")
    page = (root / "docs" / "chapters" / "07-continual-improvement.md").read_text("utf-8")
    assert "Mindset Shift!" in page
    assert page.startswith("---\n# Generated by coursegen from content/07-continual-improvement"
                           ".yml. Edit that file, not this one.\n" if front_matter else
                           "<!-- Generated by coursegen from content/07-continual-improvement"
                           ".yml. Edit that file, not this one. -->\n\n")
    assert coursegen(root, "build").exit_code == 0  # MkDocs takes the page, comment or not


def test_check_renders_the_whole_course_template_but_not_its_chapters_again(
        course: Path) -> None:
    """`check` leaves out the whole-course page's chapters (the chapter pages again, half of
    the rendering) but still renders its own template, so a broken override of it fails
    `check` as it would fail `build`."""
    project = Project(course)
    _, pages = project.check()
    assert "whole-course.md" not in pages and "chapters/01-every-kind.md" in pages
    project.generate()
    assert "01-every-kind" in (course / "docs" / "whole-course.md").read_text(encoding="utf-8")
    target = course / "overrides" / "book.md"
    target.write_text("{% if %}\n", encoding="utf-8")
    try:
        with pytest.raises(ContentError) as raised:
            Project(course).check()
        (problem,) = raised.value.problems
        assert (problem.file, problem.line) == ("overrides/book.md", 1)
    finally:
        target.unlink()
