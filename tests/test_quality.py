"""The code passes its linters: ruff on the package and tests, mypy (strict) on the package,
and zizmor (GitHub Actions security) on every workflow we ship."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from .conftest import REPO

# Ours, and the one `coursegen new course` writes into every course repository.
WORKFLOWS = [*sorted((REPO / ".github" / "workflows").glob("*.yml")),
             REPO / "generator" / "scaffold" / "course" / "publish.yml"]


@pytest.mark.parametrize("command", [["ruff", "check", "generator", "tests", "bench"], ["mypy"]],
                         ids=["ruff", "mypy"])
def test_linter_passes(command: list[str]) -> None:
    result = subprocess.run([sys.executable, "-m", *command], cwd=REPO, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def zizmor_findings(workflows: list[Path]) -> list[dict[str, object]]:
    """What zizmor finds in ``workflows`` with its strictest persona, offline (the audits
    that would ask GitHub are skipped)."""
    zizmor = shutil.which("zizmor", path=sysconfig.get_path("scripts")) or shutil.which("zizmor")
    assert zizmor, "zizmor is missing: pip install -e '.[test]'"
    result = subprocess.run(
        [zizmor, "--offline", "--no-config", "--persona", "pedantic", "--format", "json",
         "--no-progress", "--strict-collection", *map(str, workflows)],
        cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode in (0, *range(10, 15)), result.stderr  # 1x: findings, by severity
    findings: list[dict[str, object]] = json.loads(result.stdout)
    return findings


def test_workflows_pass_zizmor() -> None:
    assert {p.name for p in WORKFLOWS} >= {"publish.yml"}
    findings = zizmor_findings(WORKFLOWS)
    assert [(f["ident"], f["desc"]) for f in findings] == []
