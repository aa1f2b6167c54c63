"""What templates are handed about the course as a whole: a slot for every chapter number
(written or coming soon), the parts, references to chapters, glossary rows and tooltips."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

from .chapter_file import ChapterSource
from .course import CourseContent
from .paths import chapter_page

WORDS_PER_MINUTE = 200


@dataclass(frozen=True)
class ChapterSlot:
    """One chapter number of the course: written (it has a ``slug``), or coming soon."""

    number: int
    title: str | None
    slug: str | None
    summary: str | None = None
    minutes: int = 0
    objectives: tuple[str, ...] = ()

    @property
    def page(self) -> str | None:
        """The chapter's page, relative to docs/, when it is written."""
        return chapter_page(self.slug) if self.slug else None


class Tooltip(NamedTuple):
    """A term a page uses: its names (the term and its aliases) and its definition."""

    names: tuple[str, ...]
    definition: str


class ChapterRef(NamedTuple):
    """A chapter as other pages name it."""

    number: int
    title: str
    slug: str

    @property
    def page(self) -> str:
        """The chapter's page, relative to docs/."""
        return chapter_page(self.slug)

    @classmethod
    def of(cls, source: ChapterSource) -> ChapterRef:
        return cls(source.facts.number, source.facts.title, source.slug)


class GlossaryRow(NamedTuple):
    """A term on the glossary page: where it is defined and the chapters that use it."""

    term: str
    definition: str
    also: tuple[str, ...]
    defined_in: ChapterRef
    used_in: tuple[ChapterRef, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.term, *self.also)


@dataclass(frozen=True)
class PartView:
    """A part of the course (or the whole course, untitled, when it has no parts)."""

    title: str | None
    slots: list[ChapterSlot]


def chapter_slots(content: CourseContent) -> list[ChapterSlot]:
    """Every chapter number of the course in order, written or coming soon."""
    written = {source.facts.number: source for source in content.chapters}
    planned = {p.number: p for p in content.course.planned}
    slots = []
    for number in range(1, content.course.total_chapters + 1):
        source = written.get(number)
        if source:
            facts = source.facts
            minutes = max(1, math.ceil(facts.word_count / WORDS_PER_MINUTE))
            slots.append(ChapterSlot(number, facts.title, source.slug, facts.summary,
                                     minutes, facts.objectives))
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
