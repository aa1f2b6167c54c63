"""Render step: the validated course to Markdown pages, through Jinja2 templates.

Templates ship in ``generator/templates``; a file of the same name under the project's
``overrides/`` folder replaces one (``overrides/blocks/quiz.md`` changes how quizzes look).
Author text reaches the Markdown only through the ``md`` and ``plain`` filters.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

import jinja2
from markdown.extensions.toc import slugify

from .course import ChapterSource, CourseContent
from .escape import markdown_text, one_line, plain_text
from .exports import download_names
from .glossary import Entry, by_page, chapter_text, definitions, phrases, tokens
from .model import block_kind, letters

CHAPTERS = "chapters"  # the folder under docs/ that holds the chapter pages
HANDOUTS = "handouts"  # the folder under docs/ that holds exercise sheets and answer keys
HOME, GLOSSARY = "index.md", "glossary.md"
WORDS_PER_MINUTE = 200


@dataclass(frozen=True)
class ChapterSlot:
    """One chapter number of the course: written (``source``), or coming soon."""

    number: int
    title: str | None
    source: ChapterSource | None
    summary: str | None = None
    minutes: int = 0

    @property
    def page(self) -> str | None:
        """The chapter's page, relative to docs/, when it is written."""
        return f"{CHAPTERS}/{self.source.slug}.md" if self.source else None


@dataclass(frozen=True)
class PartView:
    """A part of the course (or the whole course, untitled, when it has no parts)."""

    title: str | None
    slots: list[ChapterSlot]


def chapter_slots(content: CourseContent) -> list[ChapterSlot]:
    """Every chapter number of the course in order, written or coming soon."""
    written = {source.chapter.number: source for source in content.chapters}
    planned = {p.number: p for p in content.course.planned}
    slots = []
    for number in range(1, content.course.total_chapters + 1):
        source = written.get(number)
        if source:
            words = len(chapter_text(source.chapter).split())
            slots.append(ChapterSlot(number, source.chapter.title, source,
                                     source.chapter.summary,
                                     max(1, math.ceil(words / WORDS_PER_MINUTE))))
        else:
            plan = planned.get(number)
            slots.append(ChapterSlot(number, plan.title if plan else None, None,
                                     plan.summary if plan else None))
    return slots


def course_parts(content: CourseContent, slots: list[ChapterSlot]) -> list[PartView]:
    """The chapters grouped into the course's parts (one untitled part without parts)."""
    if not content.course.parts:
        return [PartView(None, slots)]
    return [PartView(part.title, [s for s in slots if part.first <= s.number <= part.last])
            for part in content.course.parts]


def environment(overrides: Path | None = None,
                labels: dict[str, Any] | None = None) -> jinja2.Environment:
    """The Jinja2 environment: the project's ``overrides/`` first, then the shipped templates."""
    loaders: list[jinja2.BaseLoader] = []
    if overrides is not None and overrides.is_dir():
        loaders.append(jinja2.FileSystemLoader(overrides))
    loaders.append(jinja2.PackageLoader("generator", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # the output is Markdown; the filters below do its escaping
    )
    # Front matter values go out as JSON strings, which YAML reads back as the same text.
    env.filters.update(md=markdown_text, plain=plain_text, one_line=one_line,
                       yaml_string=lambda text: json.dumps(text, ensure_ascii=False),
                       slug=lambda text: slugify(text, "-"))
    if labels is None:
        from .translations import labels as translation

        labels = translation("en")
    env.globals.update(labels=labels, block_kind=block_kind, letters=letters)
    return env


def _tidy(markdown: str) -> str:
    """Collapse runs of blank lines and end with one newline, so output is stable."""
    # Only "\n" ends a line for Markdown; splitlines() would also split at \x1e or \u2028.
    lines = [line.rstrip() for line in markdown.split("\n")]
    tidy: list[str] = []
    for line in lines:
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy).strip("\n") + "\n"


def _home_text(content: CourseContent) -> str:
    chapters = [(c.chapter.title, c.chapter.summary, *c.chapter.objectives)
                for c in content.chapters]
    return "\n".join([content.course.title, content.course.description,
                      *(text for group in chapters for text in group)])


def _used_on(glossary: list[Entry], text: str) -> list[Entry]:
    """The entries whose term or an alias appears in ``text``."""
    longest = max((len(tokens(n)) for e in glossary for n in e.names), default=0)
    found = phrases(text, longest)
    return [e for e in glossary if any(tokens(n) in found for n in e.names)]


def _by_letter(glossary: list[Entry]) -> list[tuple[str, list[Entry]]]:
    def letter(entry: Entry) -> str:
        first = entry.term[:1].upper()
        return first if first.isalpha() else "#"

    return [(key, list(group)) for key, group in groupby(glossary, key=letter)]


def render_chapter(env: jinja2.Environment, content: CourseContent, source: ChapterSource,
                   slots: list[ChapterSlot] | None = None,
                   terms: dict[str, list[Entry]] | None = None) -> str:
    """The Markdown page of one chapter; its tooltips are the course terms it uses."""
    slots = slots if slots is not None else chapter_slots(content)
    terms = terms if terms is not None else by_page(content.glossary)
    return _tidy(env.get_template("chapter.md").render(
        course=content.course, chapter=source.chapter, source=source.file, slug=source.slug,
        downloads=download_names(source.slug), slots={slot.number: slot for slot in slots},
        glossary=terms.get(source.slug, []), definitions=definitions(content.glossary)))


def render_course(content: CourseContent, overrides: Path | None = None) -> dict[str, str]:
    """Every generated page, as Markdown keyed by its path under docs/."""
    env = environment(overrides, content.labels)
    slots = chapter_slots(content)
    pages = {
        HOME: _tidy(env.get_template("home.md").render(
            course=content.course, parts=course_parts(content, slots),
            glossary=_used_on(content.glossary, _home_text(content)))),
    }
    if content.glossary:
        pages[GLOSSARY] = _tidy(env.get_template("glossary.md").render(
            course=content.course, letters=_by_letter(content.glossary),
            glossary=content.glossary))
    terms = by_page(content.glossary)
    for source in content.chapters:
        pages[f"{CHAPTERS}/{source.slug}.md"] = render_chapter(env, content, source, slots,
                                                               terms)
        for kind in ("exercises", "answers"):
            pages[f"{HANDOUTS}/{source.slug}-{kind}.md"] = _tidy(
                env.get_template(f"handout_{kind}.md").render(
                    course=content.course, chapter=source.chapter, source=source.file))
    return pages
