"""The preview's error banner: when a save in ``coursegen serve`` makes the content invalid,
every generated page is written again as it last was, with the problems at its top, so the
browser shows them. The banner is an HTML block styled as Material's "failure" admonition:
no JavaScript, and both engines pass it through. The next valid save writes the pages
without it."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from .errors import Problem
from .project import Project
from .write import InPlace, write_files

_BANNER = re.compile(r'<div class="admonition failure coursegen-problems".*?</div>\n\n', re.S)


def banner(problems: list[Problem], title: str) -> str:
    """The HTML block that lists ``problems`` (file, line, column and message) under
    ``title``."""
    items = "\n".join(
        Markup("<li><code>{}:{}:{}</code> {}{}</li>").format(
            p.file, p.line, p.column, "warning: " if p.warning else "", p.message)
        for p in problems)
    return (f'<div class="admonition failure coursegen-problems" role="alert">\n'
            f'<p class="admonition-title">{escape(title)}</p>\n<ul>\n{items}\n</ul>\n</div>\n\n')


def with_banner(page: str, block: str) -> str:
    """``page`` (generated Markdown, starting with coursegen's header) with ``block`` after
    its front matter or header comment, in place of any banner it had."""
    page = _BANNER.sub("", page, count=1)
    end = page.index("\n---\n", 4) + 5 if page.startswith("---\n") else page.index("-->\n") + 4
    return f"{page[:end]}\n{block}{page[end:].lstrip(chr(10))}"


def show_problems(project: Project, problems: list[Problem], title: str) -> None:
    """Write every page that the last run of ``project`` generated, as it was, with the
    banner of ``problems`` on top. Hold the build lock while calling it."""
    block = banner(problems, title)
    pages = {path: with_banner(found[0].decode("utf-8"), block)
             for path, found in project.written.items()
             if path.startswith("docs/") and path.endswith(".md")
             and not isinstance(found, InPlace)}  # serve writes every page: none is in place
    write_files(project.root, dict(pages), [], known=project.written)
