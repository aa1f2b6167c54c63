"""A whole course: ``content/course.yml`` and the chapter files it lists, loaded and validated.

Every file is read and checked before anything is reported, so one run shows every problem
in every file, sorted by file and line.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from . import model, rules
from .errors import ContentError, Problem
from .load import Document, load_document
from .validate import check_chapter, validate_model

COURSE_FILE = "course.yml"


@dataclass(frozen=True)
class ChapterSource:
    """A validated chapter, its file name without ``.yml`` (its slug) and its loaded YAML."""

    slug: str
    file: str
    chapter: model.Chapter
    document: Document

    def problem(self, path: tuple[str | int, ...], message: str) -> Problem:
        return self.document.problem(path, message)


@dataclass(frozen=True)
class CourseContent:
    """Everything under ``content/``, validated: the course, its chapters in order, warnings."""

    course: model.Course
    chapters: list[ChapterSource]
    warnings: list[Problem]


def _load(path: Path, file: str, inside: Path, problems: list[Problem]) -> Document | None:
    if not path.resolve().is_relative_to(inside.resolve()):
        problems.append(Problem(file, 1, 1, "is a link to a file outside the content folder; "
                                            "copy the file in instead"))
        return None
    if not path.is_file():
        problems.append(Problem(file, 1, 1, "file not found; create it (the README shows one)"))
        return None
    try:
        return load_document(path, file)
    except ContentError as exc:
        problems += exc.problems
        return None


def _stray_files(content_dir: Path, listed: set[str], shown_as: str) -> list[Problem]:
    problems = []
    for path in sorted(content_dir.iterdir()):
        file = f"{shown_as}/{path.name}"
        if path.suffix == ".yaml":
            problems.append(Problem(file, 1, 1, "chapter files end in .yml; rename it"))
        elif path.suffix == ".yml" and path.name != COURSE_FILE and path.stem not in listed:
            problems.append(Problem(file, 1, 1, f"not listed in {shown_as}/{COURSE_FILE} "
                                                f"'chapters'; add '{path.stem}' there"))
    return problems


def _numbers(course: model.Course, chapters: list[ChapterSource]) -> list[Problem]:
    problems = []
    first: dict[int, str] = {}
    for source in chapters:
        number = source.chapter.number
        if number > course.total_chapters:
            problems.append(source.problem(("number",), f"chapter {number} is beyond the "
                                           f"course's total_chapters ({course.total_chapters})"))
        if number in first:
            problems.append(source.problem(("number",), f"chapter {number} is also the number "
                                                        f"of {first[number]}"))
        first.setdefault(number, source.file)
    return problems


def load_course(content_dir: Path, *, strict: bool = False,
                shown_as: str = "content") -> CourseContent:
    """Load and validate ``course.yml`` and every chapter it lists.

    Raises :class:`ContentError` with every problem of every file when there is an error
    (or, with ``strict``, a warning).
    """
    if not content_dir.is_dir():
        raise ContentError([Problem(shown_as, 1, 1, "no such folder: run coursegen in a course "
                                                    "project (the folder holding mkdocs.yml and "
                                                    "content/), or pass --project DIR")])
    problems: list[Problem] = []
    course_doc = _load(content_dir / COURSE_FILE, f"{shown_as}/{COURSE_FILE}", content_dir,
                       problems)
    course, found = validate_model(model.Course, course_doc) if course_doc else (None, [])
    problems += found
    listed = course.chapters if course else sorted(
        p.stem for p in content_dir.glob("*.yml") if p.name != COURSE_FILE)
    if course and course_doc:
        problems += [course_doc.problem(path, message)
                     for path, message in rules.duplicates(listed, ("chapters",), "chapter")]
    chapters: list[ChapterSource] = []
    for index, slug in enumerate(dict.fromkeys(listed)):
        file = f"{shown_as}/{slug}.yml"
        if course_doc and course and not (content_dir / f"{slug}.yml").exists():
            problems.append(course_doc.problem(("chapters", index), f"no file {file}; create "
                                                                     "it or remove the entry"))
            continue
        doc = _load(content_dir / f"{slug}.yml", file, content_dir, problems)
        chapter, found = check_chapter(doc) if doc else (None, [])
        problems += found
        if doc and chapter:
            chapters.append(ChapterSource(slug, file, chapter, doc))
    problems += _stray_files(content_dir, set(listed), shown_as)
    if course:
        problems += _numbers(course, chapters)
    if strict:
        problems = [dataclasses.replace(p, warning=False) for p in problems]
    if any(not p.warning for p in problems):
        raise ContentError(problems)
    assert course is not None
    return CourseContent(course, chapters, sorted(problems))
