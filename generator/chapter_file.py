"""A chapter file, read and validated now or recalled from the build cache.

A chapter recalled from the cache (see :mod:`facts`) is not parsed until something needs
more of it than its facts: one of its own pages, rendered again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path

from . import model
from .errors import ContentError, Problem
from .facts import ChapterFacts, ChapterRecord
from .load import Document, parse_document, show_path
from .memo import digest
from .processes import in_processes
from .used_media import references
from .validate import check_chapter

Loaded = tuple[model.Chapter, Document, list[Problem]]  # a chapter, its YAML, its warnings
Uses = tuple[str, tuple[tuple[str, ...], ...]]  # a digest of the course's names, those used


@dataclass(frozen=True, eq=False)
class ChapterSource:
    """A validated chapter: its file name without ``.yml`` (its slug), its file, the digest
    of its bytes, and its :class:`ChapterFacts`.

    Its model and YAML are loaded when first asked for: a chapter whose facts the build cache
    holds (``known``) is read again only when one of its own pages must be rendered again.
    ``uses`` are the course names its text uses, as the cache recorded them; ``words`` its
    :attr:`tokens`, when another process read it (see :func:`read_elsewhere`).
    """

    slug: str
    file: str
    digest: str  # of the file's bytes: what the chapter's pages and downloads come from
    load: Callable[[], Loaded] = dataclasses.field(repr=False)
    known: ChapterFacts | None = dataclasses.field(default=None, repr=False)
    uses: Uses | None = dataclasses.field(default=None, repr=False)
    words: tuple[str, ...] | None = dataclasses.field(default=None, repr=False)

    @classmethod
    def of(cls, slug: str, file: str, chapter: model.Chapter, document: Document,
           digest: str, problems: list[Problem] | None = None) -> ChapterSource:
        """A chapter loaded already, with its warnings."""
        loaded = (chapter, document, problems or [])
        return cls(slug, file, digest, lambda: loaded)

    @cached_property
    def loaded(self) -> Loaded:
        return self.load()

    @property
    def chapter(self) -> model.Chapter:
        return self.loaded[0]

    @property
    def document(self) -> Document:
        return self.loaded[1]

    @property
    def tokens(self) -> tuple[str, ...]:
        """The words of the chapter's text (see :attr:`.model.Chapter.tokens`)."""
        return self.words if self.words is not None else self.chapter.tokens

    @cached_property
    def facts(self) -> ChapterFacts:
        """What the rest of the course reads from the chapter (see :mod:`facts`)."""
        if self.known:
            return self.known
        return ChapterFacts.of(self.digest, self.chapter, self.document, self.loaded[2],
                               references(self.chapter))

    def problem(self, path: tuple[str | int, ...], message: str) -> Problem:
        """A problem at the field at ``path``, placed by the facts when the chapter is not
        loaded."""
        position = (self.known.position(path)
                    if self.known and "loaded" not in self.__dict__ else None)
        if position is None:
            return self.document.problem(path, message)
        return Problem(self.file, *position, f"{show_path(path)}: {message}" if path else message)


def read_file(path: Path, file: str, inside: Path, problems: list[Problem]) -> bytes | None:
    """The bytes of ``path``, a file in the folder ``inside`` (resolved), or a problem."""
    if not path.resolve().is_relative_to(inside):
        problems.append(Problem(file, 1, 1, "is a link to a file outside the content folder; "
                                            "copy the file in instead"))
        return None
    if not path.is_file():
        problems.append(Problem(file, 1, 1, "file not found; create it (the README shows one)"))
        return None
    try:
        return path.read_bytes()
    except OSError as exc:
        problems.append(Problem(file, 1, 1, f"cannot read file: {exc.strerror}"))
        return None


def parse(raw: bytes, file: str) -> tuple[Document | None, list[Problem]]:
    """The YAML document in ``raw``, or its problems."""
    try:
        return parse_document(raw, file), []
    except ContentError as exc:
        return None, exc.problems


def read_chapter(raw: bytes, file: str, slug: str) -> tuple[ChapterSource | None, list[Problem]]:
    """The chapter in ``raw`` and its problems: a pure function of the file's bytes."""
    doc, problems = parse(raw, file)
    chapter, problems = check_chapter(doc) if doc else (None, problems)
    if not (doc and chapter):
        return None, problems
    return ChapterSource.of(slug, file, chapter, doc, digest(raw), problems), problems


def _read_again(raw: bytes, file: str, slug: str) -> Loaded:
    source, problems = read_chapter(raw, file, slug)
    if source is None:  # the facts came from a reading that found no error in these bytes
        raise ContentError(problems)
    return source.loaded


def recalled_chapter(raw: bytes, file: str, slug: str, known: ChapterRecord
                     ) -> tuple[ChapterSource, list[Problem]]:
    """A chapter whose bytes are the ones ``known`` facts were recorded from, not loaded
    yet, and its warnings as recorded."""
    facts = known.facts
    problems = [Problem(file, line, column, message, warning=True)
                for line, column, message in facts.problems]
    return (ChapterSource(slug, file, facts.digest, partial(_read_again, raw, file, slug),
                          facts, known.uses), problems)


Read = tuple[ChapterFacts | None, list[Problem], tuple[str, ...]]  # what another process sends

# Below this many chapters to read, starting processes costs more than it saves.
ELSEWHERE_FROM = 50


def _read_for_facts(items: list[tuple[bytes, str, str]]) -> list[Read]:
    read: list[Read] = []
    for item in items:
        source, problems = read_chapter(*item)
        read.append((source.facts, problems, source.chapter.tokens) if source
                    else (None, problems, ()))
    return read


def read_elsewhere(items: list[tuple[bytes, str, str]]
                   ) -> dict[str, tuple[ChapterSource | None, list[Problem]]]:
    """:func:`read_chapter` of each (bytes, file, slug), by file, done by one process a CPU:
    each sends back the chapter's facts, problems and words, not its model, which is read
    again here only if one of its pages is rendered (a check renders few).

    Nothing (the caller reads them itself) when there are few, or when they cannot be read
    elsewhere (see :mod:`processes`).
    """
    read = in_processes(_read_for_facts, items) if len(items) >= ELSEWHERE_FROM else None
    if read is None:
        return {}
    found: dict[str, tuple[ChapterSource | None, list[Problem]]] = {}
    for (raw, file, slug), (facts, problems, words) in zip(items, read, strict=True):
        source = (ChapterSource(slug, file, facts.digest, partial(_read_again, raw, file, slug),
                                facts, words=words) if facts else None)
        found[file] = (source, problems)
    return found
