"""A check or build over the build cache after an edit (what the pre-commit hook and CI run):
only the edited chapters are loaded and only the outputs whose inputs changed are made; the
other chapters' facts, pages' heading ids and outputs are the ones recorded. A check reports
exactly what a check without the cache reports, and a build writes the same bytes, whatever
the edit did to other chapters."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator import manifest
from generator import project as project_module
from generator.exports import anki
from generator.facts import ChapterFacts
from generator.fields import AuthorText, InlineText
from generator.inputs import tool_key
from generator.jinja import TEMPLATES
from generator.memo import digest, stable_digest
from generator.paths import CACHE
from generator.project import Project
from generator.recall import Recall
from generator.render import HeadingIds
from generator.write import InPlace, output_state

from .conftest import SAMPLE_CHAPTER, count_work, coursegen, edit
from .test_incremental import NEXT_CHAPTER, fresh_outputs, outputs

SAMPLE = f"content/{SAMPLE_CHAPTER}.yml"
NEXT = "content/08-next-step.yml"
# Chapter 8 links to a heading of chapter 7, and shows an image.
LINKING = NEXT_CHAPTER.replace(
    "a Project has an end.",
    f"a Project has an end. See [why]({SAMPLE_CHAPTER}.md#1-why-continual-improvement-"
    "matters-in-itil-4) and ![a loop](media/loop.svg).")

# (file, old text, new text): edits whose effect reaches past the edited chapter, each
# checked with and without the cache; an edit may leave the course invalid, the next fixes it.
EDITS = [
    # A renamed heading breaks chapter 8's link, though chapter 8 is unchanged.
    (SAMPLE, "  - title: Why Continual Improvement Matters in ITIL 4",
     "  - title: Why Improvement Matters"),
    (SAMPLE, "  - title: Why Improvement Matters",
     "  - title: Why Continual Improvement Matters in ITIL 4"),
    # Chapter 8's key-term card names a term chapter 7 defines: gone, the card is wrong.
    (SAMPLE, "  - term: Project\n    definition:", "  - term: Programme\n    definition:"),
    (SAMPLE, "  - term: Programme\n    definition:", "  - term: Project\n    definition:"),
    # A term defined again differently: reported at the later chapter, not the edited one.
    (SAMPLE, "    definition: A temporary organization",
     "    definition: A passing organization"),
    (NEXT, "key_terms:\n", "key_terms:\n  - term: Project\n    definition: Not the same.\n"),
    (NEXT, "  - term: Project\n    definition: Not the same.\n", ""),
    # A new course name: every chapter is searched again for the terms it uses.
    (SAMPLE, "    also: [improvement owners]", "    also: [improvement owners, habit]"),
    # Numbers and prerequisites read from the unchanged chapter's facts.
    (SAMPLE, "number: 7", "number: 9"),
    (SAMPLE, "number: 9", "number: 7"),
    (NEXT, "prerequisites: [7]", "prerequisites: [7, 8]"),
    (NEXT, "prerequisites: [7, 8]", "prerequisites: [7]"),
    # A warning (a term no chapter uses) stays reported, and --strict still fails on it.
    (NEXT, "key_terms:\n", "key_terms:\n  - term: Quite unused\n    definition: Nowhere.\n"),
    (NEXT, "  - term: Quite unused\n    definition: Nowhere.\n", ""),
    # A media file the unchanged chapter shows goes missing, then comes back.
    ("content/media/loop.svg", None, None),
    # The course file: its title is on every page.
    ("content/course.yml", "title: \"ITIL 4 Foundation", "title: \"ITIL Foundation"),
]


@pytest.fixture
def linked(project: Project) -> Project:
    (project.content / "08-next-step.yml").write_text(LINKING, encoding="utf-8")
    edit(project.content / "course.yml", f"  - {SAMPLE_CHAPTER}",
         f"  - {SAMPLE_CHAPTER}\n  - 08-next-step")
    (project.content / "media" / "loop.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8")
    return project


def _check(root: Path, *options: str) -> tuple[int, str]:
    result = coursegen(root, "check", *options)
    return result.exit_code, result.output


def test_every_edit_checked_over_the_cache_reports_what_a_check_without_it_reports(
        linked: Project) -> None:
    root = linked.root
    first = _check(root)
    assert first == _check(root, "--no-cache")
    assert first[0] == 0 and first[1].endswith("ok: course.yml and 2 chapter(s) are valid\n")
    svg = (linked.content / "media" / "loop.svg").read_bytes()
    outcomes = []
    for file, old, new in EDITS:
        if old is None:  # remove the file, check, and put it back
            (root / file).unlink()
            outcomes.append(_check(root))
            assert outcomes[-1] == _check(root, "--no-cache"), file
            (root / file).write_bytes(svg)
        else:
            edit(root / file, old, new)
        for options in ((), ("--strict",)):
            cached = _check(root, *options)
            assert cached == _check(root, "--no-cache", *options), (old, new, options)
            outcomes.append(cached)
    failed = [output for code, output in outcomes if code]
    # Each edit that reaches another chapter was seen (not merely agreed on).
    for expected in ("08-next-step.yml:", "has no heading '#1-why-continual-improvement",
                     "'Project' is not a key term of any chapter",
                     "is defined differently in content/07-continual-improvement.yml",
                     "comes after chapter 9", "is not another chapter of this course",
                     "warning: ", "media/loop.svg"):
        assert any(expected in output for output in failed), expected


def test_an_edit_loads_and_renders_only_what_it_changes(linked: Project,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    assert _check(linked.root)[0] == 0
    parsed, rendered, _ = count_work(monkeypatch)
    edit(linked.content / "08-next-step.yml", "What is next?", "What comes next?")
    assert _check(linked.root)[0] == 0
    assert parsed == {NEXT: 1}
    # No link leads to a heading of chapter 8's pages, and chapter 7's are unchanged.
    assert rendered == {}
    edit(linked.content / f"{SAMPLE_CHAPTER}.yml", "a core practice", "a central practice")
    assert _check(linked.root)[0] == 0
    assert parsed == {NEXT: 1, SAMPLE: 1}
    # Chapter 8 links to a heading of chapter 7's page: its headings are looked at again.
    title = "Continual Improvement: Keeping Services Moving Forward"
    assert rendered == {f'title: "7. {title}"': 1}


def test_a_check_renders_only_the_pages_links_lead_to(linked: Project,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped templates are not run for a check unless a link needs a page's headings;
    the project's own templates are run on every page, and their mistakes reported."""
    parsed, rendered, _ = count_work(monkeypatch)
    assert _check(linked.root, "--no-cache")[0] == 0
    title = "Continual Improvement: Keeping Services Moving Forward"
    assert parsed == {SAMPLE: 1, NEXT: 1}
    assert rendered == {f'title: "7. {title}"': 1}
    rendered.clear()
    answers = linked.root / "overrides" / "handout_answers.md"
    answers.write_text((TEMPLATES / "handout_answers.md").read_text("utf-8"), encoding="utf-8")
    assert _check(linked.root, "--no-cache")[0] == 0
    # The home page, the glossary, the whole-course page's top and each chapter's 3 pages.
    assert sum(rendered.values()) == 1 + 1 + 1 + 2 * 3
    answers.write_text("---\n{{ nothing.here }}\n", encoding="utf-8")
    for options in (("--no-cache",), ()):
        status, output = _check(linked.root, *options)
        assert status == 1
        assert "overrides/handout_answers.md:2:1: template error: 'nothing' is undefined" in output


def test_facts_read_back_from_the_cache_are_the_facts(linked: Project) -> None:
    assert _check(linked.root)[0] == 0
    known = manifest.load(linked.root, tool_key())
    assert set(known.chapters) == {SAMPLE, NEXT}
    assert known.chapters[SAMPLE].facts.objectives
    content, _ = linked.check()
    for source in content.chapters:
        facts = source.facts
        again = ChapterFacts.model_validate_json(facts.model_dump_json())
        assert again == facts == known.chapters[source.file].facts
        # Text keeps its kind, which decides how templates show it.
        assert type(again.title) is InlineText and type(again.summary) is InlineText
        assert all(type(objective) is InlineText for objective in again.objectives)
        assert all(type(part) is AuthorText for term in again.key_terms for part in term[:2])
    assert (linked.root / CACHE / manifest.MANIFEST).stat().st_size < 64_000
    body = (linked.root / CACHE / manifest.MANIFEST).read_text("utf-8").split("\n", 1)[1]
    # The heading ids of the one page a link leads to: chapter 7's.
    assert len(json.loads(body)["pages"]) == 1


def test_a_new_name_is_looked_for_in_unchanged_chapters(linked: Project) -> None:
    """The names a chapter uses are recorded with the course's names: a new alias in chapter
    7 is found in chapter 8's text, which did not change."""
    assert _check(linked.root)[0] == 0
    edit(linked.content / f"{SAMPLE_CHAPTER}.yml", "    also: [improvement owners]",
         "    also: [improvement owners, habit]")  # chapter 8 says "the CI habit"
    known = manifest.load(linked.root, tool_key())
    with linked.memo.run():
        content, _ = linked._check(False, None, book=False, known=known, ids=HeadingIds({}))
    owner = next(e for e in content.glossary if e.term == "Improvement owner")
    assert [source.file for source in owner.used_in] == [NEXT]
    assert "loaded" in vars(content.chapters[1])  # its text was read again to find it


def test_facts_of_another_coursegen_are_not_used(linked: Project,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """In a development install an edit of coursegen keeps its version: the digest of its
    files decides whether recorded facts and heading ids still hold."""
    assert _check(linked.root)[0] == 0
    parsed, _, _ = count_work(monkeypatch)
    edit(linked.content / "08-next-step.yml", "What is next?", "What comes next?")
    monkeypatch.setattr(project_module, "tool_key", lambda: "another coursegen")
    assert _check(linked.root)[0] == 0
    assert parsed == {SAMPLE: 1, NEXT: 1}


def test_a_build_after_an_edit_makes_only_what_it_changes(linked: Project, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    assert coursegen(linked.root, "build", "--no-site").exit_code == 0
    packages = []
    package = anki.package
    monkeypatch.setattr(anki, "package", lambda *a: packages.append(1) or package(*a))
    parsed, rendered, made = count_work(monkeypatch)
    # A sentence of chapter 7, before chapter 8's part of the whole-course page: that part
    # moves, and is found where it was.
    edit(linked.content / f"{SAMPLE_CHAPTER}.yml", "a core practice", "a central practice")
    result = coursegen(linked.root, "build", "--no-site")
    assert result.exit_code == 0, result.output
    assert parsed == {SAMPLE: 1}
    # Its page, its part of the whole-course page and its handouts (unchanged on disk).
    title = "Continual Improvement: Keeping Services Moving Forward"
    assert rendered == {f'title: "7. {title}"': 2, f'title: "Exercise sheet – {title}"': 1,
                        f'title: "Answer key – {title}"': 1}, rendered
    assert made == [SAMPLE_CHAPTER]
    assert len(packages) == 1  # its deck; its cards did not change, so the course deck stays
    assert "2 file(s) written" in result.output  # its page and the whole-course page
    assert outputs(linked.root) == fresh_outputs(linked.root, tmp_path / "fresh")


@pytest.mark.parametrize("damage", ["page", "part", "download", "removed"])
def test_an_output_changed_since_is_made_again(linked: Project, tmp_path: Path,
                                               damage: str) -> None:
    """What is found where the last build wrote it must be what it wrote, to the byte."""
    assert coursegen(linked.root, "build", "--no-site").exit_code == 0
    book, page = linked.docs / "whole-course.md", linked.generated / "08-next-step.md"
    deck = linked.docs / "downloads" / "08-next-step.apkg"
    if damage == "page":
        page.write_bytes(page.read_bytes().replace(b"The Next Step", b"The Nest Step"))
    elif damage == "part":  # inside chapter 8's part, which is after chapter 7's
        book.write_bytes(book.read_bytes().replace(b"What is next?", b"What is nexd?"))
    elif damage == "download":
        deck.write_bytes(deck.read_bytes()[:-1] + b"x")
    else:
        page.unlink()
    edit(linked.content / f"{SAMPLE_CHAPTER}.yml", "a core practice", "a central practice")
    assert coursegen(linked.root, "build", "--no-site").exit_code == 0
    assert outputs(linked.root) == fresh_outputs(linked.root, tmp_path / "fresh")


def test_a_crafted_cache_cannot_bring_in_a_file_from_outside(linked: Project,
                                                             tmp_path: Path) -> None:
    """A manifest with the right checksum is still only a cache: the place it records for an
    output is read only under docs/, and a deck it records for a chapter must match the
    chapter's media, or the output is made again."""
    assert coursegen(linked.root, "build", "--no-site").exit_code == 0
    outside = tmp_path / "outside.md"
    outside.write_text("<script>alert(1)</script>\n", encoding="utf-8")
    path = linked.root / CACHE / manifest.MANIFEST
    body = json.loads(path.read_text("utf-8").split("\n", 1)[1])
    page = f"docs/chapters/{SAMPLE_CHAPTER}.md"
    for where in body["made"].values():
        if where[0] == page:
            where[:] = [f"docs/../../{outside.name}", 0, -1, digest(outside.read_bytes())]
    for deck in body["decks"].values():
        deck[4] = ["not-a-file.svg"]
    text = json.dumps(body, separators=(",", ":"))
    path.write_text(f"{digest(text)}\n{text}", encoding="utf-8")
    edit(linked.content / "08-next-step.yml", "What is next?", "What comes next?")
    result = coursegen(linked.root, "build", "--no-site")
    assert result.exit_code == 0 and result.exception is None, result.output
    assert outputs(linked.root) == fresh_outputs(linked.root, tmp_path / "fresh")


def test_a_build_after_an_edit_reads_only_the_files_it_changes(linked: Project, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    """What the last build wrote and is still as it wrote it (by its state on disk) is left
    where it is, unread: only the whole-course page, whose other parts are taken from it, is
    read."""
    assert coursegen(linked.root, "build", "--no-site").exit_code == 0
    read: list[str] = []
    read_file = Recall._file
    monkeypatch.setattr(Recall, "_file", lambda self, path: read.append(path) or read_file(
        self, path))
    edit(linked.content / f"{SAMPLE_CHAPTER}.yml", "a core practice", "a central practice")
    result = coursegen(linked.root, "build", "--no-site")
    assert result.exit_code == 0, result.output
    assert set(read) == {"docs/whole-course.md"}
    assert outputs(linked.root) == fresh_outputs(linked.root, tmp_path / "fresh")
    again = coursegen(linked.root, "build", "--no-site")  # the record of the files left alone
    assert "0 file(s) written" in again.output and read == ["docs/whole-course.md"]


def test_a_file_is_in_place_only_where_it_is_to_be_written(tmp_path: Path) -> None:
    """An output is taken as its file, unread, only when that file is the one to write, is
    under docs/, and has the state the last build recorded; otherwise it is read and its
    digest checked, or made again."""
    page = tmp_path / "docs" / "page.md"
    page.parent.mkdir()
    page.write_text("# A page\n", encoding="utf-8")
    written = {"docs/page.md": (digest(b"# A page\n"), *output_state(page.lstat()))}

    def recall(path: str = "docs/page.md") -> Recall:
        return Recall(tmp_path, {stable_digest("key"): (path, 0, -1, written["docs/page.md"][0])},
                      {}, written | {path: written["docs/page.md"]})

    assert recall().text("key", "docs/page.md") == InPlace(tmp_path, "docs/page.md",
                                                         *written["docs/page.md"][:1],
                                                         written["docs/page.md"][1:])
    assert recall().text("key", "docs/other.md") == "# A page\n"  # read, to be written there
    assert isinstance(recall().data("key", "docs/page.md"), InPlace)
    assert recall().data("key", "docs/other.md") == b"# A page\n"
    assert recall("docs/../docs/page.md").text("key", "docs/../docs/page.md") is None
    os.utime(page)  # touched: its state is not the recorded one, its bytes are
    assert recall().text("key", "docs/page.md") == "# A page\n"
    page.write_text("# B page\n", encoding="utf-8")
    assert recall().text("key", "docs/page.md") is None


def test_a_part_of_a_file_as_written_is_taken_without_its_digest(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole-course page is read for its parts; while its file is as the last build
    wrote it, each part is what that build recorded there, and is not hashed again."""
    book = tmp_path / "docs" / "whole-course.md"
    book.parent.mkdir()
    book.write_text("top\npart", encoding="utf-8")

    made = {stable_digest("top"): ("docs/whole-course.md", 0, 4, digest("top\n")),
            stable_digest("part"): ("docs/whole-course.md", 4, -1, digest("part"))}
    written = {"docs/whole-course.md": (digest(b"top\npart"), *output_state(book.lstat()))}

    def recall() -> Recall:
        return Recall(tmp_path, made, {}, written)

    fresh = recall()
    monkeypatch.setattr("generator.recall.digest", lambda *parts: pytest.fail("hashed"))
    assert (fresh.text("top", None), fresh.text("part", None)) == ("top\n", "part")
    monkeypatch.undo()
    book.write_text("top\nPART", encoding="utf-8")  # no longer as written: hashed, and made again
    assert recall().text("top", None) == "top\n" and recall().text("part", None) is None
