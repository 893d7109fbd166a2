"""What every ``tessera`` command module shares: exit codes, the handler types, errors reported as
one line on stderr with the matching exit code, and finding the workspace and item a command names.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from editor.workspace import LESSON_FILE, Item, Workspace, WorkspaceError

OK, PROBLEMS, USAGE = 0, 1, 2
Handler = Callable[[argparse.Namespace], int]
AddCommand = Callable[[str, Handler, str], argparse.ArgumentParser]
Errors = tuple[type[BaseException], ...]


def fail(command: str, message: object, code: int) -> int:
    """Say on stderr what went wrong in ``tessera COMMAND``; returns the exit ``code``."""
    print(f"tessera {command}: {message}", file=sys.stderr)
    return code


def guarded(command: str, handler: Handler, *, problems: Errors, usage: Errors = (ValueError,)) -> Handler:
    """``handler`` with ``problems`` exiting 1 and ``usage`` errors 2, each as one clear line on stderr
    (never a traceback)."""
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except problems as exc:
            return fail(command, exc, PROBLEMS)
        except usage as exc:
            return fail(command, exc, USAGE)
    return run


def show_help(parser: argparse.ArgumentParser) -> Handler:
    """A command group run without an action: its help on stderr, as a usage error."""
    def show(_args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return USAGE
    return show


def find_workspace(args: argparse.Namespace) -> Workspace:
    """``--workspace``, else the workspace holding ``ITEM`` (when it is a path) or the current folder."""
    if args.workspace:
        return Workspace.open(Path(args.workspace))
    hint = Path(args.item) if getattr(args, "item", None) and Path(args.item).exists() else Path.cwd()
    found = Workspace.containing(hint)
    if found is None:
        raise WorkspaceError(f"{hint} is not inside a Tessera workspace; pass --workspace FOLDER.")
    return found


def find_item(args: argparse.Namespace) -> tuple[Workspace, Item]:
    """The workspace and the item ``ITEM`` names: an id, a lesson folder or lesson.md, or an item file."""
    workspace = find_workspace(args)
    key = args.item
    path = Path(key)
    if path.exists():
        key = str((path.parent if path.name == LESSON_FILE else path).resolve())
    item = workspace.find(key)
    if item is None:
        raise WorkspaceError(f"There is no item '{args.item}' in {workspace.root}; see 'tessera list'.")
    return workspace, item
