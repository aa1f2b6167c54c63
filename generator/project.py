"""A course project's folders, and the pipeline run over them: load, validate, render, write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import manifest
from .course import CourseContent, load_course
from .errors import ContentError, Problem
from .facts import ChapterRecord
from .inputs import Sources, in_place, outputs, read_sources, run_key, tool_key
from .jinja import overrides_templates
from .links import check_links
from .memo import Memo
from .navigation import hand_written_pages, site_config
from .pages import HeadingIds
from .paths import CHAPTERS, DOWNLOADS, HANDOUTS, MEDIA, SCRIPT, SITE_CONFIG, STYLESHEET
from .prerender import prerender
from .recall import Recall
from .render import render_course
from .write import (
    FileState,
    Generated,
    InPlace,
    OutputError,
    WriteReport,
    links_out,
    write_files,
)


@dataclass(frozen=True)
class Outcome:
    """What a successful check or build reports: its warnings, the engine that builds the
    site and the number of chapters."""

    warnings: list[Problem]
    engine: str
    chapters: int

    @classmethod
    def of(cls, content: CourseContent) -> Outcome:
        return cls(content.warnings, content.engine, len(content.chapters))

    @classmethod
    def recalled(cls, record: manifest.Record) -> Outcome:
        return cls(record.problems(), record.engine, record.chapters)


@dataclass(frozen=True)
class Project:
    """The fixed layout of a course project rooted at ``root``.

    The project remembers what its last successful run produced (:class:`Memo`), so that
    running :meth:`generate` again, as ``coursegen serve`` does on every save, redoes only
    the chapters that changed.
    """

    root: Path
    memo: Memo = field(default_factory=Memo, compare=False, repr=False)
    written: dict[str, FileState | InPlace] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Made absolute once, before anything runs: MkDocs runs in the project folder, so a
        # relative path handed to it would point somewhere else (an empty site/ reported as
        # built).
        object.__setattr__(self, "root", self.root.absolute())

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

    def check(self, *, strict: bool = False, engine: str | None = None
              ) -> tuple[CourseContent, dict[str, Generated]]:
        """Load, validate and render all content for ``engine`` (by default the one
        course.yml names), and check its links; nothing is written. (The whole-course page,
        made of the chapter pages' templates again, is left to :meth:`generate`.)

        Returns the content and its pages (by path under docs/); raises
        :class:`ContentError` listing every problem.
        """
        with self.memo.run():
            return self._check(strict, engine, book=False)

    def _check(self, strict: bool, engine: str | None, book: bool = True,
               preview: bool = False, known: manifest.Manifest | None = None,
               ids: HeadingIds | None = None, recall: Recall | None = None,
               sources: Sources | None = None, elsewhere: bool = False
               ) -> tuple[CourseContent, dict[str, Generated]]:
        for folder in (self.docs, self.overrides):
            outside = links_out(self.root, folder)
            if outside:
                raise OutputError(
                    f"{outside[0]} is a symbolic link to {(self.root / outside[0]).resolve()}, "
                    "outside the project; MkDocs would publish what it points at. Copy the "
                    "file in instead of linking to it"
                    + (f" (and {len(outside) - 1} more)" if len(outside) > 1 else ""))
        content = load_course(self.content, strict=strict, memo=self.memo, engine=engine,
                              known=known.chapters if known else None,
                              elsewhere_ok=ids is not None and ids.on_demand,
                              read_before=sources.within("content") if sources else None)
        if elsewhere:  # every page and download is to be made: by one process a CPU
            prerender(content, self.overrides, self.memo, book=book, preview=preview)
        pages = render_course(content, self.overrides, self.memo, book=book, preview=preview,
                              ids=ids, recall=recall)
        broken = check_links(content, pages, self.docs)
        if broken:
            raise ContentError(broken + content.warnings)
        return content, pages

    def generate(self, *, strict: bool = False, engine: str | None = None,
                 preview: bool = False) -> tuple[CourseContent, WriteReport]:
        """Check everything, then write the files that changed; nothing is written on error.
        With ``preview`` (``coursegen serve``), the whole-course page holds no chapter (see
        :func:`.render.render_course`)."""
        with self.memo.run():
            return self._generate(strict, engine, preview)

    def _generate(self, strict: bool, engine: str | None, preview: bool = False,
                  known: manifest.Manifest | None = None, recall: Recall | None = None,
                  sources: Sources | None = None) -> tuple[CourseContent, WriteReport]:
        first = self.memo.first_run and not (recall and recall.known)
        content, pages = self._check(strict, engine, preview=preview, known=known,
                                     recall=recall, sources=sources, elsewhere=first)
        files = {f"docs/{path}": text for path, text in pages.items()}
        files[SITE_CONFIG] = site_config(content, pages,
                                         hand_written_pages(self.docs, set(pages)))
        for asset in (STYLESHEET, SCRIPT):
            files[f"docs/{asset}"] = (Path(__file__).parent / asset).read_text("utf-8")
        from .exports import build_exports  # here: a check starts faster without genanki

        downloads = {f"docs/{DOWNLOADS}/{name}": data
                     for name, data in build_exports(content, self.memo, recall).items()}
        media = {f"docs/{file.shown.site_path}": file.data
                 for files in content.media.values() for file in files.values()}
        removable = [f"docs/{CHAPTERS}/*.md", f"docs/{HANDOUTS}/*.md", "docs/*.md"]
        if recall:  # files found as the last build wrote them need not be read again
            self.written.update({path: state for path, state in recall.kept.items()
                                 if path not in self.written})
        return content, write_files(self.root, {**files, **downloads, **media}, removable,
                                    owned=(f"docs/{DOWNLOADS}", f"docs/{MEDIA}"),
                                    known=self.written)

    def checked(self, *, strict: bool = False, engine: str | None = None, cache: bool = True
                ) -> Outcome:
        """:meth:`check`, or, with ``cache``, what it reported last time when the build cache
        holds a successful check or build of the very same inputs (see :mod:`manifest`).

        Pages are rendered only as far as the check needs them (see :class:`.HeadingIds`).
        """
        known, sources, key = self._recall(cache, strict, engine)
        for command in ("check", "build"):  # a build checks all that check does
            record = known.runs.get(command) if known else None
            if record and record.key == key:
                return Outcome.recalled(record)
        # Otherwise only what changed is loaded and rendered: the facts of the other
        # chapters and the heading ids of the other pages are the ones recorded.
        ids = HeadingIds(known.pages if known else {}, every=overrides_templates(self.overrides))
        with self.memo.run():
            content, _ = self._check(strict, engine, book=False, known=known, ids=ids,
                                     sources=sources)
        if sources and known:
            self._remember(known, "check", sources, content, (str(strict), engine or ""),
                           pages=ids.found)
        return Outcome.of(content)

    def built(self, *, strict: bool = False, engine: str | None = None, cache: bool = True
              ) -> tuple[Outcome, WriteReport]:
        """:meth:`generate`, or, with ``cache``, nothing at all when the build cache holds a
        successful build of the very same inputs whose files are all still in place."""
        known, sources, key = self._recall(cache, strict, engine)
        record = known.runs.get("build") if known else None
        if record and record.key == key and in_place(self.root, record.outputs):
            return Outcome.recalled(record), WriteReport(unchanged=sorted(record.outputs))
        # Otherwise only what changed is loaded and made: the rest is found where the last
        # build wrote it (see :mod:`recall`).
        recall = (Recall(self.root, known.made, known.decks, record.outputs if record else {})
                  if known else None)
        with self.memo.run():
            content, report = self._generate(strict, engine, known=known, recall=recall,
                                             sources=sources)
        if sources and known and recall:
            self._remember(known, "build", sources, content, (str(strict), engine or ""),
                           outputs(self.root, self.written), recall=recall)
        return Outcome.of(content), report

    def _recall(self, cache: bool, strict: bool, engine: str | None
                ) -> tuple[manifest.Manifest | None, Sources | None, str | None]:
        """The build cache, this run's sources (read once, here) and its key (see
        :mod:`inputs`); without ``cache``, none of them."""
        if not cache:
            return None, None, None
        tool = tool_key()  # coursegen's files, read once a run
        known = manifest.load(self.root, tool)
        build = known.runs.get("build")
        sources = read_sources(self.root)
        if sources is None:
            return known, None, None
        return known, sources, run_key(self.root, str(strict), engine or "",
                                       sources=sources.key, tool=tool,
                                       written=build.outputs if build else ())

    def _remember(self, known: manifest.Manifest, command: str, sources: Sources,
                  content: CourseContent, options: tuple[str, str],
                  written: dict[str, manifest.Output] | None = None,
                  pages: dict[str, tuple[str, ...]] | None = None,
                  recall: Recall | None = None) -> None:
        """Record a successful run under the key of its inputs as they are now, unless a
        source changed while it ran (its pages may come from either version), with the
        facts of every chapter, and the heading ids of every page (from a check) or where
        each output was written (from a build)."""
        if not sources.unchanged(self.root):
            return
        build = known.runs.get("build")
        key = run_key(self.root, *options, sources=sources.key, tool=known.tool,
                      written=written if written is not None else build.outputs if build else ())
        if key is None:
            return
        record = manifest.Record(
            key=key, engine=content.engine, chapters=len(content.chapters),
            warnings=tuple((p.file, p.line, p.column, p.message) for p in content.warnings),
            outputs=written or {})
        chapters = {source.file: ChapterRecord(facts=source.facts,
                                               uses=content.uses.get(source.slug))
                    for source in content.chapters}
        manifest.save(self.root, known.model_copy(update={
            "runs": {**known.runs, command: record}, "chapters": chapters,
            "pages": known.pages if pages is None else pages,
            "made": recall.made if recall else known.made,
            "decks": recall.decks if recall else known.decks}))
