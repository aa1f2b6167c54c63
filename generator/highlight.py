"""Fenced code with a language, highlighted by Pygments at build time.

The markup is the one Material styles (``<div class="highlight"><pre><span></span><code>``
with Pygments' short classes), so code blocks of author text look like Material's own, in
both palettes, without script. A language Pygments does not know is shown as plain code.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from markupsafe import escape
from pygments.token import STANDARD_TYPES

if TYPE_CHECKING:
    from pygments.formatters import HtmlFormatter
    from pygments.lexer import Lexer

# The classes Pygments writes on its spans: the only class values the sanitizer lets through.
CLASSES = frozenset(name for name in STANDARD_TYPES.values() if name)


# Pygments' lexers and formatters are imported on the first code block: a run that shows
# none (a check renders few pages) does without them (10 ms).
@cache
def _formatter() -> HtmlFormatter[str]:
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(nowrap=True)


@lru_cache(maxsize=256)
def _lexer(language: str) -> Lexer | None:
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


def code_block(code: str, language: str) -> str:
    """``code`` as a highlighted block when Pygments knows ``language``, else plain; the code
    takes keyboard focus, so a long line can be scrolled without a mouse (axe:
    scrollable-region-focusable; Material adds the same with JavaScript)."""
    lexer = _lexer(language.lower()) if language else None
    if lexer is None:
        return f'<pre><code tabindex="0">{escape(code)}</code></pre>\n'
    from pygments import highlight

    spans = highlight(code, lexer, _formatter())
    return ('<div class="highlight"><pre><span></span>'
            f'<code tabindex="0">{spans}</code></pre></div>\n')


def render_fence(self: Any, tokens: Sequence[Any], index: int, options: Any, env: Any) -> str:
    """markdown-it's render rule for fenced and indented code."""
    token = tokens[index]
    info = token.info.strip().split(maxsplit=1) if token.type == "fence" else []
    return code_block(token.content, info[0] if info else "")
