"""A course project's folders, and the pipeline run over them: load, validate, render, write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .course import CourseContent, load_course
from .errors import ContentError
from .exports import DOWNLOADS, build_exports
from .links import check_links
from .navigation import SITE_CONFIG, hand_written_pages, site_config
from .render import CHAPTERS, HANDOUTS, render_course
from .write import WriteReport, write_files

STYLESHEET = "assets/coursegen.css"  # shipped in the package, written under docs/


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
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def generated(self) -> Path:
        """The folder under docs/ that holds the chapter pages."""
        return self.docs / CHAPTERS

    @property
    def site_config(self) -> Path:
        """The MkDocs config coursegen writes: mkdocs.yml plus the course navigation."""
        return self.root / SITE_CONFIG

    def check(self, *, strict: bool = False) -> tuple[CourseContent, dict[str, str]]:
        """Load, validate and render all content, and check its links; nothing is written.

        Returns the content and its pages (by path under docs/); raises
        :class:`ContentError` listing every problem.
        """
        content = load_course(self.content, strict=strict)
        pages = render_course(content, self.overrides)
        broken = check_links(content, pages, self.docs)
        if broken:
            raise ContentError(broken + content.warnings)
        return content, pages

    def generate(self, *, strict: bool = False) -> tuple[CourseContent, WriteReport]:
        """Check everything, then write the files that changed; nothing is written on error."""
        content, pages = self.check(strict=strict)
        files = {f"docs/{path}": text for path, text in pages.items()}
        files[SITE_CONFIG] = site_config(content, pages,
                                         hand_written_pages(self.docs, set(pages)))
        files[f"docs/{STYLESHEET}"] = (Path(__file__).parent / STYLESHEET).read_text("utf-8")
        downloads = {f"docs/{DOWNLOADS}/{name}": data
                     for name, data in build_exports(content).items()}
        removable = [f"docs/{CHAPTERS}/*.md", f"docs/{HANDOUTS}/*.md", "docs/*.md"]
        return content, write_files(self.root, {**files, **downloads}, removable,
                                    owned=f"docs/{DOWNLOADS}")
