"""Author text to HTML: the one Markdown parser of coursegen, and the sanitizer after it.

Every Markdown field is parsed here, by markdown-it-py (CommonMark: raw HTML off, so a
``<script>`` in author text is text; links checked against an allow-list of schemes), and
what it produces is cleaned by ``nh3`` (an allow-list of tags, attributes and URL schemes)
as a second wall. Templates place the result in the page as HTML blocks, which MkDocs and
Zensical pass through unchanged, so no other Markdown parser ever reads author text and no
regex guesses how one would. Plain fields are escaped by Jinja's autoescaping, or here when
they carry key-term tooltips. Parsing is linear in the text's length.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup
from mdit_py_plugins.dollarmath import dollarmath_plugin

from . import formulas, highlight
from .formulas import Target
from .media import Shown, media_key
from .tooltips import Tooltips, abbr
from .urls import OFF_SITE, Page, docs_link, site_link

Media = Mapping[str, Shown]  # the media files a page shows, by the path an author wrote
_NO_MEDIA: Media = {}

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# C0 controls (but tab and line feed), DEL and C1 controls are never text a page should carry;
# STX/ETX would also collide with the placeholders Python-Markdown uses around raw HTML.
_CONTROLS: dict[int, str | None] = dict.fromkeys(
    [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)], "\ufffd")
_CONTROLS[0x0D] = None  # a carriage return is dropped: "\r\n" is a line break


def scheme(url: str) -> str | None:
    """The scheme of ``url`` in lower case, or ``None`` for a relative URL."""
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None


def _safe_link(url: str) -> bool:
    return scheme(url) in SAFE_SCHEMES or scheme(url) is None


def make_parser(*, validate: bool, target: Target = "site") -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    # A heading inside a block would fall outside the page's contents; it stays text.
    parser.enable(["table", "strikethrough"]).disable(["heading", "lheading"])
    parser.validateLink = _safe_link if validate else (lambda url: True)  # type: ignore[method-assign]
    # Money is not math: no space inside the dollars, no digit after the closing one.
    dollarmath_plugin(parser, allow_labels=False, allow_space=False, allow_digits=False,
                      allow_blank_lines=False, double_inline=True)
    for kind in ("math_inline", "math_inline_double", "math_block"):  # no wrapper element
        parser.add_render_rule(kind, formulas.render_rule(target))
    parser.add_render_rule("fence", highlight.render_fence)
    parser.add_render_rule("code_block", highlight.render_fence)
    return parser


_RENDERERS: dict[Target, MarkdownIt] = {target: make_parser(validate=True, target=target)
                                        for target in ("site", "anki", "moodle")}
_CLEANER = nh3.Cleaner(
    tags={"a", "abbr", "blockquote", "br", "code", "del", "div", "em", "hr", "img", "li", "ol",
          "p", "pre", "s", "span", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
          *formulas.MATHML_TAGS},
    clean_content_tags={"script", "style"},
    attributes={"a": {"href", "title"}, "abbr": {"title"},
                "img": {"src", "alt", "title", "width", "height", "loading"},
                "ol": {"start"}, "td": {"style"}, "th": {"style"},
                **dict.fromkeys(formulas.MATHML_TAGS, formulas.MATHML_ATTRIBUTES)},
    # Only the classes of highlighted code: an author cannot write a class (raw HTML is off).
    tag_attribute_values={"span": {"class": set(highlight.CLASSES)},
                          "div": {"class": {"highlight"}}, "code": {"tabindex": {"0"}}},
    filter_style_properties={"text-align"},
    url_schemes=set(SAFE_SCHEMES),
    link_rel=None,
    strip_comments=True,
)


def clean_text(text: str) -> str:
    """``text`` without control characters (each made U+FFFD; carriage returns dropped)."""
    return text.translate(_CONTROLS)


def _image(image: Token, page: Page, media: Media) -> Token:
    """An image from content/ shown from its copy on the site (or in an export), with its
    size, loaded when scrolled to; its alt text where a format cannot carry the file (an
    empty ``site_path``); any other image's link made site-relative."""
    found = media.get(media_key(str(image.attrGet("src"))))
    if found is None:
        image.attrSet("src", site_link(str(image.attrGet("src")), page))
        return image
    if not found.site_path:
        return Token("text", "", 0, content=f"[{image.content}]")
    image.attrSet("src", docs_link(found.site_path, page) if page.path else found.site_path)
    if found.width and found.height:
        image.attrSet("width", str(found.width))
        image.attrSet("height", str(found.height))
    image.attrSet("loading", "lazy")
    return image


def _decorate(tokens: list[Token], tooltips: Tooltips, page: Page,
              media: Media = _NO_MEDIA) -> None:
    """Tooltips on the terms of text outside links and code; links made site-relative and
    images shown from the site's copy of their file."""
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        children: list[Token] = []
        in_link = 0
        for child in token.children:
            if child.type == "image":
                child = _image(child, page, media)
            elif child.type == "link_open":
                child.attrSet("href", site_link(str(child.attrGet("href")), page))
            in_link += {"link_open": 1, "link_close": -1}.get(child.type, 0)
            if child.type != "text" or in_link or not tooltips:
                children.append(child)
                continue
            for piece, tip in tooltips.split(child.content):
                if tip is None:
                    children.append(Token("text", "", 0, content=piece))
                else:
                    children.append(Token("html_inline", "", 0, content=abbr(piece, tip)))
        token.children = children


# A line break that is not between two tags: inside text, code or an attribute value.
_TEXT_BREAK = re.compile(r"(?<!>)\n|\n(?!<)")


def _lines_start_with_tags(html: str) -> str:
    """Every line break inside text, code or an attribute written as ``&#10;``, which the
    browser reads as the same character: each line of the HTML then starts with a tag, so
    no line of author text can be read as Markdown by the parser MkDocs runs over the page
    (a fence, a heading, an indented block), and tidying the page's lines changes no code."""
    return _TEXT_BREAK.sub("&#10;", html)


# One line that starts with a letter and holds no character CommonMark gives a meaning to
# there: the parser would make it one paragraph of the same text (tests/test_markup.py
# checks that against the parser), so most fields skip the parse.
PLAIN_LINE = re.compile(r"[^\W\d_][^\\`*_\[\]<>&#~|{}=+$\n\r]*(?<=\S)")
_NO_TOOLTIPS = Tooltips()


def render(text: str, tooltips: Tooltips | None = None, page: Page = OFF_SITE,
           tight: bool = False, target: Target = "site", media: Media = _NO_MEDIA) -> Markup:
    """Author Markdown as sanitized HTML blocks (paragraphs, lists, code, tables, formulas).

    ``tight``: a text of one paragraph comes without ``<p>``, as in a tight list item.
    ``target``: where the HTML goes; formulas are MathML on the site and TeX in an export.
    ``media``: the files from content/ its images show.
    """
    text = clean_text(text)
    if PLAIN_LINE.fullmatch(text):
        html = (tooltips or _NO_TOOLTIPS).html(text)
        html = html if tight else Markup("<p>") + html + Markup("</p>")
        return Markup(_CLEANER.clean(html))  # the same normal form as the parser's output
    return _parsed(text, tooltips, page, tight, target, media)


def parsed(text: str, tooltips: Tooltips | None = None, page: Page = OFF_SITE,
           tight: bool = False) -> Markup:
    """As :func:`render`, always through the parser."""
    return _parsed(clean_text(text), tooltips, page, tight, "site", _NO_MEDIA)


def _parsed(text: str, tooltips: Tooltips | None, page: Page, tight: bool,
            target: Target, media: Media) -> Markup:
    parser = _RENDERERS[target]
    tokens = parser.parse(text)
    if tight and [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]:
        tokens[0].hidden = tokens[2].hidden = True
    return _html(parser, tokens, tooltips, page, media)


def _html(parser: MarkdownIt, tokens: list[Token], tooltips: Tooltips | None, page: Page,
          media: Media) -> Markup:
    """Parsed tokens as sanitized HTML whose every line starts with a tag."""
    _decorate(tokens, tooltips or _NO_TOOLTIPS, page, media)
    html = parser.renderer.render(tokens, parser.options, {})
    return Markup(_lines_start_with_tags(_CLEANER.clean(html).strip()))


def inline(text: str, tooltips: Tooltips | None = None, page: Page = OFF_SITE,
           target: Target = "site", media: Media = _NO_MEDIA) -> Markup:
    """A one-line field's inline Markdown (code, emphasis, links, formulas) as sanitized
    HTML without a paragraph; what starts a block elsewhere ("# ", "- ") stays text."""
    text = clean_text(text)
    if PLAIN_LINE.fullmatch(text):  # most titles and options: escaped text of ours
        return (tooltips or _NO_TOOLTIPS).html(text)
    parser = _RENDERERS[target]
    return _html(parser, parser.parseInline(text), tooltips, page, media)


def render_lead(text: str, lead: Markup, tooltips: Tooltips | None = None,
                page: Page = OFF_SITE, tight: bool = False, media: Media = _NO_MEDIA) -> Markup:
    """As :func:`render`, with ``lead`` (HTML of ours) at the start of the first paragraph."""
    html = render(text, tooltips, page, tight, media=media)
    if tight and not html.startswith("<"):
        return lead + " " + html
    if html.startswith("<p>"):
        return Markup("<p>") + lead + " " + Markup(html[3:])
    return Markup("<p>") + lead + Markup("</p>\n") + html
