"""Author text made safe to place inside generated Markdown.

Templates pass every author string through one of these filters. :func:`markdown_text`
keeps Markdown working but stops text from leaving its block: raw HTML, a line that would
open an admonition or make a heading, attribute lists and snippet includes all stay text.
:func:`plain_text` shows a string exactly as written, with no Markdown at all.
"""

from __future__ import annotations

import html
import re

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
# Code spans and autolinks (<https://example.org>) become inline HTML with their text
# escaped: a "</div>" inside backticks must not close an HTML block the page is built from.
_KEEP = re.compile(r"(?P<ticks>`+)(?P<code>.+?)(?<!`)(?P=ticks)(?!`)"
                   r"|<(?P<url>(?:https?|mailto|ftp):[^<>\s]+)>", re.S)
# Line starts that Python-Markdown or pymdown-extensions read as a new block, also where
# they follow list markers or quote marks ("- # x" is a heading inside a list item).
_CONTAINERS = r"(?:\s*(?:>|[-*+](?=\s)|\d{1,9}[.)](?=\s)))*\s*"
_BLOCK_START = re.compile(rf"^({_CONTAINERS})(\?\?\?|!!!|///|#|\*\[)")
_BLOCK_ESCAPES = {"???": "&#63;??", "!!!": "&#33;!!", "///": "&#47;//", "#": "\\#", "*[": "\\*["}
# A line of = or - under a paragraph turns the paragraph into a heading (setext style).
_UNDERLINE = re.compile(rf"^({_CONTAINERS})([=-])(\2*\s*)$")
_INLINE_ESCAPES = str.maketrans({"<": "&lt;", "{": "\\{", "}": "\\}"})
# An "&" that starts no complete entity is written &amp;: an unfinished "&#" makes the HTML
# parser Markdown runs over the page hold back the rest of the page as text.
_BARE_AMPERSAND = re.compile(r"&(?!#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
_PLAIN_ESCAPES = str.maketrans(
    {**{c: "\\" + c for c in "\\`*_[]{}#|!"},
     "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;"})


def _as_html(span: re.Match[str]) -> str:
    if span.group("url"):
        url = html.escape(span.group("url"))
        return f'<a href="{url}">{url}</a>'
    code = span.group("code")
    if code.startswith(" ") and code.endswith(" ") and code.strip():
        code = code[1:-1]  # as Markdown does: `` ` `` shows a backtick
    return f"<code>{html.escape(code, quote=False)}</code>"


def _escape_text(text: str) -> str:
    return _BARE_AMPERSAND.sub("&amp;", text).translate(_INLINE_ESCAPES)


def _escape_outside_code(line: str) -> str:
    parts, last = [], 0
    for span in _KEEP.finditer(line):
        parts.append(_escape_text(line[last:span.start()]))
        parts.append(_as_html(span))
        last = span.end()
    parts.append(_escape_text(line[last:]))
    return "".join(parts)


def _fenced_lines(lines: list[str]) -> set[int]:
    """Indexes of lines inside closed code fences (an unclosed fence is no fence)."""
    inside: set[int] = set()
    start, fence = -1, ""
    for index, line in enumerate(lines):
        if fence and line.strip().startswith(fence):
            inside.update(range(start, index + 1))
            fence = ""
        elif not fence and (opening := _FENCE.match(line)):
            start, fence = index, opening.group(1)
    return inside


def markdown_text(text: str) -> str:
    """Author Markdown, stripped, with every construct that could escape its block defused."""
    lines = text.strip().splitlines()
    fenced = _fenced_lines(lines)
    return "\n".join(
        line if index in fenced else _escape_outside_code(_escape_block_start(line))
        for index, line in enumerate(lines))


def _escape_block_start(line: str) -> str:
    line = _BLOCK_START.sub(lambda m: m.group(1) + _BLOCK_ESCAPES[m.group(2)], line)
    return _UNDERLINE.sub(lambda m: m.group(1) + f"&#{ord(m.group(2))};" + m.group(3), line)


def one_line(text: str) -> str:
    """``text`` on one line: every run of white space (any line break too) made one space."""
    return " ".join(text.split())


def plain_text(text: str) -> str:
    """A one-line string shown literally: Markdown and HTML characters are escaped."""
    return one_line(text).translate(_PLAIN_ESCAPES)
