"""``tessera`` / ``python main.py <command>``: the command line on the same core as the GUI.

Exit codes: 0 ok, 1 problems found, 2 usage error (bad arguments, missing paths).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from app.cli.common import OK, PROBLEMS, USAGE, Handler, guarded
from app.cli.search import register as register_search
from editor.diagnostics import Severity, has_errors
from editor.lesson_file import LoadError, read_text
from editor.workspace import LESSON_FILE, Workspace, WorkspaceError, template_names, variant_file_name

# Commands that scripts and editor plug-ins run often and expect at once: they get a parser of their
# own, so they never import what the other commands need (rendering, packages, media, publishing).
QUICK_COMMANDS = ("search", "similar")


class UsageError(Exception):
    """Bad arguments or paths: reported on stderr with exit code 2."""


def _init(args: argparse.Namespace) -> int:
    workspace = Workspace.create(Path(args.dir), args.name)
    print(workspace.root)
    return OK


def _new(args: argparse.Namespace) -> int:
    from editor.search.similar import same_title

    workspace = Workspace.open(Path(args.workspace))
    twins = [item for item in workspace.items() if same_title(item.title, args.title)]
    if twins and not args.allow_duplicate:
        print(f"tessera new: '{twins[0].title}' is already in the library ({twins[0].path}). Open and reuse "
              "it, choose another title, or pass --allow-duplicate to create a second one.", file=sys.stderr)
        return PROBLEMS
    print(workspace.new_lesson(args.title, args.template, owner=args.owner or ""))
    return OK


def _list(args: argparse.Namespace) -> int:
    from editor.review.status_cache import derived_statuses
    from editor.statuses import status_words

    workspace = Workspace.open(Path(args.workspace))
    items = workspace.items()
    # The status derived from review events, as the app shows it; the front matter's line is not it.
    statuses = derived_statuses(workspace, items)
    if args.json:
        print(json.dumps([{**item.as_dict(), "status": statuses[item.source]} for item in items],
                         indent=2, ensure_ascii=False))
        return OK
    if not items:
        print("The workspace is empty. Create a lesson with 'tessera new'.")
    for item in items:
        flag = "  (unreadable)" if item.problem else ""
        if item.translation_of:
            flag += f"  ({item.language} translation of {item.translation_of})"
        print(f"{item.id:12}  {item.kind:6}  {status_words(statuses[item.source]):23}  {item.title}{flag}\n"
              f"{'':12}  {item.path}")
    return OK


def _render(args: argparse.Namespace) -> int:
    lesson_dir = Path(args.lesson_dir)
    source = lesson_dir / (variant_file_name(args.lang) if args.lang else LESSON_FILE)
    if not source.is_file():
        raise UsageError(f"{lesson_dir} has no {source.name}: " + (
            f"import a {args.lang} translation first ('tessera translate import')." if args.lang
            else "it is not a lesson folder."))
    try:
        text, _ = read_text(source)
    except LoadError as exc:
        raise UsageError(str(exc)) from exc
    from editor.render import render_lesson
    from publishing.player import player_page
    from publishing.standalone import embed_local_media

    rendered = render_lesson(text)
    page, notes = embed_local_media(player_page(rendered), lesson_dir)
    from editor.atomic import atomic_write_text
    atomic_write_text(Path(args.output), page)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    errors = [d for d in rendered.parsed.diagnostics if d.severity is Severity.ERROR]
    for problem in errors:
        print(f"{source}: {problem}", file=sys.stderr)
    print(args.output)
    return PROBLEMS if errors else OK


def _check(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if not path.exists():
        raise UsageError(f"{path} does not exist.")
    from editor.checks import check_path
    from publishing.packages import check_for_format

    results = check_for_format(path, args.for_format) if args.for_format else check_path(path)
    problems = [d for found in results.values() for d in found]
    if args.json:
        print(json.dumps({str(source): [d.as_dict() for d in found]
                          for source, found in results.items()}, indent=2, ensure_ascii=False))
    else:
        for source, found in results.items():
            for problem in found:
                print(f"{source}:{problem.line}: {problem.severity.value}: {problem.message} "
                      f"[{problem.code}]")
        errors = sum(d.severity is Severity.ERROR for d in problems)
        print(f"{len(results)} item(s) checked: {errors} error(s), "
              f"{len(problems) - errors} warning(s).")
    if has_errors(problems):
        return PROBLEMS
    if args.run:
        if not args.for_format:
            raise UsageError("--run needs --for FORMAT (scorm12, scorm2004 or cmi5).")
        from app.cli.testbench import run_bench
        return run_bench(path, args.for_format, as_json=args.json)
    return OK


def _open(args: argparse.Namespace) -> int:
    from app.shell.gui import run_gui
    return run_gui([], Path(args.dir) if args.dir else None)


def build_parser(quick: bool = False) -> argparse.ArgumentParser:
    """The whole command line, or (``quick``) only ``QUICK_COMMANDS``."""
    parser = argparse.ArgumentParser(
        prog="tessera", description="Tessera — write, review and publish microlearning. "
        "Run without a command to open the app.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    if quick:
        register_search(commands, add)
        return parser
    from app.cli.blocks import register as register_blocks
    from app.cli.export import register as register_export
    from app.cli.media import register as register_media
    from app.cli.members import register as register_members
    from app.cli.publish import register as register_publish
    from app.cli.review import register as register_review
    from app.cli.translate import register as register_translate
    from publishing.packages import FORMATS

    sub = add("open", _open, "Open the app on a workspace (default: the last one, or the demo).")
    sub.add_argument("dir", nargs="?", help="workspace folder")

    sub = add("init", _init, "Create a workspace folder.")
    sub.add_argument("dir", help="folder to create (or an empty existing one)")
    sub.add_argument("--name", help="workspace name (default: the folder name)")

    sub = add("new", _new, "Create a lesson and print its folder.")
    sub.add_argument("--workspace", required=True, help="workspace folder")
    sub.add_argument("--title", required=True, help="lesson title")
    sub.add_argument("--template", default="blank", help=f"one of: {', '.join(template_names())}")
    sub.add_argument("--owner", help="lesson owner (default: empty)")
    sub.add_argument("--allow-duplicate", action="store_true",
                     help="create it even when a lesson or link with the same title exists")

    sub = add("list", _list, "List the lessons and curated items of a workspace.")
    sub.add_argument("--workspace", required=True, help="workspace folder")
    sub.add_argument("--json", action="store_true", help="machine-readable output")

    sub = add("render", _render, "Render a lesson to one standalone HTML page (the learner player).")
    sub.add_argument("lesson_dir", help="lesson folder (contains lesson.md)")
    sub.add_argument("-o", "--output", required=True, help="HTML file to write")
    sub.add_argument("--lang", help="render the lesson's translation into this language (lesson.LANG.md)")

    sub = add("check", _check, "Validate a lesson, an item or a whole workspace; exit 1 on errors.")
    sub.add_argument("path", help="lesson folder, item file or workspace folder")
    sub.add_argument("--json", action="store_true", help="machine-readable output")
    sub.add_argument("--for", dest="for_format", choices=sorted(FORMATS), metavar="FORMAT",
                     help=f"also check what exporting as FORMAT needs ({', '.join(sorted(FORMATS))})")
    sub.add_argument("--run", action="store_true",
                     help="then play the package in the LMS test bench (needs --for; exit 1 on a violation)")

    register_review(commands, add)
    register_members(commands, add)
    register_export(commands, add)
    register_media(commands, add)
    register_publish(commands, add)
    register_search(commands, add)
    register_blocks(commands, add)
    register_translate(commands, add)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        from app.shell.gui import run_gui
        return run_gui([])
    parser = build_parser(quick=argv[0] in QUICK_COMMANDS)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return USAGE
    run = guarded(args.command, args.handler, problems=(LoadError, OSError),
                  usage=(UsageError, WorkspaceError))
    return int(run(args))
