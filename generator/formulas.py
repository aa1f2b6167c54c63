"""Formulas: the LaTeX an author writes between dollars, as MathML for the site and as TeX
for the exports.

``$…$`` is inline math and ``$$…$$`` display math, read by markdown-it's dollarmath plugin
with pandoc's rule for money: no space after the opening ``$`` nor before the closing one,
and no digit right after the closing one, so "$5 and $10" stays text; ``\\$`` is a dollar.
MathML is built at build time by ``latex2mathml``; browsers lay it out without script, and
screen readers read it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Literal

from markupsafe import escape

Target = Literal["site", "anki", "moodle"]

# The MathML elements and attributes latex2mathml writes: what the sanitizer lets through.
MATHML_TAGS = frozenset({"math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msub", "msup",
           "msubsup", "munder", "mover", "munderover", "mfrac", "msqrt", "mroot", "mstyle",
           "mtable", "mtr", "mtd", "mpadded", "mphantom", "menclose", "merror", "semantics",
           "annotation", "mmultiscripts", "mprescripts", "none"})
MATHML_ATTRIBUTES = frozenset({"display", "xmlns", "mathvariant", "stretchy", "fence", "separator",
                      "lspace", "rspace", "width", "height", "depth", "columnalign",
                      "columnspacing", "rowspacing", "columnlines", "rowlines", "frame",
                      "linethickness", "accent", "accentunder", "displaystyle", "scriptlevel",
                      "minsize", "maxsize", "movablelimits", "symmetric", "notation", "form",
                      "largeop", "encoding"})
# How each export marks a formula for the TeX filter of the program that shows it.
_DELIMITERS: dict[Target, tuple[tuple[str, str], tuple[str, str]]] = {
    "anki": ((r"\(", r"\)"), (r"\[", r"\]")),
    "moodle": ((r"\(", r"\)"), ("$$", "$$")),
}
# latex2mathml keeps a command it does not know as a letter run such as "\alpah".
_UNKNOWN_COMMAND = re.compile(r">(\\[A-Za-z]+)<")
_BRACES = re.compile(r"\\[{}]|[{}]")


class FormulaError(ValueError):
    """A formula that cannot be shown; the message says what to fix."""


def _balanced(latex: str) -> bool:
    depth = 0
    for brace in _BRACES.findall(latex):
        if len(brace) == 1:
            depth += 1 if brace == "{" else -1
            if depth < 0:
                return False
    return depth == 0


@lru_cache(maxsize=4096)  # a formula is checked when its field is read, then rendered
def mathml(latex: str, display: bool) -> str:
    """``latex`` as a MathML ``<math>`` element; :class:`FormulaError` when it is not valid."""
    dollars = "$$" if display else "$"
    shown = dollars + (latex if len(latex) <= 40 else latex[:37] + "...") + dollars
    if not _balanced(latex):
        raise FormulaError(f"the braces {{ }} in the formula {shown} do not pair up")
    import latex2mathml.converter  # 45 ms to import: only for a course that has formulas

    try:
        html: str = latex2mathml.converter.convert(latex, display="block" if display
                                                    else "inline")
    except Exception as exc:  # noqa: BLE001 - latex2mathml raises many kinds, all "invalid"
        name = re.sub(r"(?<!^)(?=[A-Z])", " ", type(exc).__name__).lower()
        raise FormulaError(f"the formula {shown} is not valid LaTeX "
                           f"({name.removesuffix(' error')}); a dollar sign that is not "
                           "math is written \\$") from None
    unknown = _UNKNOWN_COMMAND.search(html)
    if unknown:
        raise FormulaError(f"the formula {shown} uses {unknown.group(1)}, which is not a "
                           "LaTeX command coursegen knows")
    return html


def _site(latex: str, display: bool) -> str:
    try:
        return mathml(latex, display)
    except FormulaError:  # a checked field never gets here; text that was not checked shows
        return str(escape(f"${latex}$"))  # its source, as written


def render_rule(target: Target) -> Any:
    """markdown-it's render rule for the dollarmath plugin's formulas: MathML for the site,
    the target's TeX delimiters (as escaped text) for an export."""

    def rule(self: Any, tokens: Sequence[Any], index: int, options: Any, env: Any) -> str:
        token = tokens[index]
        latex, display = token.content.strip(), token.type != "math_inline"
        if target == "site":
            html = _site(latex, display)
        else:
            start, end = _DELIMITERS[target][display]
            html = str(escape(f"{start}{latex}{end}"))
        return html + "\n" if token.type == "math_block" else html

    return rule
