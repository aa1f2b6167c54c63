"""Exports: the course's questions and cards in the formats other tools import.

Each chapter gets an Anki deck and a TSV of its flashcards, a Moodle XML and a GIFT file of
its questions and classification exercises, and a QTI 1.2 package of its questions; the
course gets one Anki deck with a sub-deck per chapter. They are written under
``docs/downloads/`` so MkDocs publishes them with the site at stable URLs, and the same
content always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Hashable

import genanki  # type: ignore[import-untyped]  # genanki ships no type hints

from ..chapter_file import ChapterSource
from ..course import CourseContent
from ..glossary import card_definitions
from ..memo import Memo, digest, fingerprint
from ..model import Chapter
from ..paths import COURSE_DECK, DOWNLOADS, download_names
from ..recall import Recall
from ..write import InPlace
from . import anki, gift, moodle, qti
from .chapter import ChapterExport


def chapter_export(content: CourseContent, source: ChapterSource) -> ChapterExport:
    """What a chapter's downloads are made from."""
    return _export(content, source, source.chapter)


def _export(content: CourseContent, source: ChapterSource, chapter: Chapter | None
            ) -> ChapterExport:
    words, number = content.labels, source.facts.number
    return ChapterExport(content.course.title, words["chapter"].format(number=number),
                         source.slug, chapter,  # type: ignore[arg-type]  # None: a key
                         card_definitions(content, source.facts),
                         words["chapter_tag"].format(number=number),
                         (words["card_front"], words["card_back"], words["card_tags"]),
                         (words["note_type"], words["card_front"], words["card_back"],
                          words["card_chapter"]),
                         tuple(sorted(content.media.get(source.slug, {}).items())),
                         (words["word_true"], words["word_false"], words["blank"], words["place"]))


def _key(content: CourseContent, source: ChapterSource) -> Hashable:
    """What a chapter's downloads are made from, without loading the chapter: the digest
    of its file stands for its model, and a media file's for its bytes."""
    export = _export(content, source, None)
    media = tuple((key, file.shown, digest(file.data)) for key, file in export.media)
    return ("downloads", source.file, source.digest, fingerprint(export._replace(media=())),
            media)


# A chapter's files (each made, or found in place), its deck and the media its cards show.
Downloads = tuple[dict[str, bytes | InPlace], genanki.Deck, dict[str, bytes]]


def _chapter_downloads(chapter: ChapterExport) -> Downloads:
    names = download_names(chapter.slug)
    deck, media = anki.chapter_deck(chapter)
    return {names["anki"]: anki.package([deck], media),
            names["tsv"]: anki.flashcards_tsv(chapter),
            names["moodle"]: moodle.chapter_quiz(chapter),
            names["gift"]: gift.chapter_quiz(chapter),
            names["qti"]: qti.package(chapter)}, deck, media


def _recalled(content: CourseContent, source: ChapterSource, key: Hashable, recall: Recall
              ) -> Downloads | None:
    """The chapter's downloads as a build before made them, if all are still in place."""
    files = {name: recall.data((key, name), f"docs/{DOWNLOADS}/{name}")
             for name in download_names(source.slug).values()}
    deck = recall.deck(key)
    media = {file.shown.site_path.rsplit("/", 1)[-1]: file.data
             for file in content.media.get(source.slug, {}).values()}
    if deck is None or any(data is None for data in files.values()) or set(deck[4]) - set(media):
        return None
    return ({name: data for name, data in files.items() if data is not None},
            *anki.deck_from(deck, media))


def chapter_downloads(content: CourseContent, source: ChapterSource, memo: Memo,
                      recall: Recall | None = None) -> tuple[Hashable, Downloads]:
    """A chapter's downloads, and the key ``memo`` keeps them under: made, or found where
    the build of a ``recall`` wrote them."""
    key = _key(content, source)

    def make() -> Downloads:
        found = _recalled(content, source, key, recall) if recall else None
        return found or _chapter_downloads(chapter_export(content, source))

    return key, memo.get(key, make)


def build_exports(content: CourseContent, memo: Memo | None = None,
                  recall: Recall | None = None) -> dict[str, bytes | InPlace]:
    """Every download, as bytes keyed by its path under docs/downloads/.

    A chapter's downloads are made from its :class:`ChapterExport` alone, and kept under
    it: with a ``memo``, they are made again only when one of its parts changed; with a
    ``recall`` of a build in an earlier process, neither (they are found where it wrote
    them: see :class:`.InPlace`).
    """
    memo = memo or Memo()
    files: dict[str, bytes | InPlace] = {}
    kept, decks, media = [], [], {}
    for source in content.chapters:
        key, (chapter_files, deck, deck_media) = chapter_downloads(content, source, memo,
                                                                   recall)
        kept.append(anki.kept(deck, deck_media))
        if recall:
            for name, data in chapter_files.items():
                recall.record((key, name), f"docs/{DOWNLOADS}/{name}", data)
            recall.keep_deck(key, kept[-1])
        files.update(chapter_files)
        decks.append(deck)
        media.update(deck_media)
    # The course deck is made of the chapters' cards: an edit that changes none keeps it.
    course_key = ("course deck", tuple(kept),
                  tuple((name, digest(data)) for name, data in sorted(media.items())))
    at = f"docs/{DOWNLOADS}/{COURSE_DECK}"
    files[COURSE_DECK] = memo.get(course_key, lambda: (recall and recall.data(course_key, at))
                                  or anki.package(decks, media))
    if recall:
        recall.record(course_key, at, files[COURSE_DECK])
    return files
