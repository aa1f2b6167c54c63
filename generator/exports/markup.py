"""Markdown to HTML for the formats that take HTML (Anki card backs, Moodle question text)."""

from __future__ import annotations

import markdown

_MARKDOWN = markdown.Markdown(extensions=["extra"])  # one converter, reset for each text


def to_html(text: str) -> str:
    """``text`` (Markdown) as an HTML fragment."""
    return str(_MARKDOWN.reset().convert(text))
