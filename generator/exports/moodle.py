"""Moodle XML: a category for the chapter, its multiple-choice questions and its
classification exercises as matching questions; Markdown text converted to HTML."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from typing_extensions import assert_never

from ..blocks import Classification, ClassificationBlock, Question, QuizBlock
from ..escape import as_plain
from ..fields import letters
from .chapter import ChapterExport
from .markup import line_html, to_html


def _text(parent: ET.Element, tag: str, value: str, html: bool = False) -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": "html"} if html else {})
    ET.SubElement(element, "text").text = to_html(value, "moodle") if html else value
    return element


def _multichoice(quiz: ET.Element, name: str, question: Question) -> None:
    element = ET.SubElement(quiz, "question", {"type": "multichoice"})
    _text(element, "name", name)
    _text(element, "questiontext", question.question, html=True)
    _text(element, "generalfeedback", question.explanation, html=True)
    for tag, value in (("defaultgrade", "1"), ("penalty", "0.3333333"), ("hidden", "0"),
                       ("single", "true"), ("shuffleanswers", "true"),
                       ("answernumbering", "ABCD")):
        ET.SubElement(element, tag).text = value
    for letter, option in zip(letters(len(question.options)), question.options, strict=True):
        right = letter == question.answer
        answer = ET.SubElement(element, "answer",
                               {"fraction": "100" if right else "0", "format": "html"})
        ET.SubElement(answer, "text").text = line_html(option, "moodle")
        feedback = question.feedback.get(letter) or (question.explanation if right else "")
        _text(answer, "feedback", feedback, html=True)


def _matching(quiz: ET.Element, name: str, exercise: Classification) -> None:
    element = ET.SubElement(quiz, "question", {"type": "matching"})
    _text(element, "name", name)
    _text(element, "questiontext", exercise.task, html=True)
    if exercise.closing:
        _text(element, "generalfeedback", exercise.closing, html=True)
    ET.SubElement(element, "defaultgrade").text = "1"
    ET.SubElement(element, "shuffleanswers").text = "true"
    for scenario in exercise.scenarios:
        sub = ET.SubElement(element, "subquestion", {"format": "html"})
        ET.SubElement(sub, "text").text = to_html(scenario.text, "moodle")
        _text(sub, "answer", as_plain(scenario.answer))  # Moodle shows the answers as text


def chapter_quiz(export: ChapterExport) -> bytes:
    """The chapter's questions and classification exercises as Moodle XML."""
    chapter, label = export.chapter, export.label
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
                    _multichoice(quiz, f"{label}, {count}: {as_plain(section.title)}", question)
            case ClassificationBlock():
                count += 1
                _matching(quiz, f"{label}, {count}: {as_plain(section.title)}",
                          block.classification)
            case _:
                assert_never(block)
    ET.indent(quiz)
    document: bytes = ET.tostring(quiz, encoding="utf-8", xml_declaration=True)
    return document + b"\n"
