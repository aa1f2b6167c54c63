"""Second looks at a YAML file, for what composing it leaves no trace of: anchors and
aliases (refused), items of a one-line list that a comma may have split (a warning), and
what a syntax error most likely means."""

from __future__ import annotations

import re
from collections.abc import Iterable

import yaml

from .errors import Problem

MAX_ALIAS_MESSAGES = 10
# An anchor is "&" then a name, after white space or a flow indicator; "Q&A" and "A & B"
# never are. Only a file where this matches is parsed again for its anchors.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]")


def maybe_anchor(text: str) -> bool:
    """Whether ``text`` may hold an anchor (if not, :func:`anchor_problems` finds none)."""
    return _MAYBE_ANCHOR.search(text) is not None


def anchor_problems(events: Iterable[yaml.Event], file: str) -> list[Problem]:
    """One problem per anchor (``&name``) and alias (``*name``) among a file's parse
    ``events`` (the composer resolves them and keeps no trace)."""
    found = [(f"alias '*{e.anchor}'" if isinstance(e, yaml.AliasEvent) else
              f"anchor '&{e.anchor}'", e.start_mark)
             for e in events
             if isinstance(e, yaml.NodeEvent) and e.anchor is not None
             and e.start_mark is not None]
    problems = [Problem(file, mark.line + 1, mark.column + 1,
                        f"{name}: anchors and aliases are not supported; write the value out "
                        "where it is needed")
                for name, mark in found[:MAX_ALIAS_MESSAGES]]
    if len(found) > MAX_ALIAS_MESSAGES:
        mark = found[MAX_ALIAS_MESSAGES][1]
        problems.append(Problem(file, mark.line + 1, mark.column + 1,
                                f"and {len(found) - MAX_ALIAS_MESSAGES} more anchors and "
                                "aliases like these"))
    return problems


_PAIRS = {")": "(", "]": "[", "}": "{", "»": "«", "”": "“", "’": "‘"}


def unbalanced(node: yaml.Node) -> bool:
    """Whether a plain scalar opens a bracket or quote it does not close, or the reverse."""
    if not isinstance(node, yaml.ScalarNode) or node.style:  # quoted: its commas are text
        return False
    depth = dict.fromkeys(_PAIRS.values(), 0)
    for char in node.value:
        if char in depth:
            depth[char] += 1
        elif char in _PAIRS:
            depth[_PAIRS[char]] -= 1
    return any(depth.values()) or node.value.count('"') % 2 == 1


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def syntax_hint(lines: list[str], line: int, column: int, problem: str) -> str:
    """What to do about the YAML syntax error at ``line``, ``column`` (from 0), or ``""``."""
    here = lines[line] if line < len(lines) else ""
    above = next((lines[n] for n in range(line - 1, -1, -1)
                  if lines[n].strip() and not lines[n].lstrip().startswith("#")), "")
    if "mapping values are not allowed" in problem and ": " in here[:column].lstrip(" -"):
        return ("; the text after the key contains ': ', which YAML reads as another key: put "
                "the whole text in quotes")
    if ("mapping values are not allowed" in problem or "did not find expected" in problem) \
            and above and _indent(here) != _indent(above):
        return (f"; check the indentation: line {line + 1} starts at column "
                f"{_indent(here) + 1}, the line above at column {_indent(above) + 1} (keys of "
                "one mapping start at the same column)")
    return ""
