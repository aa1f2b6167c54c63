"""Anki decks (genanki) and a TSV of the flashcards, for spaced-repetition apps.

Model and deck ids are fixed numbers derived from stable names, and each note's guid from
the course, the chapter and the card's front: importing a newer build updates the cards
instead of adding them again.
"""

from __future__ import annotations

import hashlib
import html
import io
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator

import genanki  # type: ignore[import-untyped]  # genanki ships no type hints
import markdown

from ..course import ChapterSource, CourseContent
from ..glossary import definitions
from ..model import FlashcardsBlock

_CARD_CSS = ".card { font-family: sans-serif; font-size: 20px; text-align: center; }"
# Notes' modification times: fixed, so the same course gives the same deck.
_TIMESTAMP = 1_700_000_000.0


def _number_id(*names: str) -> int:
    """A stable id in the range Anki expects, from names that do not change between builds."""
    digest = hashlib.sha256("\0".join(names).encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


MODEL = genanki.Model(
    _number_id("coursegen", "flashcard model"), "coursegen flashcard",
    fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Chapter"}],
    templates=[{"name": "Card 1", "qfmt": "{{Front}}",
                "afmt": "{{FrontSide}}<hr id=answer>{{Back}}<br><small>{{Chapter}}</small>"}],
    css=_CARD_CSS)


def cards(content: CourseContent, source: ChapterSource) -> Iterator[tuple[str, str]]:
    """The chapter's flashcards as (front, back) in Markdown, resolving key-term cards."""
    terms: dict[str, str] | None = None
    for _, block in source.chapter.blocks():
        if isinstance(block, FlashcardsBlock):
            for card in block.flashcards:
                front = card.front or card.term or ""
                if card.back is None:  # a key-term card: look the term up
                    terms = terms or definitions(content.glossary)
                back = card.back or terms[(card.term or "").casefold()]  # type: ignore[index]
                yield front, back


_MARKDOWN = markdown.Markdown(extensions=["extra"])  # one converter, reset for each text


def _html(text: str) -> str:
    return str(_MARKDOWN.reset().convert(text))


def _deck(content: CourseContent, source: ChapterSource, name: str) -> genanki.Deck:
    deck = genanki.Deck(_number_id(content.course.title, source.slug), name)
    number = content.labels["chapter"].format(number=source.chapter.number)
    chapter = f"{number}: {source.chapter.title}"
    for front, back in cards(content, source):
        deck.add_note(genanki.Note(
            model=MODEL, fields=[html.escape(front), _html(back), html.escape(chapter)],
            guid=genanki.guid_for(content.course.title, source.slug, front),
            tags=[f"chapter-{source.chapter.number:02d}"]))
    return deck


def _package(decks: list[genanki.Deck]) -> bytes:
    """The .apkg: genanki's collection in a zip whose entries carry a fixed date."""
    handle, path = tempfile.mkstemp(suffix=".anki2")
    os.close(handle)
    try:
        connection = sqlite3.connect(path)
        genanki.Package(decks).write_to_db(connection.cursor(), _TIMESTAMP,
                                           iter(range(int(_TIMESTAMP * 1000), 1 << 62)))
        connection.commit()
        connection.close()
        with open(path, "rb") as file:
            collection = file.read()
    finally:
        os.unlink(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (("collection.anki2", collection), ("media", b"{}")):
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def chapter_deck(content: CourseContent, source: ChapterSource) -> bytes:
    """One chapter's flashcards as an Anki deck."""
    name = f"{content.course.title}::{source.chapter.number:02d} {source.chapter.title}"
    return _package([_deck(content, source, name)])


def course_deck(content: CourseContent) -> bytes:
    """The whole course as one Anki package, a sub-deck per chapter."""
    return _package([_deck(content, source, f"{content.course.title}::"
                                            f"{source.chapter.number:02d} {source.chapter.title}")
                     for source in content.chapters])


def flashcards_tsv(content: CourseContent, source: ChapterSource) -> bytes:
    """Front, back and tags, tab-separated, one card a line (Anki and most apps import it)."""
    def cell(text: str) -> str:
        return " ".join(text.split())  # a tab or line break would start a new cell or row

    lines = ["#separator:tab", "#html:false", "#columns:Front\tBack\tTags"]
    tag = f"chapter-{source.chapter.number:02d}"
    lines += [f"{cell(front)}\t{cell(back)}\t{tag}" for front, back in cards(content, source)]
    return ("\n".join(lines) + "\n").encode("utf-8")
