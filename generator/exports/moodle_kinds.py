"""Moodle XML for each question kind, as Moodle's own XML reader (qformat_xml) imports it.

- one right option: ``multichoice``, ``single`` true;
- choose all that apply: ``multichoice``, ``single`` false, grades from :func:`grades`;
- true or false: ``truefalse`` (answers ``true`` and ``false``, told apart by that text);
- one blank: ``shortanswer`` (``usecase`` 1 when the blank is case-sensitive), a ``*`` in an
  accepted answer written ``\\*`` (Moodle reads a bare ``*`` as "anything");
- several blanks: ``cloze`` (Moodle's embedded answers, ``{1:SHORTANSWER:=a~=b}``), accepted
  answers written as character references, which Moodle decodes after splitting the syntax;
- a number: ``numerical``, a range as its midpoint ± half its width, the unit optional;
- ordering: ``ordering``, in Moodle's core since 4.4 (the qtype_ordering plugin before):
  items in the right order, scored by absolute position.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

from ..escape import as_plain
from ..fields import letters
from ..questions import MultipleChoice, Numeric, Ordering, SingleChoice, TrueFalse, TypedAnswer
from .markup import ExportMedia, line_html, to_html

# The grades Moodle accepts for an answer, in per cent (question_bank::fraction_options_full);
# an import refuses any other unless told to take the nearest.
MOODLE_GRADES = ("100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40",
                 "33.33333", "30", "25", "20", "16.66667", "14.28571", "12.5", "11.11111",
                 "10", "5")
# 100 % shared by 1 to 10 right options, as Moodle writes each of these grades.
_EVEN_SHARES = ("100", "50", "33.33333", "25", "20", "16.66667", "14.28571", "12.5",
                "11.11111", "10")


def text(parent: ET.Element, tag: str, value: str, media: ExportMedia | None = None
         ) -> ET.Element:
    """``<tag><text>…</text></tag>``: Markdown as HTML when ``media`` is given, else text."""
    element = ET.SubElement(parent, tag, {"format": "html"} if media is not None else {})
    ET.SubElement(element, "text").text = (to_html(value, "moodle", media)
                                           if media is not None else value)
    return element


def _question(quiz: ET.Element, kind: str, name: str, question_text: str,
              explanation: str, media: ExportMedia) -> ET.Element:
    element = ET.SubElement(quiz, "question", {"type": kind})
    text(element, "name", name)
    ET.SubElement(ET.SubElement(element, "questiontext", {"format": "html"}),
                  "text").text = question_text
    text(element, "generalfeedback", explanation, media)
    for tag, value in (("defaultgrade", "1"), ("penalty", "0.3333333"), ("hidden", "0")):
        ET.SubElement(element, tag).text = value
    return element


def _answer(element: ET.Element, fraction: str, answer_text: str, feedback: str,
            media: ExportMedia, html: bool = True) -> ET.Element:
    answer = ET.SubElement(element, "answer", {"fraction": fraction,
                                               "format": "html" if html else "moodle_auto_format"})
    ET.SubElement(answer, "text").text = answer_text
    text(answer, "feedback", feedback, media)
    return answer


def grades(right: int, wrong: int) -> tuple[list[str], str]:
    """The grade of each right option (summing to 100 %) and the penalty of each wrong one,
    all from :data:`MOODLE_GRADES`.

    ``right`` ≤ 10: 100/right each, as Moodle writes it (33.33333); 11 to 20, where 100/right
    is not a grade Moodle has: the first 20 − right options 10 % and the others 5 %; over 20
    (Moodle's smallest grade is 5 %): the first 20 options 5 %, the others 0 %. A wrong tick
    takes off the smallest grade at least max(100/right, 100/wrong): it cancels a right tick,
    and ticking every option scores nothing.
    """
    if right <= 10:
        shares = [_EVEN_SHARES[right - 1]] * right
    elif right <= 20:
        shares = ["10"] * (20 - right) + ["5"] * (2 * right - 20)
    else:
        shares = ["5"] * 20 + ["0"] * (right - 20)
    floor = 100 / min(right, max(wrong, 1))
    penalty = min((g for g in MOODLE_GRADES if float(g) >= floor - 1e-4), key=float)
    return shares, "-" + penalty


def single_choice(quiz: ET.Element, name: str, question: SingleChoice,
                  media: ExportMedia) -> None:
    """One right option: ``multichoice`` with ``single`` true."""
    element = _question(quiz, "multichoice", name, to_html(question.question, "moodle", media),
                        question.explanation, media)
    for tag, value in (("single", "true"), ("shuffleanswers", "true"),
                       ("answernumbering", "ABCD")):
        ET.SubElement(element, tag).text = value
    for letter, option in zip(letters(len(question.options)), question.options, strict=True):
        right = letter == question.answer
        feedback = question.feedback.get(letter) or (question.explanation if right else "")
        _answer(element, "100" if right else "0", line_html(option, "moodle", media), feedback,
                media)


def multiple_choice(quiz: ET.Element, name: str, question: MultipleChoice,
                    media: ExportMedia) -> None:
    """Choose all that apply: ``multichoice`` with ``single`` false. A wrong option's feedback
    shows when it is ticked; a right option's (said when it is left out) goes into the
    feedback for a partly right or wrong answer."""
    element = _question(quiz, "multichoice", name, to_html(question.question, "moodle", media),
                        question.explanation, media)
    for tag, value in (("single", "false"), ("shuffleanswers", "true"),
                       ("answernumbering", "ABCD")):
        ET.SubElement(element, tag).text = value
    option_letters = letters(len(question.options))
    shares, penalty = grades(len(question.answers), len(question.options) - len(question.answers))
    missed = "".join(to_html(question.feedback[letter], "moodle", media)
                     for letter in option_letters
                     if letter in question.answers and letter in question.feedback)
    for tag in ("partiallycorrectfeedback", "incorrectfeedback"):
        ET.SubElement(ET.SubElement(element, tag, {"format": "html"}), "text").text = missed
    share = iter(shares)
    for letter, option in zip(option_letters, question.options, strict=True):
        right = letter in question.answers
        _answer(element, next(share) if right else penalty, line_html(option, "moodle", media),
                "" if right else question.feedback.get(letter, ""), media)


def true_false(quiz: ET.Element, name: str, question: TrueFalse, media: ExportMedia) -> None:
    """``truefalse``: the wrong answer's feedback is the question's ``feedback``."""
    element = _question(quiz, "truefalse", name, to_html(question.question, "moodle", media),
                        question.explanation, media)
    for value in (True, False):
        right = value == question.answer
        _answer(element, "100" if right else "0", "true" if value else "false",
                question.explanation if right else (question.feedback or ""), media,
                html=False)


def wildcard_literal(answer: str) -> str:
    """An accepted answer as Moodle's short answer matches it: ``*`` is a wildcard unless
    written ``\\*``."""
    return answer.replace("*", "\\*")


def _references(value: str) -> str:
    """Every character but letters, digits and spaces as a numeric character reference: no
    character of the text can end or split an embedded answer."""
    return "".join(c if c.isalnum() or c == " " else f"&#{ord(c)};" for c in value)


def typed(quiz: ET.Element, name: str, question: TypedAnswer, media: ExportMedia) -> None:
    """One blank: ``shortanswer`` under the sentence with its blank as a line; several:
    ``cloze`` with each blank's accepted answers embedded where it is."""
    pieces = [line_html(piece, "moodle", media) for piece in question.pieces()]
    asked = to_html(question.question, "moodle", media)
    if len(question.blanks) == 1:
        (blank,) = question.blanks
        element = _question(quiz, "shortanswer", name,
                            f"{asked}<p>{pieces[0]} _____ {pieces[1]}</p>",
                            question.explanation, media)
        ET.SubElement(element, "usecase").text = "1" if blank.case_sensitive else "0"
        for accepted in blank.accept:
            _answer(element, "100", wildcard_literal(as_plain(accepted)), "", media, html=False)
        return
    # Braces in the author's HTML as references too, so no text reads as an embedded answer.
    sentence = [piece.replace("{", "&#123;").replace("}", "&#125;") for piece in pieces]
    for number, blank in enumerate(question.blanks, start=1):
        kind = "SHORTANSWER_C" if blank.case_sensitive else "SHORTANSWER"
        accepted = "~".join("=" + _references(wildcard_literal(as_plain(a)))
                            for a in blank.accept)
        sentence[number - 1] += f" {{1:{kind}:{accepted}}} "
    _question(quiz, "cloze", name, f"{asked}<p>{''.join(sentence)}</p>", question.explanation,
              media)


def decimal_text(value: Decimal) -> str:
    """A number as written in an export: exact, no exponent, no trailing zeros."""
    written = format(value.normalize(), "f")
    return "0" if written in ("-0", "0") else written


def numeric(quiz: ET.Element, name: str, question: Numeric, media: ExportMedia) -> None:
    """``numerical``: one answer with its tolerance (a range as its midpoint ± half its
    width); a unit is optional for the student, written after the number."""
    element = _question(quiz, "numerical", name, to_html(question.question, "moodle", media),
                        question.explanation, media)
    low, high = (Decimal(bound) for bound in question.bounds)
    answer = _answer(element, "100", decimal_text((low + high) / 2), question.explanation, media,
                     html=False)
    ET.SubElement(answer, "tolerance").text = decimal_text((high - low) / 2)
    if question.unit:
        unit = ET.SubElement(ET.SubElement(element, "units"), "unit")
        ET.SubElement(unit, "multiplier").text = "1"
        ET.SubElement(unit, "unit_name").text = as_plain(question.unit)
    for tag, value in (("unitgradingtype", "0"), ("unitpenalty", "0.1"),
                       ("showunits", "0" if question.unit else "3"), ("unitsleft", "0")):
        ET.SubElement(element, tag).text = value


def ordering(quiz: ET.Element, name: str, question: Ordering, media: ExportMedia) -> None:
    """``ordering``: every item shown, vertically, all or nothing by absolute position."""
    element = _question(quiz, "ordering", name, to_html(question.question, "moodle", media),
                        question.explanation, media)
    for tag, value in (("layouttype", "VERTICAL"), ("selecttype", "ALL"),
                       ("selectcount", str(len(question.order))),
                       ("gradingtype", "ABSOLUTE_POSITION"), ("showgrading", "SHOW")):
        ET.SubElement(element, tag).text = value
    for position, item in enumerate(question.order, start=1):
        _answer(element, str(position), line_html(item, "moodle", media), "", media)
