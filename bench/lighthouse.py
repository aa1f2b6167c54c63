"""Lighthouse scores of the sample course, served compressed as GitHub Pages serves it.

Builds the sample course into a temporary folder, serves it on 127.0.0.1 with gzip (and
GitHub Pages' ten-minute cache), and runs Lighthouse's default mobile audit (simulated
throttling) on the chapter page and the home page several times, printing the median
performance and accessibility scores, the metrics behind performance, and every audit that
did not pass. Not part of ``make test``: it takes about a minute a run.

Needs the ``lighthouse`` npm package and a Chromium::

    npm install --prefix ~/.cache/coursegen-lighthouse lighthouse
    LIGHTHOUSE=~/.cache/coursegen-lighthouse/node_modules/.bin/lighthouse \\
        CHROME_PATH=/usr/bin/chromium python -m bench.lighthouse
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PAGES = {"chapter": "/chapters/07-continual-improvement/", "home": "/"}
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
           "cumulative-layout-shift", "speed-index")


class _GzipHandler(SimpleHTTPRequestHandler):
    """Static files as GitHub Pages sends them: text gzip-compressed, cached ten minutes."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (not path.is_file() or path.suffix not in COMPRESSED
                or "gzip" not in self.headers.get("Accept-Encoding", "")
                or not self.path.split("?")[0].endswith(("/", *COMPRESSED))):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    """What ``send_head`` returns for ``copyfile``: a readable, closable body."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = (self.data, b"") if size < 0 else (self.data[:size],
                                                            self.data[size:])
        return data

    def close(self) -> None:
        pass


@contextlib.contextmanager
def serving(site: Path) -> Iterator[str]:
    """``site`` served compressed on 127.0.0.1 until the block ends."""
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(_GzipHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def build_sample(folder: Path) -> Path:
    """The sample course built in ``folder``; returns its site folder."""
    for name in ("content", "overrides"):
        shutil.copytree(REPO / name, folder / name)
    shutil.copy2(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    (folder / "docs").mkdir()
    subprocess.run([sys.executable, "-m", "generator", "--project", str(folder), "build"],
                   check=True, capture_output=True)
    return folder / "site"


def audit(lighthouse: str, url: str) -> dict[str, Any]:
    """One Lighthouse run (mobile, the default), as its JSON report."""
    result = subprocess.run(
        [lighthouse, url, "--output=json", "--output-path=stdout", "--quiet",
         "--only-categories=performance,accessibility", f"--chrome-flags={CHROME_FLAGS}"],
        capture_output=True, text=True, check=True,
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")})
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def summary(reports: list[dict[str, Any]]) -> str:
    """Median scores and metrics of the runs, and the audits that did not pass in any."""
    def median(values: list[float]) -> float:
        return statistics.median(values)

    lines = []
    for category in ("performance", "accessibility"):
        scores = [round(r["categories"][category]["score"] * 100) for r in reports]
        lines.append(f"  {category}: {median(scores):.0f} (runs: {scores})")
    for metric in METRICS:
        values = [r["audits"][metric]["numericValue"] for r in reports]
        shown = (f"{median(values):.3f}" if metric == "cumulative-layout-shift"
                 else f"{median(values):.0f} ms")
        lines.append(f"  {metric}: {shown}")
    failing = sorted({f"{name}: {audit['title']}" for r in reports
                      for name, audit in r["audits"].items()
                      if audit.get("scoreDisplayMode") in ("binary", "numeric")
                      and audit.get("score") is not None and audit["score"] < 0.9
                      and any(name in {ref["id"] for ref in r["categories"][c]["auditRefs"]
                                       if ref.get("weight", 0) > 0}
                              for c in ("accessibility", "performance"))})
    lines += [f"  not passed: {item}" for item in failing] or ["  not passed: none"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs a page (median shown)")
    args = parser.parse_args()
    lighthouse = os.environ.get("LIGHTHOUSE") or shutil.which("lighthouse")
    if not lighthouse:
        sys.exit("no lighthouse: see `python -m bench.lighthouse --help` (LIGHTHOUSE=...)")
    with tempfile.TemporaryDirectory() as folder, serving(build_sample(Path(folder))) as url:
        for name, path in PAGES.items():
            reports = [audit(lighthouse, url + path) for _ in range(args.runs)]
            version = reports[0]["lighthouseVersion"]
            print(f"{name} ({path}), Lighthouse {version}, mobile, gzip:")
            print(summary(reports))


if __name__ == "__main__":
    main()
