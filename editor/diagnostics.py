"""Problems found in content, each tied to a line so editors and the CLI can point at it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"      # blocks export; the learner would get something broken
    WARNING = "warning"  # worth fixing; the lesson still works


@dataclass(frozen=True)
class Diagnostic:
    severity: Severity
    line: int            # 1-based line in lesson.md; 0 when it concerns the whole item
    message: str         # says what is wrong and what to do
    code: str            # stable identifier, e.g. "quiz-no-correct-answer"

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{self.severity.value}: {where}{self.message} [{self.code}]"


def error(line: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(Severity.ERROR, line, message, code)


def warning(line: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(Severity.WARNING, line, message, code)


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)
