"""The Jinja2 environment pages are rendered in, and template errors as positioned problems.

Templates ship in ``generator/templates``; a file of the same name under the project's
``overrides/`` folder replaces one (``overrides/blocks/quiz.md`` changes how quizzes look).
Templates are code a course can override, so they run sandboxed (no access to Python
internals, no changes to the objects they get) and autoescaped: author text reaches a page
only through the filters of :mod:`escape`, or escaped as text. A template's own mistake is
reported at its file and line, like a content error.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .blocks import block_kind
from .errors import ContentError, Problem
from .escape import FILTERS
from .fields import AuthorText, letters
from .memo import digest, folder_digest
from .progress import save_key
from .questions import question_kind
from .translations import FOLDER as TRANSLATIONS

TEMPLATES = Path(__file__).parent / "templates"  # the shipped templates

def _slug(text: str) -> str:
    """The id Python-Markdown's toc extension gives a heading of ``text``."""
    # Imported here: a run that renders no page (a check, mostly) does without it (9 ms).
    from markdown.extensions.toc import slugify

    return slugify(text, "-")


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, its verdict on each attribute remembered by the object's
    type and the attribute's name, which are all the verdict depends on."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._safe: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        if key not in self._safe:
            self._safe[key] = super().is_safe_attribute(obj, attr, value)
        return self._safe[key]


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept for the whole process, by template file and source checksum
    (Jinja checks the checksum): a new environment, one per run, need not compile again."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


def _filtered(value: Any) -> Any:
    """Every printed value passes here: author text that no filter placed is an error, so a
    template cannot forget to choose how the author's words go into the page."""
    if isinstance(value, AuthorText):
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise jinja2.TemplateRuntimeError(
            f"the author's text {shown!r} is printed without a filter; print author text "
            "with md, md_lead, text, plain, heading or yaml_string (see the README)")
    return value


def environment(overrides: Path | None = None,
                labels: dict[str, Any] | None = None) -> jinja2.Environment:
    """The Jinja2 environment: the project's ``overrides/`` first, then the shipped templates."""
    loaders: list[jinja2.BaseLoader] = []
    if overrides is not None and overrides.is_dir():
        loaders.append(jinja2.FileSystemLoader(overrides, followlinks=False))
    loaders.append(jinja2.FileSystemLoader(TEMPLATES))
    env = _Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=True,
        bytecode_cache=_COMPILED,
        # An environment lives for one set of templates (render.py keys it by their digest),
        # so a template once loaded need not be checked on disk again at every include.
        auto_reload=False,
        finalize=_filtered,
    )
    env.filters.update(FILTERS, slug=_slug)
    if labels is None:
        from .translations import labels as translation

        labels = translation("en")
    # Looking a template up that is not there is slow (every loader searches its folders):
    # templates ask this instead, for the parts that only some block kinds have.
    names = frozenset(env.list_templates(extensions=["md"]))
    env.globals.update(labels=labels, block_kind=block_kind, letters=letters,
                       has_template=names.__contains__, save_key=save_key,
                       question_kind=question_kind)
    return env


def overrides_templates(overrides: Path | None) -> bool:
    """Whether the project's ``overrides/`` folder holds templates of coursegen's own."""
    return (overrides is not None and overrides.is_dir()
            and any(name.endswith(".md") for name in
                    jinja2.FileSystemLoader(overrides, followlinks=False).list_templates()))


def render_template(env: jinja2.Environment, name: str, **context: Any) -> str:
    """The page ``name`` renders to; a template error raises :class:`ContentError`."""
    try:
        return _tidy(env.get_template(name).render(**context))
    except jinja2.TemplateError as exc:
        raise ContentError([_template_problem(exc, env)]) from None


def _template_problem(exc: jinja2.TemplateError, env: jinja2.Environment) -> Problem:
    file, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if file is None:  # raised while rendering: the innermost template line that ran
        for frame, number in traceback.walk_tb(exc.__traceback__):
            if frame.f_code.co_filename.endswith(".md"):
                file, line = frame.f_code.co_filename, number
    shown = "templates"
    # Named from the folder that holds it: overrides/blocks/quiz.md, templates/chapter.md.
    roots = [TEMPLATES] + [Path(root) for loader in getattr(env.loader, "loaders", [])
                                 for root in getattr(loader, "searchpath", [])]
    for root in roots:
        if file and Path(file).is_relative_to(root):
            shown = (Path(root.name) / Path(file).relative_to(root)).as_posix()
    sandbox = ("; templates run in a sandbox without access to Python internals"
               if isinstance(exc, jinja2.exceptions.SecurityError) else "")
    message = (exc.message or type(exc).__name__).rstrip(".")
    return Problem(shown, line or 1, 1, f"template error: {message}{sandbox}")


def _tidy(markdown: str) -> str:
    """Collapse runs of blank lines and end with one newline, so output is stable."""
    # Only "\n" ends a line for Markdown; splitlines() would also split at \x1e or \u2028.
    lines = [line.rstrip() for line in markdown.split("\n")]
    tidy: list[str] = []
    for line in lines:
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy).strip("\n") + "\n"


def templates_digest(overrides: Path | None) -> str:
    """What the templates are: the shipped ones, their words, and the project's overrides."""
    return digest(folder_digest(TEMPLATES, "**/*.md"),
                  folder_digest(TRANSLATIONS, "*.yml"),
                  folder_digest(overrides, "**/*.md") if overrides else "")


