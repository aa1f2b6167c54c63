"""Terms in text: the words a text is made of, and an index that finds many names in it.

Key terms, their tooltips and the warning about a term a chapter never uses all match names
the same way: whole words and punctuation marks, as written, in one pass over the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import compress

WORD = re.compile(r"\w+|[^\w\s]")  # a word, or one punctuation mark


def tokens(text: str) -> tuple[str, ...]:
    """Words and punctuation marks of ``text``, in order."""
    return tuple(WORD.findall(text))


# Names recur in every run of `coursegen serve`; splitting 4,000 of them again took 0.1 s.
_name_tokens = lru_cache(maxsize=1 << 16)(tokens)


class NameIndex:
    """Finds which of many names occur in a text, in one pass over the text's tokens.

    A name occurs when its tokens (words and punctuation marks, as :func:`tokens`
    splits them) appear in a row in the text: whole words, as written, the way tooltips
    match. Each token is looked up once, and only the lengths of the names starting with it
    are tried, so finding the terms of a whole course in a chapter costs about the length of
    the chapter, however many terms the course has.
    """

    def __init__(self, names: Iterable[str]):
        self.tokens = {name: _name_tokens(name) for name in names}  # each name's tokens
        self._names = set(self.tokens.values()) - {()}
        self._lengths: dict[str, set[int]] = {}  # first token -> lengths of names it starts
        for name in self._names:
            self._lengths.setdefault(name[0], set()).add(len(name))

    def found_in(self, words: tuple[str, ...]) -> set[tuple[str, ...]]:
        """The names (as token tuples) that occur in ``words``."""
        found = set()
        lengths, names = self._lengths, self._names
        # Where a name may start: the positions of the words that start one, found in C.
        for start in compress(range(len(words)), map(lengths.__contains__, words)):
            for length in lengths[words[start]]:
                name = words[start:start + length]
                if name in names:
                    found.add(name)
        return found
