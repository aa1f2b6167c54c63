"""What the rest of a course reads from a chapter, small enough to keep between runs.

Other chapters and the course's pages need only a little of a chapter: its number, title and
summary, its key terms, the terms its flashcards name, the files and links it points at,
the course terms its text uses, and where those stand in its file (to report a problem
there). The build cache keeps these facts under the digest of the chapter's bytes (see
:mod:`manifest`), so a run that finds a chapter unchanged need not parse it again; a
chapter is loaded only when one of its own pages must be rendered again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict

from .errors import Problem
from .fields import AuthorText, InlineText
from .load import Document, PathKey
from .model import Chapter
from .reading import images
from .reading import links as text_links

if TYPE_CHECKING:
    from .used_media import Reference

# Text keeps the kind it has in the chapter's model (which filters may show it how).
Inline = Annotated[str, AfterValidator(InlineText)]
Plain = Annotated[str, AfterValidator(AuthorText)]
Link = tuple[PathKey, str]  # the field that holds a link, and its target as written


def links_of(chapter: Chapter) -> list[Link]:
    """Every link target in the chapter's author text, with the path of its field."""
    found = []
    for path, text in chapter.markdown_fields:
        shown = {src for _, src in images(text)}  # images are files from content/, not links
        found += [(path, target) for target in text_links(text) if target not in shown]
    return found


class ChapterFacts(BaseModel):
    """A chapter as the rest of its course sees it (see the module's docstring)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    digest: str  # of the chapter file's bytes: the facts are a function of them alone
    number: int
    title: Inline
    summary: Inline
    objectives: tuple[Inline, ...]
    prerequisites: tuple[int, ...]
    word_count: int
    key_terms: tuple[tuple[Plain, Plain, tuple[Plain, ...]], ...]  # term, definition, aliases
    # Each flashcard that names a key term: its path, the term and whether it shows the
    # term's definition (it has no back of its own).
    cards: tuple[tuple[PathKey, Plain, bool], ...]
    media: tuple[tuple[PathKey, str, str], ...]  # see used_media.references
    alt_problems: tuple[tuple[PathKey, str], ...]  # images without alt text
    links: tuple[Link, ...]
    problems: tuple[tuple[int, int, str], ...]  # the chapter's own warnings: line, column, text
    positions: tuple[tuple[PathKey, int, int], ...]  # where the fields above stand

    @classmethod
    def of(cls, digest: str, chapter: Chapter, document: Document, problems: list[Problem],
           media: tuple[list[Reference], list[tuple[PathKey, str]]]) -> ChapterFacts:
        """The facts of a loaded chapter, its problems and its media references."""
        cards = tuple((path, card.term, card.back is None)
                      for path, card in chapter.flashcards() if card.term)
        links = tuple(links_of(chapter))
        references, alt_problems = media
        paths = [("number",), *(("prerequisites", i) for i in range(len(chapter.prerequisites))),
                 *(("key_terms", i, "definition") for i in range(len(chapter.key_terms))),
                 *((*path, "term") for path, _, _ in cards),
                 *(path for path, _, _ in references), *(path for path, _ in alt_problems),
                 *(path for path, _ in links)]
        positions = []
        for path in dict.fromkeys(paths):
            found = document.problem(path, "")
            positions.append((path, found.line, found.column))
        return cls(
            digest=digest, number=chapter.number, title=chapter.title,
            summary=chapter.summary, objectives=tuple(chapter.objectives),
            prerequisites=tuple(chapter.prerequisites), word_count=chapter.word_count,
            key_terms=tuple((t.term, t.definition, tuple(t.also)) for t in chapter.key_terms),
            cards=cards, media=tuple(references), alt_problems=tuple(alt_problems),
            links=links, problems=tuple((p.line, p.column, p.message) for p in problems),
            positions=tuple(positions))

    def position(self, path: PathKey) -> tuple[int, int] | None:
        """Where the field at ``path`` stands in the file, if the facts know it."""
        found = self.__dict__.get("_positions")
        if found is None:
            found = {tuple(p): (line, column) for p, line, column in self.positions}
            self.__dict__["_positions"] = found
        result: tuple[int, int] | None = found.get(tuple(path))
        return result


class ChapterRecord(BaseModel):
    """A chapter as the build cache keeps it: its facts, and the course names its text uses
    (with a digest of all the course's names: a new name means searching the text again)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    facts: ChapterFacts
    uses: tuple[str, tuple[tuple[str, ...], ...]] | None = None
