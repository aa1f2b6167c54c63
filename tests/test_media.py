"""Media files from content/: what is refused, at the field that names the file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import media
from generator.media import MediaError, load_media

from .conftest import GOLDEN


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "project" / "content"
    (folder / "media").mkdir(parents=True)
    for name in ("flow.svg", "loop-diagram.png"):
        (folder / "media" / name).write_bytes((GOLDEN / "media" / name).read_bytes())
    return folder


def test_a_checked_image_has_its_size_and_a_name_that_follows_its_bytes(content: Path) -> None:
    png = load_media(content, "media/loop-diagram.png", "image")
    assert (png.shown.mime, png.shown.width, png.shown.height) == ("image/png", 320, 180)
    svg = load_media(content, "media/flow.svg", "image")
    assert (svg.shown.width, svg.shown.height) == (400, 200)
    assert svg.shown.site_path.startswith("media/flow-") and svg.shown.site_path.endswith(".svg")
    (content / "media" / "flow.svg").write_text(
        (content / "media" / "flow.svg").read_text().replace("#3f51b5", "#000000"))
    assert load_media(content, "media/flow.svg", "image").shown.site_path != svg.shown.site_path


def test_a_link_out_of_content_is_refused(content: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.png"
    outside.write_bytes((GOLDEN / "media" / "loop-diagram.png").read_bytes())
    os.symlink(outside, content / "media" / "linked.png")
    with pytest.raises(MediaError, match="'media/linked.png' is outside content/"):
        load_media(content, "media/linked.png", "image")


def test_a_file_over_the_limit_is_refused(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(media.LIMITS, "image", 500)
    with pytest.raises(MediaError, match=r"'media/loop-diagram.png' is 0.0 MB; an image may be "
                                         r"at most 0 MB: make it smaller"):
        load_media(content, "media/loop-diagram.png", "image")
