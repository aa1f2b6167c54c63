"""Where a page is on the built site, and links between pages written as each engine
needs them.

Author HTML passes through MkDocs untouched, so for MkDocs its relative links (``08-x.md#y``,
images under docs/) are made here relative to where MkDocs puts each page. Zensical treats
links in HTML as it treats Markdown links (relative to the page's source, ``.md`` resolved
and checked), so for Zensical they are made relative to the source.
"""

from __future__ import annotations

import posixpath
from typing import NamedTuple
from urllib.parse import unquote, urlsplit, urlunsplit


class Page(NamedTuple):
    """Where HTML is placed: the page's path under docs/ (``""`` for HTML outside the site,
    whose links are kept as written), the page an author's relative links start from when
    the HTML is shown on another page (a chapter's handouts), MkDocs' URL style, and whether
    links lead to the source (for Zensical) instead of the built page (for MkDocs)."""

    path: str = ""
    links_from: str = ""
    directory_urls: bool = True
    to_source: bool = False


OFF_SITE = Page()  # HTML for exports: links stay as written


def output_url(page: str, directory_urls: bool) -> str:
    """The URL path, relative to the site, of the page made from ``page`` (a docs/ path)."""
    if not page.endswith(".md"):
        return page
    stem = page[:-3]
    if posixpath.basename(stem) in ("index", "README"):
        folder = posixpath.dirname(stem)
        return f"{folder}/" if folder else ""
    return f"{stem}/" if directory_urls else f"{stem}.html"


def site_link(target: str, page: Page) -> str:
    """A relative link as written on ``page`` (to a ``.md`` page, a heading or a file under
    docs/), made relative to where MkDocs writes the page, as MkDocs does for links in
    Markdown (raw HTML it leaves alone); or, ``to_source``, relative to the page's source."""
    parts = urlsplit(target)
    if not page.path or parts.scheme or parts.netloc or parts.path.startswith("/"):
        return target
    origin = page.links_from or page.path
    if not parts.path:
        if origin == page.path:
            return target  # a heading of this page
        name = origin
    else:
        name = posixpath.normpath(posixpath.join(posixpath.dirname(origin),
                                                 unquote(parts.path)))
    if page.to_source:
        relative = posixpath.relpath(name, posixpath.dirname(page.path) or ".")
        return urlunsplit(("", "", relative, parts.query, parts.fragment))
    here = posixpath.dirname(output_url(page.path, page.directory_urls) + "x")
    there = output_url(name, page.directory_urls) or "./"
    relative = posixpath.relpath(there, here or ".")
    if there.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return urlunsplit(("", "", relative, parts.query, parts.fragment))


def docs_link(path: str, page: Page) -> str:
    """A file or page of the site, by its path under docs/, as the URL that leads there from
    ``page`` (whatever page its author text was written for)."""
    return site_link(posixpath.relpath(path, posixpath.dirname(page.path) or "."),
                     page._replace(links_from=""))
