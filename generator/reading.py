"""Facts read from author Markdown without rendering it: the links and images it holds, the
formula it cannot show, the plain text a reader sees of a one-line field.

The same parser as :mod:`markup` reads the text, with every link kept whatever its scheme,
so that checks can say which will not work.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from markdown_it.token import Token

from . import formulas
from .formulas import FormulaError
from .markup import PLAIN_LINE, SAFE_SCHEMES, clean_text, make_parser, scheme

_READER = make_parser(validate=False)


# What a one-line field shows as plain text: the text of code and the source of formulas.
_SHOWN_AS_TEXT = frozenset({"text", "code_inline", "math_inline", "math_inline_double"})


@lru_cache(maxsize=65_536)  # a title is asked for by the head, the navigation and exports
def plain_text(text: str) -> str:
    """The text a reader sees in a one-line field's inline Markdown, for places that take no
    markup (navigation, ``<title>``, deck and question names): "How a `for` loop runs" is
    "How a for loop runs"; an image gives its alt text."""
    text = clean_text(text)
    if PLAIN_LINE.fullmatch(text):
        return text
    pieces = []
    for child in _inline_children(_READER.parseInline(text)):
        if child.type in _SHOWN_AS_TEXT:
            pieces.append(child.content)
        elif child.type == "image":
            pieces.append("".join(c.content for c in child.children or ()))
        elif child.type in ("softbreak", "hardbreak"):
            pieces.append(" ")
    return " ".join("".join(pieces).split())


def formula_problem(text: str) -> str | None:
    """Why a formula in ``text`` cannot be shown, or ``None``."""
    if "$" not in text:
        return None
    for token in _READER.parse(clean_text(text)):
        for found in [token, *(token.children or ())]:
            if found.type.startswith("math_"):
                display = found.type != "math_inline"
                try:
                    formulas.mathml(found.content.strip(), display)
                except FormulaError as exc:
                    return str(exc)
    return None


def _inline_children(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield from token.children or ()


# One read of a text gives both its links and its images: (kind, target, alt text).
Target = tuple[str, str, str]


@lru_cache(maxsize=65_536)  # a field is asked by its check, the link check and the media check
def targets(text: str) -> tuple[Target, ...]:
    """Each link (``link_open``) and image (``image``) an author wrote in ``text``, in order,
    with its target, whatever its scheme, and an image's alt text."""
    if "[" not in text and "<" not in text:
        return ()  # CommonMark makes links and images only from "[" (and "<" autolinks)
    return tuple((child.type, str(child.attrGet("href" if child.type == "link_open" else "src")),
                  child.content if child.type == "image" else "")
                 for child in _inline_children(_READER.parse(clean_text(text)))
                 if child.type in ("link_open", "image"))


def links(text: str) -> tuple[str, ...]:
    """The targets of the links and images an author wrote in ``text``, whatever their scheme."""
    return tuple(target for _, target, _ in targets(text))


def images(text: str) -> tuple[tuple[str, str], ...]:
    """The alt text and ``src`` of each image an author wrote in ``text``."""
    return tuple((alt, target) for kind, target, alt in targets(text) if kind == "image")


def link_problem(text: str) -> str | None:
    """Why a link in ``text`` will not work, or ``None``: only some schemes are allowed."""
    for target in links(text):
        found = scheme(target)
        if found is not None and found not in SAFE_SCHEMES:
            return (f"link scheme '{found}:' is not allowed; links may use http, https, mailto, "
                    "tel or a relative path")
    return None
