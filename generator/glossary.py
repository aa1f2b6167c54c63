"""The course glossary: every chapter's key terms in one list, defined once.

The same list gives the glossary page (A–Z, each term linking to the chapters that define and
use it), the tooltips on every page, and the flashcards that name a term instead of
repeating it. Two chapters defining one term differently is an error naming both places.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from . import model
from .errors import Problem
from .memo import Memo, digest
from .terms import NameIndex

if TYPE_CHECKING:
    from .course import ChapterSource, CourseContent


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


def definitions(glossary: list[Entry]) -> dict[str, str]:
    """Each term and alias of the glossary (case folded) to its definition."""
    return {name.casefold(): entry.definition for entry in glossary for name in entry.names}


def card_definitions(content: CourseContent, chapter: model.Chapter) -> dict[str, str]:
    """The definitions the chapter's key-term flashcards show, by term (case folded)."""
    return {card.term.casefold(): content.definitions[card.term.casefold()]
            for _, card in chapter.flashcards() if card.term and card.back is None}


def by_page(glossary: list[Entry]) -> dict[str, list[Entry]]:
    """For each chapter (by slug), the terms it defines or uses: its page's tooltips."""
    pages: dict[str, list[Entry]] = {}
    for entry in glossary:
        for source in [entry.defined_in, *entry.used_in]:
            pages.setdefault(source.slug, []).append(entry)
    return pages


def build_glossary(chapters: list[ChapterSource], memo: Memo | None = None
                   ) -> tuple[list[Entry], NameIndex, list[Problem]]:
    """The glossary, sorted A–Z, the index of its names, and a problem for each term defined
    twice differently.

    With a ``memo``, the index is built again only when the names changed, and only changed
    chapters (or all, when the names changed) are searched for the terms they use.
    """
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
    memo = memo or Memo()
    every_name = [name for entry in entries.values() for name in entry.names]
    names_digest = digest(*every_name)
    names = memo.get(("names", names_digest), partial(NameIndex, every_name))
    named: dict[tuple[str, ...], list[Entry]] = {}
    for entry in entries.values():
        for name in entry.names:
            named.setdefault(names.tokens[name], []).append(entry)
    for source in chapters:  # one pass over each chapter's text finds every term it uses
        found = memo.get(("uses", source.digest, names_digest),
                         partial(names.found_in, source.chapter.tokens))
        used = {id(entry): entry for name in found
                for entry in named[name] if entry.defined_in is not source}
        for entry in used.values():
            entry.used_in.append(source)
    return sorted(entries.values(), key=lambda e: e.term.casefold()), names, problems


def _index(source: ChapterSource, key: str) -> int:
    return next(i for i, t in enumerate(source.chapter.key_terms) if t.term.casefold() == key)
