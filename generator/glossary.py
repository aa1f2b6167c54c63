"""The course glossary: every chapter's key terms in one list, defined once.

The same list gives the glossary page (A–Z, each term linking to the chapters that define and
use it), the tooltips on every page, and the flashcards that name a term instead of
repeating it. Two chapters defining one term differently is an error naming both places.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import model
from .errors import Problem

if TYPE_CHECKING:
    from .course import ChapterSource


@dataclass
class Entry:
    """One term of the glossary, where it is defined and the chapters that use it."""

    term: str
    definition: str
    also: list[str]
    defined_in: ChapterSource
    used_in: list[ChapterSource] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [self.term, *self.also]


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def chapter_text(chapter: model.Chapter) -> str:
    """All the text of a chapter except its key terms, for finding where terms are used."""
    return "\n".join(_texts(chapter.model_dump(exclude={"key_terms"})))


_TOKEN = re.compile(r"\w+|[^\w\s]")


def tokens(text: str) -> tuple[str, ...]:
    """Words and punctuation marks of ``text``, in order."""
    return tuple(_TOKEN.findall(text))


def phrases(text: str, longest: int) -> set[tuple[str, ...]]:
    """Every run of up to ``longest`` tokens (words or punctuation) in ``text``.

    A name is used in a text when its tokens are one of these runs: whole words, as written,
    the way tooltips match. One pass over the text serves every name of the glossary.
    """
    words = tokens(text)
    return {words[start:start + size] for size in range(1, longest + 1)
            for start in range(len(words) - size + 1)}


def definitions(glossary: list[Entry]) -> dict[str, str]:
    """Each term and alias of the glossary (case folded) to its definition."""
    return {name.casefold(): entry.definition for entry in glossary for name in entry.names}


def by_page(glossary: list[Entry]) -> dict[str, list[Entry]]:
    """For each chapter (by slug), the terms it defines or uses: its page's tooltips."""
    pages: dict[str, list[Entry]] = {}
    for entry in glossary:
        for source in [entry.defined_in, *entry.used_in]:
            pages.setdefault(source.slug, []).append(entry)
    return pages


def build_glossary(chapters: list[ChapterSource]) -> tuple[list[Entry], list[Problem]]:
    """The glossary, sorted A–Z, and a problem for each term defined twice differently."""
    entries: dict[str, Entry] = {}
    problems = []
    for source in chapters:
        for index, term in enumerate(source.chapter.key_terms):
            key = term.term.casefold()
            if key not in entries:
                entries[key] = Entry(term.term, term.definition, list(term.also), source)
            elif (entries[key].definition != term.definition
                  and entries[key].defined_in is not source):  # within a chapter: a duplicate
                first = entries[key].defined_in
                line = first.document.values[("key_terms", _index(first, key), "definition")]
                problems.append(source.problem(
                    ("key_terms", index, "definition"),
                    f"{term.term!r} is defined differently in {first.file}:{line.line}; "
                    "define it once (other chapters may use it without defining it)"))
    names = {entry.term: [tokens(name) for name in entry.names] for entry in entries.values()}
    longest = max((len(n) for group in names.values() for n in group), default=0)
    for source in chapters:  # one pass over each chapter's text finds every term it uses
        found = phrases(chapter_text(source.chapter), longest)
        for entry in entries.values():
            if entry.defined_in is not source and any(n in found for n in names[entry.term]):
                entry.used_in.append(source)
    return sorted(entries.values(), key=lambda e: e.term.casefold()), problems


def _index(source: ChapterSource, key: str) -> int:
    return next(i for i, t in enumerate(source.chapter.key_terms) if t.term.casefold() == key)
