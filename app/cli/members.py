"""``tessera members …``: who belongs to a workspace and their roles (the file is members.yaml).

The same core functions as the app's People screen, with the same rules and the same lock.
Exit codes: 0 ok, 1 refused or problems found, 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from app.cli.common import OK, PROBLEMS, USAGE, AddCommand, find_workspace, guarded, show_help
from editor.review import ROLES, Member, ReviewError, load_members
from editor.review.members import add_member, remove_member


def register(subparsers: Any, add: AddCommand) -> None:
    """Add ``members`` and its actions to the main parser (``add`` is app.cli.main's command factory)."""
    del subparsers
    parser = add("members", lambda _args: USAGE, "The workspace's people and their roles (author, "
                 "reviewer, publisher).")
    commands = parser.add_subparsers(dest="members_command", metavar="ACTION")

    def sub(name: str, handler: Any, help_text: str) -> argparse.ArgumentParser:
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(handler=guarded(f"members {name}", handler, problems=(ReviewError,)))
        command.add_argument("--workspace", help="workspace folder (default: the current folder)")
        return command

    sub("list", _list, "List the members and their roles.").add_argument(
        "--json", action="store_true", help="machine-readable output")
    cmd = sub("add", _add, "Add a member, or change the name and roles of one.")
    cmd.add_argument("email", metavar="EMAIL")
    cmd.add_argument("--roles", required=True, help=f"comma-separated: {', '.join(ROLES)}")
    cmd.add_argument("--name", default="", help="the person's name as others should see it")
    sub("remove", _remove, "Take a member out (their past review events are kept).").add_argument(
        "email", metavar="EMAIL")
    parser.set_defaults(handler=show_help(parser))


def _roles(member: Member) -> list[str]:
    return [role for role in ROLES if member.has(role)]


def _list(args: argparse.Namespace) -> int:
    members = load_members(find_workspace(args))
    if args.json:
        print(json.dumps({"members": [{"email": m.email, "name": m.name, "roles": _roles(m)}
                                      for m in members.people], "problems": members.problems},
                         indent=2, ensure_ascii=False))
    elif members.path is None:
        print("This workspace has no members yet; add people with 'tessera members add EMAIL --roles …'.")
    for member in members.people if not args.json else []:
        print(f"{member.email:32} {','.join(_roles(member)):27} {member.name}")
    for problem in members.problems:
        print(f"problem: {problem}", file=sys.stderr)
    return PROBLEMS if members.problems else OK


def _add(args: argparse.Namespace) -> int:
    roles = [role.strip().lower() for role in args.roles.split(",") if role.strip()]
    workspace = find_workspace(args)
    known = load_members(workspace).find(args.email)
    name = args.name or (known.name if known else "")      # changing roles keeps the name on file
    member = add_member(workspace, name, args.email, roles)
    print(f"{member.label}: {', '.join(_roles(member))}")
    return OK


def _remove(args: argparse.Namespace) -> int:
    member = remove_member(find_workspace(args), args.email)
    print(f"Removed {member.label}.")
    return OK
