"""Exports: Anki decks opened as zip + SQLite, Moodle XML parsed, GIFT read back by a small
parser, and the handout pages checked for every question (and, in the key, every answer)."""

from __future__ import annotations

import copy
import io
import re
import sqlite3
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup
from markupsafe import escape

from generator.exports import gift
from generator.markup import render

from .conftest import REPO, SAMPLE_CHAPTER, copy_project, coursegen, edit, every_kind_chapter

SAMPLE = yaml.safe_load((REPO / "content" / f"{SAMPLE_CHAPTER}.yml").read_text(encoding="utf-8"))
DECK = [card for s in SAMPLE["sections"] for b in s["blocks"] for card in b.get("flashcards", [])]
QUESTIONS = [q for s in SAMPLE["sections"] for b in s["blocks"] for q in b.get("quiz", [])]
(EXERCISE,) = [b["classification"] for s in SAMPLE["sections"] for b in s["blocks"]
               if "classification" in b]


def notes(apkg: bytes) -> list[dict[str, Any]]:
    """The notes of an .apkg: its zip holds a SQLite collection."""
    with zipfile.ZipFile(io.BytesIO(apkg)) as archive:
        names = archive.namelist()
        assert names == ["collection.anki2", "media", *map(str, range(len(names) - 2))]
        collection = archive.read("collection.anki2")
    with sqlite3.connect(":memory:") as db:
        db.deserialize(collection)
        rows = db.execute("SELECT guid, flds, tags FROM notes ORDER BY id").fetchall()
        decks = db.execute("SELECT decks FROM col").fetchone()[0]
    return [{"guid": g, "fields": f.split("\x1f"), "tags": t.split(), "decks": decks}
            for g, f, t in rows]


def downloads(root: Path) -> Path:
    return root / "site" / "downloads"


def test_anki_deck_of_the_chapter(built_course: Path) -> None:
    deck = notes((downloads(built_course) / f"{SAMPLE_CHAPTER}.apkg").read_bytes())
    assert len(deck) == len(DECK) == 6
    assert [n["fields"][0] for n in deck] == [card["front"] for card in DECK]
    assert all(card["back"] in re.sub("<[^>]+>", "", n["fields"][1])
               for n, card in zip(deck, DECK, strict=True))
    assert all(n["tags"] == ["chapter-07"] for n in deck)
    assert "ITIL 4 Foundation: A Practical Course::07 Continual Improvement" in deck[0]["decks"]
    course = notes((downloads(built_course) / "course.apkg").read_bytes())
    assert [n["guid"] for n in course] == [n["guid"] for n in deck]


def test_guids_are_stable_and_follow_the_front(tmp_path: Path, built_course: Path) -> None:
    before = notes((downloads(built_course) / f"{SAMPLE_CHAPTER}.apkg").read_bytes())
    root = copy_project(tmp_path / "course")
    edit(root / "content" / f"{SAMPLE_CHAPTER}.yml", 'front: "Step: Did we get there?"',
         'front: "Step 6: Did we get there?"')
    assert coursegen(root, "build").exit_code == 0
    after = notes((downloads(root) / f"{SAMPLE_CHAPTER}.apkg").read_bytes())
    assert [n["guid"] for n in after[:5]] == [n["guid"] for n in before[:5]]
    assert after[5]["guid"] != before[5]["guid"]


def test_flashcards_tsv(built_course: Path) -> None:
    lines = (downloads(built_course) / f"{SAMPLE_CHAPTER}-flashcards.tsv").read_text().splitlines()
    assert lines[:3] == ["#separator:tab", "#html:false", "#columns:Front\tBack\tTags"]
    rows = [line.split("\t") for line in lines[3:]]
    assert rows == [[c["front"], c["back"], "chapter-07"] for c in DECK]


def test_moodle_xml(built_course: Path) -> None:
    quiz = ET.parse(downloads(built_course) / f"{SAMPLE_CHAPTER}-moodle.xml").getroot()
    assert quiz.tag == "quiz"
    kinds = [q.get("type") for q in quiz.findall("question")]
    assert kinds == ["category", "matching", "multichoice", "multichoice"]
    assert quiz.find("question/category/text").text.endswith(  # type: ignore[union-attr]
        "/Chapter 7: Continual Improvement: Keeping Services Moving Forward")
    for element, question in zip(quiz.findall("question[@type='multichoice']"), QUESTIONS,
                                 strict=True):
        answers = element.findall("answer")
        assert len(answers) == len(question["options"]) == 4
        right = [a for a in answers if a.get("fraction") == "100"]
        assert len(right) == 1 and all(a.get("fraction") in ("0", "100") for a in answers)
        assert question["options"]["ABCD".index(question["answer"])] in right[0].findtext("text")
        assert element.findtext("single") == "true"
        assert question["explanation"][:50] in element.findtext("generalfeedback/text")
    matching = quiz.find("question[@type='matching']")
    pairs = [(s.findtext("text"), s.findtext("answer/text")) for s in matching.iter("subquestion")]
    assert [answer for _, answer in pairs] == [s["answer"] for s in EXERCISE["scenarios"]]
    assert all(s["text"] in text for (text, _), s in zip(pairs, EXERCISE["scenarios"],
                                                          strict=True))


def parse_gift(text: str) -> list[dict[str, Any]]:
    """A small GIFT reader: titles, question text (the text after the answers too, where the
    answers sit inside the sentence), answers with their weight and feedback, true/false,
    numbers, matching pairs."""
    def unescape(value: str) -> str:
        return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), value)

    questions = []
    for block in text.strip().split("\n\n"):
        if block.startswith("$CATEGORY:"):
            questions.append({"category": block.split(":", 1)[1].strip()})
            continue
        match = re.fullmatch(r"::(.*?)(?<!\\)::\s*(?:\[html\])?(.*?)(?<!\\)\{(.*)(?<!\\)\}(.*)",
                             block, re.S)
        assert match, block
        title, body, answers, after = match.groups()
        question: dict[str, Any] = {"title": unescape(title), "text": unescape(body.strip()),
                                    "after": unescape(after), "answers": [], "pairs": []}
        for line in answers.strip().split("\n"):
            line = line.strip()
            if line.startswith("####"):
                question["general"] = unescape(line[4:])
            elif line.startswith("#"):
                question["number"] = line[1:]
            elif line[0] in "TF":
                answer, wrong, right = re.split(r"(?<!\\)#", line)
                question["truefalse"] = (answer == "T", unescape(wrong), unescape(right))
            elif " -> " in line:
                left, right = line[1:].split(" -> ")
                question["pairs"].append((unescape(left), unescape(right)))
            else:
                weight = re.match(r"~%(-?[0-9.]+)%", line)
                parts = re.split(r"(?<!\\)#", line[weight.end() if weight else 1:], maxsplit=1)
                question["answers"].append({"right": line[0] == "=", "text": unescape(parts[0]),
                                            "feedback": unescape(parts[1]) if len(parts) > 1
                                            else "", "weight": weight and weight.group(1)})
        questions.append(question)
    return questions


def test_gift_reads_back(built_course: Path) -> None:
    text = (downloads(built_course) / f"{SAMPLE_CHAPTER}-gift.txt").read_text(encoding="utf-8")
    category, matching, *multichoice = parse_gift(text)
    assert category["category"].startswith("$course$/ITIL 4 Foundation")
    # Text is HTML: Markdown rendered and sanitized as on the site, plain text escaped.
    assert matching["pairs"] == [(render(s["text"]), s["answer"])
                                 for s in EXERCISE["scenarios"]]
    assert len(multichoice) == len(QUESTIONS) == 2
    for read, question in zip(multichoice, QUESTIONS, strict=True):
        assert read["text"] == render(question["question"])
        assert [a["text"] for a in read["answers"]] == [escape(o) for o in question["options"]]
        assert [a["right"] for a in read["answers"]] == [
            letter == question["answer"] for letter in "ABCD"]
        assert read["general"] == render(question["explanation"])
    assert multichoice[1]["answers"][0]["feedback"] == render(QUESTIONS[1]["feedback"]["A"])


def test_gift_escapes_every_special_character() -> None:
    nasty = "a ~ b = c # d { e } f : g \\ h\nsecond line"
    escaped = gift.escape(nasty)
    assert "\n" not in escaped
    assert re.search(r"(?<!\\)[~=#{}:]", escaped) is None
    block = f"::T:: {escaped} {{\n\t={escaped}#{escaped}\n\t~{escaped}\n}}"
    (read,) = parse_gift(block)
    assert read["text"] == nasty.strip()
    assert read["answers"] == [{"right": True, "text": nasty, "feedback": nasty, "weight": None},
                               {"right": False, "text": nasty, "feedback": "", "weight": None}]


def test_handouts(built_course: Path, chapter_html: BeautifulSoup) -> None:
    def page_text(name: str) -> str:
        html = (built_course / "site" / "handouts" / name / "index.html").read_text()
        article = BeautifulSoup(html, "html.parser").select_one("article")
        return " ".join(article.get_text().split())

    sheet = page_text(f"{SAMPLE_CHAPTER}-exercises")
    key = page_text(f"{SAMPLE_CHAPTER}-answers")
    for question in QUESTIONS:
        assert question["question"] in sheet and question["question"] not in key
        assert all(option in sheet for option in question["options"])
        assert question["explanation"] not in sheet and question["explanation"] in key
        correct = question["options"]["ABCD".index(question["answer"])]
        assert f"Answer: {question['answer']}) {correct}" in key
    for scenario in EXERCISE["scenarios"]:
        assert scenario["text"] in sheet
        assert scenario["reason"] not in sheet and f"{scenario['answer']} – " \
               f"{scenario['reason']}" in key
    assert "Answer:" not in sheet
    box = chapter_html.select_one(".admonition.take-away")
    links = [a["href"] for a in box.select("a")]
    assert len(links) == 8
    page = built_course / "site" / "chapters" / SAMPLE_CHAPTER
    for href in links:
        target = (page / href).resolve()
        assert target.is_file() or (target / "index.html").is_file(), href


def test_export_command_writes_the_same_files(tmp_path: Path, built_course: Path) -> None:
    root = copy_project(tmp_path / "course")
    result = coursegen(root, "export", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(p.name for p in downloads(built_course).iterdir())
    for name in written:
        assert (tmp_path / "out" / name).read_bytes() == (downloads(built_course) / name
                                                         ).read_bytes()


def test_handouts_keep_the_structure_of_the_chapter(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "course")
    chapter = every_kind_chapter()
    by_title = {s["title"]: s for s in chapter["sections"]}
    quiz = copy.deepcopy(by_title["quiz The block"]["blocks"][0])  # no YAML aliases
    activity = copy.deepcopy(by_title["activity The block"]["blocks"][0])
    chapter["sections"].append({"title": "Both Kinds", "blocks": [quiz, activity]})
    chapter["sections"].append({"title": "A Definition", "blocks": [
        {"definition": {"term": "Backlog", "text": "What waits to be done."}}]})
    chapter["number"] = 7
    (root / "content" / f"{SAMPLE_CHAPTER}.yml").write_text(yaml.safe_dump(chapter), "utf-8")
    assert coursegen(root, "build", "--no-site").exit_code == 0
    docs = root / "docs"
    sheet = (docs / "handouts" / f"{SAMPLE_CHAPTER}-exercises.md").read_text("utf-8")
    key = (docs / "handouts" / f"{SAMPLE_CHAPTER}-answers.md").read_text("utf-8")
    for handout in (sheet, key):
        assert handout.count("## Both Kinds") == 1  # one heading for a section's two blocks
        assert "### Sort These" in handout and "### Try It" in handout  # the blocks' own titles
    # The answer key says which scenario each answer answers.
    assert key.index("The server crashed.") < key.index("unplanned interruption.")
    page = (docs / "chapters" / f"{SAMPLE_CHAPTER}.md").read_text("utf-8")
    box = page[page.index('<div class="admonition definition">\n<p class="admonition-title">'
                          'Backlog'):]
    assert box[:box.index("</div>")].count("Backlog") == 1  # titled by its term, once
