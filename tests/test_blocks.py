"""Each block kind's knowledge in one place, and the type checker finding every place that
tells kinds apart when a kind is added."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import typing
from pathlib import Path

from generator.blocks import BLOCK_TYPES, AnyBlock, Block

from .conftest import REPO


def test_the_lists_of_block_kinds_agree() -> None:
    parsed = {typing.get_args(member)[0] for member in typing.get_args(typing.get_args(Block)[0])}
    assert set(typing.get_args(AnyBlock)) == set(BLOCK_TYPES.values()) == parsed


def test_a_new_block_kind_is_reported_wherever_kinds_are_told_apart(tmp_path: Path) -> None:
    """A kind added to the model (a test branch of the package) makes mypy name every
    `match` that must handle it, so no exporter, rule or export can silently skip it."""
    shutil.copytree(REPO / "generator", tmp_path / "generator")
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    blocks = tmp_path / "generator" / "blocks.py"
    source = blocks.read_text(encoding="utf-8")
    source = source.replace("class ActivityBlock(Strict):",
                            "class DummyBlock(Strict):\n    dummy: str\n\n\n"
                            "class ActivityBlock(Strict):")
    source = source.replace("| VideoBlock)", "| VideoBlock | DummyBlock)")
    source = source.replace('"activity": ActivityBlock,', '"activity": ActivityBlock, '
                                                          '"dummy": DummyBlock,')
    source = source.replace('        Annotated[ActivityBlock, Tag("activity")],',
                            '        Annotated[ActivityBlock, Tag("activity")],\n'
                            '        Annotated[DummyBlock, Tag("dummy")],')
    blocks.write_text(source, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "c")],
                            cwd=tmp_path, capture_output=True, text=True, check=False)
    places = re.findall(r"^(generator/\S+\.py):\d+: error: Argument 1 to \"assert_never\" has "
                        r"incompatible type \"DummyBlock\"", result.stdout, re.M)
    assert sorted(places) == ["generator/model.py", "generator/model.py",
                              "generator/rules.py"], result.stdout
    assert "Found 3 errors in 2 files" in result.stdout
