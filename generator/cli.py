"""The ``coursegen`` command: check, build, serve and schema."""

from __future__ import annotations

import gc
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path
from typing import NoReturn, TypeVar

import click

from . import model
from .banner import show_problems
from .errors import ContentError, Problem, summary
from .lock import BuildRunning, exclusive
from .paths import SITE_CONFIG
from .project import Project
from .scaffold import ScaffoldError, drop_missing_chapters, new_chapter, new_course
from .site import ENGINES, SiteError, build_site, check_engine
from .write import OutputError, WriteReport, write_files

T = TypeVar("T")


def _run(step: Callable[[], T]) -> T:
    """Run a step, turning every expected failure into a message and exit code 1."""
    try:
        return step()
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(exc.summary(), err=True)
    except OutputError as exc:
        click.echo(f"error: {exc}", err=True)
    except SiteError as exc:
        click.echo(f"{exc}\nerror: {exc.engine} build failed; site/ was left as it was",
                   err=True)
    except (ScaffoldError, BuildRunning) as exc:
        click.echo(f"error: {exc}", err=True)
    except OSError as exc:  # the machine's fault (permissions, disk), not the content's
        click.echo(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), err=True)
    sys.exit(1)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a command runs once: a run from nothing makes
    millions of objects that live until it ends, and the collector would walk them again
    and again (a fifth of a cold check's time). What a run makes is freed by reference
    counting (its peak memory is the same either way); ``serve`` keeps the collector."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _warn(warnings: list[Problem]) -> None:
    for problem in warnings:
        click.echo(str(problem), err=True)
    if warnings:
        click.echo(f"{summary(warnings)} (--strict makes them errors)", err=True)


_STRICT = click.option("--strict", is_flag=True, help="Treat warnings as errors.")
_NO_CACHE = click.option("--no-cache", is_flag=True,
                         help="Run from nothing: neither read nor update the build cache "
                              "(.cache/coursegen/).")
_ENGINE = click.option("--engine", type=click.Choice(ENGINES),
                       help="What builds the site (default: engine in content/course.yml, "
                            "else mkdocs).")


def _lock(project: Project, wait: bool = True) -> AbstractContextManager[None]:
    """The project's build lock, saying so when it has to wait for another build."""
    return exclusive(project.root, wait=wait, on_wait=lambda: click.echo(
        "coursegen: another build of this project is running; waiting for it to finish",
        err=True))


def _describe(report: WriteReport) -> str:
    return (f"{len(report.written)} file(s) written, {len(report.unchanged)} unchanged, "
            f"{len(report.removed)} removed")


@click.group()
@click.version_option(package_name="coursegen")
@click.option("--project", "root", default=".", show_default=True,
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="The course project folder (holding mkdocs.yml and content/).")
@click.pass_context
def main(ctx: click.Context, root: Path) -> None:
    """Turn course chapters written in YAML into a MkDocs Material site."""
    ctx.obj = Project(root)


@main.command()
@_STRICT
@_NO_CACHE
@click.pass_obj
def check(project: Project, strict: bool, no_cache: bool) -> None:
    """Validate every content file and its links; write nothing (but the build cache)."""
    with _collector_paused():
        outcome = _run(lambda: project.checked(strict=strict, cache=not no_cache))
    _warn(outcome.warnings)
    click.echo(f"ok: course.yml and {outcome.chapters} chapter(s) are valid")


@main.command()
@click.option("--no-site", is_flag=True, help="Write docs/ only; do not run mkdocs build.")
@click.option("--no-wait", is_flag=True,
              help="Fail at once if another build of the project is running, instead of "
                   "waiting for it.")
@_ENGINE
@_STRICT
@_NO_CACHE
@click.pass_obj
def build(project: Project, no_site: bool, no_wait: bool, engine: str | None,
          strict: bool, no_cache: bool) -> None:
    """Validate, write the Markdown pages under docs/, then build the site strictly (mkdocs
    build --strict, or Zensical's) into a fresh folder that replaces site/."""
    with ExitStack() as held:
        _run(lambda: held.enter_context(_lock(project, wait=not no_wait)))
        with _collector_paused():
            outcome, report = _run(lambda: project.built(strict=strict, engine=engine,
                                                         cache=not no_cache))
        _warn(outcome.warnings)
        click.echo(f"docs/: {_describe(report)}")
        if not no_site:
            _run(lambda: build_site(project.root, project.site_config.name, outcome.engine))
            click.echo(f"site/ built with {outcome.engine}")


@main.command()
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True,
              help="The address to serve on.")
@_ENGINE
@click.pass_obj
def serve(project: Project, dev_addr: str, engine: str | None) -> None:
    """Serve the site with live reload, regenerating pages on every save."""
    # Imported here: watchdog's observers cost every other command 12 ms to import.
    from .serve import navigation_changed
    from .serve import serve as serve_site

    with ExitStack() as held:
        _run(lambda: held.enter_context(_lock(project)))
        content = _run(lambda: project.generate(engine=engine, preview=True))[0]
        _warn(content.warnings)
    _run(lambda: check_engine(content.engine))
    last_valid = [content]  # its words title the banner while the content is invalid

    def regenerate() -> None:
        try:
            with _lock(project):
                content, report = project.generate(engine=engine, preview=True)
            last_valid[0] = content
            _warn(content.warnings)
            if SITE_CONFIG in report.written:
                navigation_changed(project, content.engine)
            click.echo(f"coursegen: {_describe(report)}", err=True)
        except ContentError as exc:
            click.echo(f"{exc}\n{exc.summary()}; the preview shows the last valid version",
                       err=True)
            try:
                with _lock(project):
                    show_problems(project, exc.problems,
                                  last_valid[0].labels["preview_problems"])
            except OutputError as error:
                click.echo(f"error: {error}", err=True)
        except OutputError as exc:
            click.echo(f"error: {exc}", err=True)

    sys.exit(serve_site(project, content.engine, dev_addr, regenerate))


@main.command()
@click.option("--out", default="content/schema", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write chapter.schema.json and course.schema.json into.")
@click.pass_obj
def schema(project: Project, out: Path) -> None:
    """Write the JSON Schema of chapter files and of course.yml, for editors."""
    folder = out if out.is_absolute() else project.root / out
    folder.mkdir(parents=True, exist_ok=True)
    for name, cls in (("chapter", model.Chapter), ("course", model.Course)):
        text = json.dumps(cls.model_json_schema(), indent=2, sort_keys=True) + "\n"
        (folder / f"{name}.schema.json").write_text(text, encoding="utf-8")
    click.echo(f"wrote {folder}/chapter.schema.json and course.schema.json")


@main.command()
@click.option("--out", default="exports", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the files into (relative to the project).")
@click.pass_obj
def export(project: Project, out: Path) -> None:
    """Write every chapter's Anki deck, flashcards TSV, Moodle XML, GIFT file and QTI 1.2
    package, and the course's Anki deck (coursegen build also puts them under
    docs/downloads/)."""
    from .exports import build_exports  # here: other commands start faster without it

    with _collector_paused():
        content, _ = _run(project.check)
        files = build_exports(content)
    folder = out if out.is_absolute() else project.root / out
    _run(lambda: write_files(folder, dict(files), [], owned=("",)))  # the folder is the export's
    click.echo(f"wrote {len(files)} files into {folder}")


@main.group()
def new() -> None:
    """Start a new chapter, or a new course project."""


@new.command("chapter")
@click.argument("title")
@click.pass_obj
def new_chapter_command(project: Project, title: str) -> None:
    """Write content/NN-title.yml (every block kind as a commented example) and list it in
    content/course.yml."""
    for slug in _run(lambda: drop_missing_chapters(project.content)):
        click.echo(f"removed {slug} from chapters in content/course.yml: "
                   f"content/{slug}.yml is gone", err=True)
    path = _run(lambda: new_chapter(project.content, title))
    click.echo(f"wrote {path.relative_to(project.root)} and added it to content/course.yml")


@new.command("course")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", default="A New Course", show_default=True, help="The course title.")
@click.option("--language", default="en", show_default=True,
              help="The course language (en, de, fr, es).")
def new_course_command(folder: Path, title: str, language: str) -> None:
    """Write a new course project into FOLDER: mkdocs.yml, content/, overrides/, docs/ and
    the GitHub Pages workflow. Existing files are never overwritten."""
    written = _run(lambda: new_course(folder, title, language))
    click.echo(f"wrote {len(written)} files into {folder}; build it with: "
               f"coursegen --project {folder} build")


def run() -> NoReturn:
    """The ``coursegen`` process: :func:`main`, then an exit that does not free what the
    command made. A cold run of a large course keeps millions of objects to its end
    (in the project's memo, for ``serve``); freeing them one by one, just before the
    process ends anyway, took 0.9 s of a 1000-chapter check."""
    try:
        main()
        status: object = 0
    except SystemExit as exc:  # click ends every command with one
        status = exc.code
    sys.stdout.flush()  # click.echo flushes; this is for anything else written
    sys.stderr.flush()
    os._exit(status if isinstance(status, int) else 0 if status is None else 1)
