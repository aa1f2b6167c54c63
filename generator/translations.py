"""The words the templates print, in the course's language, kept in step with MkDocs'.

Each language is a file in ``generator/translations/`` (``de.yml``); a regional code such
as ``pt-BR`` falls back to ``pt``. Material's ``theme.language`` in ``mkdocs.yml`` must name
the same language, so that its own words (search, navigation) match the course's.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .load import LOADER

FOLDER = Path(__file__).parent / "translations"


def languages() -> list[str]:
    """The languages coursegen has words for."""
    return sorted(path.stem for path in FOLDER.glob("*.yml"))


@cache
def labels(language: str) -> dict[str, Any]:
    """The template words for ``language``; ``LookupError`` when there is no translation."""
    for code in (language, language.split("-")[0]):
        path = FOLDER / f"{code}.yml"
        if path.is_file():
            words: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)
            return words
    raise LookupError(f"coursegen has no translation for '{language}'; it has: "
                      f"{', '.join(languages())} (add generator/translations/{language}.yml)")


class _IgnoreTags(yaml.SafeLoader):
    """Reads mkdocs.yml without running its tags (``!!python/name:``, ``!ENV``)."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def site_config(mkdocs_yml: Path) -> dict[str, Any] | None:
    """An ``mkdocs.yml``, read without its tags; ``None`` without the file or when it is not
    YAML (MkDocs itself reports a broken mkdocs.yml, with its position)."""
    if not mkdocs_yml.is_file():
        return None
    try:
        config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_IgnoreTags)  # noqa: S506
    except yaml.YAMLError:
        return None
    return config if isinstance(config, dict) else {}


def site_settings(config: dict[str, Any] | None) -> tuple[str, bool] | None:
    """``theme.language`` (``en`` when unset) and ``use_directory_urls`` (``True`` when unset)
    of an ``mkdocs.yml`` read by :func:`site_config`; ``None`` without one."""
    if config is None:
        return None
    theme = config.get("theme")
    language = theme.get("language", "en") if isinstance(theme, dict) else "en"
    return str(language), config.get("use_directory_urls", True) is not False
