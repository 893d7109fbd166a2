"""Preflight for the export and publish dialogs: every format's findings, merged and grouped by lesson.

Qt-free, so it runs in a worker. The checks themselves are the packages' own (``publishing.preflight``,
the same ones ``build_package`` runs before writing); this module only reads the course once, asks
each chosen format, and merges a finding that several formats share (most content checks) into one
line that names those formats, so a person reads each problem once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from editor.diagnostics import Diagnostic, Severity
from editor.progress import CancelToken
from publishing.packages.course import load_course
from publishing.packages.registry import get_format
from publishing.preflight import preflight

WHOLE_PACKAGE = "The package as a whole"


def counted(number: int, noun: str) -> str:
    """'1 problem', '2 problems' (nouns that take an s)."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


@dataclass(frozen=True)
class CheckedFinding:
    source: Path | None          # lesson.md or the curated item's file; None for the package as a whole
    title: str                   # what the group heading says: the lesson's title
    diagnostic: Diagnostic
    formats: tuple[str, ...]     # the format names it was found for, in the order they were asked

    @property
    def is_error(self) -> bool:
        return self.diagnostic.severity is Severity.ERROR


@dataclass(frozen=True)
class CheckReport:
    findings: tuple[CheckedFinding, ...]
    formats: tuple[str, ...]     # every format that was checked

    @property
    def errors(self) -> list[CheckedFinding]:
        return [finding for finding in self.findings if finding.is_error]

    @property
    def warnings(self) -> list[CheckedFinding]:
        return [finding for finding in self.findings if not finding.is_error]

    def only(self, formats: Sequence[str]) -> CheckReport:
        """The findings that concern ``formats`` (e.g. those of the targets chosen now)."""
        kept = tuple(name for name in self.formats if name in formats)
        return CheckReport(tuple(replace(finding, formats=tuple(n for n in finding.formats if n in kept))
                                 for finding in self.findings if set(finding.formats) & set(kept)), kept)

    def groups(self) -> list[tuple[str, Path | None, list[CheckedFinding]]]:
        """(heading, source, findings) per lesson in course order, errors first within each."""
        grouped: dict[Path | None, list[CheckedFinding]] = {}
        for finding in self.findings:
            grouped.setdefault(finding.source, []).append(finding)
        return [(found[0].title, source, sorted(found, key=lambda f: (not f.is_error, f.diagnostic.line)))
                for source, found in grouped.items()]


def check_formats(paths: Sequence[Path], formats: Sequence[str], title: str | None = None,
                  cancel: CancelToken | None = None) -> CheckReport:
    """What building each of ``formats`` from ``paths`` (course order) would report.

    Raises ``PackageError`` when an input cannot be read at all (missing, not a lesson).
    """
    course = load_course(paths, title=title)
    titles: dict[Path | None, str] = {unit.source: unit.title for unit in course.units}
    titles[None] = WHOLE_PACKAGE
    merged: dict[tuple[Path | None, Diagnostic], list[str]] = {}
    for name in formats:
        if cancel:
            cancel.raise_if_cancelled()
        package_format = get_format(name)
        for finding in preflight(course, package_format.rules, package_format.title):
            merged.setdefault((finding.source, finding.diagnostic), []).append(name)
    findings = tuple(CheckedFinding(source, titles.get(source, WHOLE_PACKAGE), diagnostic, tuple(names))
                     for (source, diagnostic), names in merged.items())
    return CheckReport(findings, tuple(formats))
