"""What the figure and video blocks hold: files from ``content/`` (see :mod:`media`) or a
video by its id, with the words that stand in for them (alt text, titles, captions)."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from .fields import AltText, Inline, Markdown, PlainText, Strict


def _video_id(pattern: str, message: str) -> Any:
    def check(text: str) -> str:
        if not re.fullmatch(pattern, text):
            raise PydanticCustomError("video_id", message, {"text": text[:50]})
        return text
    return AfterValidator(check)


YouTubeId = Annotated[str, _video_id(r"[A-Za-z0-9_-]{11}", "'{text}' is not a YouTube video id: "
                                     "write the 11 characters after v= in the video's address, "
                                     "such as dQw4w9WgXcQ")]
VimeoId = Annotated[str, _video_id(r"[0-9]{1,12}", "'{text}' is not a Vimeo video id: write "
                                   "the number at the end of the video's address")]


class Figure(Strict):
    """An image from ``content/`` with its alt text, an optional caption and display width.

    ``alt`` says what the image shows to a reader who cannot see it; an image that adds
    nothing to the text says so with ``alt: ""`` and ``decorative: true``.
    """

    file: PlainText
    alt: AltText
    decorative: bool = False
    caption: Markdown | None = None
    width: int | None = Field(default=None, ge=16, le=4_000)


class Video(Strict):
    """A video: a file from ``content/`` with its captions (a WebVTT file), or a YouTube or
    Vimeo video by its id, always with a title (the frame's name and the link in print)."""

    title: Inline
    file: PlainText | None = None
    captions: PlainText | None = None
    youtube: YouTubeId | None = None
    vimeo: VimeoId | None = None
    caption: Markdown | None = None
