"""The typed model of a course: what a chapter file and ``course.yml`` may contain.

Every kind of block a chapter shows is a class here. Models are strict (no silent
conversion: ``answer: no`` is refused, not read as ``False``) and reject unknown keys, so
the same classes export the JSON Schema editors use.

Text is of two kinds: :data:`Markdown` (paragraphs that may use Markdown) and
:data:`PlainText` (one line, shown exactly as written: titles, option labels, terms).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from functools import cached_property
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
)
from pydantic_core import PydanticCustomError

from .safety import unsafe


class MarkdownText(str):
    """Text that may use Markdown: a ``str``, marked so checks and templates can tell."""

    __slots__ = ()


def _not_blank(text: str) -> str:
    if not text.strip():
        raise PydanticCustomError("blank", "text is empty; write something or remove the key")
    return text


def _one_line(text: str) -> str:
    if "\n" in text.strip():
        raise PydanticCustomError("multiline", "must be a single line of text")
    return text.strip()


def _safe_markdown(text: str) -> MarkdownText:
    reason = unsafe(text)
    if reason:
        raise PydanticCustomError("unsafe", reason)
    return MarkdownText(text)


Markdown = Annotated[str, Field(max_length=20_000, json_schema_extra={"format": "markdown"}),
                     AfterValidator(_not_blank), AfterValidator(_safe_markdown)]
PlainText = Annotated[str, Field(max_length=1_000), AfterValidator(_not_blank),
                      AfterValidator(_one_line)]
def _letter(text: str) -> str:
    if not re.fullmatch(r"[A-Z]", text):
        raise PydanticCustomError("letter", "'{text}' is not an option letter; write the capital "
                                            "letter of the option, such as B", {"text": text[:50]})
    return text


Letter = Annotated[str, AfterValidator(_letter)]


class Strict(BaseModel):
    """Base of every model: strict types, unknown keys rejected, immutable."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


def letters(count: int) -> str:
    """The option letters for ``count`` options: ``ABCD`` for four."""
    return string.ascii_uppercase[:count]


# --- Blocks -------------------------------------------------------------------------------


class Card(Strict):
    """A concept card: a heading and a paragraph."""

    title: PlainText
    text: Markdown


class Callout(Strict):
    """A highlighted note: an exam clue, a tip, an analogy, a note or a warning."""

    style: Literal["exam-clue", "tip", "analogy", "note", "warning"]
    title: PlainText | None = None
    text: Markdown


class Practice(Strict):
    """One side of a comparison."""

    name: PlainText
    text: Markdown


class Comparison(Strict):
    """Several practices set side by side."""

    title: PlainText | None = None
    text: Markdown | None = None
    practices: list[Practice] = Field(min_length=2)


class ProcessModel(Strict):
    """An ordered model: a named sequence of steps."""

    title: PlainText
    text: Markdown | None = None
    steps: list[PlainText] = Field(min_length=2)


class WorkedStep(Strict):
    """One stage of a worked example."""

    title: PlainText
    text: Markdown


class Figures(Strict):
    """A small table of the figures a worked example uses."""

    columns: list[PlainText] = Field(min_length=2)
    rows: list[list[PlainText]] = Field(min_length=1)



class WorkedExample(Strict):
    """A situation walked through the steps of a model, with its figures."""

    title: PlainText
    text: Markdown
    steps: list[WorkedStep] = Field(min_length=1)
    figures: Figures | None = None


class Definition(Strict):
    """A term defined in full."""

    term: PlainText
    title: PlainText | None = None
    text: Markdown


class ItemList(Strict):
    """A titled list of points."""

    title: PlainText
    text: Markdown | None = None
    items: list[Markdown] = Field(min_length=1)
    ordered: bool = False


class Scenario(Strict):
    """A situation to classify, its answer (one of the categories) and the reason."""

    text: Markdown
    answer: PlainText
    reason: Markdown


class Classification(Strict):
    """Scenarios the student sorts into categories; answers stay hidden until opened."""

    title: PlainText | None = None
    task: Markdown
    instructions: list[Markdown] = []
    categories: list[PlainText] = Field(min_length=2)
    scenarios: list[Scenario] = Field(min_length=1)
    closing: Markdown | None = None



class Question(Strict):
    """A multiple-choice question; options are lettered A, B, C… in the order written."""

    question: Markdown
    options: list[PlainText] = Field(min_length=2, max_length=26)
    answer: Letter
    explanation: Markdown
    feedback: dict[Letter, Markdown] = {}


    @property
    def correct_option(self) -> str:
        return self.options[letters(len(self.options)).index(self.answer)]


class Flashcard(Strict):
    """A card with a term on the front and its meaning on the back.

    Instead of ``front`` and ``back``, ``term`` names a key term of the course: the card
    shows that term and its definition, so a definition is written once.
    """

    front: PlainText | None = None
    back: Markdown | None = None
    term: PlainText | None = None


class ActivityStep(Strict):
    """One prompt of a guided activity, with an example answer or a hint."""

    prompt: PlainText
    example: PlainText | None = None
    hint: Markdown | None = None


class Activity(Strict):
    """A guided activity the student does on their own."""

    title: PlainText | None = None
    text: Markdown | None = None
    duration: PlainText | None = None
    steps: list[ActivityStep] = Field(min_length=1)
    closing: Markdown | None = None


# Each block is written as a mapping with one key naming its kind: ``- callout: {...}``.
class CardsBlock(Strict):
    cards: list[Card] = Field(min_length=1)


class CalloutBlock(Strict):
    callout: Callout


class ComparisonBlock(Strict):
    comparison: Comparison


class ModelBlock(Strict):
    model: ProcessModel


class WorkedExampleBlock(Strict):
    worked_example: WorkedExample


class DefinitionBlock(Strict):
    definition: Definition


class ListBlock(Strict):
    list: ItemList


class ClassificationBlock(Strict):
    classification: Classification


class QuizBlock(Strict):
    quiz: list[Question] = Field(min_length=1)


class FlashcardsBlock(Strict):
    flashcards: list[Flashcard] = Field(min_length=1)


class ActivityBlock(Strict):
    activity: Activity


BLOCK_TYPES: dict[str, type[Strict]] = {
    "cards": CardsBlock, "callout": CalloutBlock, "comparison": ComparisonBlock,
    "model": ModelBlock, "worked_example": WorkedExampleBlock, "definition": DefinitionBlock,
    "list": ListBlock, "classification": ClassificationBlock, "quiz": QuizBlock,
    "flashcards": FlashcardsBlock, "activity": ActivityBlock,
}


def block_kind(value: Any) -> str | None:
    """The kind of a block: the one key of its mapping that names a block kind."""
    if isinstance(value, Strict):
        return next(k for k, t in BLOCK_TYPES.items() if isinstance(value, t))
    if isinstance(value, dict):
        kinds = [key for key in value if key in BLOCK_TYPES]
        return kinds[0] if len(kinds) == 1 else None
    return None


Block = Annotated[
    Union[  # noqa: UP007 (one kind a line reads better than a chain of |)
        Annotated[CardsBlock, Tag("cards")],
        Annotated[CalloutBlock, Tag("callout")],
        Annotated[ComparisonBlock, Tag("comparison")],
        Annotated[ModelBlock, Tag("model")],
        Annotated[WorkedExampleBlock, Tag("worked_example")],
        Annotated[DefinitionBlock, Tag("definition")],
        Annotated[ListBlock, Tag("list")],
        Annotated[ClassificationBlock, Tag("classification")],
        Annotated[QuizBlock, Tag("quiz")],
        Annotated[FlashcardsBlock, Tag("flashcards")],
        Annotated[ActivityBlock, Tag("activity")],
    ],
    Discriminator(
        block_kind, custom_error_type="block_kind",
        custom_error_message="a block is a mapping with one key naming its kind: "
                             + ", ".join(BLOCK_TYPES)),
]


# --- Chapter and course ---------------------------------------------------------------------


class Section(Strict):
    """A numbered section of a chapter: a title, an optional introduction, its blocks."""

    title: PlainText
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
    title: PlainText
    summary: PlainText
    objectives: list[PlainText] = []
    prerequisites: list[Annotated[int, Field(ge=1)]] = []
    sections: list[Section] = Field(min_length=1)
    key_terms: list[KeyTerm] = []

    def blocks(self) -> Iterator[tuple[Section, Strict]]:
        """Every block of the chapter in order, with the section it is in."""
        for section in self.sections:
            for block in section.blocks:
                yield section, block

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


_TOKEN = re.compile(r"\w+|[^\w\s]")


def tokens(text: str) -> tuple[str, ...]:
    """Words and punctuation marks of ``text``, in order."""
    return tuple(_TOKEN.findall(text))


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
    title: PlainText
    summary: PlainText | None = None


class Course(Strict):
    """``content/course.yml``: what is course-wide.

    Chapters numbered up to ``total_chapters`` that have no file are "coming soon";
    ``planned`` may give their titles. ``parts`` group the chapters in the navigation.
    """

    title: PlainText
    description: PlainText
    language: Annotated[str, AfterValidator(_language_code)] = "en"
    total_chapters: int = Field(ge=1)
    # Chapter file names without ``.yml``, in reading order; ``index`` is the contents page.
    chapters: list[Slug] = Field(min_length=1)
    parts: list[Part] = []
    planned: list[PlannedChapter] = []
