"""Where things are: every path of a course project and its site that coursegen reads or
writes, in one place. Paths of pages are relative to ``docs/``, as MkDocs names them."""

from __future__ import annotations

COURSE_FILE = "course.yml"  # in content/
SITE_CONFIG = "mkdocs.coursegen.yml"  # mkdocs.yml plus the course's navigation
SITE = "site"  # the built site

# A build's temporary files, in the project so that renaming them into place is atomic.
LOCK = ".coursegen.lock"  # held by the running build; the empty file stays
SITE_STAGING = ".site-build-"  # prefix of the folder a site is built in before the swap
SITE_PREVIOUS = ".site-previous"  # the replaced site, during the swap
STAGED = ".coursegen-staged-"  # prefix of a file written beside its target, then renamed

# Zensical's: the config and folder of `coursegen serve --engine zensical`, and its cache.
SERVE_CONFIG, SERVE_SITE, ZENSICAL_CACHE = ".coursegen-serve.yml", ".site-serve", ".cache"
# The build cache (see manifest.py), inside Zensical's cache folder, which .gitignore covers.
CACHE = f"{ZENSICAL_CACHE}/coursegen"
STYLESHEET = "assets/coursegen.css"  # shipped in the package, written under docs/
SCRIPT = "assets/coursegen.js"  # the same: remembers answers where JavaScript runs

HOME, GLOSSARY = "index.md", "glossary.md"
BOOK = "whole-course.md"  # every chapter on one page
CHAPTERS = "chapters"  # the chapter pages
HANDOUTS = "handouts"  # each chapter's exercise sheet and answer key
DOWNLOADS = "downloads"  # exports; coursegen owns every file in this folder
MEDIA = "media"  # images, videos and captions from content/; coursegen owns this folder
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
            "moodle": f"{slug}-moodle.xml", "gift": f"{slug}-gift.txt", "qti": f"{slug}-qti.zip"}


COURSE_DECK = "course.apkg"  # every flashcard of the course, under docs/downloads/


def take_away(slug: str) -> dict[str, str]:
    """What a chapter page offers to take away, as paths under docs/, by kind."""
    return {**{kind: handout_page(slug, kind) for kind in HANDOUT_KINDS},
            **{kind: f"{DOWNLOADS}/{name}" for kind, name in download_names(slug).items()},
            "course_deck": f"{DOWNLOADS}/{COURSE_DECK}"}


# Everything coursegen writes into a project, as .gitignore patterns: the scaffold's
# .gitignore is made of them, and the tests check that git sees nothing else after a build.
GENERATED = (
    f"/{SITE_CONFIG}", f"/docs/{HOME}", f"/docs/{GLOSSARY}", f"/docs/{BOOK}",
    f"/docs/{STYLESHEET}", f"/docs/{SCRIPT}",
    f"/docs/{CHAPTERS}/", f"/docs/{HANDOUTS}/", f"/docs/{DOWNLOADS}/", f"/docs/{MEDIA}/",
    f"/{SITE}/",
    f"/{LOCK}", f"/{SITE_STAGING}*/", f"/{SITE_PREVIOUS}/", f"{STAGED}*",
    f"/{SERVE_CONFIG}", f"/{SERVE_SITE}/", f"/{ZENSICAL_CACHE}/",
)
