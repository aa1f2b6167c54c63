"""Author text made safe to place inside generated Markdown.

Templates pass every author string through one of these filters. :func:`markdown_text`
keeps Markdown working but stops text from leaving its block: raw HTML, a line that would
open an admonition or make a heading, attribute lists and snippet includes all stay text.
:func:`plain_text` shows a string exactly as written, with no Markdown at all.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
# Code spans, and autolinks such as <https://example.org>, pass through unescaped.
_KEEP = re.compile(r"(`+).+?(?<!`)\1(?!`)|<(?:https?|mailto|ftp):[^<>\s]+>", re.S)
# Line starts that Python-Markdown or pymdown-extensions read as a new block, also where
# they follow list markers or quote marks ("- # x" is a heading inside a list item).
_CONTAINERS = r"(?:\s*(?:>|[-*+](?=\s)|\d{1,9}[.)](?=\s)))*\s*"
_BLOCK_START = re.compile(rf"^({_CONTAINERS})(\?\?\?|!!!|///|#|\*\[)")
_BLOCK_ESCAPES = {"???": "&#63;??", "!!!": "&#33;!!", "///": "&#47;//", "#": "\\#", "*[": "\\*["}
# A line of = or - under a paragraph turns the paragraph into a heading (setext style).
_UNDERLINE = re.compile(rf"^({_CONTAINERS})([=-])(\2*\s*)$")
_INLINE_ESCAPES = str.maketrans({"<": "&lt;", "{": "\\{", "}": "\\}"})
_PLAIN_ESCAPES = str.maketrans(
    {**{c: "\\" + c for c in "\\`*_[]{}#|!"},
     "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;"})


def _escape_outside_code(line: str) -> str:
    parts, last = [], 0
    for span in _KEEP.finditer(line):
        parts.append(line[last:span.start()].translate(_INLINE_ESCAPES))
        parts.append(span.group())
        last = span.end()
    parts.append(line[last:].translate(_INLINE_ESCAPES))
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
