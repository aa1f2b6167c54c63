"""Render step: the validated course to pages, through the templates of :mod:`jinja`.

Each template gets the values it shows and a :class:`escape.PageMarkup` (the page's
tooltips and where its links start), which the filters of :mod:`escape` use to place author
text in the page.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from functools import partial
from itertools import groupby
from pathlib import Path
from typing import cast

import jinja2

from .book import book_part
from .chapter_file import ChapterSource
from .course import CourseContent
from .escape import PageMarkup
from .glossary import Entry, by_page, card_definitions
from .jinja import environment, templates_digest
from .media import Shown
from .memo import Lazy, Memo, digest, fingerprint
from .pages import Deferred, HeadingIds, Pages
from .paths import (
    BOOK,
    COURSE_FILE,
    GLOSSARY,
    HANDOUT_KINDS,
    HOME,
    chapter_page,
    handout_page,
    take_away,
)
from .recall import Recall
from .terms import tokens
from .tooltips import Tooltips
from .urls import Page
from .used_media import block_media
from .views import ChapterRef, ChapterSlot, GlossaryRow, Tooltip, chapter_slots, course_parts
from .write import Generated, InPlace


def _home_text(content: CourseContent) -> str:
    chapters = [(c.facts.title, c.facts.summary, *c.facts.objectives)
                for c in content.chapters]
    return "\n".join([content.course.title, content.course.description,
                      *(text for group in chapters for text in group)])


def _used_on(content: CourseContent, text: str) -> list[Tooltip]:
    """The glossary entries whose term or an alias appears in ``text``, as tooltips."""
    found, tokens_of = content.names.found_in(tokens(text)), content.names.tokens
    return [Tooltip(tuple(e.names), e.definition) for e in content.glossary
            if any(tokens_of[n] in found for n in e.names)]


def _by_letter(glossary: list[GlossaryRow]) -> list[tuple[str, list[GlossaryRow]]]:
    def letter(entry: GlossaryRow) -> str:
        first = entry.term[:1].upper()
        return first if first.isalpha() else "#"

    return [(key, list(group)) for key, group in groupby(glossary, key=letter)]


def render_chapter(env: jinja2.Environment, content: CourseContent, source: ChapterSource,
                   slots: list[ChapterSlot] | None = None,
                   terms: dict[str, list[Entry]] | None = None, *,
                   pages: Pages | None = None, page: str | None = None,
                   start: int = 0) -> Generated:
    """The Markdown page of one chapter; its tooltips are the course terms it uses.

    With ``page`` (:data:`paths.BOOK`), the chapter as a part of that page (at ``start``;
    see :func:`book.book_part`), without progress, its ids its own, its links leading where
    they lead from the chapter page.

    Besides the chapter, a page shows the titles of its prerequisites, its tooltips and the
    definitions its key-term flashcards show; with ``pages`` of an earlier run, it is
    rendered again only when one of those (or the chapter, course or templates) changed.
    """
    slots = slots if slots is not None else chapter_slots(content)
    terms = terms if terms is not None else by_page(content.glossary)
    prerequisites = {number: slots[number - 1] for number in source.facts.prerequisites}
    tooltips = [Tooltip(tuple(e.names), e.definition) for e in terms.get(source.slug, [])]
    pages = pages or Pages(env, (), Memo())
    own_page = chapter_page(source.slug)
    shown = {key: file.shown for key, file in content.media.get(source.slug, {}).items()}
    media = Lazy(("block media", source.file, source.digest, fingerprint(shown), bool(page)),
                 partial(_block_media, source, shown, bool(page)))
    return pages.render(
        "chapter.md", (source.file,), at=(f"docs/{page or own_page}", start if page else None),
        finish=Lazy(("book part", fingerprint(content.book_headings), source.facts.number),
                    partial(book_part, style=content.book_headings,
                            number=source.facts.number)) if page else None,
        course=content.course, chapter=_chapter(source),
        slug=source.slug, book=page is not None,
        take_away=take_away(source.slug), slots=prerequisites,
        definitions=card_definitions(content, source.facts),
        media=media, markup=_markup(content, page or own_page, tooltips,
                                    links_from=own_page if page else "", slug=source.slug))


def _chapter(source: ChapterSource) -> Lazy:
    """The chapter's model for a template, loaded only if the page is rendered."""
    return Lazy(("chapter", source.file, source.digest), lambda: source.chapter)


def _block_media(source: ChapterSource, shown: dict[str, Shown], book: bool
                 ) -> dict[str, dict[str, Shown | int | None]]:
    media = block_media(source.chapter, shown)
    if book:  # on the whole-course page, block ids start with the chapter's (chapter.md)
        return {f"c{source.facts.number}-{key}": item for key, item in media.items()}
    return media


def _markup(content: CourseContent, page: str, tooltips: Sequence[Tooltip] = (),
            links_from: str = "", slug: str = "") -> PageMarkup:
    """How author text is made HTML on ``page``; with the ``slug`` of a chapter, its images
    show the media files it uses."""
    media = {key: file.shown for key, file in content.media.get(slug, {}).items()}
    return PageMarkup(Tooltips(tooltips), Page(page, links_from, content.directory_urls,
                                               to_source=content.engine == "zensical"), media)


def _markup_using(content: CourseContent, page: str, text: str) -> Lazy:
    """The markup of ``page``, whose tooltips are the course terms ``text`` uses: a search
    of the whole course's names, done only if the page is rendered."""
    key = ("markup using", page, digest(text), content.terms_digest, content.directory_urls,
           content.engine)
    return Lazy(key, lambda: _markup(content, page, _used_on(content, text)))


def _handout(content: CourseContent, pages: Pages, source: ChapterSource, kind: str) -> Generated:
    # The author's links are relative to the chapter page, wherever a handout is.
    return pages.render(f"handout_{kind}.md", (source.file,),
                        at=(f"docs/{handout_page(source.slug, kind)}", None),
                        course=content.course, chapter=_chapter(source),
                        markup=_markup(content, handout_page(source.slug, kind),
                                       links_from=chapter_page(source.slug), slug=source.slug))


def _text(part: Generated) -> str:
    """A part of the whole-course page: text, as only a whole file is ever found in place
    (or, in a check, a :class:`Deferred`, which is never read as text)."""
    assert not isinstance(part, InPlace), part
    return part


def _deferred(page: Callable[[], Generated]) -> Generated:
    """A page of a check (which :class:`Pages` defers), not even asked for until a link
    needs its heading ids."""
    return Deferred(lambda: cast(Deferred, page()).ids)  # type: ignore[return-value]


def _home(content: CourseContent, pages: Pages, slots: list[ChapterSlot]) -> Generated:
    return pages.render("home.md", (f"content/{COURSE_FILE}",), at=(f"docs/{HOME}", None),
                        course=content.course, parts=course_parts(content, slots),
                        book_page=BOOK if content.chapters else None,
                        markup=_markup_using(content, HOME, _home_text(content)))


def _glossary(content: CourseContent, pages: Pages) -> Generated:
    refs = {source.slug: ChapterRef.of(source) for source in content.chapters}
    rows = [GlossaryRow(e.term, e.definition, tuple(e.also), refs[e.defined_in.slug],
                        tuple(refs[u.slug] for u in e.used_in)) for e in content.glossary]
    # Each definition shows beside its term, so the page's tooltips are only the terms
    # that definitions use (all the course's names would make a huge, slow page).
    return pages.render(
        "glossary.md", ("the key terms of every chapter", "Edit those, not this page."),
        at=(f"docs/{GLOSSARY}", None), course=content.course,
        # Keyed by a digest: every term with every chapter that uses it is a large key.
        letters=Lazy(("glossary rows", digest(repr(rows))), partial(_by_letter, rows)),
        markup=_markup_using(content, GLOSSARY,
                             "\n".join(e.definition for e in content.glossary)))


def _book_top(content: CourseContent, pages: Pages, preview: bool) -> Generated:
    return pages.render("book.md", (f"content/{COURSE_FILE} and every chapter",),
                        at=(f"docs/{BOOK}", 0), course=content.course, preview=preview,
                        chapters=[ChapterRef.of(source) for source in content.chapters],
                        markup=_markup(content, BOOK))


def render_course(content: CourseContent, overrides: Path | None = None,
                  memo: Memo | None = None, *, book: bool = True,
                  preview: bool = False, ids: HeadingIds | None = None,
                  recall: Recall | None = None, chapters: Collection[str] | None = None
                  ) -> dict[str, Generated]:
    """Every generated page, as Markdown keyed by its path under docs/; without ``book``,
    all but the whole-course page, of which only its own template is rendered (its chapters
    are the chapter pages rendered a second time, and hold no link of their own to check).
    With ``preview`` (``coursegen serve``), the whole-course page is its top only, its list
    of chapters linked to their pages: with every chapter, each save would rewrite it and
    the engine build it again (at 500 chapters, a 14 MB page: seconds, not a reload).

    With a ``memo`` from an earlier run, pages whose inputs are unchanged are not rendered
    again; with ``ids`` or a ``recall`` from an earlier process, neither (see :class:`Pages`).
    With ``chapters`` (slugs), only those chapters' pages, not the course's own (see
    :mod:`prerender`).
    """
    memo = memo or Memo()
    env_key = ("environment", str(overrides), templates_digest(overrides), content.digest)
    # Compiled templates are kept too: compiling them takes longer than rendering a chapter.
    pages = Pages(memo.get(env_key, partial(environment, overrides, content.labels)), env_key,
                  memo, ids, recall)
    # A check asks for a page only when a link leads to it: not even what it is handed is
    # made before (a third of a check after an edit, at 1000 chapters).
    later = ids is not None and ids.on_demand

    def made(page: Callable[[], Generated]) -> Generated:
        return _deferred(page) if later else page()

    slots = chapter_slots(content)
    own = chapters is None  # the course's own pages too
    rendered = {HOME: made(partial(_home, content, pages, slots))} if own else {}
    if own and content.glossary:
        rendered[GLOSSARY] = made(partial(_glossary, content, pages))
    whole = [_text(made(partial(_book_top, content, pages, preview)))] if own else [""]
    parts = book and not preview  # in print, each chapter starts a new page (book.py)
    end = len(whole[0]) + 1 if parts else 0  # where the next part of the page starts
    terms = by_page(content.glossary)
    for source in [s for s in content.chapters if chapters is None or s.slug in chapters]:
        rendered[chapter_page(source.slug)] = made(partial(
            render_chapter, pages.env, content, source, slots, terms, pages=pages))
        if parts:
            whole.append(_text(render_chapter(pages.env, content, source, slots, terms,
                                              pages=pages, page=BOOK, start=end)))
            end += len(whole[-1]) + 1
        for kind in HANDOUT_KINDS:
            rendered[handout_page(source.slug, kind)] = made(
                partial(_handout, content, pages, source, kind))
    if content.chapters and book and own:
        rendered[BOOK] = "\n".join(whole)
    return rendered
