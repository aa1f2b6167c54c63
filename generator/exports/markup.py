"""Author text for the formats that take HTML (Anki cards, Moodle XML, GIFT).

Markdown goes through the same parser and sanitizer as the site's pages; plain text is
escaped. Links stay as written: an export has no site around it.
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import escape

from ..escape import one_line
from ..markup import render


@lru_cache(maxsize=8192)  # the Moodle XML, GIFT and Anki files show the same texts
def to_html(text: str) -> str:
    """Author Markdown as a sanitized HTML fragment."""
    return str(render(text))


def plain_html(text: str) -> str:
    """A plain field (a title, an option) as HTML text, on one line."""
    return str(escape(one_line(text)))
