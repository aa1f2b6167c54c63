"""Author text placed in a page: the template filters, one for each place text lands.

A page is Markdown only around the author's text: front matter, headings (which feed the
table of contents) and HTML blocks. Everything an author wrote reaches it through one of
these filters, and templates are autoescaped, so a string that no filter handled is shown
as text, never read as HTML:

- ``md``: Markdown fields, rendered by :mod:`markup` into sanitized HTML blocks;
- ``text``: one-line fields inside HTML, with the page's key-term tooltips: inline Markdown
  rendered (:class:`fields.InlineText`), plain text escaped;
- ``plain``: the same without tooltips (an option's label);
- ``heading``: a one-line field in a Markdown heading, where no character may be Markdown;
- ``attribute``: a one-line field's plain text as an HTML attribute value (alt text);
- ``yaml_string``: the field's plain text for the page's front matter, which MkDocs and
  Zensical put into the HTML head and navigation as it is (:func:`head` escapes the
  navigation's titles).
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

import jinja2
from markupsafe import Markup, escape

from .fields import InlineText
from .formulas import Target
from .markup import Media, clean_text, inline, render, render_lead
from .reading import plain_text
from .tooltips import Tooltips
from .urls import OFF_SITE, Page, docs_link

# Every ASCII character that Markdown or an extension could read as syntax, as an entity.
# (",.:;?-" read as syntax only at the start of a line, where a heading's text never is.)
_PUNCTUATION = {ord(c): f"&#{ord(c)};" for c in "!\"#$%&'()*+/<=>@[\\]^_`{|}~"}


class PageMarkup:
    """How author text is made HTML on one page: its tooltips, where its links start, and
    the media files from content/ it shows."""

    def __init__(self, tooltips: Tooltips | None = None, page: Page = OFF_SITE,
                 media: Media | None = None):
        self.tooltips = tooltips if tooltips is not None else Tooltips()
        self.page = page
        self.media = media or {}

    @property
    def memo_key(self) -> tuple[object, ...]:
        """What the page's HTML depends on besides the text: see :func:`memo.fingerprint`."""
        return self.tooltips.memo_key, self.page, tuple(sorted(self.media.items()))


def one_line(text: str) -> str:
    """``text`` on one line: every run of white space (any line break too) made one space."""
    return " ".join(clean_text(text).split())


def inert(text: str) -> str:
    """``text`` with every ASCII punctuation mark written as an entity: no Markdown parser
    reads syntax in it, and a browser shows it as written."""
    return clean_text(text).translate(_PUNCTUATION)


def head(text: str) -> Markup:
    """Plain text for front matter and navigation titles: one line, HTML-escaped."""
    return escape(one_line(text))


_NO_MARKUP = PageMarkup()


def _markup(context: jinja2.runtime.Context) -> PageMarkup:
    found = context.get("markup")
    return found if isinstance(found, PageMarkup) else PageMarkup()


@jinja2.pass_context
def md(context: jinja2.runtime.Context, text: str, tight: bool = False) -> Markup:
    """A Markdown field as HTML blocks; ``tight``: one paragraph without ``<p>``."""
    page = _markup(context)
    return render(text, page.tooltips, page.page, tight, media=page.media)


def shown(value: str, markup: PageMarkup | None = None, target: Target = "site") -> Markup:
    """A one-line field as HTML for ``target``: inline Markdown rendered, plain text
    escaped; with the tooltips, links and media of ``markup``'s page, or none."""
    markup = markup or _NO_MARKUP
    if isinstance(value, InlineText):
        return inline(one_line(value), markup.tooltips, markup.page, target, markup.media)
    return markup.tooltips.html(one_line(value))


def as_plain(value: str) -> str:
    """What a reader sees of a one-line field, as text for places without markup (the
    navigation, ``<title>``, deck and question names)."""
    return one_line(plain_text(value) if isinstance(value, InlineText) else value)


@jinja2.pass_context
def md_lead(context: jinja2.runtime.Context, text: str, bold: str, *after: str,
            tight: bool = False) -> Markup:
    """A Markdown field as HTML blocks, its first paragraph starting with ``bold`` in bold
    and then each of ``after`` (one-line fields or words of ours, with tooltips):
    "**Correct.** Project delivery – …"."""
    page = _markup(context)
    lead = Markup("<strong>{}</strong>").format(shown(bold, page))
    for piece in after:
        lead += " " + shown(piece, page)
    return render_lead(text, lead, page.tooltips, page.page, tight, page.media)


@jinja2.pass_context
def text(context: jinja2.runtime.Context, value: str) -> Markup:
    """A one-line field inside HTML, on one line, with tooltips."""
    return shown(value, _markup(context))


@jinja2.pass_context
def plain(context: jinja2.runtime.Context, value: str) -> Markup:
    """A one-line field inside HTML where no tooltip belongs (an option's label)."""
    page = _markup(context)
    return shown(value, PageMarkup(page=page.page, media=page.media))


def attribute(value: str) -> Markup:
    """A one-line field as an attribute value (an image's alt text, a frame's title): what
    a reader sees of it, escaped, on one line."""
    return escape(as_plain(value))


class _Inert(HTMLParser):
    """Sanitized HTML written again with every character of its text (and attribute values)
    that Markdown could read as syntax as an entity, for a Markdown heading."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(f"<{tag}" + "".join(f' {name}="{inert(value or "")}"'
                                            for name, value in attrs) + ">")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(inert(data))


@jinja2.pass_context
def heading(context: jinja2.runtime.Context, value: str) -> Markup:
    """A one-line field as the text of a Markdown heading, with tooltips: its HTML with no
    character left that Markdown would read (the heading still feeds the contents)."""
    writer = _Inert()
    writer.feed(shown(value, _markup(context)))
    writer.close()
    return Markup("".join(writer.out))


@jinja2.pass_context
def url(context: jinja2.runtime.Context, path: str) -> str:
    """A page or file of the site, by its path under docs/ (see :mod:`paths`), as the URL
    that leads there from the page being rendered."""
    return docs_link(path, _markup(context).page)


def yaml_string(value: str, before: str = "") -> Markup:
    """A front matter value: ``before`` and the text, escaped, quoted as a JSON string (which
    YAML reads as the same text)."""
    return Markup(json.dumps(str(head(before + as_plain(value))), ensure_ascii=False))


FILTERS = {"md": md, "md_lead": md_lead, "text": text, "plain": plain, "heading": heading,
           "attribute": attribute, "url": url, "yaml_string": yaml_string}
