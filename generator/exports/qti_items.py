"""QTI 1.2 items, one per question, in the profile Canvas reads (and writes): the standard
``presentation`` and ``resprocessing`` of QTI 1.2, with Canvas's ``question_type`` in each
item's metadata. Options, questions and feedback are sanitized HTML (``text/html``);
accepted answers, the items of an ordering and words of ours are plain text
(``text/plain``), shown as they are.

=================  ===================================  =====================================
kind               Canvas question_type                 response and scoring
=================  ===================================  =====================================
one right option   multiple_choice_question             ``response_lid`` Single; 100 if right
choose all         multiple_answers_question            ``response_lid`` Multiple; 100 if
                                                        every right one and no wrong one
true or false      true_false_question                  ``response_lid`` Single, two labels
one blank          short_answer_question                ``response_str``; 100 for each
                                                        accepted answer (``case`` Yes if the
                                                        blank is case-sensitive)
several blanks     fill_in_multiple_blanks_question     one ``response_lid`` a blank
                                                        (``[blankN]`` in the text), a label
                                                        an accepted answer; a share each
a number           numerical_question                   ``response_str`` Decimal; ``varequal``
                                                        or ``vargte``/``varlte``
ordering           matching_question (Canvas's classic  one ``response_lid`` an item (its
                   quizzes have no ordering; Canvas     plain text), a label a place; a share
                   imports QTI ordering as matching)    each
=================  ===================================  =====================================
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from decimal import Decimal

from typing_extensions import assert_never

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
from .markup import ExportMedia, line_html, to_html
from .moodle_kinds import decimal_text


def identifier(*names: str) -> str:
    """A stable XML identifier made from names that do not change between builds."""
    return "g" + hashlib.sha256("\0".join(names).encode()).hexdigest()[:24]


def _field(metadata: ET.Element, label: str, entry: str) -> None:
    field = ET.SubElement(metadata, "qtimetadatafield")
    ET.SubElement(field, "fieldlabel").text = label
    ET.SubElement(field, "fieldentry").text = entry


def _material(parent: ET.Element, text: str, html: bool = True) -> None:
    """Text shown to the student: sanitized HTML, or plain text (an accepted answer, a word
    of ours), which a reader shows as it is."""
    ET.SubElement(ET.SubElement(parent, "material"), "mattext",
                  {"texttype": "text/html" if html else "text/plain"}).text = text


def _choices(presentation: ET.Element, response: str, labels: list[tuple[str, str]],
             cardinality: str = "Single", prompt: str | None = None, html: bool = True
             ) -> None:
    lid = ET.SubElement(presentation, "response_lid",
                        {"ident": response, "rcardinality": cardinality})
    if prompt is not None:
        _material(lid, prompt, html)
    choice = ET.SubElement(lid, "render_choice")
    for ident, text in labels:
        _material(ET.SubElement(choice, "response_label", {"ident": ident}), text, html)


def _condition(resprocessing: ET.Element, score: str, action: str = "Set") -> ET.Element:
    """A ``respcondition`` that sets (or adds to) the score; returns its ``conditionvar``."""
    condition = ET.SubElement(resprocessing, "respcondition",
                              {"continue": "No" if action == "Set" else "Yes"})
    test = ET.SubElement(condition, "conditionvar")
    ET.SubElement(condition, "setvar", {"action": action, "varname": "SCORE"}).text = score
    return test


def _var(parent: ET.Element, tag: str, response: str, value: str, **extra: str) -> None:
    ET.SubElement(parent, tag, {"respident": response, **extra}).text = value


def _share(count: int) -> str:
    return format(100 / count, ".2f")


def item(section: ET.Element, ident: str, title: str, question: AnyQuestion,
         media: ExportMedia, words: tuple[str, str, str, str]) -> None:
    """The question as a QTI 1.2 ``item`` in ``section``; its explanation as feedback."""
    element = ET.SubElement(section, "item", {"ident": ident, "title": title})
    metadata = ET.SubElement(ET.SubElement(element, "itemmetadata"), "qtimetadata")
    presentation = ET.SubElement(element, "presentation")
    asked = to_html(question.question, "anki", media)
    resprocessing = ET.Element("resprocessing")
    outcomes = ET.SubElement(resprocessing, "outcomes")
    ET.SubElement(outcomes, "decvar", {"maxvalue": "100", "minvalue": "0",
                                       "varname": "SCORE", "vartype": "Decimal"})
    # The explanation, whatever the answer (as Canvas writes its general feedback).
    general = ET.SubElement(resprocessing, "respcondition", {"continue": "Yes"})
    ET.SubElement(ET.SubElement(general, "conditionvar"), "other")
    ET.SubElement(general, "displayfeedback", {"feedbacktype": "Response",
                                               "linkrefid": "general_fb"})
    response = "response1"
    match question:
        case SingleChoice() | MultipleChoice():
            kind = ("multiple_choice_question" if isinstance(question, SingleChoice)
                    else "multiple_answers_question")
            right = {question.answer} if isinstance(question, SingleChoice) else set(
                question.answers)
            option_letters = letters(len(question.options))
            labels = [(f"{ident}-{letter}", line_html(option, "anki", media))
                      for letter, option in zip(option_letters, question.options, strict=True)]
            _material(presentation, asked)
            _choices(presentation, response, labels,
                     "Single" if isinstance(question, SingleChoice) else "Multiple")
            test = _condition(resprocessing, "100")
            both = ET.SubElement(test, "and") if isinstance(question, MultipleChoice) else test
            for letter, (label, _) in zip(option_letters, labels, strict=True):
                if letter in right:
                    _var(both, "varequal", response, label)
                elif isinstance(question, MultipleChoice):
                    _var(ET.SubElement(both, "not"), "varequal", response, label)
        case TrueFalse():
            kind = "true_false_question"
            labels = [(f"{ident}-true", words[0]), (f"{ident}-false", words[1])]
            _material(presentation, asked)
            _choices(presentation, response, labels, html=False)
            _var(_condition(resprocessing, "100"), "varequal", response,
                 labels[0 if question.answer else 1][0])
        case TypedAnswer():
            pieces = [line_html(piece, "anki", media) for piece in question.pieces()]
            if len(question.blanks) == 1:
                kind = "short_answer_question"
                _material(presentation, f"{asked}<p>{pieces[0]} _____ {pieces[1]}</p>")
                fib = ET.SubElement(presentation, "response_str",
                                    {"ident": response, "rcardinality": "Single"})
                ET.SubElement(ET.SubElement(fib, "render_fib"), "response_label",
                              {"ident": "answer1", "rshuffle": "No"})
                (blank,) = question.blanks
                for accepted in blank.accept:
                    _var(_condition(resprocessing, "100"), "varequal", response,
                         as_plain(accepted), case="Yes" if blank.case_sensitive else "No")
            else:
                kind = "fill_in_multiple_blanks_question"
                names = [f"blank{n}" for n in range(1, len(question.blanks) + 1)]
                sentence = pieces[0] + "".join(f" [{name}] {piece}"
                                               for name, piece in zip(names, pieces[1:],
                                                                      strict=True))
                _material(presentation, f"{asked}<p>{sentence}</p>")
                for name, blank in zip(names, question.blanks, strict=True):
                    labels = [(f"{ident}-{name}-{n}", as_plain(accepted))
                              for n, accepted in enumerate(blank.accept, start=1)]
                    _choices(presentation, f"response_{name}", labels, prompt=name, html=False)
                    for label, _ in labels:
                        _var(_condition(resprocessing, _share(len(names)), "Add"), "varequal",
                             f"response_{name}", label)
        case Numeric():
            kind = "numerical_question"
            unit = f"<p>_____ {line_html(question.unit, 'anki')}</p>" if question.unit else ""
            _material(presentation, asked + unit)
            fib = ET.SubElement(presentation, "response_str",
                                {"ident": response, "rcardinality": "Single"})
            ET.SubElement(ET.SubElement(fib, "render_fib", {"fibtype": "Decimal"}),
                          "response_label", {"ident": "answer1"})
            low, high = question.bounds
            test = _condition(resprocessing, "100")
            if question.range is None:
                test = ET.SubElement(test, "or")
                _var(test, "varequal", response,
                     decimal_text((Decimal(low) + Decimal(high)) / 2))
            if low != high:
                within = ET.SubElement(test, "and")
                _var(within, "vargte", response, low)
                _var(within, "varlte", response, high)
        case Ordering():
            kind = "matching_question"
            _material(presentation, asked)
            places = [(f"{ident}-place{n}", f"{words[3]} {n}")
                      for n in range(1, len(question.order) + 1)]
            for n, item_text in enumerate(question.order, start=1):
                _choices(presentation, f"response_{ident}-item{n}", places,
                         prompt=as_plain(item_text), html=False)
                _var(_condition(resprocessing, _share(len(places)), "Add"), "varequal",
                     f"response_{ident}-item{n}", places[n - 1][0])
        case _:
            assert_never(question)
    _field(metadata, "question_type", kind)
    _field(metadata, "points_possible", "1.0")
    element.append(resprocessing)
    feedback = ET.SubElement(element, "itemfeedback", {"ident": "general_fb"})
    _material(ET.SubElement(feedback, "flow_mat"), to_html(question.explanation, "anki", media))
