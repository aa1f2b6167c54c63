"""Exports: the course's questions and cards in the formats other tools import.

Each chapter gets an Anki deck and a TSV of its flashcards, and a Moodle XML and a GIFT file
of its questions and classification exercise; the course gets one Anki deck with a sub-deck
per chapter. They are written under ``docs/downloads/`` so MkDocs publishes them with the
site at stable URLs, and the same content always gives the same bytes.
"""

from __future__ import annotations

from functools import partial

import genanki  # type: ignore[import-untyped]  # genanki ships no type hints

from ..course import ChapterSource, CourseContent
from ..glossary import card_definitions
from ..memo import Memo
from ..paths import COURSE_DECK, download_names
from . import anki, gift, moodle


def _chapter_downloads(content: CourseContent, source: ChapterSource
                       ) -> tuple[dict[str, bytes], genanki.Deck]:
    names = download_names(source.slug)
    deck = anki.chapter_deck(content, source)
    return {names["anki"]: anki.package([deck]),
            names["tsv"]: anki.flashcards_tsv(content, source),
            names["moodle"]: moodle.chapter_quiz(content, source),
            names["gift"]: gift.chapter_quiz(content, source)}, deck


def build_exports(content: CourseContent, memo: Memo | None = None) -> dict[str, bytes]:
    """Every download, as bytes keyed by its path under docs/downloads/.

    A chapter's downloads come from the chapter, the course file and the definitions its
    key-term flashcards show; with a ``memo``, they are made again only when one changed.
    """
    memo = memo or Memo()
    files: dict[str, bytes] = {}
    keys, decks = [], []
    for source in content.chapters:
        key = ("downloads", source.slug, source.digest, content.digest,
               tuple(card_definitions(content, source.chapter).items()))
        chapter_files, deck = memo.get(key, partial(_chapter_downloads, content, source))
        files.update(chapter_files)
        keys.append(key)
        decks.append(deck)
    files[COURSE_DECK] = memo.get(("course deck", *keys), partial(anki.package, decks))
    return files
