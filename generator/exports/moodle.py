"""Moodle XML: a category for the chapter, its questions (each kind as Moodle's own question
type: :mod:`moodle_kinds`) and its classification exercises as matching questions; Markdown
text converted to HTML."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET

from typing_extensions import assert_never

from ..blocks import Classification, ClassificationBlock, QuizBlock
from ..escape import as_plain
from ..questions import (
    AnyQuestion,
    MultipleChoice,
    Numeric,
    Ordering,
    SingleChoice,
    TrueFalse,
    TypedAnswer,
)
from . import moodle_kinds
from .chapter import ChapterExport
from .markup import PLUGINFILE, ExportMedia, export_media, to_html
from .moodle_kinds import text as _text


def _embed(quiz: ET.Element, export: ChapterExport) -> None:
    """Each file a text shows, embedded beside that text (Moodle's ``@@PLUGINFILE@@``)."""
    files = {file.shown.site_path.rsplit("/", 1)[-1]: file.data for _, file in export.media}
    for element in quiz.iter():
        for text in element.findall("text"):
            for name, data in files.items():
                if f'"{PLUGINFILE}{name}"' in (text.text or ""):
                    ET.SubElement(element, "file", {"name": name, "path": "/",
                                                    "encoding": "base64"}
                                  ).text = base64.b64encode(data).decode("ascii")


def _question(quiz: ET.Element, name: str, question: AnyQuestion, media: ExportMedia) -> None:
    match question:
        case SingleChoice():
            moodle_kinds.single_choice(quiz, name, question, media)
        case MultipleChoice():
            moodle_kinds.multiple_choice(quiz, name, question, media)
        case TrueFalse():
            moodle_kinds.true_false(quiz, name, question, media)
        case TypedAnswer():
            moodle_kinds.typed(quiz, name, question, media)
        case Numeric():
            moodle_kinds.numeric(quiz, name, question, media)
        case Ordering():
            moodle_kinds.ordering(quiz, name, question, media)
        case _:
            assert_never(question)


def _matching(quiz: ET.Element, name: str, exercise: Classification,
              media: ExportMedia) -> None:
    element = ET.SubElement(quiz, "question", {"type": "matching"})
    _text(element, "name", name)
    _text(element, "questiontext", exercise.task, media)
    if exercise.closing:
        _text(element, "generalfeedback", exercise.closing, media)
    ET.SubElement(element, "defaultgrade").text = "1"
    ET.SubElement(element, "shuffleanswers").text = "true"
    for scenario in exercise.scenarios:
        sub = ET.SubElement(element, "subquestion", {"format": "html"})
        ET.SubElement(sub, "text").text = to_html(scenario.text, "moodle", media)
        _text(sub, "answer", as_plain(scenario.answer))  # Moodle shows the answers as text


def chapter_quiz(export: ChapterExport) -> bytes:
    """The chapter's questions and classification exercises as Moodle XML."""
    chapter, label, media = export.chapter, export.label, export_media(export, "moodle")
    quiz = ET.Element("quiz")
    category = ET.SubElement(quiz, "question", {"type": "category"})
    _text(category, "category",
          f"$course$/{export.course_title}/{label}: {as_plain(chapter.title)}")
    count = 0
    for section, block in chapter.exercises():
        match block:
            case QuizBlock():
                for question in block.quiz:
                    count += 1
                    _question(quiz, f"{label}, {count}: {as_plain(section.title)}", question,
                              media)
            case ClassificationBlock():
                count += 1
                _matching(quiz, f"{label}, {count}: {as_plain(section.title)}",
                          block.classification, media)
            case _:
                assert_never(block)
    _embed(quiz, export)
    ET.indent(quiz)
    document: bytes = ET.tostring(quiz, encoding="utf-8", xml_declaration=True)
    return document + b"\n"
