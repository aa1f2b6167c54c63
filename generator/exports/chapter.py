"""What a chapter's downloads are made from: the exporters take this and nothing else."""

from __future__ import annotations

from typing import NamedTuple

from ..media import MediaFile
from ..model import Chapter


class ChapterExport(NamedTuple):
    """A chapter as the exports see it; it is also the memo key of its downloads."""

    course_title: str
    label: str  # "Chapter 7", in the course's language
    slug: str
    chapter: Chapter
    definitions: dict[str, str]  # what its key-term flashcards show, by term (case folded)
    tag: str  # the tag its flashcards carry in Anki and the TSV, such as "chapter-07"
    columns: tuple[str, str, str]  # the TSV's column names: front, back, tags
    note_type: tuple[str, str, str, str]  # the Anki note type's name and its three fields
    media: tuple[tuple[str, MediaFile], ...] = ()  # the files its images show, by media_key
    # The words questions carry, in the course's language: a true/false question's two
    # choices, a blank's name ("Blank {number}") and an ordering item's place ("Place").
    words: tuple[str, str, str, str] = ("True", "False", "Blank {number}", "Place")
