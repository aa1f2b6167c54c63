"""Moodle's GIFT format: one question a block, separated by blank lines.

Multiple-choice questions carry per-option feedback after ``#`` and the explanation as
general feedback after ``####``; a classification exercise becomes a matching question.
The characters ``~ = # { } :`` and the backslash are escaped wherever text goes.
"""

from __future__ import annotations

from ..blocks import ClassificationBlock, QuizBlock
from ..course import ChapterSource, CourseContent
from ..fields import letters

_SPECIAL = str.maketrans({c: "\\" + c for c in "\\~=#{}:"})


def escape(text: str) -> str:
    """Text safe anywhere in GIFT: specials escaped, line breaks written as ``\\n``."""
    return "\\n".join(line.translate(_SPECIAL) for line in text.strip().split("\n"))


def chapter_quiz(content: CourseContent, source: ChapterSource) -> bytes:
    """The chapter's questions and classification exercises as GIFT."""
    chapter = source.chapter
    label = content.labels["chapter"].format(number=chapter.number)
    blocks = [f"$CATEGORY: $course$/{content.course.title}/{label}: {chapter.title}"]
    count = 0
    for _, block in chapter.blocks():
        if isinstance(block, QuizBlock):
            for question in block.quiz:
                count += 1
                answers = []
                for letter, option in zip(letters(len(question.options)), question.options,
                                          strict=True):
                    mark = "=" if letter == question.answer else "~"
                    feedback = question.feedback.get(letter) or (
                        question.explanation if letter == question.answer else "")
                    answers.append(f"\t{mark}{escape(option)}"
                                   + (f"#{escape(feedback)}" if feedback else ""))
                blocks.append(
                    f"::{escape(f'{label}, {count}')}:: [markdown]{escape(question.question)}"
                    " {\n" + "\n".join(answers)
                    + f"\n\t####{escape(question.explanation)}\n}}")
        elif isinstance(block, ClassificationBlock):
            count += 1
            exercise = block.classification
            pairs = "\n".join(f"\t={escape(s.text)} -> {escape(s.answer)}"
                              for s in exercise.scenarios)
            blocks.append(f"::{escape(f'{label}, {count}')}:: [markdown]"
                          f"{escape(exercise.task)} {{\n{pairs}\n}}")
    return ("\n\n".join(blocks) + "\n").encode("utf-8")
