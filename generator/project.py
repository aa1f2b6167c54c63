"""A course project's folders, and the pipeline run over them: load, validate, render, write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .course import CourseContent, load_course
from .errors import ContentError
from .links import check_links
from .render import render_course
from .write import WriteReport, write_pages

GENERATED_FOLDER = "chapters"


@dataclass(frozen=True)
class Project:
    """The fixed layout of a course project rooted at ``root``."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def overrides(self) -> Path:
        return self.root / "overrides"

    @property
    def generated(self) -> Path:
        """The folder under ``docs/`` that coursegen owns."""
        return self.root / "docs" / GENERATED_FOLDER

    def check(self, *, strict: bool = False) -> tuple[CourseContent, dict[str, str]]:
        """Load, validate and render all content, and check its links; nothing is written.

        Returns the content and its pages; raises :class:`ContentError` listing every problem.
        """
        content = load_course(self.content, strict=strict)
        pages = render_course(content, self.overrides)
        broken = check_links(content, pages, self.root / "docs", GENERATED_FOLDER)
        if broken:
            raise ContentError(broken + content.warnings)
        return content, pages

    def generate(self, *, strict: bool = False) -> tuple[CourseContent, WriteReport]:
        """Check everything, then write the pages that changed; nothing is written on error."""
        content, pages = self.check(strict=strict)
        return content, write_pages(self.generated, pages)
