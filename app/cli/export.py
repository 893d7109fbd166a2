"""``tessera export``: build a SCORM, cmi5, xAPI, HTML5 or Common Cartridge package from lessons.

Several lessons (and curated links, as .md files) make a course, in the order given. Exit codes
follow the rest of the CLI: 0 built (warnings are printed), 1 preflight found errors (nothing is
written), 2 unusable arguments or paths.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.common import OK, PROBLEMS, USAGE, AddCommand, fail
from editor.workspace import WorkspaceError, variant_file_name
from publishing.packages import FORMATS, PackageError, PreflightFailed, build_package


def _export(args: argparse.Namespace) -> int:
    lessons = [Path(path) for path in args.lessons]
    if args.lang:
        try:
            lessons = [translated(path, args.lang) for path in lessons]
        except (PackageError, WorkspaceError) as exc:
            return fail("export", exc, USAGE)
    try:
        result = build_package(lessons, args.format, Path(args.output), title=args.title)
    except PreflightFailed as exc:
        for finding in exc.findings:
            print(finding, file=sys.stderr)
        return fail("export", exc, PROBLEMS)
    except PackageError as exc:
        return fail("export", exc, USAGE)
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    print(result.path)
    return OK


def translated(lesson: Path, language: str) -> Path:
    """The ``language`` variant of a lesson folder (or of the lesson.md given)."""
    folder = lesson.parent if lesson.is_file() else lesson
    variant = folder / variant_file_name(language)
    if not variant.is_file():
        raise PackageError(f"{folder} has no {language} translation ({variant.name}). Import one with "
                           "'tessera translate import FILE.xlf'.")
    return variant


def register(subparsers: Any, add: AddCommand) -> None:
    """Add ``export`` to the main parser (``add`` is app.cli.main's command factory)."""
    del subparsers  # ``add`` creates our command on it, with the handler wiring app.cli.main expects
    sub = add("export", _export, "Build a package from lessons (several lessons make a course).")
    sub.add_argument("lessons", nargs="+", metavar="LESSON",
                     help="lesson folder (or lesson.md), or a curated item's .md file; in course order")
    sub.add_argument("--format", required=True, choices=sorted(FORMATS),
                     help="scorm12, scorm2004, cmi5, xapi (Tin Can), html (folder, or .zip) or imscc")
    sub.add_argument("-o", "--output", required=True,
                     help="package file to write (html: a new folder, or a .zip)")
    sub.add_argument("--title", help="course title when exporting several lessons")
    sub.add_argument("--lang", help="export each lesson's translation into this language (lesson.LANG.md)")
