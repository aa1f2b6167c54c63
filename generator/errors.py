"""Problems found in a course's files, each tied to a file, line and column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in an author's file, at a 1-based line and column.

    A warning is a soft problem: it is reported, but stops nothing unless ``--strict``.
    """

    file: str
    line: int
    column: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.file}:{self.line}:{self.column}: {kind}{self.message}"


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def summary(problems: list[Problem]) -> str:
    """A one-line count such as ``3 errors in 2 files`` or ``1 error and 2 warnings in 1 file``."""
    errors = sum(not p.warning for p in problems)
    warnings = len(problems) - errors
    counts = [_count(errors, "error")] if errors or not warnings else []
    counts += [_count(warnings, "warning")] if warnings else []
    return f"{' and '.join(counts)} in {_count(len({p.file for p in problems}), 'file')}"


class ContentError(Exception):
    """Raised when content cannot be used; carries every problem found (warnings too), sorted."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def summary(self) -> str:
        """A one-line count such as ``3 errors in 2 files``."""
        return summary(self.problems)
