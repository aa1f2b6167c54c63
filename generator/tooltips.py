"""Key-term tooltips: each term of a page found in a text, whole words as written, in one pass.

A term becomes an ``<abbr>`` with its definition as the title, in plain text (:meth:`html`)
and, through :mod:`markup`, in the text of Markdown outside links and code.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from markupsafe import Markup, escape

from .terms import WORD as _WORD


class Tooltips:
    """Finds a page's key terms in a text, whole words as written, in one pass over it."""

    def __init__(self, terms: Iterable[tuple[Sequence[str], str]] = ()):
        terms = tuple((tuple(names), definition) for names, definition in terms)
        self.memo_key = terms  # what the tooltips are made of
        self._definitions: dict[tuple[str, ...], str] = {}
        self._lengths: dict[str, list[int]] = {}  # first token -> lengths, longest first
        for names, definition in terms:
            for name in names:
                words = tuple(_WORD.findall(name))
                if words and words not in self._definitions:
                    self._definitions[words] = " ".join(definition.split())
                    self._lengths.setdefault(words[0], []).append(len(words))
        for lengths in self._lengths.values():
            lengths.sort(reverse=True)

    def __bool__(self) -> bool:
        return bool(self._definitions)

    def split(self, text: str) -> Iterator[tuple[str, str | None]]:
        """``text`` in pieces, each with the definition of the term it is, or ``None``."""
        words = _WORD.findall(text) if self._definitions else []
        if self._lengths.keys().isdisjoint(words):
            yield text, None
            return
        starts = [m.start() for m in _WORD.finditer(text)]  # where each word starts
        index, written = 0, 0
        while index < len(words):
            for length in self._lengths.get(words[index], ()):
                definition = self._definitions.get(tuple(words[index:index + length]))
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
