"""Where things are: every path of a course project and its site that coursegen reads or
writes, in one place. Paths of pages are relative to ``docs/``, as MkDocs names them."""

from __future__ import annotations

COURSE_FILE = "course.yml"  # in content/
SITE_CONFIG = "mkdocs.coursegen.yml"  # mkdocs.yml plus the course's navigation
STYLESHEET = "assets/coursegen.css"  # shipped in the package, written under docs/
SCRIPT = "assets/coursegen.js"  # the same: remembers answers where JavaScript runs

HOME, GLOSSARY = "index.md", "glossary.md"
BOOK = "whole-course.md"  # every chapter on one page
CHAPTERS = "chapters"  # the chapter pages
HANDOUTS = "handouts"  # each chapter's exercise sheet and answer key
DOWNLOADS = "downloads"  # exports; coursegen owns every file in this folder
HANDOUT_KINDS = ("exercises", "answers")


def chapter_page(slug: str) -> str:
    """The page of the chapter ``slug``."""
    return f"{CHAPTERS}/{slug}.md"


def handout_page(slug: str, kind: str) -> str:
    """The exercise sheet (``kind`` ``exercises``) or answer key (``answers``) of a chapter."""
    return f"{HANDOUTS}/{slug}-{kind}.md"


def download_names(slug: str) -> dict[str, str]:
    """The file names of a chapter's downloads under ``docs/downloads/``, by kind."""
    return {"anki": f"{slug}.apkg", "tsv": f"{slug}-flashcards.tsv",
            "moodle": f"{slug}-moodle.xml", "gift": f"{slug}-gift.txt"}


COURSE_DECK = "course.apkg"  # every flashcard of the course, under docs/downloads/


def take_away(slug: str) -> dict[str, str]:
    """What a chapter page offers to take away, as paths under docs/, by kind."""
    return {**{kind: handout_page(slug, kind) for kind in HANDOUT_KINDS},
            **{kind: f"{DOWNLOADS}/{name}" for kind, name in download_names(slug).items()},
            "course_deck": f"{DOWNLOADS}/{COURSE_DECK}"}
MEDIA = "media"  # images, videos and captions from content/; coursegen owns this folder
