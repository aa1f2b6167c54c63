"""How long coursegen takes to refuse each file of the bad-input corpus (tests/bad/).

Prints the median of several runs per case, in-process (load + validate + render + link
check, as `coursegen check` does), slowest first. Run with: make bench
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from generator.errors import ContentError
from generator.project import Project
from tests.test_bad_input import BAD, VALID_CHAPTER, course_yml

RUNS = 7


def project_for(kind: str, case: str, root: Path) -> Project:
    content = root / "content"
    shutil.rmtree(content, ignore_errors=True)
    content.mkdir(parents=True)
    if kind == "chapter":
        (content / "course.yml").write_text(course_yml(case), encoding="utf-8")
        shutil.copy(BAD / kind / f"{case}.yml", content / f"{case}.yml")
    else:
        shutil.copy(BAD / kind / f"{case}.yml", content / "course.yml")
        (content / "01-ok.yml").write_text(VALID_CHAPTER, encoding="utf-8")
    return Project(root)


def main() -> None:
    timings = []
    with tempfile.TemporaryDirectory() as folder:
        for kind in ("chapter", "course"):
            for path in sorted((BAD / kind).glob("*.yml")):
                project = project_for(kind, path.stem, Path(folder))
                runs = []
                for _ in range(RUNS):
                    start = time.perf_counter()
                    try:
                        project.check()
                    except ContentError:
                        pass
                    else:
                        raise SystemExit(f"{kind}/{path.stem} was accepted")
                    runs.append(time.perf_counter() - start)
                timings.append((statistics.median(runs) * 1000, f"{kind}/{path.stem}"))
    timings.sort(reverse=True)
    print(f"{len(timings)} bad inputs, median of {RUNS} runs each (ms), slowest first:")
    for milliseconds, name in timings[:10]:
        print(f"  {milliseconds:7.2f}  {name}")
    print(f"  … fastest {timings[-1][0]:.2f} ms ({timings[-1][1]})")


if __name__ == "__main__":
    main()
