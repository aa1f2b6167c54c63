"""Moodle's GIFT format: one question a block, separated by blank lines.

Multiple-choice questions carry per-option feedback after ``#`` and the explanation as
general feedback after ``####``; a classification exercise becomes a matching question.
Text is in the ``[html]`` format: Markdown rendered and sanitized as on the site, plain text
escaped, control characters removed; then ``~ = # { } :`` and the backslash are escaped
wherever text goes.
"""

from __future__ import annotations

from typing_extensions import assert_never

from ..blocks import ClassificationBlock, QuizBlock
from ..escape import as_plain
from ..fields import letters
from ..questions import SingleChoice
from .chapter import ChapterExport
from .markup import ExportMedia, export_media, line_html, plain_html, to_html

_SPECIAL = str.maketrans({c: "\\" + c for c in "\\~=#{}:"})


def escape(text: str) -> str:
    """Text safe anywhere in GIFT: specials escaped, line breaks written as ``\\n``."""
    return "\\n".join(line.translate(_SPECIAL) for line in text.strip().split("\n"))


def _html(markdown: str, media: ExportMedia) -> str:
    return escape(to_html(markdown, "moodle", media))


def _line(text: str, media: ExportMedia) -> str:
    """A one-line field shown as HTML (an option), for GIFT."""
    return escape(line_html(text, "moodle", media))


def _plain(text: str) -> str:
    """A name or matching answer: its plain text, escaped as HTML, on one line, for GIFT."""
    return escape(plain_html(text))


def _multichoice(name: str, question: SingleChoice, media: ExportMedia) -> str:
    answers = []
    for letter, option in zip(letters(len(question.options)), question.options, strict=True):
        mark = "=" if letter == question.answer else "~"
        feedback = question.feedback.get(letter) or (
            question.explanation if letter == question.answer else "")
        answers.append(f"\t{mark}{_line(option, media)}"
                       + (f"#{_html(feedback, media)}" if feedback else ""))
    return (f"::{_plain(name)}:: [html]{_html(question.question, media)} {{\n"
            + "\n".join(answers) + f"\n\t####{_html(question.explanation, media)}\n}}")


def chapter_quiz(export: ChapterExport) -> bytes:
    """The chapter's questions and classification exercises as GIFT; an image shows as its
    alt text, as GIFT carries no files."""
    chapter, label, media = export.chapter, export.label, export_media(export, None)
    title = plain_html(f"{export.course_title}/{label}: {as_plain(chapter.title)}")
    blocks = [f"$CATEGORY: $course$/{title}"]
    count = 0
    for _, block in chapter.exercises():
        match block:
            case QuizBlock():
                for question in block.quiz:
                    if not isinstance(question, SingleChoice):
                        continue  # other kinds: see the exports issue
                    count += 1
                    blocks.append(_multichoice(f"{label}, {count}", question, media))
            case ClassificationBlock():
                count += 1
                exercise = block.classification
                pairs = "\n".join(f"\t={_html(s.text, media)} -> {_plain(s.answer)}"
                                  for s in exercise.scenarios)
                blocks.append(f"::{_plain(f'{label}, {count}')}:: [html]"
                              f"{_html(exercise.task, media)} {{\n{pairs}\n}}")
            case _:
                assert_never(block)
    return ("\n\n".join(blocks) + "\n").encode("utf-8")
