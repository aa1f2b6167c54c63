"""Key-term tooltips: each term of a page found in a text, whole words as written, in one pass.

A term becomes an ``<abbr>`` with its definition as the title, in plain text (:meth:`html`)
and, through :mod:`markup`, in the text of Markdown outside links and code.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property

from markupsafe import Markup, escape

from .memo import digest
from .terms import WORD as _WORD


class Tooltips:
    """Finds a page's key terms in a text, whole words as written, in one pass over it."""

    def __init__(self, terms: Iterable[tuple[Sequence[str], str]] = ()):
        self.terms = tuple((tuple(names), definition) for names, definition in terms)
        # What the tooltips are made of, as a digest: a page's key holds it, and a chapter
        # can show hundreds of terms (repr writes each name and definition in full).
        self.memo_key = digest(repr(self.terms))

    @cached_property
    def _index(self) -> tuple[dict[tuple[str, ...], str], dict[str, list[int]]]:
        """Each name's words to its definition, and for each first word the lengths of the
        names it starts, longest first. Made when first used: a page whose inputs are
        unchanged only needs its key."""
        definitions: dict[tuple[str, ...], str] = {}
        lengths: dict[str, list[int]] = {}
        for names, definition in self.terms:
            for name in names:
                words = tuple(_WORD.findall(name))
                if words and words not in definitions:
                    definitions[words] = " ".join(definition.split())
                    lengths.setdefault(words[0], []).append(len(words))
        for found in lengths.values():
            found.sort(reverse=True)
        return definitions, lengths

    def __bool__(self) -> bool:
        return bool(self._index[0])

    def split(self, text: str) -> Iterator[tuple[str, str | None]]:
        """``text`` in pieces, each with the definition of the term it is, or ``None``."""
        definitions, lengths = self._index
        words = _WORD.findall(text) if definitions else []
        if lengths.keys().isdisjoint(words):
            yield text, None
            return
        starts = [m.start() for m in _WORD.finditer(text)]  # where each word starts
        index, written = 0, 0
        while index < len(words):
            for length in lengths.get(words[index], ()):
                definition = definitions.get(tuple(words[index:index + length]))
                if definition is not None and index + length <= len(words):
                    last = index + length - 1
                    start, end = starts[index], starts[last] + len(words[last])
                    if start > written:
                        yield text[written:start], None
                    yield text[start:end], definition
                    written, index = end, index + length
                    break
            else:
                index += 1
        if written < len(text):
            yield text[written:], None

    def html(self, text: str) -> Markup:
        """``text`` escaped for HTML, each term in an ``<abbr>`` with its definition."""
        pieces = list(self.split(text))
        if len(pieces) == 1 and pieces[0][1] is None:
            return escape(text)
        return Markup("".join(abbr(piece, tip) if tip else str(escape(piece))
                              for piece, tip in pieces))


def abbr(term: str, definition: str) -> str:
    """A term as HTML with its definition as the tooltip."""
    return f'<abbr title="{escape(definition)}">{escape(term)}</abbr>'
