"""Exports: the course's questions and cards in the formats other tools import.

Each chapter gets an Anki deck and a TSV of its flashcards, a Moodle XML and a GIFT file of
its questions and classification exercises, and a QTI 1.2 package of its questions; the
course gets one Anki deck with a sub-deck per chapter. They are written under
``docs/downloads/`` so MkDocs publishes them with the site at stable URLs, and the same
content always gives the same bytes.
"""

from __future__ import annotations

from functools import partial

import genanki  # type: ignore[import-untyped]  # genanki ships no type hints

from ..chapter_file import ChapterSource
from ..course import CourseContent
from ..glossary import card_definitions
from ..memo import Memo, fingerprint
from ..paths import COURSE_DECK, download_names
from . import anki, gift, moodle, qti
from .chapter import ChapterExport


def chapter_export(content: CourseContent, source: ChapterSource) -> ChapterExport:
    """What a chapter's downloads are made from."""
    words, number = content.labels, source.facts.number
    return ChapterExport(content.course.title, words["chapter"].format(number=number),
                         source.slug, source.chapter, card_definitions(content, source.facts),
                         words["chapter_tag"].format(number=number),
                         (words["card_front"], words["card_back"], words["card_tags"]),
                         (words["note_type"], words["card_front"], words["card_back"],
                          words["card_chapter"]),
                         tuple(sorted(content.media.get(source.slug, {}).items())),
                         (words["word_true"], words["word_false"], words["blank"], words["place"]))


def _chapter_downloads(chapter: ChapterExport
                       ) -> tuple[dict[str, bytes], genanki.Deck, dict[str, bytes]]:
    names = download_names(chapter.slug)
    deck, media = anki.chapter_deck(chapter)
    return {names["anki"]: anki.package([deck], media),
            names["tsv"]: anki.flashcards_tsv(chapter),
            names["moodle"]: moodle.chapter_quiz(chapter),
            names["gift"]: gift.chapter_quiz(chapter),
            names["qti"]: qti.package(chapter)}, deck, media


def build_exports(content: CourseContent, memo: Memo | None = None) -> dict[str, bytes]:
    """Every download, as bytes keyed by its path under docs/downloads/.

    A chapter's downloads are made from its :class:`ChapterExport` alone, and kept under
    it: with a ``memo``, they are made again only when one of its parts changed.
    """
    memo = memo or Memo()
    files: dict[str, bytes] = {}
    keys, decks, media = [], [], {}
    for source in content.chapters:
        chapter = chapter_export(content, source)
        key = ("downloads", fingerprint(chapter))
        chapter_files, deck, deck_media = memo.get(key, partial(_chapter_downloads, chapter))
        files.update(chapter_files)
        keys.append(key)
        decks.append(deck)
        media.update(deck_media)
    files[COURSE_DECK] = memo.get(("course deck", *keys), partial(anki.package, decks, media))
    return files
