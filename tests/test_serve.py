"""``coursegen serve``: an edit to a chapter's YAML or a template shows up in the served page."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from bs4 import BeautifulSoup

from generator.banner import banner, with_banner
from generator.errors import Problem
from generator.project import Project

from .conftest import SAMPLE_CHAPTER


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, seconds: float) -> float:
    """Poll ``url`` until it contains ``text``; returns the seconds it took."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        page = fetch(url)
        if page is not None and text in page:
            return time.monotonic() - start
        time.sleep(0.1)
    raise AssertionError(f"{text!r} did not appear at {url} within {seconds} s")


def problems_banner(page: str) -> list[str]:
    """The text of the preview's error banner on ``page``, if it has one."""
    article = BeautifulSoup(page, "html.parser").select_one("article")
    assert article is not None
    return [" ".join(block.get_text(" ").split())
            for block in article.select(".coursegen-problems")]


class Served:
    """``coursegen serve`` on a project, at the URL of its sample chapter; ``output`` is
    what it printed, once it has stopped."""

    def __init__(self, project: Project, engine: str) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}/chapters/{SAMPLE_CHAPTER}/"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "--project", str(project.root), "serve",
             "--engine", engine, "--dev-addr", f"127.0.0.1:{port}"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.output = ""

    def __enter__(self) -> Served:
        try:
            wait_for(self.url, "Keeping Services Moving Forward", 60)
        except BaseException:
            self.__exit__()  # a server that never came up is stopped too
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.output, _ = self.process.communicate(timeout=30)


def test_an_edit_reaches_the_served_page(project: Project, engine: str) -> None:
    with Served(project, engine) as served:
        url = served.url
        chapter = project.content / f"{SAMPLE_CHAPTER}.yml"
        text = chapter.read_text(encoding="utf-8")
        chapter.write_text(text.replace("Moving Forward", "Moving Onward"), encoding="utf-8")
        wait_for(url, "Keeping Services Moving Onward", 30)
        # A broken save keeps the last good page and says why, in a banner at its top.
        chapter.write_text(text.replace("answer: C\n", "answer: Z\n").replace(
            "Moving Forward", "Moving Sideways"), encoding="utf-8")
        wait_for(url, "coursegen-problems", 30)
        banner = problems_banner(fetch(url) or "")
        line = text[:text.index("answer: C\n")].count("\n") + 1
        assert banner == [f"Not updated: this preview shows the last valid version. Fix these "
                          f"problems and save again: content/{SAMPLE_CHAPTER}.yml:{line}:21 "
                          "sections[6].blocks[0].quiz[0].answer: 'Z' is not one of the options "
                          "A–D"]
        assert "Keeping Services Moving Onward" in (fetch(url) or "")
        # A template override is a source too: saving one changes the pages that use it.
        chapter.write_text(text, encoding="utf-8")
        wait_for(url, "Keeping Services Moving Forward", 30)
        assert problems_banner(fetch(url) or "") == []  # gone with the valid save
        time.sleep(0.5)  # past the regeneration that save started
        (project.overrides / "blocks").mkdir(exist_ok=True)
        (project.overrides / "blocks" / "callout.md").write_text(
            "<p><strong>Overridden: {{ block.callout.title | text }}</strong></p>\n",
            encoding="utf-8")
        wait_for(url, "Overridden: Mindset Shift", 30)
    assert "'Z' is not one of the options A–D" in served.output
    # Only what the author must act on: no banners, no notice repeated on every rebuild.
    for noise in ("end of life", "NO_MKDOCS_2_WARNING", "A 'dirty' build",
                  "not included in the \"nav\""):
        assert noise not in served.output, noise
    assert fetch(url) is None  # the engine's server stopped with it
    assert sorted(p.name for p in project.root.iterdir()) == sorted(
        [".coursegen.lock", "content", "docs", "mkdocs.coursegen.yml", "mkdocs.yml",
         "overrides", *([".cache", ".site-serve"] if engine == "zensical" else [])])


def test_a_new_chapter_reaches_every_page_navigation(project: Project, engine: str) -> None:
    """A chapter added while serving appears in the other chapters' navigation and "Next"
    link, not only on its own page and the home page."""
    with Served(project, engine) as served:
        assert "Coming Next Chapter" not in (fetch(served.url) or "")
        result = subprocess.run(
            [sys.executable, "-m", "generator", "--project", str(project.root), "new",
             "chapter", "Coming Next Chapter"], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        wait_for(served.url, "Coming Next Chapter", 30)  # chapter 7's sidebar and "Next"


def test_the_banner_escapes_messages_and_replaces_an_earlier_one() -> None:
    front_matter = "---\n# Generated by coursegen from x.yml.\ntitle: T\n---\n\n# T\n"
    comment = "<!-- Generated by coursegen from x.yml. -->\n\n# T\n"
    for page in (front_matter, comment):
        first = with_banner(page, banner([Problem("content/a.yml", 1, 2, "<b>bad</b>")], "Fix:"))
        assert "<code>content/a.yml:1:2</code> &lt;b&gt;bad&lt;/b&gt;" in first
        header = page[:page.index("\n\n")]  # the front matter, or the header comment
        assert first.startswith(header + "\n\n<div class=\"admonition failure coursegen-")
        second = with_banner(first, banner([Problem("content/b.yml", 3, 4, "worse")], "Fix:"))
        assert second.count("coursegen-problems") == 1 and "content/a.yml" not in second
        assert second.endswith("\n# T\n")
