"""Render step: the validated course to Markdown pages, through Jinja2 templates.

Templates ship in ``generator/templates``; a file of the same name under the project's
``overrides/`` folder replaces one (``overrides/blocks/quiz.md`` changes how quizzes look).
Author text reaches the Markdown only through the ``md`` and ``plain`` filters.
"""

from __future__ import annotations

import json
from pathlib import Path

import jinja2

from .course import ChapterSource, CourseContent
from .escape import markdown_text, one_line, plain_text
from .model import Course, block_kind, letters

CONTENTS_PAGE = "index.md"

# The words the templates print around author text.
LABELS = {
    "chapter_of": "Chapter {number} of {total}",
    "chapter": "Chapter {number}",
    "contents": "Contents",
    "key_terms": "Key Terms",
    "show_answer": "Show answer",
    "answer": "Answer",
    "question": "Question",
    "scenario": "Scenario",
    "your_task": "Your task:",
    "categories": "Categories:",
    "flip_card": "Show the back",
    "task": "Task",
    "example": "Example",
    "option_feedback": "About the other options",
    "choose_answer": "Choose your answer",
    "choose_category": "Which one is it?",
    "correct": "Correct.",
    "not_quite": "Not quite.",
    "try_again": "Try another one, or open “Show answer” below.",
    "callout": {"exam-clue": "Exam clue", "tip": "Tip", "analogy": "Analogy", "note": "Note",
                "warning": "Warning"},
}


def environment(overrides: Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment: the project's ``overrides/`` first, then the shipped templates."""
    loaders: list[jinja2.BaseLoader] = []
    if overrides is not None and overrides.is_dir():
        loaders.append(jinja2.FileSystemLoader(overrides))
    loaders.append(jinja2.PackageLoader("generator", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # the output is Markdown; the filters below do its escaping
    )
    # Front matter values go out as JSON strings, which YAML reads back as the same text.
    env.filters.update(md=markdown_text, plain=plain_text, one_line=one_line,
                       yaml_string=lambda text: json.dumps(text, ensure_ascii=False))
    env.globals.update(labels=LABELS, block_kind=block_kind, letters=letters)
    return env


def _tidy(markdown: str) -> str:
    """Collapse runs of blank lines and end with one newline, so output is stable."""
    # Only "\n" ends a line for Markdown; splitlines() would also split at \x1e or \u2028.
    lines = [line.rstrip() for line in markdown.split("\n")]
    tidy: list[str] = []
    for line in lines:
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy).strip("\n") + "\n"


def render_chapter(env: jinja2.Environment, course: Course, source: ChapterSource) -> str:
    """The Markdown page of one chapter."""
    template = env.get_template("chapter.md")
    return _tidy(template.render(course=course, chapter=source.chapter, source=source.file))


def render_contents(env: jinja2.Environment, content: CourseContent) -> str:
    """The course's contents page, listing its chapters in order."""
    template = env.get_template("contents.md")
    return _tidy(template.render(course=content.course, chapters=content.chapters))


def render_course(content: CourseContent, overrides: Path | None = None) -> dict[str, str]:
    """Every generated page, as Markdown keyed by its file name in the generated folder."""
    env = environment(overrides)
    pages = {CONTENTS_PAGE: render_contents(env, content)}
    for source in content.chapters:
        pages[f"{source.slug}.md"] = render_chapter(env, content.course, source)
    return pages
