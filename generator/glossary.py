"""The course glossary: every chapter's key terms in one list, defined once.

The same list gives the glossary page (A–Z, each term linking to the chapters that define and
use it), the tooltips on every page, and the flashcards that name a term instead of
repeating it. Two chapters defining one term differently is an error naming both places.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from .errors import Problem
from .memo import Memo, digest
from .terms import NameIndex

if TYPE_CHECKING:
    from .chapter_file import ChapterSource, Uses
    from .course import CourseContent
    from .facts import ChapterFacts


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


def card_definitions(content: CourseContent, facts: ChapterFacts) -> dict[str, str]:
    """The definitions the chapter's key-term flashcards show, by term (case folded)."""
    return {term.casefold(): content.definitions[term.casefold()]
            for _, term, shows_definition in facts.cards if shows_definition}


def by_page(glossary: list[Entry]) -> dict[str, list[Entry]]:
    """For each chapter (by slug), the terms it defines or uses: its page's tooltips."""
    pages: dict[str, list[Entry]] = {}
    for entry in glossary:
        for source in [entry.defined_in, *entry.used_in]:
            pages.setdefault(source.slug, []).append(entry)
    return pages


def build_glossary(chapters: list[ChapterSource], memo: Memo | None = None
                   ) -> tuple[list[Entry], NameIndex, dict[str, Uses], list[Problem]]:
    """The glossary, sorted A–Z, the index of its names, the names each chapter uses (by
    slug), and a problem for each term defined twice differently.

    With a ``memo``, the index is built again only when the names changed, and only changed
    chapters (or all, when the names changed) are searched for the terms they use.
    """
    entries: dict[str, Entry] = {}
    problems = []
    for source in chapters:
        for index, (term, definition, also) in enumerate(source.facts.key_terms):
            key = term.casefold()
            if key not in entries:
                entries[key] = Entry(term, definition, list(also), source)
            elif (entries[key].definition != definition
                  and entries[key].defined_in is not source):  # within a chapter: a duplicate
                first = entries[key].defined_in
                line = first.problem(("key_terms", _index(first, key), "definition"), "").line
                problems.append(source.problem(
                    ("key_terms", index, "definition"),
                    f"{term!r} is defined differently in {first.file}:{line}; "
                    "define it once (other chapters may use it without defining it)"))
    memo = memo or Memo()
    every_name = [name for entry in entries.values() for name in entry.names]
    names_digest = digest(*every_name)
    names = memo.get(("names", names_digest), partial(NameIndex, every_name))
    named: dict[tuple[str, ...], list[Entry]] = {}
    for entry in entries.values():
        for name in entry.names:
            named.setdefault(names.tokens[name], []).append(entry)
    uses: dict[str, Uses] = {}
    for source in chapters:  # one pass over each chapter's text finds every term it uses
        if source.uses and source.uses[0] == names_digest:  # as the build cache recorded
            found = set(source.uses[1])
        else:
            found = memo.get(("uses", source.digest, names_digest),
                             partial(_found_in, names, source))
        uses[source.slug] = (names_digest, tuple(sorted(found)))
        used = {id(entry): entry for name in found
                for entry in named[name] if entry.defined_in is not source}
        for entry in used.values():
            entry.used_in.append(source)
    return sorted(entries.values(), key=lambda e: e.term.casefold()), names, uses, problems


def _found_in(names: NameIndex, source: ChapterSource) -> set[tuple[str, ...]]:
    return names.found_in(source.tokens)  # its text is searched (loaded, if need be)


def _index(source: ChapterSource, key: str) -> int:
    return next(i for i, (term, _, _) in enumerate(source.facts.key_terms)
                if term.casefold() == key)
