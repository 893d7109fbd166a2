"""Preflight: what must be fixed (errors) or is worth knowing (warnings) before a package is built.

The content checks of ``editor.checks`` (front matter, missing media, alt text, captions, quizzes
without a correct answer…) run first, unchanged; this module adds what only matters once a lesson
leaves the editor for a given format: links that will break inside the package, files too large
for an LMS, media a browser may not play or that needs the internet, and what the chosen format
cannot record. ``publishing.packages.build_package`` refuses to build while there are errors;
``python main.py check --for FORMAT`` shows the same findings.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from editor import content
from editor.checks import check_parsed
from editor.diagnostics import Diagnostic, Severity, error, warning
from editor.media_refs import markdown_images
from publishing.player import mastery_score

if TYPE_CHECKING:
    from publishing.packages.course import Course, Unit
    from publishing.packages.references import Reference

# Many LMSs cap uploads around 100 MB–2 GB and stream large files poorly; a two-minute 1080p
# H.264 video is ~60 MB, so beyond 100 MB something is usually uncompressed or too long.
LARGE_FILE_BYTES = 100 * 1024 ** 2
LARGE_PACKAGE_BYTES = 1024 ** 3
MAX_FILE_BYTES = 2 * 1024 ** 3          # no learning platform we know takes a bigger single file
# Containers that Chrome, Edge, Firefox and Safari do not all play.
UNPORTABLE_MEDIA = frozenset({".mov", ".avi", ".wmv", ".flv", ".mkv", ".mpg", ".mpeg", ".3gp", ".wma",
                              ".aiff"})
MEDIA_TAGS = frozenset({"img", "video", "audio", "source", "track"})


@dataclass(frozen=True)
class FormatRules:
    """What a package format can carry, as far as preflight needs to know."""

    records_results: bool                 # quiz answers and scores reach a learning platform
    answers_per_question: int = 0         # answers one question can report (0: no limit)


@dataclass(frozen=True)
class Finding:
    source: Path | None                   # the lesson or item file; None for the package as a whole
    diagnostic: Diagnostic

    @property
    def is_error(self) -> bool:
        return self.diagnostic.severity is Severity.ERROR

    def __str__(self) -> str:
        d = self.diagnostic
        where = f"{self.source}:{d.line}" if self.source else "package"
        return f"{where}: {d.severity.value}: {d.message} [{d.code}]"


def preflight(course: Course, rules: FormatRules, format_title: str) -> list[Finding]:
    """Every finding for building ``course`` in a format with ``rules``: content, then format."""
    findings = [Finding(unit.source, d)
                for unit in course.units for d in unit_problems(unit, rules, format_title)]
    findings += [Finding(None, d) for d in _course_problems(course, rules, format_title)]
    return findings


def unit_problems(unit: Unit, rules: FormatRules, format_title: str) -> list[Diagnostic]:
    """The editor's checks of one lesson or link plus the format-specific ones, sorted by line."""
    found = check_parsed(unit.parsed, unit.folder if unit.kind == "lesson" else None, kind=unit.kind)
    found += format_problems(unit, rules, format_title)
    return sorted(found, key=lambda d: (d.line, d.severity.value))


def format_problems(unit: Unit, rules: FormatRules, format_title: str) -> list[Diagnostic]:
    """Only what packaging adds to ``editor.checks`` (which it never repeats)."""
    if unit.kind != "lesson":
        return []
    return [*_reference_problems(unit), *_capability_problems(unit, rules, format_title)]


def _checked_by_editor(unit: Unit) -> set[str]:
    """Local files ``editor.checks`` already looks for: Markdown images and block media attributes.

    Media written as raw HTML (``<img src=…>`` in the Markdown) is only seen here, on the page.
    """
    urls = [image.src for block in unit.parsed.blocks for image in markdown_images(block.body)]
    urls += [block.attrs[key] for block in unit.parsed.blocks for key in ("src", "captions", "poster")
             if block.attrs.get(key)]
    return {posixpath.normpath(unquote(urlsplit(url).path)) for url in urls}


def _reference_problems(unit: Unit) -> Iterator[Diagnostic]:
    root = unit.folder.resolve()
    checked = _checked_by_editor(unit)
    for ref in unit.references.references:
        if ref.is_remote:
            if ref.tag in MEDIA_TAGS:
                insecure = " Its address starts with http://, which pages served over https block." \
                    if ref.url.lower().startswith("http:") else ""
                yield warning(ref.line, "media-remote", f"'{ref.url}' is loaded from the internet, so it "
                              f"is missing for learners offline or behind a firewall.{insecure} Copy the "
                              "file into the lesson's media/ folder to ship it in the package.")
        elif ref.is_anchor:
            if ref.url[1:] and ref.url[1:] not in unit.references.ids:
                yield warning(ref.line, "link-anchor", f"The link '{ref.url}' points to a place this page "
                              "does not have. Link to a file or web page instead.")
        elif ref.is_link or (ref.local_path or "") not in checked:
            yield from _local_problems(ref, root)
        else:
            yield from _file_problems(ref.url, ref.line, root, ref.local_path or "")


def _local_problems(ref: Reference, root: Path) -> Iterator[Diagnostic]:
    """A link, or media only the page shows, that must resolve to a file inside the lesson."""
    what, code = ("link", "link") if ref.is_link else ("file", "media")
    local = ref.local_path or ""
    if ref.leaves_folder:
        yield error(ref.line, f"{code}-outside", f"The {what} '{ref.url}' points outside the lesson "
                    "folder, so it breaks in a package. Copy the file into the lesson's media/ folder, or "
                    "use a web address.")
    elif not (root / local).is_file():
        yield error(ref.line, "link-broken" if ref.is_link else "media-missing", f"The {what} "
                    f"'{ref.url}' points to a file that does not exist. Add the file to the lesson's "
                    "media/ folder or fix the address.")
    else:
        yield from _file_problems(ref.url, ref.line, root, local)


def _file_problems(url: str, line: int, root: Path, local: str) -> Iterator[Diagnostic]:
    """Size and playability of an existing local file (missing ones are editor.checks' business)."""
    target = (root / local).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        return
    size = target.stat().st_size
    if size > MAX_FILE_BYTES:
        yield error(line, "media-too-large", f"'{url}' is {size / 1024 ** 3:.1f} GB; packages take files "
                    f"up to {MAX_FILE_BYTES // 1024 ** 3} GB. Shorten or compress it.")
    elif size > LARGE_FILE_BYTES:
        yield warning(line, "media-large", f"'{url}' is {size // 1024 ** 2} MB. Many learning platforms "
                      f"limit uploads or play such files slowly; keep each file under "
                      f"{LARGE_FILE_BYTES // 1024 ** 2} MB (compress the video, or split it).")
    if PurePosixPath(local).suffix.lower() in UNPORTABLE_MEDIA:
        yield warning(line, "media-format", f"'{url}' is a {PurePosixPath(local).suffix} file, which some "
                      "browsers cannot play. Convert it to MP4 (H.264 video, AAC audio) or MP3.")


def _capability_problems(unit: Unit, rules: FormatRules, format_title: str) -> Iterator[Diagnostic]:
    quizzes = [block for block in unit.parsed.blocks if block.kind == "quiz"]
    if quizzes and not rules.records_results:
        yield warning(quizzes[0].line, "quiz-not-recorded", f"{format_title} records no answers or scores: "
                      "learners can still try the questions. Export as SCORM or cmi5 to record results.")
    for block in quizzes if rules.answers_per_question else ():
        answers = len(content.read_quiz(block)[0].options)
        if answers > rules.answers_per_question:
            yield warning(block.line, "quiz-too-many-answers", f"{format_title} can report at most "
                          f"{rules.answers_per_question} answers per question; this one has {answers}, so "
                          "answers beyond that are left out of the LMS report.")
    raw = unit.parsed.meta.get("mastery_score")
    if raw not in (None, "") and rules.records_results and mastery_score(raw) is None:
        yield warning(2, "mastery-score", f"'mastery_score: {raw}' is not a pass mark; write a fraction "
                      "such as 0.8 or a percentage such as 80. The default, 80%, is used.")


def _course_problems(course: Course, rules: FormatRules, format_title: str) -> Iterator[Diagnostic]:
    seen: dict[str, Path] = {}
    for unit in course.units:
        if unit.id in seen:
            yield error(0, "duplicate-id", f"{unit.source} and {seen[unit.id]} have the same id '{unit.id}'; "
                        "each part of a course needs its own. Give one of them a new id.")
        seen.setdefault(unit.id, unit.source)
    if not course.single and not course.title_given:
        yield warning(0, "course-title", f"The course has no title, so it is called '{course.title}'. "
                      "Give the course a title.")
    if rules.records_results and not course.lessons:
        yield warning(0, "no-lesson", f"The package holds only curated links; {format_title} will have "
                      "nothing to track. Add a lesson, or export as HTML or Common Cartridge.")
    total = sum(path.stat().st_size for unit in course.units for _, path in unit.files())
    if total > LARGE_PACKAGE_BYTES:
        yield warning(0, "package-large", f"The package will be about {total // 1024 ** 2} MB. Many "
                      f"learning platforms refuse uploads over 1 GB; split the course or compress media.")
