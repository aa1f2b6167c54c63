"""Problems found in a course's files, each tied to a file, line and column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in an author's file, at a 1-based line and column."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class ContentError(Exception):
    """Raised when content cannot be used; carries every problem found, sorted."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def summary(self) -> str:
        """A one-line count such as ``3 errors in 2 files``."""
        errors = len(self.problems)
        files = len({p.file for p in self.problems})
        return (
            f"{errors} error{'s' if errors != 1 else ''} "
            f"in {files} file{'s' if files != 1 else ''}"
        )
