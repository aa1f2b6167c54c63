"""A course project's folders, and the pipeline run over them: load, validate, render, write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .render import render_course
from .validate import CourseContent, load_course
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

    def check(self) -> CourseContent:
        """Load and validate all content; raises ContentError listing every problem."""
        return load_course(self.content)

    def generate(self) -> WriteReport:
        """Validate everything, then write the pages that changed; nothing is written on error."""
        return write_pages(self.generated, render_course(self.check(), self.overrides))
