"""``coursegen serve``: an edit to a chapter's YAML or a template shows up in the served page."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

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


def test_an_edit_reaches_the_served_page(project: Project) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "--project", str(project.root), "serve",
         "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/chapters/{SAMPLE_CHAPTER}/"
    try:
        wait_for(url, "Keeping Services Moving Forward", 60)
        chapter = project.content / f"{SAMPLE_CHAPTER}.yml"
        text = chapter.read_text(encoding="utf-8")
        chapter.write_text(text.replace("Moving Forward", "Moving Onward"), encoding="utf-8")
        wait_for(url, "Keeping Services Moving Onward", 30)
        # A broken save keeps the last good page and says why.
        chapter.write_text(text.replace("answer: C\n", "answer: Z\n"), encoding="utf-8")
        time.sleep(1.5)
        assert "Keeping Services Moving Onward" in (fetch(url) or "")
        # A template override is a source too: saving one changes the pages that use it.
        chapter.write_text(text, encoding="utf-8")
        wait_for(url, "Keeping Services Moving Forward", 30)
        time.sleep(0.5)  # past the regeneration that save started
        (project.overrides / "blocks").mkdir(exist_ok=True)
        (project.overrides / "blocks" / "callout.md").write_text(
            "<p><strong>Overridden: {{ block.callout.title | text }}</strong></p>\n",
            encoding="utf-8")
        wait_for(url, "Overridden: Mindset Shift", 30)
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=30)
    assert "'Z' is not one of the options A–D" in output
    # Only what the author must act on: no banners, no notice repeated on every rebuild.
    for noise in ("end of life", "NO_MKDOCS_2_WARNING", "A 'dirty' build",
                  "not included in the \"nav\""):
        assert noise not in output, noise
    assert fetch(url) is None  # the MkDocs server stopped with it


def test_a_new_chapter_reaches_every_page_navigation(project: Project) -> None:
    """A chapter added while serving appears in the other chapters' navigation and "Next"
    link, not only on its own page and the home page."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "--project", str(project.root), "serve",
         "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/chapters/{SAMPLE_CHAPTER}/"
    try:
        wait_for(url, "Keeping Services Moving Forward", 60)
        assert "Coming Next Chapter" not in (fetch(url) or "")
        result = subprocess.run(
            [sys.executable, "-m", "generator", "--project", str(project.root), "new",
             "chapter", "Coming Next Chapter"], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        wait_for(url, "Coming Next Chapter", 30)  # chapter 7's sidebar and its "Next" link
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=30)
