"""Validate step: loaded YAML values to the typed course model, or positioned problems.

Structure and types are checked by the pydantic models; what needs more than one field
(an answer letter against its options, a scenario's answer against the categories, unique
chapter numbers) is checked here, where each value's position is known.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from . import model
from .errors import ContentError, Problem
from .load import Document, PathKey, load_document

COURSE_FILE = "course.yml"
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
_FIELD_NAMES = sorted({name for cls in vars(model).values()
                       if isinstance(cls, type) and issubclass(cls, BaseModel)
                       for name in cls.model_fields})
_YAML_READS = {bool: "true/false", int: "a number", float: "a number", type(None): "empty (null)"}


@dataclass(frozen=True)
class ChapterSource:
    """A validated chapter with the name of its file (its slug) and the file shown to authors."""

    slug: str
    file: str
    chapter: model.Chapter


@dataclass(frozen=True)
class CourseContent:
    """Everything under ``content/``, validated: the course and its chapters in order."""

    course: model.Course
    chapters: list[ChapterSource]


def _show(path: PathKey) -> str:
    text = ""
    for key in path:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else key)
    return text


def _data_path(data: Any, loc: tuple[Any, ...]) -> PathKey:
    """The part of a pydantic error location that exists in the data (drops union tags)."""
    path: list[Any] = []
    for index, key in enumerate(loc):
        present = (isinstance(data, dict) and key in data) or (
            isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data))
        if present:
            data = data[key]
            path.append(key)
        elif index == len(loc) - 1 and isinstance(key, str):
            path.append(key)
    return tuple(path)


def _message(error: ErrorDetails, doc: Document, path: PathKey) -> str:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    if kind == "missing":
        return f"missing required key '{path[-1]}'"
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(str(path[-1]), _FIELD_NAMES, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else "; remove it or check the spelling"
        return f"unknown key '{path[-1]}'{hint}"
    if kind == "string_type" and path in doc.raw:
        reads = _YAML_READS.get(type(value), f"a {type(value).__name__}")
        return (f"expected text, but YAML reads {doc.raw[path]!r} as {reads}; "
                f"put it in quotes: \"{doc.raw[path]}\"")
    if kind == "literal_error":
        options = [o.strip("'") for o in re.findall(r"'[^']*'", ctx.get("expected", ""))]
        close = difflib.get_close_matches(str(value), options, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"{value!r} is not one of: {', '.join(options)}{hint}"
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        wanted = "a list (lines starting with '- ')" if kind == "list_type" else "a mapping of keys"
        return f"expected {wanted}, got {_describe(value)}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s)"
    if kind == "too_long":
        return f"has more than the {ctx.get('max_length')} items allowed"
    return f"{error['msg']} (got {_describe(value)})" if kind.endswith("_type") else error["msg"]


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _validate(cls: type[model.Strict], doc: Document) -> tuple[Any, list[Problem]]:
    try:
        return cls.model_validate(doc.data), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            path = _data_path(doc.data, error["loc"])
            where = f"{_show(path)}: " if path else ""
            at_key = error["type"] == "extra_forbidden"
            problems.append(doc.problem(path, where + _message(error, doc, path), at_key=at_key))
        return None, problems


def _chapter(doc: Document) -> tuple[model.Chapter | None, list[Problem]]:
    chapter, problems = _validate(model.Chapter, doc)
    if chapter is not None:
        problems = [doc.problem(path, f"{_show(path)}: {message}")
                    for path, message in _chapter_checks(chapter)]
    return chapter, problems


def validate_chapter(doc: Document) -> model.Chapter:
    """The chapter in ``doc``, or :class:`ContentError` with every problem in it."""
    chapter, problems = _chapter(doc)
    if problems or chapter is None:
        raise ContentError(problems)
    return chapter


def _chapter_checks(chapter: model.Chapter) -> Iterator[tuple[PathKey, str]]:
    """Rules that span fields, as (path, message) pairs."""
    for s, section in enumerate(chapter.sections):
        for b, block in enumerate(section.blocks):
            at: PathKey = ("sections", s, "blocks", b)
            if isinstance(block, model.QuizBlock):
                for q, question in enumerate(block.quiz):
                    valid = model.letters(len(question.options))
                    for letter, path in [(question.answer, ("answer",)),
                                         *((k, ("feedback", k)) for k in question.feedback)]:
                        if letter not in valid:
                            yield (at + ("quiz", q, *path),
                                   f"'{letter}' is not one of the options {valid[0]}–{valid[-1]}")
            elif isinstance(block, model.ClassificationBlock):
                categories = block.classification.categories
                for n, scenario in enumerate(block.classification.scenarios):
                    if scenario.answer not in categories:
                        yield (at + ("classification", "scenarios", n, "answer"),
                               f"{scenario.answer!r} is not one of the categories: "
                               + ", ".join(categories))
            elif isinstance(block, model.WorkedExampleBlock) and block.worked_example.figures:
                figures = block.worked_example.figures
                for r, row in enumerate(figures.rows):
                    if len(row) != len(figures.columns):
                        yield (at + ("worked_example", "figures", "rows", r),
                               f"row has {len(row)} cells but there are "
                               f"{len(figures.columns)} columns")
            elif isinstance(block, model.FlashcardsBlock):
                yield from _duplicates([c.front for c in block.flashcards],
                                       at + ("flashcards",), "front", "flashcard")
    yield from _duplicates([t.term for t in chapter.key_terms], ("key_terms",), "term", "key term")


def _duplicates(names: list[str], at: PathKey, key: str,
                what: str) -> Iterator[tuple[PathKey, str]]:
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        folded = name.casefold()
        if folded in seen:
            yield at + (index, key), f"duplicate {what} {name!r} (also item {seen[folded] + 1})"
        seen.setdefault(folded, index)


def load_course(content_dir: Path, shown_as: str = "content") -> CourseContent:
    """Load and validate ``course.yml`` and every chapter it lists.

    Raises :class:`ContentError` with every problem of every file, sorted by file and line.
    """
    problems: list[Problem] = []
    course_doc = _load(content_dir / COURSE_FILE, f"{shown_as}/{COURSE_FILE}", problems)
    course, found = (None, []) if course_doc is None else _validate(model.Course, course_doc)
    problems += found
    chapter_files = {p.stem: p for p in content_dir.glob("*.yml") if p.name != COURSE_FILE}
    chapters: list[ChapterSource] = []
    docs: dict[str, Document] = {}
    listed = course.chapters if course else list(chapter_files)
    for index, slug in enumerate(listed):
        file = f"{shown_as}/{slug}.yml"
        if slug not in chapter_files:
            if course_doc is not None:
                problems.append(course_doc.problem(
                    ("chapters", index), f"chapters[{index}]: no file {file}; create it or "
                                         "remove the entry"))
            continue
        doc = _load(chapter_files[slug], file, problems, content_dir)
        if doc is None:
            continue
        docs[slug] = doc
        chapter, found = _chapter(doc)
        problems += found
        if chapter is not None:
            chapters.append(ChapterSource(slug, file, chapter))
    for slug in sorted(set(chapter_files) - set(listed)):
        message = (f"not listed in {shown_as}/{COURSE_FILE} 'chapters'; add '{slug}' there"
                   if _SLUG.match(slug) else
                   "chapter file names use lower-case letters, digits and '-' only; rename it")
        problems.append(Problem(f"{shown_as}/{slug}.yml", 1, 1, message))
    if course is not None:
        problems += _course_checks(course, chapters, docs)
    if problems:
        raise ContentError(problems)
    assert course is not None
    return CourseContent(course, chapters)


def _course_checks(course: model.Course, chapters: list[ChapterSource],
                   docs: dict[str, Document]) -> list[Problem]:
    problems = []
    numbers: dict[int, str] = {}
    for source in chapters:
        number, doc = source.chapter.number, docs[source.slug]
        if number > course.total_chapters:
            problems.append(doc.problem(("number",), f"number: chapter {number} is beyond the "
                                        f"course's total_chapters ({course.total_chapters})"))
        if number in numbers:
            problems.append(doc.problem(("number",), f"number: chapter {number} is also the "
                                                     f"number of {numbers[number]}"))
        numbers.setdefault(number, source.file)
    return problems


def _load(path: Path, file: str, problems: list[Problem],
          inside: Path | None = None) -> Document | None:
    if inside is not None and not path.resolve().is_relative_to(inside.resolve()):
        problems.append(Problem(file, 1, 1, "is a link to a file outside the content folder; "
                                            "copy the file in instead"))
        return None
    if not path.is_file():
        problems.append(Problem(file, 1, 1, "file not found"))
        return None
    try:
        return load_document(path, file)
    except ContentError as exc:
        problems += exc.problems
        return None
