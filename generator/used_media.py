"""The media files a course uses: found in its chapters, checked where they are named.

A figure's ``file``, a video's ``file`` and ``captions``, and the ``src`` of every relative
Markdown image in any text field name a file relative to the chapter file, that is, in
``content/``. Each problem is reported at the field that names the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .blocks import FigureBlock, VideoBlock
from .load import PathKey
from .media import MediaError, MediaFile, Shown, load_media, media_key
from .model import Chapter
from .reading import images

if TYPE_CHECKING:
    from .facts import ChapterFacts

Reference = tuple[PathKey, str, str]  # the field, the path as written, the kind of file


def references(chapter: Chapter) -> tuple[list[Reference], list[tuple[PathKey, str]]]:
    """The media files ``chapter`` names, and a problem for each image without alt text."""
    found: list[Reference] = []
    problems = []
    for path, _, block in chapter.blocks():
        if isinstance(block, FigureBlock):
            found.append(((*path, "figure", "file"), block.figure.file, "image"))
        elif isinstance(block, VideoBlock):
            for key, kind in (("file", "video"), ("captions", "captions")):
                written = getattr(block.video, key)
                if written:
                    found.append(((*path, "video", key), written, kind))
    for path, text in chapter.markdown_fields:
        for alt, src in images(text):
            if not alt.strip():
                problems.append((path, f"the image {src!r} has no alt text: write what it "
                                       f"shows between the brackets, ![what it shows]({src})"))
            parts = urlsplit(src)
            if not (parts.scheme or parts.netloc or src.startswith("/")):
                found.append((path, src, "image"))
    return found, problems


def used_media(chapters: list[tuple[str, ChapterFacts]], content: Path
               ) -> tuple[dict[str, dict[str, MediaFile]], list[tuple[str, PathKey, str]]]:
    """For each chapter (slug, facts): the media files it uses, by :func:`media_key`, and
    every problem as (slug, path of the field, message)."""
    files: dict[tuple[str, str], MediaFile | MediaError] = {}
    used: dict[str, dict[str, MediaFile]] = {}
    problems: list[tuple[str, PathKey, str]] = []
    for slug, facts in chapters:
        problems += [(slug, path, message) for path, message in facts.alt_problems]
        used[slug] = {}
        for path, written, kind in facts.media:
            key = media_key(written)
            if (key, kind) not in files:  # each file read once a run, however often used
                try:
                    files[key, kind] = load_media(content, key, kind)
                except MediaError as error:
                    files[key, kind] = error
            result = files[key, kind]
            if isinstance(result, MediaError):
                problems.append((slug, path, str(result)))
            else:
                used[slug][key] = result
    return used, problems


def block_media(chapter: Chapter, files: dict[str, Shown]
                ) -> dict[str, dict[str, Shown | int | None]]:
    """What each figure and video block of ``chapter`` shows, by the block's id on the page
    (``s1-b2``): its ``file`` and ``captions``, its ``number`` when it has a caption
    (figures and videos are counted apart), and ``lazy``: 1 for every figure but the
    chapter's first, which loads at once while the others wait until they are scrolled to."""
    shown: dict[str, dict[str, Shown | int | None]] = {}
    counts = {"figure": 0, "video": 0}
    figures = 0
    for (_, section, _, index), _, block in chapter.blocks():
        block_id = f"s{int(section) + 1}-b{int(index) + 1}"
        if isinstance(block, FigureBlock):
            counts["figure"] += bool(block.figure.caption)
            figures += 1
            shown[block_id] = {
                "file": files[media_key(block.figure.file)],
                "number": counts["figure"] if block.figure.caption else None,
                "lazy": int(figures > 1)}
        elif isinstance(block, VideoBlock):
            video = block.video
            counts["video"] += bool(video.caption)
            shown[block_id] = {
                "file": files[media_key(video.file)] if video.file else None,
                "captions": files[media_key(video.captions)] if video.captions else None,
                "number": counts["video"] if video.caption else None}
    return shown
