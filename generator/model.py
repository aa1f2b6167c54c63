"""The typed model of a course: what a chapter file and ``course.yml`` may contain.

A chapter is sections of blocks (:mod:`generator.blocks`) and key terms; the text types and
the strict base come from :mod:`generator.fields`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError
from typing_extensions import assert_never

from .blocks import (
    ActivityBlock,
    AnyBlock,
    Block,
    CalloutBlock,
    CardsBlock,
    ClassificationBlock,
    ComparisonBlock,
    DefinitionBlock,
    Exercise,
    FigureBlock,
    Flashcard,
    FlashcardsBlock,
    ListBlock,
    ModelBlock,
    QuizBlock,
    VideoBlock,
    WorkedExampleBlock,
)
from .fields import Inline, InlineText, Markdown, MarkdownText, PlainText, Strict, text_fields
from .load import PathKey
from .terms import tokens


class Section(Strict):
    """A numbered section of a chapter: a title, an optional introduction, its blocks."""

    title: Inline
    text: Markdown | None = None
    blocks: list[Block] = Field(min_length=1)


def _no_abbr_syntax(text: str) -> str:
    if any(c in text for c in "[]\\"):
        raise PydanticCustomError("term_chars", "a key term cannot contain [, ] or \\")
    return text


class KeyTerm(Strict):
    """A glossary entry; ``also`` lists other spellings that get the same tooltip."""

    term: Annotated[PlainText, AfterValidator(_no_abbr_syntax)]
    definition: PlainText
    also: list[Annotated[PlainText, AfterValidator(_no_abbr_syntax)]] = []


class Chapter(Strict):
    """One chapter file: its number, title, summary, sections and key terms.

    ``objectives`` are shown at the top of the chapter and on its card in the course home;
    ``prerequisites`` are the numbers of chapters to read first.
    """

    number: int = Field(ge=1)
    title: Inline
    summary: Inline
    objectives: list[Inline] = []
    prerequisites: list[Annotated[int, Field(ge=1)]] = []
    sections: list[Section] = Field(min_length=1)
    key_terms: list[KeyTerm] = []

    def blocks(self) -> Iterator[tuple[PathKey, Section, AnyBlock]]:
        """Every block of the chapter in order, with its path and the section it is in."""
        for s, section in enumerate(self.sections):
            for b, block in enumerate(section.blocks):
                yield ("sections", s, "blocks", b), section, block

    def exercises(self) -> Iterator[tuple[Section, Exercise]]:
        """The blocks that ask questions with answers to check: the quizzes and the
        classification exercises, which the exports and the handouts carry."""
        for _, section, block in self.blocks():
            match block:
                case QuizBlock() | ClassificationBlock():
                    yield section, block
                case (CardsBlock() | CalloutBlock() | ComparisonBlock() | ModelBlock()
                      | WorkedExampleBlock() | DefinitionBlock() | ListBlock()
                      | FlashcardsBlock() | ActivityBlock() | FigureBlock() | VideoBlock()):
                    pass
                case _:
                    assert_never(block)

    def answerable(self) -> int:
        """How many answers the chapter's page checks: its questions (of every kind) and
        scenarios."""
        return sum(len(block.quiz) if isinstance(block, QuizBlock)
                   else len(block.classification.scenarios) for _, block in self.exercises())

    def flashcards(self) -> Iterator[tuple[PathKey, Flashcard]]:
        """Every flashcard of the chapter, with its path: what the Anki decks carry."""
        for path, _, block in self.blocks():
            match block:
                case FlashcardsBlock():
                    for c, card in enumerate(block.flashcards):
                        yield (*path, "flashcards", c), card
                case (CardsBlock() | CalloutBlock() | ComparisonBlock() | ModelBlock()
                      | WorkedExampleBlock() | DefinitionBlock() | ListBlock()
                      | ClassificationBlock() | QuizBlock() | ActivityBlock() | FigureBlock()
                      | VideoBlock()):
                    pass
                case _:
                    assert_never(block)

    @cached_property
    def markdown_fields(self) -> list[tuple[PathKey, MarkdownText | InlineText]]:
        """Every text that may hold Markdown (links, images), with its path in the file."""
        return text_fields(self)

    @cached_property
    def text(self) -> str:
        """All the chapter's text except its key terms, one value a line."""
        return "\n".join(_texts(self.model_dump(exclude={"key_terms"})))

    @cached_property
    def word_count(self) -> int:
        """How many words the chapter has, for its reading time."""
        return len(self.text.split())

    @cached_property
    def tokens(self) -> tuple[str, ...]:
        """The words and punctuation marks of :attr:`text`, in order: where terms are used."""
        return tokens(self.text)


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


# Names Windows cannot use for a file, whatever the extension.
_DEVICE_NAMES = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
                 *(f"lpt{n}" for n in range(1, 10))}


def _not_reserved(slug: str) -> str:
    if slug == "index":
        raise PydanticCustomError("reserved", "'index' is the contents page; name the chapter "
                                              "file differently")
    if slug in _DEVICE_NAMES:
        raise PydanticCustomError("reserved", "'{slug}' is a reserved device name on Windows; "
                                              "name the chapter file differently", {"slug": slug})
    return slug


def _slug_form(slug: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,79}", slug):
        raise PydanticCustomError(
            "slug", "'{slug}' is not a chapter file name: use lower-case letters, digits and '-', "
                    "at most 80, such as 07-continual-improvement", {"slug": slug[:100]})
    return slug


def _language_code(code: str) -> str:
    if not re.fullmatch(r"[a-z]{2}(-[A-Z]{2})?", code):
        raise PydanticCustomError("language", "'{code}' is not a language code such as en, de "
                                              "or pt-BR", {"code": code[:100]})
    return code


Slug = Annotated[str, AfterValidator(_slug_form), AfterValidator(_not_reserved)]


class Part(Strict):
    """A group of consecutive chapters, such as "Part 2: Practices" for chapters 5 to 9."""

    title: PlainText
    first: int = Field(ge=1)
    last: int = Field(ge=1)


class PlannedChapter(Strict):
    """A chapter declared but not written yet: shown as "coming soon" in the course home."""

    number: int = Field(ge=1)
    title: Inline
    summary: Inline | None = None


class Course(Strict):
    """``content/course.yml``: what is course-wide.

    Chapters numbered up to ``total_chapters`` that have no file are "coming soon";
    ``planned`` may give their titles. ``parts`` group the chapters in the navigation.
    """

    title: PlainText
    description: PlainText
    language: Annotated[str, AfterValidator(_language_code)] = "en"
    total_chapters: int = Field(ge=1)
    # Chapter file names without ``.yml``, in reading order (none yet in a new course).
    chapters: list[Slug] = []
    parts: list[Part] = []
    planned: list[PlannedChapter] = []
    # What builds the site: MkDocs with Material, or Zensical, Material's successor
    # (``coursegen build --engine`` overrides it).
    engine: Literal["mkdocs", "zensical"] = "mkdocs"
