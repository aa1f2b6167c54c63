"""What author Markdown may not contain: script, active HTML and dangerous link schemes.

Other raw HTML is harmless and shown as text (see :mod:`escape`); these are refused with a
message instead, so the author learns at once that they will not work.
"""

from __future__ import annotations

import html
import re

_CODE = re.compile(r"(`+).+?(?<!`)\1(?!`)|^\s*(`{3,}|~{3,}).*?^\s*\2", re.S | re.M)
_ACTIVE_TAG = re.compile(
    r"<\s*/?\s*(script|iframe|frame|frameset|object|embed|applet|style|link|meta|base|form|"
    r"svg|math|template)\b", re.I)
_EVENT_HANDLER = re.compile(r"<[a-z][^>]*?\s(on[a-z]+)\s*=|\{[^}\n]*?\b(on[a-z]+)\s*=", re.I)
_LINK_TARGETS = re.compile(
    r"\]\(\s*<?([^)\s>]*)|^\s{0,3}\[[^\]\n]+\]:\s*<?(\S*)|<([a-z][a-z0-9+.\-]*:[^>\s]*)>",
    re.I | re.M)
_SAFE_SCHEMES = {"http", "https", "mailto", "tel", "ftp"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.I)


def link_targets(text: str) -> list[str]:
    """Targets of the Markdown links, images and autolinks in ``text`` (outside code)."""
    prose = _CODE.sub(" ", text)
    return [next(g for g in match.groups() if g is not None)
            for match in _LINK_TARGETS.finditer(prose)]


def _scheme(target: str) -> str | None:
    # Browsers ignore entities, white space and control characters inside a scheme.
    cleaned = re.sub(r"[\s\x00-\x1f]", "", html.unescape(target))
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def unsafe(text: str) -> str | None:
    """Why ``text`` is refused, or ``None`` when it is safe to render."""
    prose = _CODE.sub(" ", text)
    tag = _ACTIVE_TAG.search(prose)
    if tag:
        return (f"raw HTML <{tag.group(1).lower()}> is not allowed; write Markdown (to show "
                "code, put it in `backticks`)")
    handler = _EVENT_HANDLER.search(prose)
    if handler:
        name = (handler.group(1) or handler.group(2)).lower()
        return f"event handler '{name}=' is not allowed; write Markdown"
    for target in link_targets(text):
        scheme = _scheme(target)
        if scheme and scheme not in _SAFE_SCHEMES:
            return (f"link scheme '{scheme}:' is not allowed; links may use http, https, mailto "
                    "or a relative path")
    return None
