"""Placeholder text that ``coursegen new`` wrote and the author has not replaced yet.

A new course and a new chapter start with sentences from the ``starter`` part of the
translation files. While one of them is still in a chapter or in course.yml, ``check``
warns at its position (``--strict`` makes it an error), so a course is not published with
"One sentence on what this chapter is about." as its summary.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from .errors import Problem
from .load import Document, PathKey
from .translations import labels, languages


@cache
def _sentences() -> frozenset[str]:
    """Every starter text of every language that is a sentence of several words: a course may
    change its language after ``new``, and a short label such as "First" or "Plan" can be
    the author's own word."""
    found = set()
    for language in languages():
        starter = labels(language)["starter"]
        for key, text in starter.items():
            if isinstance(text, str) and key != "chapter_title" and len(text.split()) > 2:
                found.add(text)
    return frozenset(found)


def _strings(value: Any, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def placeholder_warnings(doc: Document) -> list[Problem]:
    """A warning at each value of ``doc`` that is still a placeholder of ``coursegen new``."""
    sentences = _sentences()
    return [doc.problem(path, "this is placeholder text from 'coursegen new': replace it "
                              "with your own", warning=True)
            for path, text in _strings(doc.data, ()) if text.strip() in sentences]
