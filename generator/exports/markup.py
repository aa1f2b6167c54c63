"""Author text for the formats that take HTML (Anki cards, Moodle XML, GIFT).

Markdown goes through the same parser and sanitizer as the site's pages, with formulas as TeX
in the delimiters the target's own TeX filter reads (:mod:`formulas`); plain text is escaped.
Links stay as written: an export has no site around it. Images from content/ refer to the
files an export carries (:func:`export_media`).
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import escape

from ..escape import PageMarkup, as_plain, shown
from ..formulas import Target
from ..markup import render
from ..media import Shown
from .chapter import ChapterExport

ExportMedia = tuple[tuple[str, Shown], ...]  # by media_key, as an export refers to each file
PLUGINFILE = "@@PLUGINFILE@@/"  # how Moodle XML refers to a file embedded in the question


def export_media(export: ChapterExport, target: Target | None) -> ExportMedia:
    """The chapter's media files as a format refers to them: by file name in an Anki package
    (``anki``), as embedded files in Moodle XML (``moodle``), and, in GIFT (``None``), which
    cannot carry a file, by the image's alt text."""
    prefix = {"anki": "", "moodle": PLUGINFILE}
    return tuple((key, file.shown._replace(
        site_path=prefix[target] + file.shown.site_path.rsplit("/", 1)[-1] if target else ""))
        for key, file in export.media)


@lru_cache(maxsize=8192)  # the Moodle XML, GIFT and Anki files show the same texts
def to_html(text: str, target: Target, media: ExportMedia = ()) -> str:
    """Author Markdown as a sanitized HTML fragment."""
    return str(render(text, target=target, media=dict(media)))


# As to_html; typed, as the text's type (inline Markdown or plain) decides its HTML.
@lru_cache(maxsize=8192, typed=True)
def line_html(text: str, target: Target, media: ExportMedia = ()) -> str:
    """A one-line field (a title, an option) as HTML on one line: its inline Markdown
    rendered, or plain text escaped."""
    return str(shown(text, PageMarkup(media=dict(media)), target))


def plain_html(text: str) -> str:
    """What a reader sees of a one-line field, as HTML-escaped text (a name, a matching
    answer: places that take no markup)."""
    return str(escape(as_plain(text)))
