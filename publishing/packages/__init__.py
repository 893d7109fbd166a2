"""Package builders: one lesson, or a course of lessons and curated links, as a file an LMS imports.

Formats (``FORMATS``, see docs/packages.md): ``scorm12``, ``scorm2004``, ``cmi5``, ``xapi``,
``html`` and ``imscc``. ``build_package`` reads the lessons, runs preflight (errors stop the
build, warnings come back in the result), builds the pages and manifest and writes the package
deterministically. Export works on drafts; refusing unapproved content is the publish step's job.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from editor.checks import check_path
from editor.diagnostics import Diagnostic
from editor.markdown_budget import markdown_budget
from editor.progress import CancelToken, ProgressCallback, no_progress
from publishing.packages import cmi5, html5, imscc, scorm12, scorm2004, xapi
from publishing.packages.course import PackageError, kind_of, load_course, load_unit
from publishing.packages.manifest_checks import manifest_problems
from publishing.packages.registry import FORMATS, PackageFormat, get_format, register_format
from publishing.preflight import Finding, format_problems, preflight

__all__ = ["FORMATS", "BuildResult", "PackageError", "PackageFormat", "PreflightFailed", "build_package",
           "check_for_format", "register_format"]

for _builtin in (scorm12, scorm2004, cmi5, xapi, html5, imscc):
    register_format(_builtin.FORMAT)

PREPARE_SECONDS = 3.0
# Shares of the progress bar: reading and checking are quick, writing media is the long part.
_READ, _CHECK, _PAGES = 0.03, 0.06, 0.1


@dataclass(frozen=True)
class BuildResult:
    path: Path
    warnings: list[Finding]


class PreflightFailed(PackageError):
    """Preflight found errors; ``findings`` holds all of them (and the warnings)."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        errors = sum(finding.is_error for finding in findings)
        super().__init__(f"The package was not built: {errors} problem(s) must be fixed first.")


def build_package(lessons: Sequence[Path], fmt: str, out: Path, *, title: str | None = None,
                  progress: ProgressCallback | None = None, cancel: CancelToken | None = None) -> BuildResult:
    """Build ``fmt`` from ``lessons`` (lesson folders or curated .md files, in order) into ``out``.

    Several inputs make a course named ``title``. Raises ``PreflightFailed`` when the content has
    errors, ``PackageError`` for unusable inputs or output, ``Cancelled`` when ``cancel`` is set.
    """
    package_format = get_format(fmt)
    report = progress or no_progress
    out = Path(out)
    as_folder = package_format.folder_output and out.suffix.lower() != ".zip"
    if out.is_dir() and not as_folder:
        example = out / f"course{package_format.suffix}"
        raise PackageError(f"{out} is a folder; give the package a file name, e.g. {example}.")
    report(0.0, "Reading the lessons")
    # One Markdown time budget for rendering and checking every lesson: hostile text cannot stall a build.
    with markdown_budget(PREPARE_SECONDS):
        course = load_course(lessons, title=title)
        if cancel:
            cancel.raise_if_cancelled()
        report(_READ, "Checking the content")
        findings = preflight(course, package_format.rules, package_format.title)
    if any(finding.is_error for finding in findings):
        raise PreflightFailed(findings)
    report(_CHECK, f"Making the {package_format.title} pages")
    contents = package_format.build(course)
    # The manifest against the official schemas (shipped in resources/schemas) before writing.
    invalid = [Finding(None, d) for d in manifest_problems(fmt, contents)]
    if invalid:
        raise PreflightFailed(findings + invalid)
    if cancel:
        cancel.raise_if_cancelled()

    def writing(fraction: float, message: str) -> None:
        report(_PAGES + (1 - _PAGES) * fraction, message)

    if as_folder:
        contents.write_folder(out, progress=writing, cancel=cancel)
    else:
        contents.write_zip(out, progress=writing, cancel=cancel)
    return BuildResult(out, [finding for finding in findings if not finding.is_error])


def check_for_format(path: Path, fmt: str) -> dict[Path, list[Diagnostic]]:
    """``editor.checks.check_path`` plus what exporting as ``fmt`` adds (same shape, for ``check --for``)."""
    package_format = get_format(fmt)
    results = check_path(path)
    for source, found in results.items():
        if kind_of(source) != "lesson":
            continue
        try:
            unit = load_unit(source)
            found.extend(format_problems(unit, package_format.rules, package_format.title))
            found.extend(manifest_problems(fmt, package_format.build(load_course([source]))))
        except PackageError:
            continue          # unreadable: check_path already reported it
        found.sort(key=lambda d: (d.line, d.severity.value))
    return results
