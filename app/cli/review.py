"""``tessera review …``: the review workflow on the command line (same core as the GUI).

The acting person is given with ``--as EMAIL`` and must be listed in the workspace's members.yaml.
Exit codes: 0 ok, 1 refused or problems found (role, policy, state, damaged records), 2 usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from app.cli.common import (
    OK,
    PROBLEMS,
    USAGE,
    AddCommand,
    Handler,
    find_item,
    find_workspace,
    guarded,
    show_help,
)
from editor import review
from editor.atomic import atomic_write_text
from editor.lesson_file import LoadError, read_text
from editor.review import ReviewError
from editor.statuses import status_words


def register(subparsers: Any, add: AddCommand) -> None:
    """Add ``review`` and its subcommands to the main parser (``add`` is app.cli.main's command factory)."""
    del subparsers  # ``add`` creates our command on it, with the handler wiring app.cli.main expects
    parser = add("review", lambda _args: USAGE, "Review and approval: submit, comment, approve, "
                 "publish gate, history.")
    commands = parser.add_subparsers(dest="review_command", metavar="ACTION")

    def sub(name: str, handler: Handler, help_text: str, *, item: bool = True,
            actor: bool = False) -> argparse.ArgumentParser:
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(handler=guarded(f"review {name}", handler, problems=(ReviewError,)))
        command.add_argument("--workspace", help="workspace folder (default: the one holding ITEM or "
                             "the current folder)")
        if item:
            command.add_argument("item", metavar="ITEM", help="lesson or curated item: id, folder or path")
        if actor:
            command.add_argument("--as", dest="actor", required=True, metavar="EMAIL",
                                 help="who is acting (an email listed in members.yaml)")
        return command

    cmd = sub("submit", _submit, "Submit the item as it is now for review.", actor=True)
    cmd.add_argument("--reviewers", required=True, help="comma-separated reviewer emails")
    cmd.add_argument("--due", type=_date, help="due date, YYYY-MM-DD")
    cmd.add_argument("--note", default="", help="a note for the reviewers")
    cmd = sub("approve", _approve, "Approve the version under review.", actor=True)
    cmd.add_argument("--note", default="")
    cmd = sub("request-changes", _request_changes, "Ask the author for changes.", actor=True)
    cmd.add_argument("--summary", required=True, help="what needs to change")
    cmd = sub("comment", _comment, "Comment on the item, a block (--line) or a passage (--quote).",
              actor=True)
    cmd.add_argument("--text", required=True, help="the comment")
    cmd.add_argument("--quote", help="exact text of the passage the comment is about")
    cmd.add_argument("--line", type=int, help="a line of the block (or, with --quote, near the passage)")
    for name, handler, text in (("reply", _reply, "Reply to a comment."),
                                ("resolve", _resolve, "Mark a comment as resolved.")):
        cmd = sub(name, handler, text, actor=True)
        cmd.add_argument("comment", metavar="COMMENT", help="comment id (or a unique part of it)")
        if name == "reply":
            cmd.add_argument("--text", required=True)
    for name, handler, text in (("retire", _retire, "Retire published content (publishers)."),
                                ("reopen", _reopen, "Put the item back to draft.")):
        sub(name, handler, text, actor=True).add_argument("--reason", default="")
    cmd = sub("status", _status, "Show the review status, approvals and comments.")
    cmd.add_argument("--json", action="store_true", help="machine-readable output")
    sub("history", _history, "List the versions and every review event.")
    cmd = sub("diff", _diff, "Show what changed between two versions.")
    cmd.add_argument("old", metavar="FROM", help="'v1', 'current' or a version hash prefix")
    cmd.add_argument("new", metavar="TO", nargs="?", default=review.CURRENT, help="default: current")
    sub("restore", _restore, "Write an old version back as the current draft.",
        actor=True).add_argument("version", metavar="VERSION", help="'v1' or a version hash prefix")
    cmd = sub("can-publish", _can_publish, "Exit 0 if the item may be published as it is, else 1.")
    cmd.add_argument("--as", dest="actor", metavar="EMAIL", help="also check this person may publish")
    sub("queue", _queue, "Items waiting for your review.", item=False, actor=True)
    cmd = sub("audit", _audit, "Export the audit trail as CSV.", item=False)
    cmd.add_argument("item", metavar="ITEM", nargs="?", help="only this item (default: all)")
    cmd.add_argument("-o", "--output", help="CSV file to write (default: standard output)")
    cmd = sub("policy", _policy, "Show or change the review policy (changes need --as a publisher).",
              item=False)
    cmd.add_argument("--as", dest="actor", metavar="EMAIL")
    cmd.add_argument("--approvals", type=int, help="approvals needed before publishing")
    cmd.add_argument("--authors-may-approve", choices=("yes", "no"))
    parser.set_defaults(handler=show_help(parser))


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write it as YYYY-MM-DD") from exc


# -- formatting ----------------------------------------------------------------------------------

def _when(moment: dt.datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _short(event_id: str) -> str:
    return event_id.rsplit("-", 1)[-1][:8]


# -- actions -------------------------------------------------------------------------------------

def _done(event: review.Event, what: str) -> int:
    print(f"{what} (event {event.id})")
    return OK


def _submit(args: argparse.Namespace) -> int:
    workspace, item = find_item(args)
    event = review.submit(workspace, item, args.actor, args.reviewers.split(","), args.due, args.note)
    return _done(event, f"Submitted '{item.title}' for review to {', '.join(event.data['reviewers'])}.")


def _approve(args: argparse.Namespace) -> int:
    workspace, item = find_item(args)
    return _done(review.approve(workspace, item, args.actor, args.note), f"Approved '{item.title}'.")


def _request_changes(args: argparse.Namespace) -> int:
    workspace, item = find_item(args)
    event = review.request_changes(workspace, item, args.actor, args.summary)
    return _done(event, f"Requested changes on '{item.title}'.")


def _comment(args: argparse.Namespace) -> int:
    workspace, item = find_item(args)
    try:
        text = read_text(item.source)[0].replace("\r\n", "\n")
    except LoadError as exc:
        raise ReviewError(str(exc)) from exc
    anchor = (review.anchor_quote(text, args.quote, args.line) if args.quote
              else review.anchor_block(text, args.line) if args.line else None)
    event = review.add_comment(workspace, item, args.actor, args.text, anchor)
    where = f" at line {anchor.line} ({anchor.block_kind})" if anchor else ""
    return _done(event, f"Commented on '{item.title}'{where}.")


def _reply(args: argparse.Namespace) -> int:
    workspace, item = find_item(args)
    comment = review.find_comment(review.read_events(workspace, item.id), args.comment).id
    return _done(review.reply(workspace, item, args.actor, comment, args.text), "Replied.")


def _resolve(args: argparse.Namespace) -> int:
    workspace, item = find_item(args)
    comment = review.find_comment(review.read_events(workspace, item.id), args.comment).id
    return _done(review.resolve(workspace, item, args.actor, comment), "Resolved.")


def _retire(args: argparse.Namespace) -> int:
    workspace, item = find_item(args)
    return _done(review.retire(workspace, item, args.actor, args.reason), f"Retired '{item.title}'.")


def _reopen(args: argparse.Namespace) -> int:
    workspace, item = find_item(args)
    return _done(review.reopen(workspace, item, args.actor, args.reason), f"'{item.title}' is a draft again.")


def _restore(args: argparse.Namespace) -> int:
    workspace, item = find_item(args)
    context = review.open_review(workspace, item)
    versions = review.list_versions(context.log)
    version = review.resolve_version(args.version, versions, context.content.hash)
    event = review.restore(workspace, item, args.actor, version)
    label = review.label_of(version, versions, context.content.hash)
    return _done(event, f"Restored {label} of '{item.title}' as the current draft.")


# -- reading -------------------------------------------------------------------------------------

def _status(args: argparse.Namespace) -> int:
    workspace, item = find_item(args)
    context = review.open_review(workspace, item)
    state = context.state
    threads = review.comment_threads(context.log, context.content.text)
    problems = [*state.problems, *review.orphan_problems(context.log)]
    if args.json:
        data = {**state.as_dict(), "comments": [thread.as_dict() for thread in threads],
                "problems": [str(problem) for problem in problems]}
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return PROBLEMS if problems else OK
    versions = review.list_versions(context.log)
    label = review.label_of(state.current_version, versions, state.current_version)
    print(f"{item.title} ({item.id})\nStatus: {status_words(state.status)}"
          f"{' (changed since it was submitted)' if state.content_changed else ''}\n"
          f"Content: {label} {state.current_version[:12]}")
    if state.round_version:
        due = f", due {state.due.isoformat()}{' (overdue)' if state.overdue() else ''}" if state.due else ""
        submitted = _when(state.submitted_at) if state.submitted_at else "?"
        print(f"Submitted {submitted} by {context.members.display(state.submitted_by)} to "
              f"{', '.join(map(context.members.display, state.reviewers))}{due}")
    print(f"Approvals: {len(state.counting_approvals)} of {state.approvals_needed} needed")
    for approval in state.approvals:
        notes = [approval.reason] if approval.reason else []
        if approval.event.version != state.current_version:
            notes.append(f"stale: given to {review.label_of(approval.event.version or '', versions, '')}")
        print(f"  {context.members.display(approval.event.by)}, {_when(approval.event.at)}"
              f"{' — ' + '; '.join(notes) if notes else ''}")
    if state.changes_requested:
        request = state.changes_requested
        print(f"Changes requested by {context.members.display(request.by)}: {request.text}")
    for thread in threads:
        _print_thread(thread, context.members)
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    return PROBLEMS if problems else OK


def _print_thread(thread: review.CommentThread, members: review.Members) -> None:
    comment = thread.comment
    place = ""
    if thread.location is not None:
        edited = "" if thread.location.exact else ", the passage was edited"
        place = f" [line {thread.location.line}, {thread.location.block_kind}{edited}]"
    elif thread.outdated:
        place = " [outdated: the passage is gone]"
    if thread.anchor is not None:
        place += f" “{thread.anchor.quote[:60]}”"
    flag = "resolved" if thread.resolved else "open"
    print(f"  #{_short(comment.id)} {flag}, {members.display(comment.by)}, {_when(comment.at)}{place}\n"
          f"      {comment.text}")
    for answer in thread.replies:
        print(f"      ↳ {members.display(answer.by)}: {answer.text}")


def _history(args: argparse.Namespace) -> int:
    workspace, item = find_item(args)
    context = review.open_review(workspace, item)
    versions = review.list_versions(context.log)
    print(f"Versions of '{item.title}':")
    for info in versions:
        marker = "  (current)" if info.hash == context.content.hash else ""
        kinds = ", ".join(dict.fromkeys(event.kind for event in info.events))
        print(f"  {info.label:4} {info.hash[:12]}  {_when(info.first_at)}  {kinds}{marker}")
    if context.content.hash not in {info.hash for info in versions}:
        print(f"  {'now':4} {context.content.hash[:12]}  (current, not submitted)")
    print("Events:")
    for event in context.log.events:
        print(f"  {_when(event.at)}  {event.kind:15} {context.members.display(event.by)}"
              f"{'  ' + event.text if event.text else ''}")
    for problem in context.log.problems:
        print(f"problem: {problem}", file=sys.stderr)
    return PROBLEMS if context.log.problems else OK


def _diff(args: argparse.Namespace) -> int:
    workspace, item = find_item(args)
    context = review.open_review(workspace, item)
    versions = review.list_versions(context.log)
    current = review.snapshot_of(context.content)
    snapshots = []
    for spec in (args.old, args.new):
        version = review.resolve_version(spec, versions, current.hash)
        snapshots.append(current if version == current.hash
                         else review.load_snapshot(workspace, context.item_id, version))
    labels = [review.label_of(s.hash, versions, current.hash) for s in snapshots]
    print(review.format_diff(review.diff_snapshots(snapshots[0], snapshots[1], *labels)), end="")
    return OK


def _can_publish(args: argparse.Namespace) -> int:
    workspace, item = find_item(args)
    decision = review.can_publish(workspace, item, args.actor)
    print(f"'{item.title}' {'may' if decision.allowed else 'may not'} be published as it is.")
    for reason in decision.reasons:
        print(f"  - {reason}")
    return OK if decision.allowed else PROBLEMS


def _queue(args: argparse.Namespace) -> int:
    workspace = find_workspace(args)
    entries = review.my_reviews(workspace, args.actor)
    if not entries:
        print(f"Nothing waits for {args.actor}'s review.")
    for entry in entries:
        due = entry.state.due.isoformat() if entry.state.due else "no due date"
        flag = "  OVERDUE" if entry.overdue() else ""
        print(f"{entry.item.id:12}  {due:11}{flag}  {entry.item.title}")
    return OK


def _audit(args: argparse.Namespace) -> int:
    workspace = find_workspace(args)
    item_id = find_item(args)[1].id if args.item else None
    rows = review.audit_rows(workspace, item_id)
    text = review.audit_csv(rows)
    if args.output:
        atomic_write_text(Path(args.output), text)
        print(f"{len(rows)} row(s) written to {args.output}")
    else:
        sys.stdout.write(text)
    trusted = all(row["integrity"] == "ok" for row in rows)
    return OK if trusted else PROBLEMS


def _policy(args: argparse.Namespace) -> int:
    workspace = find_workspace(args)
    policy = review.load_policy(workspace)
    if args.approvals is not None or args.authors_may_approve is not None:
        if not args.actor:
            raise ValueError("Changing the policy needs --as EMAIL (a publisher).")
        review.load_members(workspace).require(args.actor, "publisher", "change the review policy")
        needed, self_approval = args.approvals, args.authors_may_approve
        policy = review.Policy(
            policy.approvals_needed if needed is None else needed,
            policy.authors_may_approve if self_approval is None else self_approval == "yes")
        review.save_policy(workspace, policy)
    print(f"approvals_needed: {policy.approvals_needed}\n"
          f"authors_may_approve: {'yes' if policy.authors_may_approve else 'no'}")
    return OK
