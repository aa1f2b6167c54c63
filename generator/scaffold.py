"""``coursegen new``: a new chapter in a course, or a new course project, ready to build.

Nothing existing is overwritten. A new chapter takes the number after the highest written
one, gets its file name from its title, and is added to ``chapters`` in ``course.yml``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from importlib.metadata import version
from pathlib import Path

import jinja2
import yaml

from . import model
from .course import load_course
from .load import LOADER
from .paths import COURSE_FILE, GENERATED
from .translations import labels

SCAFFOLD = Path(__file__).parent / "scaffold"
_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(SCAFFOLD), keep_trailing_newline=True,
                          undefined=jinja2.StrictUndefined, autoescape=False)


def yaml_scalar(text: str) -> str:
    """``text`` as a YAML scalar that reads back as the same text in a block or a flow
    (``[a, b]``) collection: quoted only where YAML needs it."""
    dumped: str = yaml.safe_dump([text], default_flow_style=True, allow_unicode=True,
                                 width=1_000_000)
    return dumped.strip()[1:-1]


_ENV.filters["yaml_scalar"] = yaml_scalar


class ScaffoldError(Exception):
    """Raised when ``coursegen new`` cannot write what was asked; nothing was written."""


def slugify(title: str) -> str:
    """A file name from a title: ``"Service Desk & Incidents"`` → ``service-desk-incidents``."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:70].rstrip("-")


def _add_to_chapter_list(course_yml: Path, slug: str) -> None:
    """Append ``slug`` to ``chapters`` in course.yml, keeping the author's layout and comments."""
    text = course_yml.read_text(encoding="utf-8")
    root = yaml.compose(text, Loader=LOADER)
    assert isinstance(root, yaml.MappingNode)  # load_course has read this file already
    node = next((v for k, v in root.value if k.value == "chapters"), None)
    if node is None or not node.value:  # no chapter yet: one list, one line per chapter
        lines = text.split("\n")
        if node is not None:
            del lines[node.start_mark.line]  # "chapters: []" or a "chapters:" with nothing
        text = "\n".join(lines).rstrip("\n") + f"\nchapters:\n  - {slug}\n"
    elif node.flow_style:  # chapters: [a, b]
        end = node.end_mark.index - 1
        text = f"{text[:end].rstrip()}, {slug}{text[end:]}"
    else:  # one "- name" line per chapter: add one after the last
        last = node.value[-1]
        lines = text.split("\n")
        indent = " " * (last.start_mark.column - 2)
        lines.insert(last.end_mark.line + (last.end_mark.column > 0),
                     f"{indent}- {slug}")
        text = "\n".join(lines)
    course_yml.write_text(text, encoding="utf-8")


def drop_missing_chapters(content_dir: Path) -> list[str]:
    """Remove from ``chapters`` in course.yml each entry whose file is gone, keeping the rest
    of the file as written; returns the entries removed."""
    course_yml = content_dir / COURSE_FILE
    try:
        text = course_yml.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []  # loading the course says what is wrong with the file
    if not isinstance(root, yaml.MappingNode):
        return []
    node = next((v for k, v in root.value if k.value == "chapters"), None)
    if not isinstance(node, yaml.SequenceNode):
        return []
    gone = [item for item in node.value if isinstance(item, yaml.ScalarNode)
            and not (content_dir / f"{item.value}.yml").exists()]
    if not gone:
        return []
    if node.flow_style:
        kept = [item.value for item in node.value if item not in gone]
        text = (text[:node.start_mark.index] + "[" + ", ".join(kept) + "]"
                + text[node.end_mark.index:])
    else:
        lines = text.split("\n")
        for item in reversed(gone):
            del lines[item.start_mark.line]
        if len(gone) == len(node.value):  # "chapters:" and nothing under it would be null
            key = next(k for k, v in root.value if v is node)
            lines[key.start_mark.line] = lines[key.start_mark.line].rstrip() + " []"
        text = "\n".join(lines)
    course_yml.write_text(text, encoding="utf-8")
    return [item.value for item in gone]


def new_chapter(content_dir: Path, title: str) -> Path:
    """Write a chapter file for ``title`` and list it in course.yml; returns the file."""
    content = load_course(content_dir)
    written = [source.facts.number for source in content.chapters]
    number = max(written, default=0) + 1
    if number > content.course.total_chapters:
        raise ScaffoldError(f"total_chapters is {content.course.total_chapters} and chapter "
                            f"{number - 1} is written; raise total_chapters in "
                            "content/course.yml")
    slug = f"{number:02d}-{slugify(title) or 'chapter'}"
    path = content_dir / f"{slug}.yml"
    if path.exists():
        raise ScaffoldError(f"{path} exists already; nothing was written")
    path.write_text(_chapter_file(number, title, content.course.language), encoding="utf-8")
    _add_to_chapter_list(content_dir / "course.yml", slug)
    return path


def _chapter_file(number: int, title: str, language: str) -> str:
    return _ENV.get_template("chapter.yml").render(number=number, title=title,
                                                   t=labels(language)["starter"])


def _schemas() -> dict[str, str]:
    return {f"content/schema/{name}.schema.json":
            json.dumps(cls.model_json_schema(), indent=2, sort_keys=True) + "\n"
            for name, cls in (("chapter", model.Chapter), ("course", model.Course))}


def new_course(folder: Path, title: str, language: str = "en") -> list[Path]:
    """Write a new course project into ``folder``; returns the files written."""
    try:
        words = labels(language)
    except LookupError as exc:
        raise ScaffoldError(str(exc)) from None
    first = words["starter"]["chapter_title"]
    slug = f"01-{slugify(first)}"
    files = {
        "mkdocs.yml": _ENV.get_template("course/mkdocs.yml").render(
            title=title, language=language, labels=words),
        "content/course.yml": _ENV.get_template("course/content/course.yml").render(
            title=title, language=language, first=slug, t=words["starter"]),
        f"content/{slug}.yml": _chapter_file(1, first, language),
        ".github/workflows/publish.yml": (SCAFFOLD / "course" / "publish.yml").read_text("utf-8"),
        "requirements.txt": _ENV.get_template("course/requirements.txt").render(
            version=version("coursegen")),
        ".gitignore": _ENV.get_template("course/gitignore").render(generated=GENERATED),
        **{f"overrides/{name}": (SCAFFOLD / "course" / "overrides" / name).read_text("utf-8")
           for name in ("404.html", "partials/search.html")},
        "content/media/example.svg": (SCAFFOLD / "course" / "content" / "media" / "example.svg"
                                      ).read_text("utf-8"),
        "docs/.gitkeep": "",
        **_schemas(),
    }
    existing = [name for name in files if (folder / name).exists()]
    if existing:
        raise ScaffoldError(f"{folder} already has {', '.join(existing)}; nothing was written")
    written = []
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
