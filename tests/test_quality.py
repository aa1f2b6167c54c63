"""The code passes its linters: ruff on the package and tests, mypy (strict) on the package."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import REPO


@pytest.mark.parametrize("command", [["ruff", "check", "generator", "tests", "bench"], ["mypy"]],
                         ids=["ruff", "mypy"])
def test_linter_passes(command: list[str]) -> None:
    result = subprocess.run([sys.executable, "-m", *command], cwd=REPO, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
