"""The kinds of question a quiz asks, told apart by the keys a question has.

Every kind has ``question`` (what is asked) and ``explanation`` (shown with a right answer and
under "Show answer"). The keys that tell the kinds apart, as the README shows:

- ``options`` and ``answer: B``: one right option (:class:`SingleChoice`);
- ``options`` and ``answers: [A, C]``: choose all that apply (:class:`MultipleChoice`);
- ``answer: true`` or ``false``: true or false (:class:`TrueFalse`);
- ``text`` with ``___`` blanks and ``blanks``: typed answers (:class:`TypedAnswer`);
- ``answer: 3.14`` with ``tolerance``, or ``range: [3.1, 3.2]``: a number (:class:`Numeric`);
- ``order``: items to put in order, written in the right one (:class:`Ordering`).
"""

from __future__ import annotations

import random
import re
from decimal import Decimal
from typing import Annotated, Any, TypeAlias, Union

from pydantic import Discriminator, Field, Tag

from .fields import Inline, InlineText, Letter, Markdown, PlainText, Strict, letters

BLANK = re.compile(r"_{3,}")  # a blank in a typed answer's text: three or more underscores


class SingleChoice(Strict):
    """A multiple-choice question with one right option; options are lettered A, B, C… in the
    order written."""

    question: Markdown
    options: list[Inline] = Field(min_length=2, max_length=26)
    answer: Letter
    explanation: Markdown
    feedback: dict[Letter, Markdown] = {}

    @property
    def correct_option(self) -> str:
        """The text of the right option."""
        return self.options[letters(len(self.options)).index(self.answer)]


class MultipleChoice(Strict):
    """"Choose all that apply": ``answers`` lists the letters of every right option."""

    question: Markdown
    options: list[Inline] = Field(min_length=2, max_length=26)
    answers: list[Letter] = Field(min_length=1)
    explanation: Markdown
    # Said of an option the student got wrong: a wrong one ticked or a right one left out.
    feedback: dict[Letter, Markdown] = {}


class TrueFalse(Strict):
    """A statement that is true or false; ``feedback`` is said to a student who picks wrong."""

    question: Markdown
    answer: bool
    explanation: Markdown
    feedback: Markdown | None = None


class Blank(Strict):
    """One blank of a typed answer: the answers it accepts, trimmed and, unless
    ``case_sensitive``, in any case."""

    accept: list[PlainText] = Field(min_length=1, max_length=20)
    case_sensitive: bool = False

    @property
    def pattern(self) -> str:
        """An HTML ``pattern`` (and Python regular expression) that matches exactly the
        accepted answers: every character literal, any run of spaces for a space, spaces
        around allowed."""
        return r"\s*(?:" + "|".join(self._literal(a) for a in self.accept) + r")\s*"

    def _literal(self, answer: str) -> str:
        return r"\s+".join("".join(self._character(c) for c in word) for word in answer.split())

    def _character(self, char: str) -> str:
        if char in _SYNTAX:
            return "\\" + char
        forms = sorted({char, char.lower(), char.upper()} if not self.case_sensitive else {char})
        forms = [form for form in forms if len(form) == 1]
        return f"[{''.join(forms)}]" if len(forms) > 1 else char

    @property
    def size(self) -> int:
        """The width of the blank's field in characters: room for the longest answer."""
        return max(8, *(len(answer) + 2 for answer in self.accept))


# Characters with a meaning in a regular expression, escaped in a pattern: the set that
# JavaScript's `v` flag (which browsers use for `pattern`) lets be escaped outside a class.
_SYNTAX = frozenset("^$\\.*+?()[]{}|/")


class TypedAnswer(Strict):
    """A sentence with blanks (``___``) the student types into; ``blanks`` gives, in order,
    what each accepts."""

    question: Markdown
    text: Inline
    blanks: list[Blank] = Field(min_length=1, max_length=10)
    explanation: Markdown

    def pieces(self) -> list[InlineText]:
        """The text around the blanks: one more piece than there are blanks."""
        return [InlineText(piece) for piece in BLANK.split(self.text)]


Number = Annotated[float, Field(allow_inf_nan=False)]


class Numeric(Strict):
    """A number to type: ``answer`` with an optional ``tolerance`` either side, or a
    ``range`` of accepted values; ``unit`` is shown after the field."""

    question: Markdown
    answer: Number | None = None
    tolerance: Number = Field(0, ge=0)
    range: Annotated[list[Number], Field(min_length=2, max_length=2)] | None = None
    unit: PlainText | None = None
    explanation: Markdown

    @property
    def bounds(self) -> tuple[str, str]:
        """The lowest and highest accepted values, written exactly (no binary rounding)."""
        if self.range is not None:
            low, high = (_decimal(v) for v in self.range)
        else:
            middle, spread = _decimal(self.answer or 0), _decimal(self.tolerance)
            low, high = middle - spread, middle + spread
        return _written(low), _written(high)

    @property
    def shown_answer(self) -> str:
        """The answer as "Show answer" and the answer key give it."""
        if self.range is not None:
            return "–".join(self.bounds)
        answer = _written(_decimal(self.answer or 0))
        return f"{answer} ± {_written(_decimal(self.tolerance))}" if self.tolerance else answer


def _decimal(value: float) -> Decimal:
    return Decimal(repr(value))  # repr is the shortest text that reads back as the value


def _written(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


class Ordering(Strict):
    """Items to put in order; ``order`` lists them in the right order, the page shows them
    shuffled (the same way on every build)."""

    question: Markdown
    order: list[Inline] = Field(min_length=3, max_length=8)
    explanation: Markdown

    def shuffled(self) -> list[tuple[int, InlineText]]:
        """The items as the page shows them, each with its right position (from 1): never in
        the right order, and the same on every build (seeded by the question's text)."""
        items = list(enumerate(self.order, start=1))
        shuffle = random.Random(self.question + "\n" + "\n".join(self.order))
        for _ in range(8):
            shuffle.shuffle(items)
            if [position for position, _ in items] != list(range(1, len(items) + 1)):
                break
        else:
            items = items[1:] + items[:1]
        return [(position, InlineText(item)) for position, item in items]


QUESTION_TYPES: dict[str, type[Strict]] = {
    "single_choice": SingleChoice, "multiple_choice": MultipleChoice, "true_false": TrueFalse,
    "typed": TypedAnswer, "numeric": Numeric, "ordering": Ordering}


def question_kind(value: Any) -> str:
    """The kind of a question, from the keys it has (see the module's docstring)."""
    if isinstance(value, Strict):
        return next(k for k, t in QUESTION_TYPES.items() if isinstance(value, t))
    if not isinstance(value, dict):
        return "single_choice"  # so the message says what a question needs
    answer = value.get("answer")
    for kind, present in (("ordering", "order" in value), ("typed", "blanks" in value),
                          ("multiple_choice", "answers" in value),
                          ("single_choice", "options" in value),
                          ("numeric", "tolerance" in value or "range" in value),
                          ("true_false", isinstance(answer, bool) or str(answer).lower() in
                           ("true", "false")),
                          ("numeric", isinstance(answer, (int, float)))):
        if present:
            return kind
    return "single_choice"


AnyQuestion: TypeAlias = (SingleChoice | MultipleChoice | TrueFalse | TypedAnswer | Numeric
                          | Ordering)

Question = Annotated[
    Union[  # noqa: UP007 (one kind a line reads better than a chain of |)
        Annotated[SingleChoice, Tag("single_choice")],
        Annotated[MultipleChoice, Tag("multiple_choice")],
        Annotated[TrueFalse, Tag("true_false")],
        Annotated[TypedAnswer, Tag("typed")],
        Annotated[Numeric, Tag("numeric")],
        Annotated[Ordering, Tag("ordering")],
    ],
    Discriminator(question_kind),
]

