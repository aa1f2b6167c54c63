"""Incremental regeneration against a fresh build, over random sequences of edits.

One project is regenerated after each edit, as ``coursegen serve`` does, and after every
step everything it wrote must equal what a first build of the same files writes. The edits
are the kinds of dependency a page has on more than its own chapter: the course language,
the number of chapters, template overrides, a key term's case and definition, titles that
other pages show, and chapters added and removed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from generator.project import Project

from .conftest import SAMPLE_CHAPTER, copy_project, edit
from .test_incremental import NEXT_CHAPTER, fresh_outputs, outputs

OVERRIDE = ('<div class="admonition note">\n<p class="admonition-title">{{ block.callout.title'
            ' | text }} (custom)</p>\n{{ block.callout.text | md }}\n</div>\n')


class EditsThenRegenerate(RuleBasedStateMachine):
    """A course of chapter 7 (the sample) and, at times, chapter 8, edited step by step."""

    @initialize()
    def start(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="coursegen-stateful-"))
        self.project = Project(copy_project(self.folder / "course"))
        self.root = self.project.root
        self.has_next = False
        self.project.generate()

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def _replace(self, path: str, old: str, new: str) -> None:
        edit(self.root / path, old, new)

    @rule(language=st.sampled_from(["en", "de", "fr"]))
    def language(self, language: str) -> None:
        for path in ("content/course.yml", "mkdocs.yml"):
            text = (self.root / path).read_text(encoding="utf-8")
            for old in ("language: en", "language: de", "language: fr"):
                text = text.replace(old, f"language: {language}")
            (self.root / path).write_text(text, encoding="utf-8")

    @rule(total=st.sampled_from([14, 15, 20]))
    def total_chapters(self, total: int) -> None:
        text = (self.root / "content" / "course.yml").read_text(encoding="utf-8")
        lines = [f"total_chapters: {total}" if line.startswith("total_chapters:") else line
                 for line in text.splitlines()]
        (self.root / "content" / "course.yml").write_text("\n".join(lines) + "\n", "utf-8")

    @rule(on=st.booleans())
    def override(self, on: bool) -> None:
        path = self.root / "overrides" / "blocks" / "callout.md"
        if on:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(OVERRIDE, encoding="utf-8")
        else:
            path.unlink(missing_ok=True)

    @rule(title=st.sampled_from(["Keeping Services Moving Forward", "Moving Onward",
                                 "Moving Onward, Again"]))
    def retitle_chapter_7(self, title: str) -> None:  # chapter 8 shows it as a prerequisite
        path = self.root / "content" / f"{SAMPLE_CHAPTER}.yml"
        text = path.read_text(encoding="utf-8")
        for old in ("Keeping Services Moving Forward", "Moving Onward, Again", "Moving Onward"):
            if f"Continual Improvement: {old}" in text:
                text = text.replace(f"Continual Improvement: {old}",
                                    f"Continual Improvement: {title}", 1)
                break
        path.write_text(text, encoding="utf-8")

    @rule(definition=st.sampled_from(["A temporary organization", "A short-lived team"]))
    def redefine_project(self, definition: str) -> None:  # chapter 8's flashcard shows it
        path = self.root / "content" / f"{SAMPLE_CHAPTER}.yml"
        text = path.read_text(encoding="utf-8")
        for old in ("definition: A temporary organization", "definition: A short-lived team"):
            text = text.replace(old, f"definition: {definition}")
        path.write_text(text, encoding="utf-8")

    @rule(case=st.sampled_from(["Project", "project"]))
    def term_case(self, case: str) -> None:  # tooltips match the term as written
        path = self.root / "content" / f"{SAMPLE_CHAPTER}.yml"
        text = path.read_text(encoding="utf-8")
        text = text.replace("- term: Project\n", f"- term: {case}\n")
        text = text.replace("- term: project\n", f"- term: {case}\n")
        path.write_text(text, encoding="utf-8")

    @precondition(lambda self: not self.has_next)
    @rule()
    def add_chapter_8(self) -> None:
        (self.root / "content" / "08-next-step.yml").write_text(NEXT_CHAPTER, encoding="utf-8")
        self._replace("content/course.yml", f"  - {SAMPLE_CHAPTER}",
                      f"  - {SAMPLE_CHAPTER}\n  - 08-next-step")
        self.has_next = True

    @precondition(lambda self: self.has_next)
    @rule()
    def remove_chapter_8(self) -> None:
        (self.root / "content" / "08-next-step.yml").unlink()
        self._replace("content/course.yml", "\n  - 08-next-step", "")
        self.has_next = False

    @precondition(lambda self: self.has_next)
    @rule(title=st.sampled_from(["Building on Chapter 7", "After Chapter 7"]))
    def retitle_section_of_chapter_8(self, title: str) -> None:
        path = self.root / "content" / "08-next-step.yml"
        text = path.read_text(encoding="utf-8")
        for old in ("Building on Chapter 7", "After Chapter 7"):
            text = text.replace(f"title: {old}", f"title: {title}")
        path.write_text(text, encoding="utf-8")

    @invariant()
    def regenerating_gives_what_a_fresh_build_gives(self) -> None:
        if not hasattr(self, "project"):
            return
        self.project.generate()
        assert outputs(self.root) == fresh_outputs(self.root, self.folder / "fresh")


TestEditsThenRegenerate = EditsThenRegenerate.TestCase
TestEditsThenRegenerate.settings = settings(
    max_examples=25 if os.environ.get("CI") else 6, stateful_step_count=8, deadline=None)
