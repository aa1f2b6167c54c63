"""Exports: the course's questions and cards in the formats other tools import.

Each chapter gets an Anki deck and a TSV of its flashcards, and a Moodle XML and a GIFT file
of its questions and classification exercise; the course gets one Anki deck with a sub-deck
per chapter. They are written under ``docs/downloads/`` so MkDocs publishes them with the
site at stable URLs, and the same content always gives the same bytes.
"""

from __future__ import annotations

from ..course import CourseContent
from . import anki, gift, moodle

DOWNLOADS = "downloads"  # under docs/; coursegen owns this folder


def download_names(slug: str) -> dict[str, str]:
    """The file names of a chapter's downloads, by kind."""
    return {"anki": f"{slug}.apkg", "tsv": f"{slug}-flashcards.tsv",
            "moodle": f"{slug}-moodle.xml", "gift": f"{slug}-gift.txt"}


def build_exports(content: CourseContent) -> dict[str, bytes]:
    """Every download, as bytes keyed by its path under docs/downloads/."""
    files: dict[str, bytes] = {}
    for source in content.chapters:
        names = download_names(source.slug)
        files[names["anki"]] = anki.chapter_deck(content, source)
        files[names["tsv"]] = anki.flashcards_tsv(content, source)
        files[names["moodle"]] = moodle.chapter_quiz(content, source)
        files[names["gift"]] = gift.chapter_quiz(content, source)
    files["course.apkg"] = anki.course_deck(content)
    return files
