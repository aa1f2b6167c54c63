"""A first run of many chapters has their pages and downloads made by one process a CPU
(prerender.py): it writes exactly what making them in one process writes, reports a
template's mistake the same way, and the next save of `serve` still redoes only the edit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.project import Project

from .conftest import tree_hash
from .test_cache_edits import linked  # noqa: F401  # the fixture: a course of two chapters

# Each run is a process of its own: a test process may have threads, which forking forbids.
SCRIPT = """
import json, sys
from pathlib import Path
from generator import pages, prerender
from generator.errors import ContentError
from generator.project import Project

prerender.PRERENDER_FROM = int(sys.argv[2])
rendered = []  # the templates rendered in this process (the others' are their own)
render_template = pages.render_template
pages.render_template = lambda env, name, **context: (
    rendered.append(name) or render_template(env, name, **context))
project = Project(Path(sys.argv[1]))
run = project.generate if sys.argv[3] == "generate" else project.built  # a new process each
runs = []
for edit in (None, *sys.argv[4:]):
    if edit:
        chapter = project.root / "content" / f"{edit}.yml"
        chapter.write_text(chapter.read_text("utf-8").replace("What is next?", "And next?"))
    rendered.clear()
    try:
        run()
        runs.append(sorted(rendered))
    except ContentError as exc:
        runs.append([str(p) for p in exc.problems])
print(json.dumps(runs))
"""


def _generate(root: Path, prerender_from: int, *edits: str, run: str = "generate"
              ) -> list[list[str]]:
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(root), str(prerender_from), run,
                             *edits], capture_output=True, text=True, check=True, timeout=120)
    runs: list[list[str]] = json.loads(result.stdout)
    return runs


needs_processes = pytest.mark.skipif(
    sys.platform != "linux" or len(os.sched_getaffinity(0)) < 2,
    reason="pages are made elsewhere on Linux with two CPUs or more")


@needs_processes
def test_pages_made_elsewhere_are_the_pages_made_here(linked: Project,  # noqa: F811
                                                      tmp_path: Path) -> None:
    here = tmp_path / "here"
    subprocess.run(["cp", "-r", str(linked.root), str(here)], check=True)
    one = _generate(here, 10_000)
    many = _generate(linked.root, 2)
    assert tree_hash(linked.docs) == tree_hash(here / "docs")
    assert one[0].count("chapter.md") == 4  # two pages, two parts of the whole-course page
    # Here, only the course's own pages: every chapter's came from the other processes.
    assert many == [["book.md", "glossary.md", "home.md"]]


@needs_processes
def test_a_save_after_a_run_made_elsewhere_redoes_only_the_edit(linked: Project  # noqa: F811
                                                               ) -> None:
    """The memo keeps what the other processes made, so `serve`'s next run redoes only the
    edited chapter's pages (and the pages that show its words: none here)."""
    first, second = _generate(linked.root, 2, "08-next-step")
    assert first == ["book.md", "glossary.md", "home.md"]
    assert second == ["chapter.md", "chapter.md", "handout_answers.md",
                      "handout_exercises.md"]


@needs_processes
def test_a_template_mistake_made_elsewhere_is_reported_as_here(linked: Project  # noqa: F811
                                                               ) -> None:
    (linked.overrides / "handout_answers.md").write_text("{{ chapter.title | nosuch }}\n",
                                                         encoding="utf-8")
    one, many = _generate(linked.root, 10_000), _generate(linked.root, 2)
    assert one == many and any("handout_answers.md:1:1" in p for p in many[0]), many


@needs_processes
def test_a_build_over_the_cache_makes_its_few_pages_here(linked: Project  # noqa: F811
                                                        ) -> None:
    """Only a first run has everything made elsewhere: a build that finds the last build's
    files makes the edited chapter's pages itself."""
    assert _generate(linked.root, 2, run="built") == [["book.md", "glossary.md", "home.md"]]
    (edited,) = _generate(linked.root, 2, "08-next-step", run="built")[1:]
    assert edited == ["chapter.md", "chapter.md", "handout_answers.md", "handout_exercises.md"]
