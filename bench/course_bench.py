"""How fast coursegen is at course sizes of 14 to 1000 chapters, against the floor.

Synthesizes courses whose chapters are the sample chapter (every block kind, the same text
length) under new numbers and key terms, in parts of ten chapters, then prints a table of
medians:

1. the generator alone (load + validate + render + write) per chapter, and bare
   ``yaml.compose`` with libyaml on the same files, as a ratio;
2. ``coursegen check`` of the whole course, from nothing (``--no-cache``), with the build
   cache of the same inputs (unchanged), and after a body edit of one chapter;
3. ``coursegen build --no-site`` the same three ways: what a new process spends before it
   hands over to the site engine;
4. ``coursegen build --no-cache`` against ``mkdocs build`` of the already generated
   Markdown (overhead);
5. save-to-reload of ``coursegen serve`` after a body edit of one chapter (14 and 500), and
   the generator's part of it (regenerating in a running process);
6. ``coursegen build`` against a flat ``mkdocs build`` of the same pages, every chapter in
   one list (what the course's parts and navigation pruning replace);
7. the peak memory (max RSS) of each;
8. then, in a second table, the same course built with Zensical: ``coursegen build --engine
   zensical`` (cold: no Zensical cache; and again, with the cache of the build before)
   against ``mkdocs build`` of the already generated Markdown (the target: below it),
   ``zensical build`` of the generated Markdown alone, and save-to-reload of ``coursegen
   serve --engine zensical``.

Run with ``make bench``; it takes a few minutes. ``--sizes 14,100`` for a quick look.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "content" / "07-continual-improvement.yml"
RUNS = 3
PART_SIZE = 10
EDIT = (r"Mindset (Shift|Change \w+)", "Mindset Change {run}")  # a body edit in chapter 1


def synthesize(root: Path, chapters: int) -> Path:
    """A course project of ``chapters`` chapters modelled on the sample one."""
    shutil.rmtree(root, ignore_errors=True)
    (root / "content").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "overrides").mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    text = SAMPLE.read_text(encoding="utf-8")
    slugs = []
    for number in range(1, chapters + 1):
        slug = f"{number:04d}-chapter"
        slugs.append(slug)
        # Each chapter its own key terms, so the glossary grows with the course.
        chapter = re.sub(r"(  - term: )(.+)", rf"\1\2 {number}", text)
        chapter = re.sub(r"(    also: \[)([^\]]+)\]",
                         lambda m, n=number: m.group(1) + ", ".join(
                             f"{a.strip()} {n}" for a in m.group(2).split(",")) + "]",
                         chapter)
        chapter = chapter.replace("number: 7\n", f"number: {number}\n", 1)
        terms = ", ".join(re.findall(r"  - term: (.+)", chapter))
        chapter = chapter.replace(  # the chapter uses its key terms, as real ones do
            "          title: Mindset Shift\n          text: '",
            f"          title: Mindset Shift\n          text: 'Key terms: {terms}. ", 1)
        (root / "content" / f"{slug}.yml").write_text(chapter, encoding="utf-8")
    # Large courses come in parts; the navigation shows the open part's chapters only.
    parts = [{"title": f"Part {index + 1}", "first": first,
              "last": min(first + PART_SIZE - 1, chapters)}
             for index, first in enumerate(range(1, chapters + 1, PART_SIZE))]
    course = {"title": "Benchmark Course", "description": "Synthesized.", "language": "en",
              "total_chapters": chapters, "parts": parts, "chapters": slugs}
    (root / "content" / "course.yml").write_text(yaml.safe_dump(course), encoding="utf-8")
    return root


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Seconds and peak memory (MiB) of one run of ``command``."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a full pipe would block
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            raise SystemExit(f"failed: {' '.join(command)}\n{errors.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024


def median_of(command: list[str], cwd: Path, before: list[str] | None = None
              ) -> tuple[float, float]:
    results = []
    for _ in range(RUNS):
        if before:
            subprocess.run(before, cwd=cwd, check=True, capture_output=True)
        results.append(timed(command, cwd))
    return statistics.median(t for t, _ in results), max(m for _, m in results)


REGENERATE = """
import gc, re, time
from pathlib import Path
from generator.project import Project
project = Project(Path('.'))
project.generate()
gc.collect(); gc.freeze()  # as coursegen serve does after every run
chapter = Path('content/0001-chapter.yml')
original = chapter.read_text(encoding='utf-8')
times = []
for run in range(%(runs)d):
    chapter.write_text(re.sub(%(pattern)r, %(replacement)r.format(run=run), original, count=1),
                       encoding='utf-8')
    start = time.perf_counter()
    project.generate()
    times.append(time.perf_counter() - start)
    gc.unfreeze(); gc.collect(); gc.freeze()
chapter.write_text(original, encoding='utf-8')
project.generate()
print(sorted(times)[len(times) // 2])
"""
GENERATE = """
import gc, sys, time, resource
from pathlib import Path
from generator.project import Project
gc.disable()  # as coursegen build runs it (cli._collector_paused)
start = time.perf_counter()
Project(Path('.')).generate()
print(time.perf_counter() - start)
"""
COMPOSE = """
import sys, time, yaml
from pathlib import Path
files = sorted(Path('content').glob('*.yml'))
start = time.perf_counter()
for path in files:
    yaml.compose(path.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)
print(time.perf_counter() - start)
"""


# Run before each "after an edit" figure: a new body text in chapter 1, so its inputs change.
EDIT_ONE = [sys.executable, "-c", "import re, time; from pathlib import Path; "
            f"p = Path('content/0001-chapter.yml'); p.write_text(re.sub({EDIT[0]!r}, 'Mindset "
            "Change ' + str(time.time_ns()), p.read_text('utf-8'), count=1), 'utf-8')"]


def three_ways(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """Median seconds of ``command`` from nothing, unchanged and after one chapter's edit."""
    cold, _ = median_of([*command, "--no-cache"], cwd)
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)  # fills the cache
    unchanged, _ = median_of(command, cwd)
    edited, _ = median_of(command, cwd, before=EDIT_ONE)
    return cold, unchanged, edited


def in_process(code: str, cwd: Path, clean: bool) -> float:
    """Median seconds that ``code`` reports for itself (no interpreter start-up)."""
    results = []
    for _ in range(RUNS):
        if clean:
            for folder in ("docs/chapters", "docs/handouts", "docs/downloads"):
                shutil.rmtree(cwd / folder, ignore_errors=True)
        output = subprocess.run([sys.executable, "-c", code], cwd=cwd, check=True,
                                capture_output=True, text=True).stdout
        results.append(float(output.strip().splitlines()[-1]))
    return statistics.median(results)


def flat_site(root: Path) -> Path:
    """The same pages without the course's parts: every chapter in one flat list, the
    navigation MkDocs makes of a folder of chapters (what parts and pruning replace)."""
    flat = root.with_name(root.name + "-flat")
    shutil.rmtree(flat, ignore_errors=True)
    shutil.copytree(root / "docs", flat / "docs")
    shutil.copytree(root / "overrides", flat / "overrides")
    config = yaml.safe_load((root / "mkdocs.coursegen.yml").read_text(encoding="utf-8"))
    nav = [entry for item in config["nav"] for entry in
           (next(iter(item.values())) if isinstance(item, dict) and isinstance(
               next(iter(item.values())), list) else [item])]
    shutil.copy(root / "mkdocs.yml", flat / "mkdocs.yml")
    (flat / "mkdocs.flat.yml").write_text(yaml.safe_dump({"INHERIT": "mkdocs.yml", "nav": nav},
                                                         allow_unicode=True), encoding="utf-8")
    return flat


def reload_latency(root: Path, engine: str = "mkdocs") -> float:
    """Seconds from saving a chapter's YAML to the served page showing the edit."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--engine", engine,
                               "--dev-addr", f"127.0.0.1:{port}"], cwd=root,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/chapters/0001-chapter/"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            return ""

    try:
        deadline = time.monotonic() + 600
        while "Mindset" not in page():
            if time.monotonic() > deadline:
                raise SystemExit("serve did not start")
            time.sleep(0.2)
        chapter = root / "content" / "0001-chapter.yml"
        latencies = []
        for run in range(RUNS):
            text = chapter.read_text(encoding="utf-8")
            marker = EDIT[1].format(run=f"{engine}{run}")  # new to the page, whatever ran before
            chapter.write_text(re.sub(EDIT[0], marker, text, count=1), encoding="utf-8")
            start = time.monotonic()
            while marker not in page():
                if time.monotonic() - start > 120:
                    raise SystemExit("the edit never showed up")
                time.sleep(0.02)
            latencies.append(time.monotonic() - start)
            time.sleep(1)
        return statistics.median(latencies)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


def main() -> None:
    global RUNS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="14,100,500,1000")
    parser.add_argument("--reload-sizes", default="14,500")
    parser.add_argument("--runs", type=int, default=RUNS, help="runs per figure (median)")
    args = parser.parse_args()
    RUNS = args.runs
    sizes = [int(s) for s in args.sizes.split(",")]
    reload_sizes = {int(s) for s in args.reload_sizes.split(",") if s}
    import mkdocs
    import pydantic

    print(f"machine: {os.cpu_count()} CPUs, {platform.machine()}, Python "
          f"{platform.python_version()}, mkdocs {mkdocs.__version__}, pydantic "
          f"{pydantic.VERSION}, {time.strftime('%Y-%m-%d')}; medians of {RUNS} runs")
    header = ("| chapters | generator ms/chapter | compose ms/chapter | ratio | regenerate "
              "after an edit s | check s: no cache / unchanged / after an edit | build "
              "--no-site s: no cache / unchanged / after an edit | build s | mkdocs build s | "
              "overhead | flat mkdocs build s | build / flat | save-to-reload s | peak MiB "
              "(check / build / mkdocs) |")
    print(header)
    print("|---" * (header.count("|") - 1) + "|")
    zensical_rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            root = synthesize(Path(folder) / f"course-{size}", size)
            generate = in_process(GENERATE, root, clean=True) / size * 1000
            compose = in_process(COMPOSE, root, clean=False) / size * 1000
            regenerate = float(subprocess.run(
                [sys.executable, "-c", REGENERATE % {"runs": RUNS, "pattern": EDIT[0],
                                                     "replacement": EDIT[1]}],
                cwd=root, check=True, capture_output=True, text=True).stdout.split()[-1])
            coursegen = [sys.executable, "-m", "generator"]
            check, check_mem = median_of([*coursegen, "check", "--no-cache"], root)
            checks = three_ways([*coursegen, "check"], root)
            docs = three_ways([*coursegen, "build", "--no-site"], root)
            build, build_mem = median_of([*coursegen, "build", "--no-cache"], root)
            plain, plain_mem = median_of([sys.executable, "-m", "mkdocs", "build", "--strict",
                                          "-f", "mkdocs.coursegen.yml", "-q"], root)
            flat, _ = median_of([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                                 "mkdocs.flat.yml"], flat_site(root))
            reload = f"{reload_latency(root):.2f}" if size in reload_sizes else "–"
            print(f"| {size} | {generate:.2f} | {compose:.2f} | {generate / compose:.1f}× | "
                  f"{regenerate:.2f} | {' / '.join(f'{t:.2f}' for t in checks)} | "
                  f"{' / '.join(f'{t:.2f}' for t in docs)} | {build:.2f} | {plain:.2f} | "
                  f"{(build / plain - 1) * 100:+.0f} % | {flat:.2f} | {build / flat:.0%} | "
                  f"{reload} | {check_mem:.0f} / {build_mem:.0f} / {plain_mem:.0f} |",
                  flush=True)
            zensical_rows.append(zensical_row(root, size, plain, size in reload_sizes))
    import zensical

    print(f"\nZensical {zensical.version()} (the same courses; cold: no Zensical cache; "
          "again: the same build once more, with the cache of the one before)")
    header = ("| chapters | build --engine zensical s | again s | zensical build s | "
              "mkdocs build s | build --engine zensical / mkdocs build | again / mkdocs build | "
              "save-to-reload s | peak MiB (build / zensical) |")
    print(header)
    print("|---" * (header.count("|") - 1) + "|")
    print("\n".join(zensical_rows))


def zensical_row(root: Path, size: int, mkdocs_build: float, reload: bool) -> str:
    """The Zensical table's row for the course at ``root`` (its docs/ are rewritten for
    Zensical, so this runs after every MkDocs figure of the course)."""
    cold = ["rm", "-rf", ".cache"]
    build_command = [sys.executable, "-m", "generator", "build", "--engine", "zensical"]
    build, build_mem = median_of(build_command, root, before=cold)
    again, _ = median_of(build_command, root)  # the cache of the build before
    plain, plain_mem = median_of([sys.executable, "-m", "zensical", "build", "--strict", "-f",
                                  "mkdocs.coursegen.yml"], root, before=cold)
    latency = f"{reload_latency(root, 'zensical'):.2f}" if reload else "–"
    return (f"| {size} | {build:.2f} | {again:.2f} | {plain:.2f} | {mkdocs_build:.2f} | "
            f"{build / mkdocs_build:.0%} | {again / mkdocs_build:.0%} | {latency} | "
            f"{build_mem:.0f} / {plain_mem:.0f} |")


if __name__ == "__main__":
    main()
