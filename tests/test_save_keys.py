"""Storage keys of saved answers (generator/progress.py) as the built pages carry them: the
same across rebuilds and edits elsewhere in the chapter, new when the question changes."""

from __future__ import annotations

import re

from generator.paths import HOME, chapter_page
from generator.project import Project

from .conftest import SAMPLE_CHAPTER, edit

KEY = re.compile(r'data-(?:save|chapter|course)="([^"]*)"')


def keys(project: Project) -> list[str]:
    _, pages = project.check()
    return KEY.findall(pages[chapter_page(SAMPLE_CHAPTER)])


def test_keys_are_hex_and_unique_on_a_page(project: Project) -> None:
    found = keys(project)
    assert len(found) == 2 + 11  # course, chapter; 5 questions and scenarios, 6 flashcards
    assert all(re.fullmatch(r"[0-9a-f]{16}", key) for key in found)
    assert len(set(found)) == len(found)


def test_keys_stay_when_the_chapter_around_a_question_changes(project: Project) -> None:
    before = keys(project)
    chapter = project.content / f"{SAMPLE_CHAPTER}.yml"
    # A new section first moves every block; a changed explanation is not the question.
    edit(chapter, "sections:\n", "sections:\n  - title: A New First Section\n    blocks:\n"
                                 "      - callout:\n          style: tip\n"
                                 "          text: Read this first.\n")
    edit(chapter, "explanation: ", "explanation: Indeed. ")
    assert keys(project) == before


def test_a_changed_question_or_course_gets_new_keys(project: Project) -> None:
    before = keys(project)
    edit(project.content / f"{SAMPLE_CHAPTER}.yml", "Which option best describes",
         "Which option describes")
    changed = [i for i, (a, b) in enumerate(zip(before, keys(project), strict=True)) if a != b]
    assert len(changed) == 1
    edit(project.content / "course.yml", "title: \"", "title: \"Another ")
    assert not set(keys(project)) & set(before)


def test_home_cards_carry_the_chapter_key(project: Project) -> None:
    _, pages = project.check()
    chapter_key = KEY.findall(pages[chapter_page(SAMPLE_CHAPTER)])[1]
    assert f'class="chapter-progress" hidden data-chapter="{chapter_key}"' in pages[HOME]
