"""Moodle's GIFT format: one question a block, separated by blank lines.

Every question carries the explanation as general feedback after ``####``. By kind:

- one right option: ``=`` the right option, ``~`` the others, feedback after ``#``;
- choose all that apply: ``~%50%`` each right option, ``~%-50%`` each wrong one (the grades of
  the Moodle XML export, :func:`moodle_kinds.grades`);
- true or false: ``{T#feedback if wrong#feedback if right}`` (or ``F``);
- typed answers: ``{=a =b}`` where the blank is in the sentence; GIFT has one blank a
  question, so a sentence with several blanks becomes one question per blank (named
  "Blank 2"…, the other blanks shown as lines). GIFT's short answers ignore case, so a
  case-sensitive blank is not (the Moodle XML keeps it);
- a number: ``{#686:5}`` or ``{#3.14..3.15}``, its unit after the field;
- ordering: GIFT has no ordering question, so a matching one: each item → its place.

A classification exercise becomes a matching question. Text is in the ``[html]`` format:
Markdown rendered and sanitized as on the site, plain text escaped, control characters
removed; then ``~ = # { } :`` and the backslash are escaped wherever text goes. Accepted
answers are plain text (what the student types), with ``*`` written ``\\*``.
"""

from __future__ import annotations

from typing_extensions import assert_never

from ..blocks import ClassificationBlock, QuizBlock
from ..escape import as_plain
from ..fields import letters
from ..questions import (
    AnyQuestion,
    MultipleChoice,
    Numeric,
    Ordering,
    SingleChoice,
    TrueFalse,
    TypedAnswer,
)
from .chapter import ChapterExport
from .markup import ExportMedia, export_media, line_html, plain_html, to_html
from .moodle_kinds import grades, wildcard_literal

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


def _gift(name: str, before: str, answers: list[str], explanation: str, media: ExportMedia,
          after: str = "") -> str:
    """A question: its name, the (escaped) text before and after the answers, and the
    answers, one a line, with the explanation as general feedback."""
    return (f"::{_plain(name)}:: [html]{before} {{\n" + "".join(f"\t{a}\n" for a in answers)
            + f"\t####{_html(explanation, media)}\n}}{after}")


def _feedback(feedback: str, media: ExportMedia) -> str:
    return f"#{_html(feedback, media)}" if feedback else ""


def _single_choice(question: SingleChoice, media: ExportMedia) -> list[str]:
    answers = []
    for letter, option in zip(letters(len(question.options)), question.options, strict=True):
        mark = "=" if letter == question.answer else "~"
        feedback = question.feedback.get(letter) or (
            question.explanation if letter == question.answer else "")
        answers.append(f"{mark}{_line(option, media)}{_feedback(feedback, media)}")
    return answers


def _multiple_choice(question: MultipleChoice, media: ExportMedia) -> list[str]:
    shares, penalty = grades(len(question.answers), len(question.options) - len(question.answers))
    share, answers = iter(shares), []
    for letter, option in zip(letters(len(question.options)), question.options, strict=True):
        right = letter in question.answers
        feedback = "" if right else question.feedback.get(letter, "")
        answers.append(f"~%{next(share) if right else penalty}%{_line(option, media)}"
                       f"{_feedback(feedback, media)}")
    return answers


def _typed(name: str, question: TypedAnswer, media: ExportMedia, blank_name: str) -> list[str]:
    """One question per blank, the blank where it is in the sentence."""
    pieces = [_line(piece, media) for piece in question.pieces()]
    asked = _html(question.question, media)
    found = []
    for number, blank in enumerate(question.blanks, start=1):
        before = " _____ ".join(pieces[:number])
        after = " _____ ".join(pieces[number:])
        answers = [f"={escape(wildcard_literal(as_plain(a)))}" for a in blank.accept]
        title = name if len(question.blanks) == 1 else (
            f"{name} ({blank_name.format(number=number)})")
        found.append(_gift(title, f"{asked}<p>{before}", answers, question.explanation, media,
                           f" {after}</p>"))
    return found


def _question(name: str, question: AnyQuestion, media: ExportMedia,
              words: tuple[str, str, str, str]) -> list[str]:
    """The GIFT questions a question becomes (several for a sentence with several blanks)."""
    asked = _html(question.question, media)
    match question:
        case SingleChoice():
            answers = _single_choice(question, media)
        case MultipleChoice():
            answers = _multiple_choice(question, media)
        case TrueFalse():
            right = question.explanation
            answers = [("T" if question.answer else "F")
                       + f"#{_html(question.feedback or '', media)}#{_html(right, media)}"]
        case TypedAnswer():
            return _typed(name, question, media, words[2])
        case Numeric():
            low, high = question.bounds
            field = "{#" + (f"{low}..{high}" if question.range is not None else
                            question.shown_answer.replace(" ± ", ":"))
            unit = f" {_plain(question.unit)}" if question.unit else ""
            return [f"::{_plain(name)}:: [html]{asked}<p>{field}\n"
                    f"\t####{_html(question.explanation, media)}\n}}{unit}</p>"]
        case Ordering():
            answers = [f"={_line(item, media)} -> {_plain(f'{words[3]} {position}')}"
                       for position, item in enumerate(question.order, start=1)]
        case _:
            assert_never(question)
    return [_gift(name, asked, answers, question.explanation, media)]


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
                    count += 1
                    blocks += _question(f"{label}, {count}", question, media, export.words)
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
