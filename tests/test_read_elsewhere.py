"""A check of many chapters reads them in one process a CPU (chapter_file.read_elsewhere):
it reports exactly what reading them in one process reports, errors, warnings and links to
the headings of a chapter read elsewhere included."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.project import Project

from .conftest import SAMPLE_CHAPTER, edit
from .test_cache_edits import linked  # noqa: F401  # the fixture: chapter 8 links into 7

# Each run is a process of its own: a test process may have threads, which forking forbids.
SCRIPT = """
import json, sys
from pathlib import Path
from generator import chapter_file
from generator.errors import ContentError
from generator.pages import HeadingIds
from generator.project import Project

chapter_file.ELSEWHERE_FROM = int(sys.argv[2])
try:
    content, _ = Project(Path(sys.argv[1]))._check(False, None, book=False,
                                                   ids=HeadingIds({}))
    print(json.dumps({"problems": [str(p) for p in content.warnings],
                      "elsewhere": [s.words is not None for s in content.chapters],
                      "loaded": ["loaded" in vars(s) for s in content.chapters]}))
except ContentError as exc:
    print(json.dumps({"problems": [str(p) for p in exc.problems]}))
"""


def _check(root: Path, elsewhere_from: int) -> dict[str, list[object]]:
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(root), str(elsewhere_from)],
                            capture_output=True, text=True, check=True, timeout=120)
    found: dict[str, list[object]] = json.loads(result.stdout)
    return found


@pytest.mark.skipif(sys.platform != "linux" or len(os.sched_getaffinity(0)) < 2,
                    reason="chapters are read elsewhere on Linux with two CPUs or more")
def test_chapters_read_elsewhere_report_what_one_process_reports(linked: Project  # noqa: F811
                                                                 ) -> None:
    one = _check(linked.root, 10_000)
    many = _check(linked.root, 2)
    assert one["elsewhere"] == [False, False] and many["elsewhere"] == [True, True]
    # Chapter 7's page is rendered for the heading chapter 8 links to: read again here.
    assert many["loaded"] == [True, False]
    assert one["problems"] == many["problems"]
    # A warning (a key term the chapter never uses), a broken link to a heading of the
    # chapter read elsewhere, then an error in one chapter.
    edit(linked.content / "08-next-step.yml", "key_terms:\n",
         "key_terms:\n  - term: Quite unused\n    definition: Nowhere.\n")
    edit(linked.content / f"{SAMPLE_CHAPTER}.yml",
         "  - title: Why Continual Improvement Matters in ITIL 4",
         "  - title: Why Improvement Matters")
    one, many = _check(linked.root, 10_000), _check(linked.root, 2)
    assert one["problems"] == many["problems"]
    assert any("has no heading '#1-why-continual" in p for p in many["problems"])
    assert any("'Quite unused' is not used" in p for p in many["problems"])
    edit(linked.content / f"{SAMPLE_CHAPTER}.yml", "number: 7", "number: seven")
    one, many = _check(linked.root, 10_000), _check(linked.root, 2)
    assert "elsewhere" not in many and one["problems"] == many["problems"]
    assert any(f"{SAMPLE_CHAPTER}.yml" in p and "number" in p for p in many["problems"])
