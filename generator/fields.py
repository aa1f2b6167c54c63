"""The kinds of text a course file holds, and the base of every model.

Text is of three kinds: :data:`Markdown` (paragraphs that may use Markdown),
:data:`Inline` (one line that may use inline Markdown: code, emphasis, links, formulas;
titles, options, categories) and :data:`PlainText` (one line, shown exactly as written: key
terms and their definitions, which tooltips match as written, durations, the course title).
Models are strict (no silent conversion: ``answer: no`` is refused, not read as ``False``)
and reject unknown keys, so the same classes export the JSON Schema editors use.
"""

from __future__ import annotations

import re
import string
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from .reading import formula_problem, link_problem


class AuthorText(str):
    """Text an author wrote: a ``str``, marked so that a template cannot print it without a
    filter that places it safely (see :mod:`jinja`)."""

    __slots__ = ()


class MarkdownText(AuthorText):
    """Author text that may use Markdown, marked so checks and templates can tell."""

    __slots__ = ()


class InlineText(AuthorText):
    """One line of author text that may use inline Markdown: the template filters render it,
    and places that take no markup show its :func:`markup.plain_text`."""

    __slots__ = ()


def _not_blank(text: str) -> str:
    if not text.strip():
        raise PydanticCustomError("blank", "text is empty; write something or remove the key")
    return text


def _one_line(text: str) -> AuthorText:
    if "\n" in text.strip():
        raise PydanticCustomError("multiline", "must be a single line of text")
    return AuthorText(text.strip())


def _checked(text: str) -> str:
    reason = link_problem(text)
    if reason:
        raise PydanticCustomError("unsafe", reason)
    reason = formula_problem(text)
    if reason:
        raise PydanticCustomError("formula", reason)
    return text


def _safe_markdown(text: str) -> MarkdownText:
    return MarkdownText(_checked(text))


def _safe_inline(text: str) -> InlineText:
    return InlineText(_checked(text))


Markdown = Annotated[str, Field(max_length=20_000, json_schema_extra={"format": "markdown"}),
                     AfterValidator(_not_blank), AfterValidator(_safe_markdown)]
PlainText = Annotated[str, Field(max_length=1_000), AfterValidator(_not_blank),
                      AfterValidator(_one_line)]
Inline = Annotated[str, Field(max_length=1_000, json_schema_extra={"format": "markdown-inline"}),
                   AfterValidator(_not_blank), AfterValidator(_one_line),
                   AfterValidator(_safe_inline)]

# An image's alt text: may be empty for a decorative image (see rules.py), else plain.
AltText = Annotated[str, Field(max_length=1_000), AfterValidator(AuthorText)]


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


def text_fields(value: Any, path: tuple[str | int, ...] = ()
                ) -> list[tuple[tuple[str | int, ...], MarkdownText | InlineText]]:
    """Every text of a model that may hold Markdown (links, images), with its path: the same
    path as in the YAML, in the order of the file."""
    found = []
    waiting: list[tuple[tuple[str | int, ...], Any]] = [(path, value)]  # last out first
    while waiting:  # a loop, not recursion: a chapter has thousands of values
        path, value = waiting.pop()
        if isinstance(value, (MarkdownText, InlineText)):
            found.append((path, value))
        elif isinstance(value, BaseModel):
            waiting += [((*path, name), getattr(value, name))
                        for name in reversed(type(value).model_fields)]
        elif isinstance(value, list):
            waiting += [((*path, index), value[index])
                        for index in range(len(value) - 1, -1, -1)]
        elif isinstance(value, dict):
            waiting += [((*path, key), item) for key, item in reversed(value.items())]
    return found
