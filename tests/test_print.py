"""Printing, as Chromium prints to PDF: pages that read like a book (no card, question or
flashcard split across pages, headings kept with what follows them)."""

from __future__ import annotations

import io
from typing import Any

import pytest

from . import test_browser
from .test_browser import CHAPTER, SAMPLE, blocks, open_scriptless

pytestmark = pytest.mark.browser
# The browser and the served sample site of the JavaScript-off tests, shared.
browser, site_url = test_browser.browser, test_browser.site_url


def printed_pages(page: Any) -> list[str]:
    """The text of each printed A4 page, on one line, as pypdf reads it."""
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    return [" ".join(p.extract_text().split()).replace("- ", "-") for p in pdf.pages]


def page_of(pages: list[str], text: str) -> int:
    found = [number for number, page in enumerate(pages) if text in page]
    assert found, text
    return found[0]


def first_words(text: str, count: int = 5) -> str:
    return " ".join(text.split()[:count])


def test_printed_chapter_keeps_cards_and_headings_whole(browser: Any, site_url: str) -> None:
    page = open_scriptless(browser, site_url + CHAPTER)
    pages = printed_pages(page)
    cards = [card for deck in blocks("cards") for card in deck]
    assert cards
    for card in cards:  # the title and the text's first and last words on one page
        title = page_of(pages, card["title"])
        assert page_of(pages, first_words(card["text"])) == title, card["title"]
        assert page_of(pages, " ".join(card["text"].split()[-4:])) == title, card["title"]
    # Each section heading, and the first words of the first block after it (past its lead-in
    # text and any subheading): both on one page.
    page.emulate_media(media="print")
    starts = page.evaluate("""() => [...document.querySelectorAll('article h2')].map(h => {
        let next = h.nextElementSibling;
        while (next && next.matches('p, ul, ol, h3, h4')) next = next.nextElementSibling;
        const line = next ? next.innerText.trim().split('\\n')[0] : '';
        return [h.innerText.trim(), line.split(' ').slice(0, 5).join(' ')];
    })""")
    assert len(starts) == len(SAMPLE["sections"]) + 1  # and the key terms
    # Card text at 11pt (Material prints body text at 10pt).
    sizes = page.locator("article .grid.cards li p").evaluate_all(
        "ps => ps.map(p => parseFloat(getComputedStyle(p).fontSize))")
    assert sizes and min(sizes) >= 14.6
    for heading, block in starts:  # (pypdf's text order need not be the page's)
        assert any(heading in text and block in text for text in pages), f"{heading} / {block}"
    page.context.close()
