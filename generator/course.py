"""A whole course: ``content/course.yml`` and the chapter files it lists, loaded and validated.

Every file is read and checked before anything is reported, so one run shows every problem
in every file, sorted by file and line.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path
from typing import Any

from . import chapter_file, model, rules
from .book import HeadingStyle, heading_style
from .chapter_file import ChapterSource, Uses
from .errors import ContentError, Problem
from .facts import ChapterRecord
from .glossary import Entry, build_glossary, definitions
from .load import Document
from .media import MediaFile
from .memo import Memo, digest
from .paths import COURSE_FILE
from .placeholders import placeholder_warnings
from .terms import NameIndex
from .translations import labels, site_config, site_settings
from .used_media import used_media
from .validate import split_item_warnings, validate_model


@dataclass(frozen=True)
class CourseContent:
    """Everything under ``content/``, validated: the course, its chapters in reading order,
    its glossary, the words its templates print, and the warnings found."""

    course: model.Course
    chapters: list[ChapterSource]
    glossary: list[Entry]
    labels: dict[str, Any]
    warnings: list[Problem]
    digest: str  # of course.yml's bytes: what every page's course-wide parts come from
    names: NameIndex  # every term and alias of the glossary, to find the ones a text uses
    directory_urls: bool = True  # mkdocs.yml's use_directory_urls: how page URLs are made
    engine: str = "mkdocs"  # what builds the site, which decides how links are written
    # The files from content/ each chapter shows (by slug, then by media_key).
    media: dict[str, dict[str, MediaFile]] = dataclasses.field(default_factory=dict)
    # The course names each chapter's text uses (by slug), for the build cache to keep.
    uses: dict[str, Uses] = dataclasses.field(default_factory=dict)
    # How mkdocs.yml's Markdown makes headings, when the whole-course page can write them
    # as HTML itself (see book.py); None: that page keeps them as Markdown.
    book_headings: HeadingStyle | None = None

    @cached_property
    def terms_digest(self) -> str:
        """A digest of every name and definition of the glossary, in order: what the
        tooltips of a text are chosen from."""
        return digest(*(part for entry in self.glossary
                        for part in ("\0".join(entry.names), entry.definition)))

    @cached_property
    def definitions(self) -> dict[str, str]:
        """Each term and alias of the glossary (case folded) to its definition."""
        return definitions(self.glossary)


def _stray_files(content_dir: Path, listed: set[str], shown_as: str) -> list[Problem]:
    problems = []
    for name in sorted(os.listdir(content_dir)):  # names, not paths: a thousand are sorted
        file, (stem, suffix) = f"{shown_as}/{name}", os.path.splitext(name)
        if suffix == ".yaml":
            problems.append(Problem(file, 1, 1, "chapter files end in .yml; rename it"))
        elif suffix == ".yml" and name != COURSE_FILE and stem not in listed:
            problems.append(Problem(file, 1, 1, f"not listed in {shown_as}/{COURSE_FILE} "
                                                f"'chapters'; add '{stem}' there"))
    return problems


def _numbers(course: model.Course, chapters: list[ChapterSource]) -> list[Problem]:
    problems = []
    first: dict[int, str] = {}
    previous = 0
    for source in chapters:
        number = source.facts.number
        if number > course.total_chapters:
            problems.append(source.problem(("number",), f"chapter {number} is beyond the "
                                           f"course's total_chapters ({course.total_chapters})"))
        if number in first:
            problems.append(source.problem(("number",), f"chapter {number} is also the number "
                                                        f"of {first[number]}"))
        elif number < previous:
            problems.append(source.problem(("number",), f"chapter {number} comes after chapter "
                                           f"{previous} in course.yml 'chapters'; list the "
                                           "chapters in the order of their numbers"))
        first.setdefault(number, source.file)
        previous = max(previous, number)
        for index, required in enumerate(source.facts.prerequisites):
            if required == number or required > course.total_chapters:
                problems.append(source.problem(("prerequisites", index), f"{required} is not "
                                               "another chapter of this course"))
    return problems


def _plan(course: model.Course, doc: Document, written: set[int]) -> list[Problem]:
    """Parts cover the chapters in order; planned chapters are not written yet."""
    problems = []
    expected = 1
    for index, part in enumerate(course.parts):
        if part.first != expected or part.last < part.first:
            problems.append(doc.problem(("parts", index), f"part '{part.title}' covers chapters "
                                        f"{part.first}–{part.last}; parts must follow each "
                                        f"other from chapter 1, this one starting at {expected}"))
        expected = part.last + 1
    if course.parts and expected != course.total_chapters + 1:
        problems.append(doc.problem(("parts",), f"the parts end at chapter {expected - 1}, but "
                                    f"the course has {course.total_chapters}"))
    for index, planned in enumerate(course.planned):
        if planned.number in written:
            problems.append(doc.problem(("planned", index, "number"), f"chapter "
                                        f"{planned.number} is written now; remove this entry "
                                        "from planned"))
        elif planned.number > course.total_chapters:
            problems.append(doc.problem(("planned", index, "number"), f"chapter "
                                        f"{planned.number} is beyond the course's "
                                        f"{course.total_chapters} chapters; remove this entry "
                                        "or raise total_chapters"))
    return problems


def _flashcard_terms(chapters: list[ChapterSource], glossary: list[Entry]) -> list[Problem]:
    known = {name.casefold() for entry in glossary for name in entry.names}
    return [source.problem((*path, "term"), f"{term!r} is not a key term of any chapter")
            for source in chapters for path, term, _ in source.facts.cards
            if term.casefold() not in known]


def load_course(content_dir: Path, *, strict: bool = False, shown_as: str = "content",
                memo: Memo | None = None, engine: str | None = None,
                known: Mapping[str, ChapterRecord] | None = None,
                elsewhere_ok: bool = False,
                read_before: Mapping[str, tuple[bytes, str]] | None = None) -> CourseContent:
    """Load and validate ``course.yml`` and every chapter it lists, for ``engine`` (by
    default the one course.yml names).

    A chapter whose bytes are those its ``known`` record (from the build cache, by file)
    was made from is not parsed until something needs more of it than its facts.

    With a ``memo`` from an earlier run, a chapter whose bytes are unchanged is not parsed
    again. With ``elsewhere_ok`` (a caller that will render few of the chapters' pages),
    many chapters are read by other processes (see :func:`.chapter_file.read_elsewhere`).
    The files ``read_before`` (bytes and digest, by path under ``content_dir``) are not read
    again.

    Raises :class:`ContentError` with every problem of every file when there is an error
    (or, with ``strict``, a warning).
    """
    if not content_dir.is_dir():
        raise ContentError([Problem(shown_as, 1, 1, "no such folder: run coursegen in a course "
                                                    "project (the folder holding mkdocs.yml and "
                                                    "content/), or pass --project DIR")])
    memo = memo or Memo()
    problems: list[Problem] = []
    inside = content_dir.resolve()
    before = read_before or {}

    def read(name: str) -> bytes | None:
        if name in before:
            return before[name][0]
        return chapter_file.read_file(content_dir / name, f"{shown_as}/{name}", inside, problems)

    course_raw = read(COURSE_FILE)
    course_doc = None
    if course_raw is not None:
        course_doc, found = chapter_file.parse(course_raw, f"{shown_as}/{COURSE_FILE}")
        problems += found
    course, found = validate_model(model.Course, course_doc) if course_doc else (None, [])
    found += (split_item_warnings(course_doc) + placeholder_warnings(course_doc)
              if course_doc else [])
    problems += found
    listed = course.chapters if course else sorted(
        p.stem for p in content_dir.glob("*.yml") if p.name != COURSE_FILE)
    if course and course_doc:
        problems += [course_doc.problem(path, message)
                     for path, message in rules.duplicates(listed, ("chapters",), "chapter")]
    files: list[tuple[bytes, str, str]] = []  # each chapter's bytes, file and slug
    for index, slug in enumerate(dict.fromkeys(listed)):
        file = f"{shown_as}/{slug}.yml"
        if (course_doc and course and f"{slug}.yml" not in before
                and not (content_dir / f"{slug}.yml").exists()):
            problems.append(course_doc.problem(("chapters", index), f"no file {file}; create "
                                                                     "it or remove the entry"))
            continue
        raw = read(f"{slug}.yml")
        if raw is not None:
            files.append((raw, file, slug))
    recorded = {file: record for raw, file, slug in files
                if (record := (known or {}).get(file)) and record.facts.digest == (
                    before[f"{slug}.yml"][1] if f"{slug}.yml" in before else digest(raw))}
    elsewhere = chapter_file.read_elsewhere(
        [item for item in files if item[1] not in recorded
         and ("chapter", item[1], item[0]) not in memo]) if elsewhere_ok else {}
    chapters: list[ChapterSource] = []
    for raw, file, slug in files:
        make: Callable[[], tuple[ChapterSource | None, list[Problem]]]
        if file in recorded:
            make = partial(chapter_file.recalled_chapter, raw, file, slug, recorded[file])
        elif file in elsewhere:
            make = partial(elsewhere.__getitem__, file)
        else:
            make = partial(chapter_file.read_chapter, raw, file, slug)
        source, found = memo.get(("chapter", file, raw), make)
        problems += found
        if source:
            chapters.append(source)
    problems += _stray_files(content_dir, set(listed), shown_as)
    media, found_media = used_media([(c.slug, c.facts) for c in chapters], content_dir)
    by_slug = {c.slug: c for c in chapters}
    problems += [by_slug[slug].problem(path, message) for slug, path, message in found_media]
    glossary, names, uses, conflicts = build_glossary(chapters, memo)
    problems += conflicts + _flashcard_terms(chapters, glossary)
    words: dict[str, Any] = {}
    directory_urls = True
    book_headings: HeadingStyle | None = None
    if course and course_doc:
        problems += _numbers(course, chapters)
        problems += _plan(course, course_doc, {c.facts.number for c in chapters})
        try:
            words = labels(course.language)
        except LookupError as exc:
            problems.append(course_doc.problem(("language",), str(exc)))
        site = site_config(content_dir.parent / "mkdocs.yml")
        settings = site_settings(site)
        book_headings = heading_style(site)
        site_language, directory_urls = settings or (None, True)
        if site_language not in (None, course.language):
            problems.append(course_doc.problem(("language",), f"mkdocs.yml sets theme.language "
                                               f"to '{site_language}'; use the same language "
                                               "in both files"))
    if strict:
        problems = [dataclasses.replace(p, warning=False) for p in problems]
    if any(not p.warning for p in problems):
        raise ContentError(problems)
    assert course is not None
    assert course_raw is not None
    # Every page's course-wide parts come from course.yml, the URL style of mkdocs.yml and
    # the engine.
    engine = engine or course.engine
    return CourseContent(course, chapters, glossary, words, sorted(problems),
                         digest(course_raw, str(directory_urls), engine), names,
                         directory_urls, engine, media, uses, book_headings)
