"""Anki decks (genanki) and a TSV of the flashcards, for spaced-repetition apps.

Model and deck ids are fixed numbers derived from stable names, and each note's guid from
the course, the chapter and the card's front: importing a newer build updates the cards
instead of adding them again.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from functools import lru_cache

import genanki  # type: ignore[import-untyped]  # genanki ships no type hints
from genanki.apkg_col import APKG_COL  # type: ignore[import-untyped]
from genanki.apkg_schema import APKG_SCHEMA  # type: ignore[import-untyped]

from ..escape import as_plain, one_line
from ..recall import DeckRecord
from .chapter import ChapterExport
from .markup import export_media, line_html, plain_html, to_html

_CARD_CSS = ".card { font-family: sans-serif; font-size: 20px; text-align: center; }"
# Notes' modification times: fixed, so the same course gives the same deck.
_TIMESTAMP = 1_700_000_000.0


def _number_id(*names: str) -> int:
    """A stable id in the range Anki expects, from names that do not change between builds."""
    digest = hashlib.sha256("\0".join(names).encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


@lru_cache(maxsize=8)
def note_type(name: str, front: str, back: str, chapter: str) -> genanki.Model:
    """The note type of coursegen's flashcards, named in the course's language, with its
    fields; its id is the same in every language, so a course's cards keep their type."""
    return genanki.Model(
        _number_id("coursegen", "flashcard model"), name,
        fields=[{"name": front}, {"name": back}, {"name": chapter}],
        templates=[{"name": "1", "qfmt": f"{{{{{front}}}}}",
                    "afmt": f"{{{{FrontSide}}}}<hr id=answer>{{{{{back}}}}}<br>"
                            f"<small>{{{{{chapter}}}}}</small>"}],
        css=_CARD_CSS)


def cards(chapter: ChapterExport) -> Iterator[tuple[str, str]]:
    """The chapter's flashcards as (front, back) in Markdown, resolving key-term cards."""
    for _, card in chapter.chapter.flashcards():
        front = card.front or card.term or ""
        # A key-term card (no back) shows the term's definition.
        yield front, card.back or chapter.definitions[(card.term or "").casefold()]




def _deck(chapter: ChapterExport, name: str) -> tuple[genanki.Deck, dict[str, bytes]]:
    deck = genanki.Deck(_number_id(chapter.course_title, chapter.slug), name)
    media = export_media(chapter, "anki")
    shown = f"{plain_html(chapter.label)}: {line_html(chapter.chapter.title, 'anki', media)}"
    fields = []
    for front, back in cards(chapter):
        fields.append([line_html(front, "anki", media), to_html(back, "anki", media), shown])
        deck.add_note(genanki.Note(
            model=note_type(*chapter.note_type), fields=fields[-1],
            guid=genanki.guid_for(chapter.course_title, chapter.slug, front),
            tags=[chapter.tag]))
    # The package carries the files its cards show (Anki finds them by name).
    text = "\n".join(field for note in fields for field in note)
    files = {}
    for _, file in chapter.media:
        name = file.shown.site_path.rsplit("/", 1)[-1]
        if f'src="{name}"' in text:
            files[name] = file.data
    return deck, files


def _write_collection(cursor: sqlite3.Cursor, decks: list[genanki.Deck]) -> None:
    """What ``genanki.Package(decks).write_to_db`` writes, in time linear in the decks.

    genanki adds each deck to the collection's JSON list of decks by reading and rewriting
    the whole list (1.3 s for a 500-deck course); here each deck is written against the
    empty list and the list is written once, with the same entries in the same order.
    """
    cursor.executescript(APKG_SCHEMA)
    cursor.executescript(APKG_COL)
    (empty,) = cursor.execute("SELECT decks FROM col").fetchone()
    listed = json.loads(empty)
    notes = iter(range(int(_TIMESTAMP * 1000), 1 << 62))  # note and card ids, as genanki's
    for deck in decks:
        cursor.execute("UPDATE col SET decks = ?", (empty,))
        deck.write_to_db(cursor, _TIMESTAMP, notes)
        listed.update(json.loads(cursor.execute("SELECT decks FROM col").fetchone()[0]))
    cursor.execute("UPDATE col SET decks = ?", (json.dumps(listed),))


def package(decks: list[genanki.Deck], files: dict[str, bytes] | None = None) -> bytes:
    """The decks as one Anki package (.apkg): genanki's collection and the media ``files``
    its cards show (by file name), in a zip whose entries carry a fixed date."""
    handle, path = tempfile.mkstemp(suffix=".anki2")
    os.close(handle)
    try:
        connection = sqlite3.connect(path)
        # A scratch file: no journal and no waiting for the disk (3.6 ms -> 0.3 ms a deck).
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        _write_collection(connection.cursor(), decks)
        connection.commit()
        connection.close()
        with open(path, "rb") as file:
            collection = file.read()
    finally:
        os.unlink(path)
    buffer = io.BytesIO()
    media = sorted((files or {}).items())
    # Anki's layout: the files as "0", "1", … and a "media" entry naming each.
    listed = json.dumps({str(i): name for i, (name, _) in enumerate(media)}).encode()
    entries = [("collection.anki2", collection), ("media", listed),
               *((str(i), data) for i, (_, data) in enumerate(media))]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def chapter_deck(chapter: ChapterExport) -> tuple[genanki.Deck, dict[str, bytes]]:
    """One chapter's flashcards as a deck, named as a sub-deck of the course, and the media
    files its cards show."""
    number, title = chapter.chapter.number, chapter.chapter.title
    return _deck(chapter, f"{chapter.course_title}::{number:02d} {as_plain(title)}")


def kept(deck: genanki.Deck, media: dict[str, bytes]) -> DeckRecord:
    """What the build cache keeps of a chapter's deck and the media its cards show."""
    kind = deck.notes[0].model if deck.notes else None
    words = (kind.name, *(field["name"] for field in kind.fields)) if kind else ()
    notes = tuple((tuple(note.fields), note.guid, tuple(note.tags)) for note in deck.notes)
    return deck.deck_id, deck.name, words, notes, tuple(sorted(media))


def deck_from(record: DeckRecord, files: dict[str, bytes]
              ) -> tuple[genanki.Deck, dict[str, bytes]]:
    """The deck the build cache kept, and its media, from ``files`` (by file name)."""
    deck_id, name, words, notes, media = record
    deck = genanki.Deck(deck_id, name)
    for fields, guid, tags in notes:
        deck.add_note(genanki.Note(model=note_type(*words), fields=list(fields), guid=guid,
                                   tags=list(tags)))
    return deck, {file: files[file] for file in media}


def flashcards_tsv(chapter: ChapterExport) -> bytes:
    """Front, back and tags, tab-separated, one card a line (Anki and most apps import it)."""
    def cell(text: str) -> str:
        return one_line(text)  # a tab or line break would start a new cell or row

    lines = ["#separator:tab", "#html:false", "#columns:" + "\t".join(chapter.columns)]
    lines += [f"{cell(front)}\t{cell(back)}\t{chapter.tag}" for front, back in cards(chapter)]
    return ("\n".join(lines) + "\n").encode("utf-8")
