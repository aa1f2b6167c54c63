"""Links in author text, checked against the generated pages before MkDocs runs.

A link to another chapter (``08-service-desk.md``), to a heading (``#2-the-model`` or
``08-service-desk.md#2-the-model``), or to a hand-written page or file under ``docs/`` must
resolve; a broken one is reported at the YAML that holds it. (Images are files from
``content/``, checked by :mod:`used_media`.)
"""

from __future__ import annotations

import difflib
import html
import posixpath
import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .course import CourseContent
from .errors import Problem
from .paths import CHAPTERS, chapter_page
from .write import Generated, InPlace

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
_TAG = re.compile(r"<[^>]*>")  # the <abbr> tooltips coursegen puts in headings
_ATTRIBUTES = re.compile(r"[ \t]*\{:[^}]*\}[ \t]*$")  # "{: .worked-step }" after a heading


def heading_ids(markdown: str) -> list[str]:
    """The ids Python-Markdown's toc extension gives the headings of a page, in order."""
    # Imported here: a check after an edit may read no page at all (9 ms).
    from markdown.extensions.toc import slugify, unique

    used: set[str] = set()
    body = _FRONT_MATTER.sub("", markdown)
    return [unique(slugify(html.unescape(_TAG.sub("", _ATTRIBUTES.sub("", match.group(2)))),
                           "-"), used)
            for match in _HEADING.finditer(body)]


def check_links(content: CourseContent, pages: dict[str, Generated], docs: Path) -> list[Problem]:
    """A problem for each relative link in author text that does not resolve.

    ``pages`` are the generated pages by path under ``docs/`` (or their heading ids, as the
    build cache recalls them); other targets must be files under ``docs/``.
    """
    @cache
    def ids(page: str) -> list[str]:
        found = pages[page]
        found = found.text if isinstance(found, InPlace) else found
        return heading_ids(found) if isinstance(found, str) else list(found.ids)

    def broken(target: str, page: str) -> str | None:
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or target.startswith("/"):
            return None  # external, or absolute within the site: not ours to check
        name = page
        if parts.path:
            name = posixpath.normpath(posixpath.join(posixpath.dirname(page),
                                                     unquote(parts.path)))
            if name.startswith(".."):
                return f"link target {target!r} points outside docs/"
            if name not in pages:
                if name.startswith(f"{CHAPTERS}/") and name.endswith(".md"):
                    chapters = sorted(p.removeprefix(f"{CHAPTERS}/") for p in pages
                                      if p.startswith(f"{CHAPTERS}/"))
                    wanted = name.removeprefix(f"{CHAPTERS}/")
                    close = difflib.get_close_matches(wanted, chapters, n=1, cutoff=0.75)
                    hint = (f"; did you mean '{close[0]}'?" if close
                            else f"; the chapter pages are: {', '.join(chapters)}")
                    return f"link target {target!r}: there is no chapter page {wanted!r}{hint}"
                if not (docs / name).is_file():
                    return f"link target {target!r}: there is no file docs/{name}"
                return None  # a hand-written page or a file: its headings are not ours
        if parts.fragment and parts.fragment not in ids(name):
            close = difflib.get_close_matches(parts.fragment, ids(name), n=1)
            hint = f"; did you mean '#{close[0]}'?" if close else ""
            shown = posixpath.basename(name)
            return f"link target {target!r}: {shown} has no heading '#{parts.fragment}'{hint}"
        return None

    problems = []
    for source in content.chapters:
        for path, target in source.facts.links:
            message = broken(target, chapter_page(source.slug))
            if message:
                problems.append(source.problem(path, message))
    return problems
