"""The build cache (.cache/coursegen/): a run over the same inputs as the last successful one
does nothing and reports the same; any change of an input, or of a file the build wrote,
makes it run; a damaged cache is ignored, silently, and what comes out is what a run
without it gives."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import inputs, manifest, project
from generator.memo import digest
from generator.paths import CACHE
from generator.project import Project

from .conftest import SAMPLE_CHAPTER, coursegen, edit
from .test_incremental import EDITS, NEXT_CHAPTER, fresh_outputs, outputs

MANIFEST = Path(CACHE) / manifest.MANIFEST
PAGE = f"docs/chapters/{SAMPLE_CHAPTER}.md"


def _key(root: Path, *options: str) -> str | None:
    """The key a build (or check) with ``options`` (not strict, no engine) would look for."""
    build = manifest.load(root).runs.get("build")
    return inputs.run_key(root, *(options or ("False", "")),
                          written=build.outputs if build else ())


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The content folders the pipeline loads from here on (a run the cache skips loads none)."""
    loaded: list[Path] = []
    load = project.load_course

    def counting(content_dir: Path, **options):  # type: ignore[no-untyped-def]
        loaded.append(content_dir)
        return load(content_dir, **options)

    monkeypatch.setattr(project, "load_course", counting)
    return loaded


def test_the_same_inputs_again_load_nothing(project: Project, loads: list[Path]) -> None:
    first = coursegen(project.root, "build", "--no-site")
    assert first.exit_code == 0, first.output
    assert len(loads) == 1
    assert (project.root / MANIFEST).is_file()
    written = re.search(r"(\d+) file\(s\) written, 0 unchanged", first.output)
    assert written, first.output
    again = coursegen(project.root, "build", "--no-site")
    assert again.output == first.output.replace(
        written.group(), f"0 file(s) written, {written.group(1)} unchanged")
    check = coursegen(project.root, "check")  # a build checks everything check does
    assert (check.exit_code, check.output) == (0, "ok: course.yml and 1 chapter(s) are valid\n")
    assert len(loads) == 1
    assert coursegen(project.root, "build", "--no-site", "--no-cache").exit_code == 0
    assert len(loads) == 2


def test_a_build_over_pages_written_without_the_cache_is_recorded(project: Project,
                                                                  loads: list[Path]) -> None:
    """Pages a build wrote are not inputs of the next, even when no manifest listed them."""
    for _ in range(3):
        assert coursegen(project.root, "build", "--no-site", "--no-cache").exit_code == 0
    for _ in range(3):
        assert coursegen(project.root, "build", "--no-site").exit_code == 0
    assert len(loads) == 4


def test_warnings_are_reported_again_and_strict_still_fails(project: Project,
                                                            loads: list[Path]) -> None:
    edit(project.content / f"{SAMPLE_CHAPTER}.yml", "key_terms:\n",
         "key_terms:\n  - term: Never used anywhere\n    definition: A term no text uses.\n")
    runs = [coursegen(project.root, "check") for _ in range(2)]
    assert "warning:" in runs[0].stderr
    assert runs[0].output == runs[1].output and len(loads) == 1
    strict = [coursegen(project.root, "check", "--strict") for _ in range(2)]
    assert [r.exit_code for r in strict] == [1, 1]
    assert strict[0].output == strict[1].output and len(loads) == 3


def test_every_edit_in_a_new_process_gives_what_a_fresh_build_gives(tmp_path: Path,
                                                                    project: Project) -> None:
    """test_incremental's edits, each built by a new coursegen process over the cache of the
    last one, give what a build from nothing gives."""
    (project.content / "08-next-step.yml").write_text(NEXT_CHAPTER, encoding="utf-8")
    edit(project.content / "course.yml", f"  - {SAMPLE_CHAPTER}",
         f"  - {SAMPLE_CHAPTER}\n  - 08-next-step")

    def build(compare: bool = True) -> None:
        run = subprocess.run([sys.executable, "-m", "generator", "--project", str(project.root),
                              "build", "--no-site"], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        if compare:
            assert outputs(project.root) == fresh_outputs(project.root, tmp_path / "fresh")

    build()
    for file, old, new in EDITS:
        edit(project.root / file, old, new)
        build()
    (project.overrides / "blocks").mkdir()
    (project.overrides / "blocks" / "callout.md").write_text(
        "<p>{{ block.callout.title | text }}</p>\n", encoding="utf-8")
    build()
    # A hand-written page joins the navigation (the fresh copy would not have it).
    (project.docs / "about.md").write_text("# About\n", encoding="utf-8")
    build(compare=False)
    assert "about.md" in outputs(project.root)["mkdocs.coursegen.yml"].decode()


def _same_length_edit(path: Path) -> None:
    """Change a file's bytes but not its size, and put its times back."""
    before = path.stat()
    data = path.read_bytes()
    path.write_bytes(data.replace(b"Mindset Shift", b"Mindset Shaft", 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def _linked_copy(path: Path) -> None:
    """Replace a page with a link to a copy of it, in the project but not among its inputs."""
    copy = path.parents[2] / "copy.md"
    path.rename(copy)
    path.symlink_to(copy)


@pytest.mark.parametrize("damage", [
    lambda root: (root / PAGE).unlink(),
    lambda root: _same_length_edit(root / PAGE),
    lambda root: (root / "docs" / "downloads" / f"{SAMPLE_CHAPTER}.apkg").write_bytes(b""),
], ids=["removed", "edited-keeping-size-and-time", "emptied"])
def test_a_written_file_changed_since_is_written_again(project: Project, loads: list[Path],
                                                       damage: Callable[[Path], None]) -> None:
    assert coursegen(project.root, "build", "--no-site").exit_code == 0
    built = outputs(project.root)
    damage(project.root)
    result = coursegen(project.root, "build", "--no-site")
    assert result.exit_code == 0 and "1 file(s) written" in result.output
    assert outputs(project.root) == built and len(loads) == 2


def test_a_written_file_made_a_link_is_refused_as_without_the_cache(project: Project) -> None:
    assert coursegen(project.root, "build", "--no-site").exit_code == 0
    _linked_copy(project.root / PAGE)
    cached = coursegen(project.root, "build", "--no-site")
    assert cached.exit_code == 1 and "symbolic link" in cached.output
    assert cached.output == coursegen(project.root, "build", "--no-site", "--no-cache").output


def _rewrite(root: Path, change: Callable[[str], str], checksum: bool = True) -> None:
    """Change the manifest's body, with (``checksum``) or without a matching checksum."""
    path = root / MANIFEST
    old_checksum, body = path.read_text(encoding="utf-8").split("\n", 1)
    body = change(body)
    path.write_text(f"{digest(body) if checksum else old_checksum}\n{body}", encoding="utf-8")


DAMAGES: dict[str, Callable[[Path], None]] = {
    "truncated": lambda root: (root / MANIFEST).write_bytes((root / MANIFEST).read_bytes()[:200]),
    "empty": lambda root: (root / MANIFEST).write_bytes(b""),
    "not-utf-8": lambda root: (root / MANIFEST).write_bytes(b"\xff\xfe\x00junk\n{}"),
    "edited-by-hand": lambda root: _rewrite(root, lambda b: b.replace('"chapters":1',
                                                                      '"chapters":7'),
                                            checksum=False),
    "other-version": lambda root: _rewrite(root, lambda b: b.replace('"coursegen":"',
                                                                     '"coursegen":"0.0.0-')),
    "other-format": lambda root: _rewrite(root, lambda b: b.replace(
        f'"format":{manifest.FORMAT}', '"format":0')),
    "other-shape": lambda root: _rewrite(root, lambda b: b.replace('"engine":"mkdocs"',
                                                                   '"engine":7')),
    "a-folder": lambda root: ((root / MANIFEST).unlink(), (root / MANIFEST).mkdir()),
}


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_damaged_cache_is_ignored_silently(project: Project, tmp_path: Path,
                                             loads: list[Path],
                                             damage: Callable[[Path], None]) -> None:
    assert coursegen(project.root, "build", "--no-site").exit_code == 0
    edit(project.content / f"{SAMPLE_CHAPTER}.yml", "Mindset Shift", "Mindset Change")
    # The edited chapter would be left as it was, if the damaged manifest were believed.
    _rewrite(project.root, lambda body: body.replace(
        manifest.load(project.root).runs["build"].key,
        _key(project.root) or ""))
    damage(project.root)
    for command in (["check"], ["build", "--no-site"]):
        result = coursegen(project.root, *command)
        assert result.exit_code == 0 and result.stderr == "", result.output
    assert len(loads) == 3  # the first build, then the check and the build: none believed it
    assert outputs(project.root) == fresh_outputs(project.root, tmp_path / "fresh")


def test_a_cache_with_the_right_checksum_is_still_checked(project: Project) -> None:
    """A manifest that claims the current inputs (a forged key, say) still cannot leave a
    changed page in place: the pages' own digests are checked."""
    assert coursegen(project.root, "build", "--no-site").exit_code == 0
    _same_length_edit(project.root / PAGE)
    assert coursegen(project.root, "build", "--no-site").exit_code == 0
    assert b"Mindset Shaft" not in (project.root / PAGE).read_bytes()


def test_without_the_cache_the_bytes_are_the_same(project: Project, tmp_path: Path) -> None:
    assert coursegen(project.root, "build", "--no-site").exit_code == 0
    edit(project.content / f"{SAMPLE_CHAPTER}.yml", "Mindset Shift", "Mindset Change")
    assert coursegen(project.root, "build", "--no-site").exit_code == 0
    cached = outputs(project.root)
    assert coursegen(project.root, "build", "--no-site", "--no-cache").exit_code == 0
    assert outputs(project.root) == cached
    shutil.rmtree(project.root / CACHE)
    assert coursegen(project.root, "build", "--no-site").exit_code == 0
    assert outputs(project.root) == cached == fresh_outputs(project.root, tmp_path / "fresh")


def test_a_linked_cache_folder_is_not_written_through(project: Project, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (project.root / ".cache").symlink_to(outside, target_is_directory=True)
    assert coursegen(project.root, "build", "--no-site").exit_code == 0
    assert list(outside.iterdir()) == []


def test_a_linked_manifest_is_not_read(project: Project, tmp_path: Path,
                                       loads: list[Path]) -> None:
    assert coursegen(project.root, "build", "--no-site").exit_code == 0
    moved = tmp_path / "manifest.json"
    shutil.move(project.root / MANIFEST, moved)
    (project.root / MANIFEST).symlink_to(moved)
    assert coursegen(project.root, "build", "--no-site").exit_code == 0
    assert len(loads) == 2


KEY_PARTS: dict[str, Callable[[Path], object]] = {  # every kind of input changes the key
    "chapter": lambda root: edit(root / "content" / f"{SAMPLE_CHAPTER}.yml", "Mindset Shift",
                                 "Mindset Change"),
    "course": lambda root: edit(root / "content" / "course.yml", "ITIL 4", "ITIL 5"),
    "media": lambda root: next((root / "content" / "media").rglob("*.svg")).write_text("<svg/>"),
    "new-content-file": lambda root: (root / "content" / "notes.yaml").write_text("a: 1\n"),
    "override": lambda root: (root / "overrides" / "home.md").write_text("{{ course.title }}\n"),
    "hand-written-page": lambda root: (root / "docs" / "about.md").write_text("# About\n"),
    "hand-written-page-edited": lambda root: (root / "docs" / "extra.md").write_text("# B\n"),
    "hand-written-file": lambda root: (root / "docs" / "notes.pdf").write_bytes(b"%PDF"),
    "mkdocs-yml": lambda root: (root / "mkdocs.yml").write_text(
        (root / "mkdocs.yml").read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8"),
    "coursegen": lambda root: (root.parent / "package" / "templates" / "home.md").write_text("x"),
    "library": lambda root: setattr(inputs, "LIBRARIES", (*inputs.LIBRARIES, "click")),
}


@pytest.mark.parametrize("change", KEY_PARTS.values(), ids=KEY_PARTS.keys())
def test_every_input_is_part_of_the_key(project: Project, monkeypatch: pytest.MonkeyPatch,
                                        change: Callable[[Path], object]) -> None:
    package = project.root.parent / "package"  # a copy of coursegen's files, to change one
    shutil.copytree(inputs.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(inputs, "PACKAGE", package)
    monkeypatch.setattr(inputs, "LIBRARIES", inputs.LIBRARIES)
    (project.docs / "extra.md").write_text("# A\n", encoding="utf-8")
    before = inputs.run_key(project.root, "False", "")
    assert before == inputs.run_key(project.root, "False", "")
    assert before != inputs.run_key(project.root, "True", "")
    assert before != inputs.run_key(project.root, "False", "zensical")
    change(project.root)
    assert inputs.run_key(project.root, "False", "") not in (before, None)


def test_generated_files_are_not_inputs(project: Project) -> None:
    before = _key(project.root)
    assert coursegen(project.root, "build").exit_code == 0  # docs/ pages, site/, the cache
    assert _key(project.root) == before


def test_a_stray_generated_page_is_an_input(project: Project, loads: list[Path]) -> None:
    """A generated page the last build did not write (of a removed chapter, say) is removed
    by the next build, so it is an input."""
    assert coursegen(project.root, "build", "--no-site").exit_code == 0
    shutil.copy(project.root / PAGE, project.generated / "old-chapter.md")
    assert "1 removed" in coursegen(project.root, "build", "--no-site").output
    assert not (project.generated / "old-chapter.md").exists() and len(loads) == 2


def test_a_linked_folder_among_the_inputs_is_not_cached(project: Project, tmp_path: Path,
                                                        loads: list[Path]) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (project.content / "media" / "shared").symlink_to(shared, target_is_directory=True)
    assert inputs.run_key(project.root, "False", "") is None
    for _ in range(2):
        assert coursegen(project.root, "check").exit_code == 0
    assert len(loads) == 2 and not (project.root / MANIFEST).exists()


def test_a_run_during_which_an_input_changed_is_not_recorded(
        project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A chapter saved after the run made its key but before it read the chapter: what the
    run wrote is of the new text, so it must not stand for the old one."""
    from generator.course import load_course

    chapter = project.content / f"{SAMPLE_CHAPTER}.yml"
    original = chapter.read_bytes()

    def saved_meanwhile(content_dir: Path, **options):  # type: ignore[no-untyped-def]
        edit(chapter, "Mindset Shift", "Mindset Change")
        return load_course(content_dir, **options)

    monkeypatch.setattr("generator.project.load_course", saved_meanwhile)
    assert coursegen(project.root, "build", "--no-site").exit_code == 0
    monkeypatch.undo()
    chapter.write_bytes(original)
    assert coursegen(project.root, "build", "--no-site").exit_code == 0
    assert outputs(project.root) == fresh_outputs(project.root, tmp_path / "fresh")


def test_a_run_over_the_cache_reads_each_source_once(project: Project,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The chapters are loaded from the bytes the run's key was made of, not read again; a
    run without the cache reads them itself."""
    from generator import chapter_file

    read: list[str] = []
    read_file = chapter_file.read_file

    def counting(path: Path, *args):  # type: ignore[no-untyped-def]
        read.append(path.name)
        return read_file(path, *args)

    monkeypatch.setattr(chapter_file, "read_file", counting)
    for command in ("check", "build"):
        edit(project.content / f"{SAMPLE_CHAPTER}.yml", "Mindset", f"Mindset {command}")
        args = [command, "--no-site"] if command == "build" else [command]
        assert coursegen(project.root, *args).exit_code == 0
        assert read == []
        assert coursegen(project.root, *args, "--no-cache").exit_code == 0
        assert sorted(read) == [f"{SAMPLE_CHAPTER}.yml", "course.yml"]
        read.clear()


def test_sources_are_unchanged_until_a_file_is_added_removed_or_changed(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    chapter = project.content / f"{SAMPLE_CHAPTER}.yml"
    sources = inputs.read_sources(project.root)
    assert sources is not None and sources.unchanged(project.root)
    assert sources.within("content")[chapter.name] == (chapter.read_bytes(),
                                                        digest(chapter.read_bytes()))
    (project.content / "notes.txt").write_text("x", encoding="utf-8")
    assert not sources.unchanged(project.root)
    (project.content / "notes.txt").unlink()
    assert sources.unchanged(project.root)
    (project.root / "mkdocs.yml").unlink()
    assert not sources.unchanged(project.root)


def test_a_change_the_file_state_cannot_show_is_found_by_the_bytes(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file saved within the file system's clock tick of being read keeps its times: a
    recently changed file is read again to tell."""
    saved = time.time_ns()  # every file as if saved now, and never again
    monkeypatch.setattr(inputs, "_file_state", lambda found: (
        found.st_mode, saved, saved, found.st_size, found.st_ino))
    chapter = project.content / f"{SAMPLE_CHAPTER}.yml"
    sources = inputs.read_sources(project.root)
    assert sources is not None and sources.unchanged(project.root)
    edit(chapter, "Mindset Shift", "Mindset Swift")  # the same size
    assert not sources.unchanged(project.root)
    monkeypatch.setattr(inputs, "_RACY_NS", -10**20)  # were it long ago, the state would do
    assert sources.unchanged(project.root)


@pytest.mark.parametrize("folder", ["content/media", "docs"])
def test_a_linked_file_is_keyed_by_the_file_it_leads_to(project: Project, folder: str) -> None:
    """A link inside the project stands for its file (MkDocs publishes what a link in docs/
    points at): an edit of that file changes the key."""
    shared = project.root / "shared" / "logo.svg"
    shared.parent.mkdir()
    shared.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>',
                      encoding="utf-8")
    (project.root / folder).mkdir(parents=True, exist_ok=True)
    (project.root / folder / "logo.svg").symlink_to(shared)
    before = inputs.run_key(project.root, "False", "")
    assert before is not None and before == inputs.run_key(project.root, "False", "")
    shared.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>',
                      encoding="utf-8")
    assert inputs.run_key(project.root, "False", "") not in (before, None)
