"""Every line of the reference chapter appears on the built chapter page."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

SEED = Path(__file__).parent / "data" / "seed-chapter-07.txt"

# Lines of the export that are interface chrome; the templates print their own labels.
CHROME = {
    "Show Answer": "Show answer",
    "Answers (do not peek first):": None,  # each answer sits behind its own "Show answer"
}


def normalize(line: str) -> str:
    """Drop list markers ("- ", "1) ") that the page shows as list structure, collapse spaces."""
    line = re.sub(r"^- ", "", line.strip())
    line = re.sub(r"(^|\s)\d\) ", r"\1", line)
    return " ".join(line.split())


def test_every_seed_line_is_on_the_page(chapter_html: BeautifulSoup) -> None:
    page = " ".join(chapter_html.select_one("article").get_text().replace("¶", "").split())
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) == 140
    missing = []
    for line in lines:
        expected = CHROME.get(line, line) if line in CHROME else line
        if expected is not None and normalize(expected) not in page:
            missing.append(line)
    assert not missing, "seed lines missing from the page:\n" + "\n".join(missing)


def test_normalize_keeps_the_words() -> None:
    assert normalize("- Then check the answers below.") == "Then check the answers below."
    assert normalize("steps: 1) What is it? 2) Where?") == "steps: What is it? Where?"
    assert normalize("Answer: C) To ensure") == "Answer: C) To ensure"
