"""Rules that span fields or files, as ``(path, message)`` pairs for :meth:`Document.problem`.

The pydantic models check each value on its own; these check values against each other:
an answer letter against its options, a scenario's answer against its categories, unique
names, and (as warnings) key terms that never show a tooltip.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from typing_extensions import assert_never

from . import blocks, model, questions
from .fields import letters
from .load import PathKey, show_path
from .terms import NameIndex, tokens

Found = Iterator[tuple[PathKey, str]]


def duplicates(names: Iterable[str], at: PathKey, what: str, key: str | None = None) -> Found:
    """A message for each name that repeats an earlier one (ignoring case)."""
    first: dict[str, PathKey] = {}
    for index, name in enumerate(names):
        path = at + (index, key) if key else at + (index,)
        folded = name.casefold()
        if folded in first:
            yield path, f"duplicate {what} {name!r}; the first is {show_path(first[folded])}"
        first.setdefault(folded, path)


def _letters(question: questions.SingleChoice | questions.MultipleChoice, at: PathKey) -> Found:
    valid = letters(len(question.options))
    answers = ([(question.answer, ("answer",))] if isinstance(question, questions.SingleChoice)
               else [(a, ("answers", n)) for n, a in enumerate(question.answers)])
    for letter, path in [*answers, *((k, ("feedback", k)) for k in question.feedback)]:
        if letter not in valid:
            yield at + path, f"'{letter}' is not one of the options {valid[0]}–{valid[-1]}"
    yield from duplicates(question.options, at + ("options",), "option")


def _question(question: questions.AnyQuestion, at: PathKey) -> Found:
    match question:
        case questions.SingleChoice():
            yield from _letters(question, at)
        case questions.MultipleChoice():
            yield from _letters(question, at)
            yield from duplicates(question.answers, at + ("answers",), "answer")
        case questions.TypedAnswer():
            found = len(questions.BLANK.findall(question.text))
            if found != len(question.blanks):
                yield (at + ("text",), f"the text has {found} blank{'s' * (found != 1)} (___) "
                       f"but 'blanks' gives {len(question.blanks)}; write ___ where each blank "
                       "goes, one for each item of 'blanks', in order")
            for number, blank in enumerate(question.blanks):
                if not blank.case_sensitive:  # else "Print" and "print" are two answers
                    yield from duplicates(blank.accept, at + ("blanks", number, "accept"),
                                          "answer")
        case questions.Numeric():
            if (question.answer is None) == (question.range is None):
                yield at, ("a number question has 'answer' (with an optional 'tolerance') or "
                           "'range: [lowest, highest]', " + ("not both" if question.range
                                                              else "and has neither"))
            elif question.range is not None:
                low, high = question.range
                if low >= high:
                    yield at + ("range",), (f"the range starts at {low} and ends at {high}; "
                                            "write the lower value first")
                if "tolerance" in question.model_fields_set:
                    yield at + ("tolerance",), "a range has no tolerance: widen the range instead"
        case questions.Ordering():
            yield from duplicates(question.order, at + ("order",), "item")
        case questions.TrueFalse():
            pass  # one field of its own
        case _:
            assert_never(question)


def _block(block: blocks.AnyBlock, at: PathKey) -> Found:
    match block:
        case blocks.QuizBlock():
            for number, question in enumerate(block.quiz):
                yield from _question(question, at + ("quiz", number))
        case blocks.ClassificationBlock():
            exercise, at = block.classification, at + ("classification",)
            yield from duplicates(exercise.categories, at + ("categories",), "category")
            for number, scenario in enumerate(exercise.scenarios):
                if scenario.answer not in exercise.categories:
                    yield (at + ("scenarios", number, "answer"),
                           f"{scenario.answer!r} is not one of the categories: "
                           + ", ".join(exercise.categories))
        case blocks.WorkedExampleBlock():
            figures = block.worked_example.figures
            for number, row in enumerate(figures.rows if figures else []):
                if figures and len(row) != len(figures.columns):
                    yield (at + ("worked_example", "figures", "rows", number),
                           f"row has {len(row)} cells but there are {len(figures.columns)} "
                           "columns")
        case blocks.FlashcardsBlock():
            for number, card in enumerate(block.flashcards):
                by_term = card.term is not None and card.front is None and card.back is None
                written = card.term is None and card.front is not None and card.back is not None
                if not (by_term or written):
                    yield (at + ("flashcards", number),
                           "a flashcard has either 'front' and 'back', or 'term' (a key term)")
            yield from duplicates((c.front or c.term or "" for c in block.flashcards),
                                  at + ("flashcards",), "flashcard", "front")
        case blocks.FigureBlock():
            figure, at = block.figure, at + ("figure",)
            if figure.decorative and figure.alt.strip():
                yield at + ("alt",), 'a decorative image has alt: ""; remove decorative or the alt'
            elif not figure.decorative and not figure.alt.strip():
                yield (at + ("alt",), "an image needs alt text that says what it shows; for an "
                                      'image that adds nothing to the text, write alt: "" and '
                                      "decorative: true")
            if "\n" in figure.alt.strip():
                yield at + ("alt",), "alt text must be a single line"
        case blocks.VideoBlock():
            video, at = block.video, at + ("video",)
            sources = [k for k in ("file", "youtube", "vimeo") if getattr(video, k)]
            if len(sources) != 1:
                yield at, ("a video has one of 'file' (with 'captions'), 'youtube' or 'vimeo'"
                           + (f", not {' and '.join(sources)}" if sources else ""))
            elif video.file and not video.captions:
                yield (at + ("file",), "a video file needs captions: add 'captions' with a "
                                       "WebVTT file (.vtt) of what is said")
            elif video.captions and not video.file:
                yield at + ("captions",), "'captions' belong to a video 'file'"
        case (blocks.CardsBlock() | blocks.CalloutBlock() | blocks.ComparisonBlock()
              | blocks.ModelBlock() | blocks.DefinitionBlock() | blocks.ListBlock()
              | blocks.ActivityBlock()):
            pass  # no rule spans their fields
        case _:
            assert_never(block)


def chapter_errors(chapter: model.Chapter) -> Found:
    """Errors that need more than one field of a chapter to see."""
    yield from duplicates((s.title for s in chapter.sections), ("sections",), "section title",
                          "title")
    for path, _, block in chapter.blocks():
        yield from _block(block, path)
    yield from duplicates((t.term for t in chapter.key_terms), ("key_terms",), "key term", "term")
    # Tooltips match case, so "file object" is a form of its own of the term "File object":
    # an alias may differ from a name only in case, but not repeat one exactly.
    seen = {term.term for term in chapter.key_terms}
    for t, term in enumerate(chapter.key_terms):
        for a, name in enumerate(term.also):
            if name in seen:
                yield ("key_terms", t, "also", a), f"{name!r} is already a key term or alias"
            seen.add(name)


def chapter_warnings(chapter: model.Chapter) -> Found:
    """Soft problems: reported, and errors only with ``--strict``."""
    names = [[tokens(name) for name in [term.term, *term.also]] for term in chapter.key_terms]
    found = NameIndex(name for term in chapter.key_terms
                      for name in [term.term, *term.also]).found_in(chapter.tokens)
    for index, (term, group) in enumerate(zip(chapter.key_terms, names, strict=True)):
        if not any(name in found for name in group):
            yield (("key_terms", index, "term"),
                   f"key term {term.term!r} is not used in the chapter as written, so no "
                   "tooltip shows; tooltips match case: add the form the text uses to 'also'")
