"""Moodle XML: a category for the chapter, its multiple-choice questions and its
classification exercises as matching questions; Markdown text converted to HTML."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET

from typing_extensions import assert_never

from ..blocks import Classification, ClassificationBlock, QuizBlock
from ..escape import as_plain
from ..fields import letters
from ..questions import SingleChoice
from .chapter import ChapterExport
from .markup import PLUGINFILE, ExportMedia, export_media, line_html, to_html


def _text(parent: ET.Element, tag: str, value: str, media: ExportMedia | None = None
          ) -> ET.Element:
    """``<tag><text>…</text></tag>``: Markdown as HTML when ``media`` is given, else text."""
    element = ET.SubElement(parent, tag, {"format": "html"} if media is not None else {})
    ET.SubElement(element, "text").text = (to_html(value, "moodle", media)
                                           if media is not None else value)
    return element


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


def _multichoice(quiz: ET.Element, name: str, question: SingleChoice, media: ExportMedia) -> None:
    element = ET.SubElement(quiz, "question", {"type": "multichoice"})
    _text(element, "name", name)
    _text(element, "questiontext", question.question, media)
    _text(element, "generalfeedback", question.explanation, media)
    for tag, value in (("defaultgrade", "1"), ("penalty", "0.3333333"), ("hidden", "0"),
                       ("single", "true"), ("shuffleanswers", "true"),
                       ("answernumbering", "ABCD")):
        ET.SubElement(element, tag).text = value
    for letter, option in zip(letters(len(question.options)), question.options, strict=True):
        right = letter == question.answer
        answer = ET.SubElement(element, "answer",
                               {"fraction": "100" if right else "0", "format": "html"})
        ET.SubElement(answer, "text").text = line_html(option, "moodle", media)
        feedback = question.feedback.get(letter) or (question.explanation if right else "")
        _text(answer, "feedback", feedback, media)


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
                    if not isinstance(question, SingleChoice):
                        continue  # other kinds: see the exports issue
                    count += 1
                    _multichoice(quiz, f"{label}, {count}: {as_plain(section.title)}", question,
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
