"""Every question kind in every export, read back item by item: the chapter of
``tests/data/question-kinds.yml`` exported, then Moodle XML parsed with ElementTree (and its
embedded answers with Moodle's own expressions), GIFT with the reader of test_exports, the
QTI package unzipped and parsed, and the handouts rendered: each question with the same
right answers as the YAML."""

from __future__ import annotations

import html
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.chapter_file import ChapterSource
from generator.escape import PageMarkup
from generator.exports import build_exports
from generator.jinja import environment, render_template
from generator.load import load_document
from generator.memo import digest
from generator.model import Course
from generator.translations import labels
from generator.validate import validate_chapter

from .conftest import REPO, one_chapter_course
from .test_exports import parse_gift

KINDS = REPO / "tests" / "data" / "question-kinds.yml"
COURSE = Course(title="Kinds", description="Every kind of question.", total_chapters=1,
                chapters=["01-kinds"])
QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
# Every character a format gives a meaning, in an accepted answer.
NASTY = "a*b {c} ~d =e #f :g \\h &i <j>"


def questions(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for s in data["sections"] for b in s["blocks"] for q in b.get("quiz", [])]


def export(data: dict[str, Any], tmp_path: Path) -> dict[str, bytes]:
    """The downloads of a course of the one chapter ``data``, by file name."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "01-kinds.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    document = load_document(path, "content/01-kinds.yml")
    source = ChapterSource.of("01-kinds", "content/01-kinds.yml", validate_chapter(document),
                           document, digest(path.read_bytes()))
    content = one_chapter_course(source, tmp_path, COURSE)
    return build_exports(content)


def handout(data: dict[str, Any], tmp_path: Path, kind: str) -> str:
    path = tmp_path / "01-kinds.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    chapter = validate_chapter(load_document(path, "content/01-kinds.yml"))
    page = render_template(environment(labels=labels("en")), f"handout_{kind}.md",
                           course=COURSE, chapter=chapter, markup=PageMarkup())
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.fixture(scope="module")
def kinds(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict[str, Any]],
                                                             dict[str, bytes]]:
    data = yaml.safe_load(KINDS.read_text(encoding="utf-8"))
    return questions(data), export(data, tmp_path_factory.mktemp("kinds"))


def nasty_chapter() -> dict[str, Any]:
    """A chapter whose accepted answers hold every special character: one blank and two."""
    return {"number": 1, "title": "Nasty", "summary": "S", "sections": [{"title": "T", "blocks": [
        {"quiz": [{"question": "One blank.", "text": "Type ___ here.",
                   "blanks": [{"accept": [NASTY, "x"]}], "explanation": "E."},
                  {"question": "Two blanks.", "text": "Type ___ and ___ {1:SA:=not a blank}.",
                   "blanks": [{"accept": [NASTY]}, {"accept": ["y", NASTY],
                                                     "case_sensitive": True}],
                   "explanation": "E."}]}]}]}


# Moodle's expressions for an embedded answer (question/type/multianswer/questiontype.php),
# with each alternative of a look-behind on its own (Python wants them of one width).
_ALTERNATIVE = (r"(=|%(-?[0-9]+)%)?(.+?(?<!\\)(?<!&)(?<!&amp;)(?=[~#}]|$))"
                r"(#(.*?(?<!\\)(?=[~}]|$)))?")
_EMBEDDED = re.compile(r"\{([0-9]*):(SHORTANSWER|SA|MW|SHORTANSWER_C|SAC|MWC):"
                       rf"({_ALTERNATIVE}(~{_ALTERNATIVE})*)\}}", re.S)


def literal(answer: str) -> str:
    """A Moodle short answer as the text it matches: no bare ``*`` (a wildcard), ``\\*`` a
    star."""
    assert re.search(r"(?<!\\)\*", answer) is None, answer
    return answer.replace("\\*", "*")


def embedded(question_text: str) -> list[tuple[str, list[str]]]:
    """The embedded answers of a cloze text as Moodle reads them: (type, accepted), the
    answers decoded as Moodle decodes them and its wildcard escape undone."""
    found = []
    for match in _EMBEDDED.finditer(question_text):
        accepted, rest = [], match.group(3)
        while rest:
            alternative = re.match("~?" + _ALTERNATIVE, rest, re.S)
            assert alternative
            answer = html.unescape(alternative.group(3)).replace("\\}", "}").replace("\\#", "#")
            accepted.append(literal(answer))
            rest = rest[alternative.end():]
        found.append((match.group(2), accepted))
    return found


def test_moodle_xml_every_kind(kinds: tuple[list[dict[str, Any]], dict[str, bytes]]) -> None:
    asked, files = kinds
    quiz = ET.fromstring(files["01-kinds-moodle.xml"])
    elements = quiz.findall("question")[1:]
    assert [e.get("type") for e in elements] == [
        "multichoice", "multichoice", "truefalse", "truefalse", "cloze", "cloze",
        "numerical", "numerical", "ordering"]
    single, multiple, false, true, typed, pattern, number, interval, order = elements
    assert single.findtext("single") == "true"
    assert [a.get("fraction") for a in single.findall("answer")] == ["0", "100", "0"]
    assert multiple.findtext("single") == "false"
    fractions = [float(a.get("fraction") or "") for a in multiple.findall("answer")]
    right = [letter for letter, f in zip("ABCD", fractions, strict=True) if f > 0]
    assert right == asked[1]["answers"]
    assert sum(f for f in fractions if f > 0) == pytest.approx(100, abs=0.01)
    assert sum(fractions) <= 0  # ticking every option scores nothing
    assert multiple.findtext("answer[2]/feedback/text") == "<p>A litre is a derived unit, a " \
                                                         "cubic decimetre.</p>"
    for element, question in ((false, asked[2]), (true, asked[3])):
        picked = {a.findtext("text"): a.get("fraction") for a in element.findall("answer")}
        assert picked == {str(question["answer"]).lower(): "100",
                          str(not question["answer"]).lower(): "0"}
    assert embedded(typed.findtext("questiontext/text") or "") == [
        ("SHORTANSWER_C", ["def"]), ("SHORTANSWER", ["return", "a return statement"])]
    assert embedded(pattern.findtext("questiontext/text") or "") == [
        ("SHORTANSWER", ["f(x)"]), ("SHORTANSWER", ["*.py"])]
    assert (number.findtext("answer/text"), number.findtext("answer/tolerance")) == ("686", "5")
    assert number.findtext("units/unit/unit_name") == "m"
    middle, spread = (Decimal(interval.findtext(f"answer/{tag}") or "")
                      for tag in ("text", "tolerance"))
    assert (middle - spread, middle + spread) == (Decimal("3.14"), Decimal("3.15"))
    assert [a.findtext("text") for a in order.findall("answer")] == [
        "Write the code in a <code>.py</code> file", "Save the file",
        "Run <code>python script.py</code>", "Read the output"]
    assert order.findtext("gradingtype") == "ABSOLUTE_POSITION"


def test_moodle_grades_are_moodles_and_sum_to_100() -> None:
    from generator.exports.moodle_kinds import MOODLE_GRADES, grades

    for right in range(1, 27):
        for wrong in range(0, 27 - right):
            shares, penalty = grades(right, wrong)
            assert all(s in MOODLE_GRADES or s == "0" for s in shares)
            assert penalty[1:] in MOODLE_GRADES
            if right <= 20:
                assert round(sum(map(float, shares)), 2) == 100
            if wrong:
                assert sum(map(float, shares)) + wrong * float(penalty) <= 0.01


def test_gift_every_kind(kinds: tuple[list[dict[str, Any]], dict[str, bytes]]) -> None:
    asked, files = kinds
    _, single, multiple, false, true, *typed, number, interval, order = parse_gift(
        files["01-kinds-gift.txt"].decode("utf-8"))
    assert [a["right"] for a in single["answers"]] == [False, True, False]
    assert [a["weight"] for a in multiple["answers"]] == ["50", "-50", "50", "-50"]
    assert false["truefalse"] == (False, "<p>Think of how far whales can hear each other.</p>",
                                  "<p>Sound travels about four times faster in water (about "
                                  "1480 m/s).</p>")
    assert true["truefalse"][0] is True
    # One question per blank, the blank where it is in the sentence.
    assert [q["title"].split(", ", 1)[1] for q in typed] == [
        "5 (Blank 1)", "5 (Blank 2)", "6 (Blank 1)", "6 (Blank 2)"]
    assert typed[0]["text"].endswith("<p>A function starts with")
    assert typed[0]["after"] == " and gives back its result with _____ .</p>"
    accepted = [[literal(a["text"]) for a in q["answers"]] for q in typed]
    assert accepted == [b["accept"] for q in asked[4:6] for b in q["blanks"]]
    assert all(a["right"] for q in typed for a in q["answers"])
    assert typed[3]["answers"][0]["text"] == "\\*.py"  # not Moodle's wildcard
    assert (number["number"], number["after"]) == ("686:5", " m</p>")
    assert interval["number"] == "3.14..3.15"
    assert order["pairs"] == [("Write the code in a <code>.py</code> file", "Place 1"),
                              ("Save the file", "Place 2"),
                              ("Run <code>python script.py</code>", "Place 3"),
                              ("Read the output", "Place 4")]


def qti_items(package: bytes) -> tuple[ET.Element, list[ET.Element]]:
    """The manifest and the items of a QTI package, checking that the manifest lists every
    file of the zip and that the assessment is its QTI 1.2 resource."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        names = archive.namelist()
        manifest = ET.fromstring(archive.read("imsmanifest.xml"))
        cp = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
        (resource,) = manifest.iter(f"{cp}resource")
        assert resource.get("type") == "imsqti_xmlv1p2"
        listed = [f.get("href") or "" for f in resource.iter(f"{cp}file")]
        assert sorted(["imsmanifest.xml", *listed]) == sorted(names)
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        root = ET.fromstring(archive.read(resource.get("href") or ""))
    assert root.tag == f"{QTI}questestinterop"
    (section,) = root.iter(f"{QTI}section")
    return manifest, section.findall(f"{QTI}item")


def metadata(item: ET.Element, label: str) -> str | None:
    for field in item.iter(f"{QTI}qtimetadatafield"):
        if field.findtext(f"{QTI}fieldlabel") == label:
            return field.findtext(f"{QTI}fieldentry")
    return None


def labels_of(item: ET.Element) -> dict[str, str]:
    """Each response label's text, by its identifier."""
    return {label.get("ident") or "": label.findtext(f".//{QTI}mattext") or ""
            for label in item.iter(f"{QTI}response_label")}


def scored(item: ET.Element) -> list[tuple[str, str]]:
    """(response, value) of every ``varequal`` that sets or adds to the score (not under a
    ``not``), in order."""
    found = []
    for condition in item.iter(f"{QTI}respcondition"):
        if condition.find(f"{QTI}setvar") is None:
            continue
        negated = {id(e) for n in condition.iter(f"{QTI}not") for e in n.iter(f"{QTI}varequal")}
        found += [(equal.get("respident") or "", equal.text or "")
                  for equal in condition.iter(f"{QTI}varequal") if id(equal) not in negated]
    return found


def test_qti_every_kind(kinds: tuple[list[dict[str, Any]], dict[str, bytes]]) -> None:
    asked, files = kinds
    _, items = qti_items(files["01-kinds-qti.zip"])
    assert [metadata(i, "question_type") for i in items] == [
        "multiple_choice_question", "multiple_answers_question", "true_false_question",
        "true_false_question", "fill_in_multiple_blanks_question",
        "fill_in_multiple_blanks_question", "numerical_question", "numerical_question",
        "matching_question"]
    assert len({i.get("ident") for i in items}) == len(items)
    single, multiple, false, true, typed, pattern, number, interval, order = items
    text = labels_of(single)
    assert [text[value] for _, value in scored(single)] == ["metre per second"]
    text = labels_of(multiple)
    assert [text[value] for _, value in scored(multiple)] == ["metre", "kilogram"]
    assert [text[v] for v in (e.text or "" for e in multiple.iter(f"{QTI}not")
                              for e in e.iter(f"{QTI}varequal"))] == ["litre", "hour"]
    assert [labels_of(false)[v] for _, v in scored(false)] == ["False"]
    assert [labels_of(true)[v] for _, v in scored(true)] == ["True"]
    for item, question in ((typed, asked[4]), (pattern, asked[5])):
        text = labels_of(item)
        by_blank: dict[str, list[str]] = {}
        for response, value in scored(item):
            by_blank.setdefault(response, []).append(text[value])
        assert list(by_blank.values()) == [b["accept"] for b in question["blanks"]]
        assert "[blank1]" in (item.findtext(f"{QTI}presentation/{QTI}material/{QTI}mattext")
                              or "")
    assert [(e.tag.removeprefix(QTI), e.text) for e in number.iter()
            if e.tag.removeprefix(QTI) in ("varequal", "vargte", "varlte")] == [
        ("varequal", "686"), ("vargte", "681"), ("varlte", "691")]
    assert [(e.tag.removeprefix(QTI), e.text) for e in interval.iter()
            if e.tag.removeprefix(QTI) in ("varequal", "vargte", "varlte")] == [
        ("vargte", "3.14"), ("varlte", "3.15")]
    text = labels_of(order)
    prompts = {lid.get("ident"): lid.findtext(f"{QTI}material/{QTI}mattext")
               for lid in order.iter(f"{QTI}response_lid")}
    assert [(prompts[response], text[value]) for response, value in scored(order)] == [
        (item.replace("`", ""), f"Place {n}") for n, item in enumerate(asked[8]["order"],
                                                                    start=1)]
    texttypes = {text.text: text.get("texttype") for text in typed.iter(f"{QTI}mattext")}
    assert texttypes["a return statement"] == "text/plain"  # an answer is never HTML


def test_every_format_keeps_special_characters_in_accepted_answers(tmp_path: Path) -> None:
    files = export(nasty_chapter(), tmp_path)
    quiz = ET.fromstring(files["01-kinds-moodle.xml"])
    short, cloze = quiz.findall("question")[1:]
    assert short.get("type") == "shortanswer" and short.findtext("usecase") == "0"
    assert [literal(a.findtext("text") or "") for a in short.findall("answer")] == [NASTY, "x"]
    assert embedded(cloze.findtext("questiontext/text") or "") == [
        ("SHORTANSWER", [NASTY]), ("SHORTANSWER_C", ["y", NASTY])]
    gift = parse_gift(files["01-kinds-gift.txt"].decode("utf-8"))[1:]
    assert [[literal(a["text"]) for a in q["answers"]] for q in gift] == [
        [NASTY, "x"], [NASTY], ["y", NASTY]]
    _, (one, two) = qti_items(files["01-kinds-qti.zip"])
    assert [value for _, value in scored(one)] == [NASTY, "x"]
    assert [labels_of(two)[value] for _, value in scored(two)] == [NASTY, "y", NASTY]


def test_the_same_content_gives_the_same_bytes(tmp_path: Path) -> None:
    data = yaml.safe_load(KINDS.read_text(encoding="utf-8"))
    first = export(data, tmp_path / "a")
    second = export(data, tmp_path / "b")
    assert first == second


def test_handouts_every_kind(tmp_path: Path) -> None:
    data = yaml.safe_load(KINDS.read_text(encoding="utf-8"))
    sheet = handout(data, tmp_path, "exercises")
    key = handout(data, tmp_path, "answers")
    asked = questions(data)
    for question in asked:
        assert question["question"].replace("**", "").replace("`", "") in sheet
        assert question["explanation"].replace("`", "") not in sheet
        assert question["explanation"].replace("`", "") in key
    assert "Choose all that apply" in sheet and "☐ True ☐ False" in " ".join(sheet.split())
    assert "A function starts with __________ and gives back" in sheet
    assert "Your answer: __________ m" in sheet
    assert sheet.count("Place ____") == 4
    for answer in ("a return statement", "686 ± 5", "3.14–3.15", "Answer: B)", "Answer: False"):
        assert answer not in sheet
    assert "Answer: B) metre per second" in key
    assert "A) metre" in key and "C) kilogram" in key and "B) litre" not in key
    assert "Answer: False" in key and "Answer: True" in key
    assert all(a in key for q in asked[4:6] for b in q["blanks"] for a in b["accept"])
    assert "Answer: 686 ± 5 m" in key and "Answer: 3.14–3.15" in key
    steps = [key.index(step.replace("`", "")) for step in asked[8]["order"]]
    assert steps == sorted(steps)


def test_a_line_is_kept_by_its_kind_of_text() -> None:
    """The exports keep each line's HTML; inline Markdown and plain text of the same
    characters differ (a unit, plain, beside an option, inline Markdown)."""
    from generator.exports.markup import line_html
    from generator.fields import AuthorText, InlineText

    assert line_html(InlineText("`x`"), "moodle") == "<code>x</code>"
    assert line_html(AuthorText("`x`"), "moodle") == "`x`"
