"""Inputs too big to keep in the corpus, links out of the content folder, failures while
writing, and builds that must come out byte for byte the same."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from generator.project import Project

from .conftest import SAMPLE_CHAPTER, coursegen, edit, tree_hash


def test_a_file_over_the_size_limit(project: Project) -> None:
    chapter = project.content / f"{SAMPLE_CHAPTER}.yml"
    chapter.write_text(chapter.read_text() + "#" + "x" * 1_000_000 + "\n", encoding="utf-8")
    result = coursegen(project.root, "check")
    assert result.exit_code == 1
    assert f"content/{SAMPLE_CHAPTER}.yml:1:1: file is " in result.stderr
    assert "over the limit of 1,000,000; split it" in result.stderr


def test_one_huge_scalar(project: Project) -> None:
    edit(project.content / f"{SAMPLE_CHAPTER}.yml", "text: In ITIL 4, continual",
         "text: " + "y" * 30_000 + " In ITIL 4, continual")
    result = coursegen(project.root, "check")
    assert result.stderr.splitlines()[0] == (
        f"content/{SAMPLE_CHAPTER}.yml:15:19: sections[0].blocks[0].cards[0].text: text is "
        "30,202 characters, over the limit of 20,000; shorten it or split it")


def test_a_link_out_of_the_content_folder(project: Project, tmp_path: Path) -> None:
    outside = tmp_path / "secret.yml"
    outside.write_text("number: 8\n", encoding="utf-8")
    (project.content / "08-linked.yml").symlink_to(outside)
    edit(project.content / "course.yml", "  - 07-continual-improvement",
         "  - 07-continual-improvement\n  - 08-linked")
    result = coursegen(project.root, "check")
    assert result.stderr.splitlines() == [
        "content/08-linked.yml:1:1: is a link to a file outside the content folder; copy the "
        "file in instead",
        "1 error in 1 file",
    ]


def test_names_differing_in_case_and_yaml_extension(project: Project) -> None:
    source = (project.content / f"{SAMPLE_CHAPTER}.yml").read_text(encoding="utf-8")
    (project.content / "07-Continual-Improvement.yml").write_text(source, encoding="utf-8")
    (project.content / "08-next.yaml").write_text(source, encoding="utf-8")
    result = coursegen(project.root, "check")
    assert result.stderr.splitlines() == [
        "content/07-Continual-Improvement.yml:1:1: not listed in content/course.yml "
        "'chapters'; add '07-Continual-Improvement' there",
        "content/08-next.yaml:1:1: chapter files end in .yml; rename it",
        "2 errors in 2 files",
    ]


def built_then_edited(project: Project) -> str:
    """Build, note the hash of docs/, then edit two files so the next build writes two pages."""
    assert coursegen(project.root, "build", "--no-site").exit_code == 0
    before = tree_hash(project.docs)
    edit(project.content / "course.yml", "Fourteen chapters", "Fourteen good chapters")
    edit(project.content / f"{SAMPLE_CHAPTER}.yml", "one-off project.", "one-off effort.")
    return before


def test_an_error_while_writing_leaves_the_previous_pages(project: Project,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    before = built_then_edited(project)
    real_replace = os.replace
    calls = []

    def failing_replace(source: str, target: str) -> None:
        calls.append(target)
        raise OSError(28, "No space left on device", target)

    monkeypatch.setattr(os, "replace", failing_replace)
    result = coursegen(project.root, "build", "--no-site")
    monkeypatch.setattr(os, "replace", real_replace)
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert calls  # the failure happened while renaming, after staging both pages
    assert tree_hash(project.docs) == before
    assert sorted(p.name for p in project.generated.iterdir()) == [f"{SAMPLE_CHAPTER}.md"]


def test_a_folder_that_cannot_be_written(project: Project,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    before = built_then_edited(project)
    staged = []
    real_mkstemp = tempfile.mkstemp

    def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
        if staged:  # the first page is staged, the second cannot be: as on a full or RO disk
            raise PermissionError(13, "Permission denied", str(kwargs.get("dir")))
        staged.append(real_mkstemp(*args, **kwargs))  # type: ignore[call-overload]
        return staged[-1]  # type: ignore[no-any-return]

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    result = coursegen(project.root, "build", "--no-site")
    assert result.exit_code == 1
    assert "Permission denied" in result.stderr
    assert tree_hash(project.docs) == before
    assert not [p for p in project.docs.rglob(".*") if p.name != ".gitkeep"]


def test_two_builds_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from .conftest import copy_project

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764115200")
    hashes = []
    for name in ("one", "two"):
        root = copy_project(tmp_path / name)
        assert coursegen(root, "build").exit_code == 0
        hashes.append((tree_hash(root / "docs"), tree_hash(root / "site")))
    assert hashes[0] == hashes[1]
