"""Every kind of block a chapter shows, one class each, and the union that tells them apart.

A block is a mapping with one key naming its kind (``quiz:``, ``flashcards:`` ...); the
README has an example of each.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeAlias, Union

from pydantic import Discriminator, Field, Tag

from .fields import Inline, Markdown, PlainText, Strict
from .media_blocks import Figure, Video
from .questions import Question


class Card(Strict):
    """A concept card: a heading and a paragraph."""

    title: Inline
    text: Markdown


class Callout(Strict):
    """A highlighted note: an exam clue, a tip, an analogy, a note or a warning."""

    style: Literal["exam-clue", "tip", "analogy", "note", "warning"]
    title: Inline | None = None
    text: Markdown


class Practice(Strict):
    """One side of a comparison."""

    name: Inline
    text: Markdown


class Comparison(Strict):
    """Several practices set side by side."""

    title: Inline | None = None
    text: Markdown | None = None
    practices: list[Practice] = Field(min_length=2)


class ProcessModel(Strict):
    """An ordered model: a named sequence of steps."""

    title: Inline
    text: Markdown | None = None
    steps: list[Inline] = Field(min_length=2)


class WorkedStep(Strict):
    """One stage of a worked example."""

    title: Inline
    text: Markdown


class Figures(Strict):
    """A small table of the figures a worked example uses."""

    columns: list[Inline] = Field(min_length=2)
    rows: list[list[Inline]] = Field(min_length=1)


class WorkedExample(Strict):
    """A situation walked through the steps of a model, with its figures."""

    title: Inline
    text: Markdown
    steps: list[WorkedStep] = Field(min_length=1)
    figures: Figures | None = None


class Definition(Strict):
    """A term defined in full."""

    term: PlainText
    title: Inline | None = None
    text: Markdown


class ItemList(Strict):
    """A titled list of points."""

    title: Inline
    text: Markdown | None = None
    items: list[Markdown] = Field(min_length=1)
    ordered: bool = False


class Scenario(Strict):
    """A situation to classify, its answer (one of the categories) and the reason."""

    text: Markdown
    answer: Inline
    reason: Markdown


class Classification(Strict):
    """Scenarios the student sorts into categories; answers stay hidden until opened."""

    title: Inline | None = None
    task: Markdown
    instructions: list[Markdown] = []
    categories: list[Inline] = Field(min_length=2)
    scenarios: list[Scenario] = Field(min_length=1)
    closing: Markdown | None = None


class Flashcard(Strict):
    """A card with a term on the front and its meaning on the back.

    Instead of ``front`` and ``back``, ``term`` names a key term of the course: the card
    shows that term and its definition, so a definition is written once.
    """

    front: Inline | None = None
    back: Markdown | None = None
    term: PlainText | None = None


class ActivityStep(Strict):
    """One prompt of a guided activity, with an example answer or a hint."""

    prompt: Inline
    example: Inline | None = None
    hint: Markdown | None = None


class Activity(Strict):
    """A guided activity the student does on their own."""

    title: Inline | None = None
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
    """Questions of any kind (see :mod:`generator.questions`), checked on the page."""

    quiz: list[Question] = Field(min_length=1)


class FlashcardsBlock(Strict):
    flashcards: list[Flashcard] = Field(min_length=1)


class ActivityBlock(Strict):
    activity: Activity


class FigureBlock(Strict):
    figure: Figure


class VideoBlock(Strict):
    video: Video


# Every block kind, for the type checker: a `match` over a block ends with
# `case _: assert_never(block)`, so a new kind is reported wherever kinds are told apart.
AnyBlock: TypeAlias = (
    CardsBlock | CalloutBlock | ComparisonBlock | ModelBlock | WorkedExampleBlock
    | DefinitionBlock | ListBlock | ClassificationBlock | QuizBlock | FlashcardsBlock
    | ActivityBlock | FigureBlock | VideoBlock)
Exercise: TypeAlias = QuizBlock | ClassificationBlock  # what exports and handouts ask

BLOCK_TYPES: dict[str, type[Strict]] = {
    "cards": CardsBlock, "callout": CalloutBlock, "comparison": ComparisonBlock,
    "model": ModelBlock, "worked_example": WorkedExampleBlock, "definition": DefinitionBlock,
    "list": ListBlock, "classification": ClassificationBlock, "quiz": QuizBlock,
    "flashcards": FlashcardsBlock, "activity": ActivityBlock, "figure": FigureBlock,
    "video": VideoBlock,
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
        Annotated[FigureBlock, Tag("figure")],
        Annotated[VideoBlock, Tag("video")],
    ],
    Discriminator(
        block_kind, custom_error_type="block_kind",
        custom_error_message="a block is a mapping with one key naming its kind: "
                             + ", ".join(BLOCK_TYPES)),
]
