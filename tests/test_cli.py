"""The coursegen command as an author uses it: messages, exit codes, and what it writes."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import model
from generator.project import Project

from .conftest import REPO, SAMPLE_CHAPTER, copy_project, coursegen, edit, tree_hash


def test_check_accepts_the_sample_course(project: Project) -> None:
    result = coursegen(project.root, "check")
    assert result.exit_code == 0
    assert result.stdout == "ok: course.yml and 1 chapter(s) are valid\n"
    assert not project.generated.exists()


def test_check_reports_every_problem_with_its_position(project: Project) -> None:
    chapter = project.content / f"{SAMPLE_CHAPTER}.yml"
    edit(chapter, "style: tip", "style: tipp")
    edit(chapter, "explanation: Once", "explaination: Once")
    edit(chapter, "          duration: 2–3 minutes", "          duration: no")  # text: "no"
    edit(project.content / "course.yml", "total_chapters: 14", "total_chapters: fourteen")
    result = coursegen(project.root, "check")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"content/{SAMPLE_CHAPTER}.yml:23:18: sections[0].blocks[1].callout.style: 'tipp' is "
        "not one of: exam-clue, tip, analogy, note, warning; did you mean 'tip'?",
        f"content/{SAMPLE_CHAPTER}.yml:151:13: sections[7].blocks[0].quiz[0].explaination: "
        "unknown key 'explaination'; did you mean 'explanation'?",
        "content/course.yml:5:17: total_chapters: expected a whole number, got 'fourteen'",
        "3 errors in 2 files",
    ]


def test_rules_across_fields(project: Project) -> None:
    chapter = project.content / f"{SAMPLE_CHAPTER}.yml"
    edit(chapter, "            answer: C\n", "            answer: E\n")
    edit(chapter, "              answer: Project delivery", "              answer: Projects")
    edit(chapter, "number: 7", "number: 15")
    edit(chapter, "- front: \"Step: Did we get there?\"", "- front: \"Key question: What is the "
                                                         "vision?\"")
    result = coursegen(project.root, "check")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"content/{SAMPLE_CHAPTER}.yml:2:9: number: chapter 15 is beyond the course's "
        "total_chapters (14)",
        f"content/{SAMPLE_CHAPTER}.yml:120:23: sections[5].blocks[0].classification.scenarios[1]"
        ".answer: 'Projects' is not one of the categories: Incident management, Project delivery,"
        " Continual improvement",
        f"content/{SAMPLE_CHAPTER}.yml:137:21: sections[6].blocks[0].quiz[0].answer: 'E' is not "
        "one of the options A–D",
        f"content/{SAMPLE_CHAPTER}.yml:171:20: sections[8].blocks[0].flashcards[5].front: "
        "duplicate flashcard 'Key question: What is the vision?'; the first is "
        "sections[8].blocks[0].flashcards[2].front",
        "4 errors in 1 file",
    ]


def test_course_file_lists_chapters(project: Project) -> None:
    (project.content / "08-extra.yml").write_text("number: 8\n", encoding="utf-8")
    edit(project.content / "course.yml", "  - 07-continual-improvement",
         "  - 07-continual-improvement\n  - 09-missing")
    result = coursegen(project.root, "check")
    assert result.stderr.splitlines() == [
        "content/08-extra.yml:1:1: not listed in content/course.yml 'chapters'; add '08-extra' "
        "there",
        "content/course.yml:8:5: chapters[1]: no file content/09-missing.yml; create it or "
        "remove the entry",
        "2 errors in 2 files",
    ]


def test_invalid_content_writes_nothing(project: Project) -> None:
    assert coursegen(project.root, "build").exit_code == 0
    before = tree_hash(project.root / "docs"), tree_hash(project.root / "site")
    edit(project.content / f"{SAMPLE_CHAPTER}.yml", "answer: C\n", "answer: no\n")
    edit(project.content / f"{SAMPLE_CHAPTER}.yml", "Moving Forward", "Moving Forward (edited)")
    result = coursegen(project.root, "build")
    assert result.exit_code == 1 and "'no'" in result.stderr
    assert (tree_hash(project.root / "docs"), tree_hash(project.root / "site")) == before


def test_only_changed_pages_are_rewritten(project: Project) -> None:
    assert coursegen(project.root, "build", "--no-site").exit_code == 0
    page = project.generated / f"{SAMPLE_CHAPTER}.md"
    contents = project.docs / "glossary.md"
    stamps = page.stat().st_mtime_ns, contents.stat().st_mtime_ns
    result = coursegen(project.root, "build", "--no-site")
    assert "0 file(s) written, 15 unchanged, 0 removed" in result.stdout
    assert (page.stat().st_mtime_ns, contents.stat().st_mtime_ns) == stamps
    edit(project.content / f"{SAMPLE_CHAPTER}.yml", "not a one-off project.", "not a one-off.")
    result = coursegen(project.root, "build", "--no-site")
    # The chapter's page and the whole-course page, which holds the chapter too.
    assert "2 file(s) written, 13 unchanged, 0 removed" in result.stdout
    assert "not a one-off." in page.read_text(encoding="utf-8")
    assert contents.stat().st_mtime_ns == stamps[1]
    assert sorted(p.name for p in project.generated.iterdir()) == [f"{SAMPLE_CHAPTER}.md"]
    assert sorted(p.name for p in project.docs.iterdir()) == [
        ".gitkeep", "assets", "chapters", "downloads", "glossary.md", "handouts", "index.md",
        "whole-course.md"]


def test_pages_of_removed_chapters_go_and_hand_written_pages_stay(project: Project) -> None:
    assert coursegen(project.root, "build", "--no-site").exit_code == 0
    (project.generated / "old-chapter.md").write_bytes(
        (project.generated / f"{SAMPLE_CHAPTER}.md").read_bytes())
    notes = project.generated / "notes.md"
    notes.write_text("# My notes\n", encoding="utf-8")
    result = coursegen(project.root, "build", "--no-site")
    # The navigation (mkdocs.coursegen.yml) gains the hand-written page.
    assert "1 file(s) written, 14 unchanged, 1 removed" in result.stdout
    assert "- chapters/notes.md" in project.site_config.read_text(encoding="utf-8")
    assert not (project.generated / "old-chapter.md").exists()
    assert notes.read_text(encoding="utf-8") == "# My notes\n"
    assert (project.root / "docs" / "index.md").is_file()


def test_a_hand_written_page_in_the_way_is_not_overwritten(project: Project) -> None:
    project.generated.mkdir(parents=True)
    mine = project.generated / f"{SAMPLE_CHAPTER}.md"
    mine.write_text("# Mine\n", encoding="utf-8")
    result = coursegen(project.root, "build")
    assert result.exit_code == 1
    assert "was written by hand; coursegen would overwrite it" in result.stderr
    assert mine.read_text(encoding="utf-8") == "# Mine\n"


def test_failed_mkdocs_build_leaves_site_as_it_was(project: Project) -> None:
    assert coursegen(project.root, "build").exit_code == 0
    before = tree_hash(project.root / "site")
    (project.root / "docs" / "broken.md").write_text("[x](missing.md)\n", encoding="utf-8")
    result = coursegen(project.root, "build")
    assert result.exit_code == 1
    assert "missing.md" in result.stderr
    assert "mkdocs build failed; site/ was left as it was" in result.stderr
    assert tree_hash(project.root / "site") == before
    assert not list(project.root.glob(".site-build-*"))


def test_committed_schema_matches_the_model() -> None:
    for name, cls in (("chapter", model.Chapter), ("course", model.Course)):
        committed = json.loads((REPO / "content" / "schema" / f"{name}.schema.json").read_text())
        assert committed == cls.model_json_schema(), f"run: coursegen schema ({name})"


def test_schema_command_writes_both_files(project: Project, tmp_path: Path) -> None:
    result = coursegen(project.root, "schema", "--out", str(tmp_path / "s"))
    assert result.exit_code == 0
    schema = json.loads((tmp_path / "s" / "chapter.schema.json").read_text())
    assert schema["additionalProperties"] is False
    assert {"number", "title", "summary", "sections"} <= set(schema["required"])


def test_a_template_in_overrides_replaces_the_shipped_one(project: Project) -> None:
    custom = project.overrides / "blocks" / "callout.md"
    custom.parent.mkdir(parents=True)
    custom.write_text('<div class="admonition {{ block.callout.style }}">\n<p class="admonition-'
                      'title">Custom: {{ block.callout.title | text }}</p>\n'
                      "{{ block.callout.text | md }}\n</div>\n", encoding="utf-8")
    assert coursegen(project.root, "build").exit_code == 0
    page = (project.generated / f"{SAMPLE_CHAPTER}.md").read_text(encoding="utf-8")
    assert '<p class="admonition-title">Custom: Exam Clues</p>' in page
    assert page.count(">Custom: ") == 5  # every callout of the chapter
    assert "<summary>Show answer</summary>" in page  # other blocks keep the shipped templates
    # MkDocs copies custom_dir files into the site, but never Markdown ones: the template stays.
    assert not list((project.root / "site").rglob("callout.md"))


def test_a_folder_without_content(tmp_path: Path) -> None:
    result = coursegen(tmp_path, "check")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "content:1:1: no such folder: run coursegen in a course project (the folder holding "
        "mkdocs.yml and content/), or pass --project DIR",
        "1 error in 1 file",
    ]


def test_every_command_takes_a_relative_project_from_another_folder(tmp_path: Path) -> None:
    copy_project(tmp_path / "courses" / "course")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    relative = os.path.relpath(tmp_path / "courses" / "course", elsewhere)  # ../courses/course

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "generator", "--project", relative, *args],
                              cwd=elsewhere, capture_output=True, text=True, check=False)

    root = tmp_path / "courses" / "course"
    for args in (["check"], ["new", "chapter", "A Second Chapter"], ["schema"],
                 ["export"], ["build"]):
        result = run(*args)
        assert result.returncode == 0, (args, result.stderr)
    assert (root / "site" / "index.html").is_file()
    assert (root / "site" / "chapters" / "08-a-second-chapter" / "index.html").is_file()
    assert (root / "exports" / "course.apkg").is_file()
    assert (root / "content" / "schema" / "chapter.schema.json").is_file()
    assert not list(tmp_path.glob("**/.site-build-*"))
    assert sorted(p.name for p in elsewhere.iterdir()) == []  # nothing written where it ran


def test_a_comma_that_may_have_split_an_item_is_pointed_at(project: Project) -> None:
    chapter = project.content / f"{SAMPLE_CHAPTER}.yml"
    text = chapter.read_text(encoding="utf-8")
    start = text.index("          steps:\n            - What is the vision?")
    end = text.index("\n", text.index("How do we keep the momentum going?", start))
    chapter.write_text(text[:start] + "          steps: [What is the vision, Where are we now "
                       "(today, in numbers), 'Where next, and when', Act]" + text[end:],
                       encoding="utf-8")
    line = text[:start].count("\n") + 1
    result = coursegen(project.root, "check")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"content/{SAMPLE_CHAPTER}.yml:{line}:{column}: warning: sections[2].blocks[1].model."
        f"steps[{index}]: a comma may have split this item (its brackets or quotes do not pair "
        "up); write the list one item a line, each after '- '"
        for index, column in ((1, 39), (2, 64))] + [  # "…now (today" and "in numbers)"
        "2 warnings in 1 file (--strict makes them errors)"]
    assert coursegen(project.root, "check", "--strict").exit_code == 1


def test_every_file_is_reported_in_one_run(project: Project) -> None:
    """A syntax error in one file hides nothing of the others."""
    (project.content / "08-broken.yml").write_text("number: 8\ntitle: [unclosed\n", "utf-8")
    (project.content / "09-wrong.yml").write_text(
        "number: 9\ntitle: T\nsummary: S\nsections:\n  - title: A\n    blocks:\n"
        "      - quizz: []\n", encoding="utf-8")
    edit(project.content / "course.yml", f"  - {SAMPLE_CHAPTER}",
         f"  - {SAMPLE_CHAPTER}\n  - 08-broken\n  - 09-wrong")
    edit(project.content / f"{SAMPLE_CHAPTER}.yml", "style: tip", "style: tipp")
    lines = coursegen(project.root, "check").stderr.splitlines()
    assert [line.split(": ")[0] for line in lines[:-1]] == [
        f"content/{SAMPLE_CHAPTER}.yml:23:18", "content/08-broken.yml:3:1",
        "content/09-wrong.yml:7:9"]
    assert lines[-1] == "3 errors in 3 files"


def test_a_command_pauses_the_cycle_collector_and_gives_it_back(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """check, build and export run without Python's cycle collector (a fifth of a cold run's
    time); the process, a test's or serve's, has it back afterwards, even after an error."""
    seen: list[bool] = []
    for name in ("checked", "built", "check"):
        method = getattr(Project, name)
        monkeypatch.setattr(Project, name, lambda self, *a, _m=method, **k:
                            seen.append(gc.isenabled()) or _m(self, *a, **k))
    for command in (("check",), ("build", "--no-site"), ("export",)):
        assert coursegen(project.root, *command).exit_code == 0, command
        assert gc.isenabled()
    edit(project.content / f"{SAMPLE_CHAPTER}.yml", "number: 7", "number: seven")
    assert coursegen(project.root, "check").exit_code == 1
    assert gc.isenabled()
    assert seen == [False] * 4


def test_the_process_ends_with_its_output_and_status(project: Project) -> None:
    """The process exits without freeing what it made (cli.run): all it printed is out,
    and its exit status is the command's."""
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "generator", "--project",
                               str(project.root), *args],
                              capture_output=True, text=True, check=False)

    ok = run("check")
    assert (ok.returncode, ok.stdout) == (0, "ok: course.yml and 1 chapter(s) are valid\n")
    edit(project.content / f"{SAMPLE_CHAPTER}.yml", "number: 7", "number: seven")
    failed = run("check")
    assert failed.returncode == 1 and failed.stdout == ""
    assert failed.stderr.endswith("1 error in 1 file\n")
    assert f"content/{SAMPLE_CHAPTER}.yml:" in failed.stderr
    assert run("no-such-command").returncode == 2
