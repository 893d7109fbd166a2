"""``tessera translate …``: the translation round trip (XLIFF 2) on the command line.

``export`` writes one XLIFF file per target language (only new or changed segments once a variant
exists; ``--all`` for everything), ``import`` creates or updates the language variant a translated
file belongs to, ``status`` lists every variant with ``up-to-date`` or ``stale``.
Exit codes: 0 ok, 1 refused (a hostile or broken file, nothing written) or stale variants with
``status --check``, 2 usage.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from app.cli.common import OK, PROBLEMS, AddCommand, Handler, find_workspace, guarded, show_help
from editor.translation.roundtrip import export_translations, import_translation, source_lesson
from editor.translation.segments import TranslationError
from editor.translation.variants import VariantState, translation_statuses
from editor.workspace import Workspace, WorkspaceError


def _export(args: argparse.Namespace) -> int:
    lesson = Path(args.lesson_dir)
    workspace = Workspace.containing(lesson)
    if workspace is None:
        raise WorkspaceError(f"{lesson} is not inside a Tessera workspace.")
    item = source_lesson(workspace, str(lesson))
    languages = [code.strip() for code in args.to.split(",") if code.strip()]
    if not languages:
        raise WorkspaceError("Name at least one target language, e.g. --to de,fr.")
    for exported in export_translations(workspace, item, languages, Path(args.output), everything=args.all):
        if exported.path is None:
            print(f"{exported.language}: up to date, nothing to translate")
        else:
            suggested = (f" ({exported.suggestions} with the previous translation)"
                         if exported.suggestions else "")
            print(f"{exported.language}: {exported.units} segment(s){suggested} -> {exported.path}")
    return OK


def _import(args: argparse.Namespace) -> int:
    workspace = find_workspace(args)
    result = import_translation(workspace, Path(args.file))
    if args.json:
        print(json.dumps({"variant": str(result.variant), "language": result.language,
                          "changed": result.changed, "translated": result.translated, "kept": result.kept,
                          "untranslated": list(result.untranslated), "ignored": list(result.ignored)},
                         indent=2, ensure_ascii=False))
        return OK
    print(f"{result.variant}: {'updated' if result.changed else 'already up to date, nothing changed'} "
          f"({result.translated} segment(s) from the file, {result.kept} kept from before)")
    if result.untranslated:
        print(f"  {len(result.untranslated)} segment(s) are not translated yet and stay in the source "
              f"language: {', '.join(result.untranslated)}")
    if result.ignored:
        print(f"  {len(result.ignored)} unit(s) of the file are no longer in the lesson and were skipped: "
              f"{', '.join(result.ignored)}")
    for note in result.notes:
        print(f"  {note}")
    return OK


def _status(args: argparse.Namespace) -> int:
    statuses = translation_statuses(Workspace.open(Path(args.workspace)))
    if args.json:
        print(json.dumps([status.as_dict() for status in statuses], indent=2, ensure_ascii=False))
    else:
        if not statuses:
            print("No translations yet. Export one with 'tessera translate export LESSON_DIR --to de'.")
        for status in statuses:
            print(f"{status.language:6} {status.state.value:10} {status.title}  ({status.path})")
            for change in status.changes:
                what = f"{change.segment} ({change.note}): " if change.segment else ""
                detail = f"{change.before!r} -> {change.after!r}" if change.segment else change.after
                print(f"{'':18}{change.kind.value}: {what}{detail}")
    stale = any(status.state is VariantState.STALE for status in statuses)
    return PROBLEMS if stale and args.check else OK


def register(subparsers: Any, add: AddCommand) -> None:
    """Add ``translate`` and its actions to the main parser (``add`` is app.cli.main's command factory)."""
    del subparsers  # ``add`` creates our command on it, with the handler wiring app.cli.main expects
    parser = add("translate", lambda _args: PROBLEMS,
                 "Translation round trip: XLIFF 2 out, language variants in.")
    parser.set_defaults(handler=show_help(parser))
    actions = parser.add_subparsers(dest="translate_command", metavar="ACTION")

    def sub(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        command = actions.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(handler=guarded(f"translate {name}", handler,
                                             problems=(TranslationError, OSError),
                                             usage=(WorkspaceError, ValueError)))
        return command

    cmd = sub("export", _export, "Write one XLIFF 2 file per target language for translators.")
    cmd.add_argument("lesson_dir", metavar="LESSON_DIR", help="the source lesson's folder")
    cmd.add_argument("--to", required=True, help="target languages, comma-separated (e.g. de,fr,pt-BR)")
    cmd.add_argument("-o", "--output", required=True, help="folder for the .xlf files")
    cmd.add_argument("--all", action="store_true",
                     help="send every segment, not only the new or changed ones")
    cmd = sub("import", _import, "Create or update a lesson's language variant from a translated XLIFF file.")
    cmd.add_argument("file", metavar="FILE.xlf", help="the translated XLIFF file")
    cmd.add_argument("--workspace", help="workspace folder (default: the current folder's)")
    cmd.add_argument("--json", action="store_true", help="machine-readable output")
    cmd = sub("status", _status,
              "Each translation with its source, language and state (up-to-date or stale).")
    cmd.add_argument("workspace", metavar="WORKSPACE", help="workspace folder")
    cmd.add_argument("--json", action="store_true", help="machine-readable output")
    cmd.add_argument("--check", action="store_true", help="exit 1 when a translation is stale")
