"""Images, videos and captions an author keeps beside the chapters in ``content/``.

A figure or video block names its file, and a Markdown image its ``src``, relative to the
chapter file. Each is checked where it is written (inside ``content/``, present, of an
allowed type and size, and an SVG without anything that could run), then copied into the
site as ``docs/media/<name>-<digest>.<ext>``: the name changes with the bytes, so a browser
never shows a stale copy, and a file no chapter uses any more is removed.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import NamedTuple
from urllib.parse import unquote

from .paths import MEDIA

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".webp": "image/webp", ".svg": "image/svg+xml"}
VIDEO_TYPES = {".mp4": "video/mp4", ".webm": "video/webm"}
CAPTION_TYPES = {".vtt": "text/vtt"}
# Sizes a static site can serve to a phone: documented in the README.
LIMITS = {"image": 5_000_000, "video": 50_000_000, "captions": 1_000_000}
_KINDS = {"image": IMAGE_TYPES, "video": VIDEO_TYPES, "captions": CAPTION_TYPES}
_A = {"image": "an image", "video": "a video", "captions": "a captions file"}
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*(px)?\s*")


class MediaError(ValueError):
    """A media file that cannot be used; the message says what to do."""


class Shown(NamedTuple):
    """What a page needs of a media file: where the site serves it, its type and size."""

    site_path: str  # under docs/: "media/loop-3fa2b1c9.svg"
    mime: str
    width: int | None = None  # images: their size, so nothing shifts while the page loads
    height: int | None = None


def media_key(written: str) -> str:
    """The file an author's path names, relative to ``content/``: ``./media/a%20b.png`` and
    ``media/a b.png`` are one file."""
    return posixpath.normpath(unquote(written))


@dataclass(frozen=True)
class MediaFile:
    """A checked file from ``content/`` and where the site serves it."""

    shown: Shown
    data: bytes


def _svg_size(data: bytes, written: str) -> tuple[int, int]:
    """The size of a safe SVG; :class:`MediaError` for one that could run script."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise MediaError(f"{written}: an SVG with a DOCTYPE or entities is not allowed; "
                         "export it again without them")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise MediaError(f"{written} is not a valid SVG file ({exc})") from None
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        risky = [name for name, value in element.attrib.items()
                 if name.rsplit("}", 1)[-1].lower().startswith("on")
                 or "javascript:" in value.replace(" ", "").lower()]
        if tag in ("script", "foreignObject") or risky:
            raise MediaError(f"{written}: an SVG with scripts, event handlers or foreign "
                             f"content is not allowed (found {tag}"
                             f"{' ' + risky[0] if risky else ''}); remove them")
    if root.tag.rsplit("}", 1)[-1] != "svg":
        raise MediaError(f"{written} is not an SVG file")
    sizes = [_LENGTH.fullmatch(root.get(name, "")) for name in ("width", "height")]
    if sizes[0] and sizes[1]:
        return round(float(sizes[0].group(1))), round(float(sizes[1].group(1)))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        try:
            return round(float(box[2])), round(float(box[3]))
        except ValueError:
            pass
    raise MediaError(f"{written}: the SVG has neither width and height nor a viewBox; add "
                     "one so the page can keep its place")


def _size(data: bytes, suffix: str, written: str) -> tuple[int, int]:
    if suffix == ".svg":
        return _svg_size(data, written)
    # Imported here: it imports urllib's HTTP client, 30 ms a run that measures no image.
    import imagesize  # type: ignore[import-untyped]  # imagesize ships no type hints

    width, height = imagesize.get(io.BytesIO(data))
    if width <= 0 or height <= 0:
        raise MediaError(f"{written} is not a {suffix[1:].upper()} image; export it again, "
                         f"or use one of {', '.join(IMAGE_TYPES)}")
    return int(width), int(height)


def load_media(content: Path, written: str, kind: str) -> MediaFile:
    """The file ``written`` (relative to ``content/``) as media of ``kind`` (``image``,
    ``video`` or ``captions``); :class:`MediaError` says why it cannot be used."""
    relative = PurePosixPath(written)
    types = _KINDS[kind]
    if relative.is_absolute() or written.startswith("\\") or ":" in relative.parts[0]:
        raise MediaError(f"{written!r}: write a path relative to the chapter file, such as "
                         f"media/{relative.name or 'figure.png'}")
    path = (content / relative).resolve()
    if not path.is_relative_to(content.resolve()):
        raise MediaError(f"{written!r} is outside content/; keep media files in content/ "
                         "(for example content/media/)")
    if not path.is_file():
        raise MediaError(f"no file content/{relative.as_posix()}; add it, or correct the path")
    suffix = path.suffix.lower()
    if suffix not in types:
        raise MediaError(f"{written!r}: {_A[kind]} must be one of {', '.join(types)}")
    data = path.read_bytes()
    if len(data) > LIMITS[kind]:
        raise MediaError(f"{written!r} is {len(data) / 1e6:.1f} MB; {_A[kind]} may be at most "
                         f"{LIMITS[kind] / 1e6:.0f} MB: make it smaller")
    width = height = None
    if kind == "image":
        width, height = _size(data, suffix, repr(written))
    elif kind == "captions" and not data.lstrip(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
        raise MediaError(f"{written!r} is not a WebVTT file (it must start with WEBVTT)")
    digest = hashlib.sha256(data).hexdigest()[:10]
    name = re.sub(r"[^a-z0-9-]+", "-", path.stem.lower()).strip("-") or kind
    return MediaFile(Shown(f"{MEDIA}/{name}-{digest}{suffix}", types[suffix], width, height),
                     data)
