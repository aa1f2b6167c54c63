"""Pages and downloads made by other processes, for a run that makes them all.

A first run (a build from nothing, ``serve``'s first) renders and exports every chapter.
What a chapter's pages and downloads are made from is the whole course, but not the other
chapters' pages. So processes forked once the course is loaded make them, a share of the
chapters each (see :mod:`processes`), and hand back each result under its memo key. The run
then asks for every page and download in its usual order and finds each in the memo: the
keys are its own, and only the making was done elsewhere. A process that fails (a template's
mistake, say) hands back nothing, and the run makes that share itself, reporting what is
wrong as it always does.
"""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path
from typing import Any

from .course import CourseContent
from .memo import Memo
from .processes import in_processes
from .render import render_course

# Below this many chapters, starting processes costs more than it saves.
PRERENDER_FROM = 50

# What the processes make pages of: set just before they are forked, which is how they get
# it (nothing of the course is sent to them).
_RUN: tuple[CourseContent, Path | None, bool, bool] | None = None


def prerender(content: CourseContent, overrides: Path | None, memo: Memo, *, book: bool,
              preview: bool) -> None:
    """Offer ``memo`` every chapter's pages (as :func:`.render_course` makes them with
    ``book`` and ``preview``) and downloads, made by other processes; nothing when there are
    few chapters or no other process."""
    global _RUN
    if len(content.chapters) < PRERENDER_FROM:
        return
    _RUN = (content, overrides, book, preview)
    try:
        made = in_processes(_make, [source.slug for source in content.chapters])
    finally:
        _RUN = None
    for results in made or []:
        memo.offer(results)


def _make(slugs: list[str]) -> list[dict[Hashable, Any]]:
    """In another process: the pages and downloads of the chapters ``slugs``, by memo key."""
    from .exports import chapter_downloads  # here: a check starts faster without genanki

    assert _RUN is not None
    content, overrides, book, preview = _RUN
    memo, share = Memo(), set(slugs)
    try:
        with memo.run():
            render_course(content, overrides, memo, book=book, preview=preview, chapters=share)
            for source in content.chapters:
                if source.slug in share:
                    chapter_downloads(content, source, memo)
    except Exception:  # noqa: BLE001  # made again by the run, which reports it
        return [{}]
    return [memo.results("page", "downloads")]
