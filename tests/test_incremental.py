"""Incremental regeneration (what ``coursegen serve`` does on every save) gives exactly the
files a fresh build gives, after every kind of edit, while redoing only what changed."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import genanki  # type: ignore[import-untyped]
import pytest

from generator.course import load_course
from generator.errors import ContentError
from generator.exports import anki, chapter_export
from generator.project import Project

from .conftest import SAMPLE_CHAPTER, copy_project, count_work, edit

NEXT_CHAPTER = """\
number: 8
title: The Next Step
summary: What comes after continual improvement.
prerequisites: [7]
sections:
  - title: Building on Chapter 7
    blocks:
      - callout:
          style: tip
          title: Remember
          text: Continual improvement never stops (the CI habit), and a Project has an end.
      - flashcards:
          - term: Project
          - front: What is next?
            back: The next step.
key_terms:
  - term: Next step
    definition: What follows.
    also: [next steps]
"""


def outputs(root: Path) -> dict[str, bytes]:
    """Every file coursegen wrote under ``root``, by path."""
    files = {p.relative_to(root).as_posix(): p.read_bytes()
             for p in (root / "docs").rglob("*") if p.is_file() and p.name != ".gitkeep"}
    files["mkdocs.coursegen.yml"] = (root / "mkdocs.coursegen.yml").read_bytes()
    return files


def fresh_outputs(root: Path, scratch: Path) -> dict[str, bytes]:
    """The files a first build of the same content writes, in a fresh copy of the project."""
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    shutil.copy2(root / "mkdocs.yml", scratch / "mkdocs.yml")
    for folder in ("content", "overrides"):
        shutil.copytree(root / folder, scratch / folder)
    (scratch / "docs").mkdir()
    Project(scratch).generate()
    return outputs(scratch)


@pytest.fixture
def two_chapters(tmp_path: Path) -> Project:
    """The sample chapter and a chapter 8 that shows its title, a definition and a tooltip."""
    project = Project(copy_project(tmp_path / "course"))
    (project.content / "08-next-step.yml").write_text(NEXT_CHAPTER, encoding="utf-8")
    edit(project.content / "course.yml", f"  - {SAMPLE_CHAPTER}",
         f"  - {SAMPLE_CHAPTER}\n  - 08-next-step")
    return project


EDITS = [  # (file under the project, old text, new text): each kind of dependency
    (f"content/{SAMPLE_CHAPTER}.yml", "title: Mindset Shift", "title: Mindset Change"),
    (f"content/{SAMPLE_CHAPTER}.yml", "Keeping Services Moving Forward", "Moving Onward"),
    (f"content/{SAMPLE_CHAPTER}.yml", "definition: A temporary organization",
     "definition: A short-lived organization"),
    (f"content/{SAMPLE_CHAPTER}.yml", "  - term: Continual improvement\n",
     "  - term: Continual improvement\n    also: [CI habit]\n"),
    ("content/course.yml", "title: \"ITIL 4 Foundation", "title: \"ITIL Foundation"),
    ("content/08-next-step.yml", "What is next?", "What comes next?"),
]


def test_every_edit_gives_what_a_fresh_build_gives(two_chapters: Project,
                                                   tmp_path: Path) -> None:
    project = two_chapters
    project.generate()
    assert outputs(project.root) == fresh_outputs(project.root, tmp_path / "fresh")
    for file, old, new in EDITS:
        before = outputs(project.root)
        edit(project.root / file, old, new)
        report = project.generate()[1]
        after = outputs(project.root)
        assert after == fresh_outputs(project.root, tmp_path / "fresh"), (old, new)
        assert sorted(report.written) == sorted(p for p in after if before.get(p) != after[p])
    # A template override changes every page that uses it.
    (project.overrides / "blocks").mkdir()
    (project.overrides / "blocks" / "callout.md").write_text(
        "<div class=\"admonition note\">\n<p class=\"admonition-title\">{{ block.callout.title"
        " | text }}</p>\n{{ block.callout.text | md }}\n</div>\n",
        encoding="utf-8")
    project.generate()
    assert outputs(project.root) == fresh_outputs(project.root, tmp_path / "fresh")
    page = outputs(project.root)["docs/chapters/08-next-step.md"]
    assert b'<div class="admonition note">\n<p class="admonition-title">Remember' in page


def test_a_body_edit_redoes_only_its_chapter(two_chapters: Project,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    project = two_chapters
    project.generate()
    parsed, rendered, _ = count_work(monkeypatch)
    edit(project.content / "08-next-step.yml", "What is next?", "What comes next?")
    report = project.generate()[1]
    assert parsed == {"content/08-next-step.yml": 1}
    # The chapter page, the chapter on the whole-course page and its two handouts (which do
    # not show flashcards, so they stay unchanged on disk); nothing of chapter 7, not the
    # home page.
    assert rendered == {'title: "8. The Next Step"': 2,
                        'title: "Exercise sheet – The Next Step"': 1,
                        'title: "Answer key – The Next Step"': 1}
    assert report.written == ["docs/chapters/08-next-step.md",
                              "docs/downloads/08-next-step-flashcards.tsv",
                              "docs/downloads/08-next-step.apkg", "docs/downloads/course.apkg",
                              "docs/whole-course.md"]


def test_a_failed_run_keeps_the_last_good_results(two_chapters: Project, tmp_path: Path) -> None:
    project = two_chapters
    project.generate()
    edit(project.content / "08-next-step.yml", "number: 8", "number: [8")
    with pytest.raises(ContentError):
        project.generate()
    edit(project.content / "08-next-step.yml", "number: [8", "number: 8")
    edit(project.content / f"{SAMPLE_CHAPTER}.yml", "Keeping Services Moving Forward",
         "Moving Onward")
    project.generate()
    assert outputs(project.root) == fresh_outputs(project.root, tmp_path / "fresh")


def test_a_page_changed_by_hand_is_written_again(two_chapters: Project) -> None:
    project = two_chapters
    project.generate()
    page = project.docs / "chapters" / "08-next-step.md"
    generated = page.read_bytes()
    page.write_bytes(generated.replace(b"The Next Step", b"Edited by hand"))
    assert "docs/chapters/08-next-step.md" in project.generate()[1].written
    assert page.read_bytes() == generated


def test_course_deck_holds_what_genanki_writes(two_chapters: Project) -> None:
    content = load_course(two_chapters.content)
    decks = [anki.chapter_deck(chapter_export(content, source))[0] for source in content.chapters]

    def tables(write) -> list[list[tuple[object, ...]]]:  # type: ignore[no-untyped-def]
        connection = sqlite3.connect(":memory:")
        write(connection.cursor())
        return [list(connection.execute(f"SELECT * FROM {table} ORDER BY 1"))
                for table in ("col", "notes", "cards")]

    ids = iter(range(int(anki._TIMESTAMP * 1000), 1 << 62))
    theirs = tables(lambda cursor: genanki.Package(decks).write_to_db(
        cursor, anki._TIMESTAMP, ids))
    ours = tables(lambda cursor: anki._write_collection(cursor, decks))
    assert ours == theirs
    assert len(ours[1]) == 6 + 2  # the notes of both chapters


def test_an_edited_override_is_compiled_again(tmp_path: Path) -> None:
    """Compiled templates are kept for the process, but never past a change of their text:
    the same override, edited, in a new project, as in a long test run or serve."""
    override = "<p>{{ block.callout.title | text }} %s</p>\n"
    for version in ("first", "second"):
        project = Project(copy_project(tmp_path / version))
        (project.overrides / "blocks").mkdir(parents=True, exist_ok=True)
        path = project.overrides / "blocks" / "callout.md"
        path.write_text(override % version, encoding="utf-8")
        project.generate()
        page = (project.generated / f"{SAMPLE_CHAPTER}.md").read_text(encoding="utf-8")
        assert f"Mindset Shift {version}" in page
        path.write_text(override % f"{version} edited", encoding="utf-8")
        project.generate()
        page = (project.generated / f"{SAMPLE_CHAPTER}.md").read_text(encoding="utf-8")
        assert f"Mindset Shift {version} edited" in page


def test_a_key_is_made_of_every_part_of_what_a_template_is_handed() -> None:
    from generator.memo import fingerprint
    from generator.paths import take_away

    assert fingerprint({"a": [1, (2, "x")]}) == ("dict", ("a", ("list", 1, ("tuple", 2, "x"))))
    assert fingerprint({"a": [1]}) != fingerprint({"a": (1,)})
    assert fingerprint(take_away("x")) != fingerprint(take_away("y"))
    with pytest.raises(TypeError, match="no memo key for a object: give it a memo_key"):
        fingerprint({"course": object()})  # a new kind of input must say what it is
