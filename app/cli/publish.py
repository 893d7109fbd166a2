"""``tessera publish``, ``targets``, ``outbox`` and ``analytics``: connectors on the command line.

Secrets are never taken from the command line (it ends up in shell history and process lists):
``targets add`` asks for them with a hidden prompt, or reads one line from standard input when
it is not a terminal (``printf '%s' "$SECRET" | tessera targets add …``).
``publish`` and ``outbox --run`` say what they wait for and until when; a retry due later than
the outbox's wait cap (a minute) stays queued and the command returns. Ctrl-C stops with one line.
Exit codes: 0 ok, 1 refused, failed or left queued (approval, credentials, server), 2 usage,
130 stopped with Ctrl-C (unfinished jobs stay in the outbox).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import sys
from typing import Any

from app.cli.common import (
    OK,
    PROBLEMS,
    USAGE,
    AddCommand,
    Handler,
    fail,
    find_item,
    find_workspace,
    guarded,
    show_help,
)
from editor.review import ReviewError
from editor.workspace import Workspace
from publishing.analytics import lesson_stats
from publishing.connectors import ConnectorError, add_target, connector_class, connector_names, open_connector
from publishing.connectors.lrs import LrsConnector
from publishing.credentials import CredentialError, load_secret
from publishing.outbox import DONE, QUEUED, JobResult, Outbox, PublishError, Waiting
from publishing.packages import PackageError
from publishing.packages.course import load_unit
from publishing.targets import Target, TargetError, load_targets, remove_target

_REFUSALS = (PublishError, TargetError, CredentialError, ConnectorError, ReviewError, PackageError)
INTERRUPTED = 130            # the shell's code for a command stopped by Ctrl-C (128 + SIGINT)


def register(subparsers: Any, add: AddCommand) -> None:
    """Add the publishing commands to the main parser (``add`` is app.cli.main's command factory)."""
    del subparsers  # ``add`` creates our commands on it, with the handler wiring app.cli.main expects
    cmd = add("publish", _guarded("publish", _publish), "Publish an approved item to one or more targets.")
    _item_args(cmd)
    cmd.add_argument("--target", action="append", required=True, metavar="NAME", help="a target (repeatable)")
    cmd.add_argument("--as", dest="actor", required=True, metavar="EMAIL",
                     help="the publisher (listed in members.yaml)")
    cmd.add_argument("--retire", action="store_true", help="take the item out of use on the targets instead")

    cmd = add("outbox", _guarded("outbox", _outbox),
              "Show publishing jobs; --run resumes the unfinished ones.")
    cmd.add_argument("--workspace", help="workspace folder (default: the current one)")
    cmd.add_argument("--run", action="store_true",
                     help="run the queued jobs that are due, waiting for retries due within a minute")
    cmd.add_argument("--now", action="store_true",
                     help="with --run: also send jobs waiting for a later retry now (the server is back)")

    cmd = add("analytics", _guarded("analytics", _analytics),
              "Completion, scores and question difficulty from an LRS.")
    _item_args(cmd)
    cmd.add_argument("--target", required=True, metavar="LRS", help="an 'lrs' target")
    cmd.add_argument("--json", action="store_true", help="machine-readable output")

    # Its handler, the help, needs the parser: set below, once ``add`` has made it.
    targets = add("targets", lambda _args: USAGE, "Publishing targets: list, add, test, remove.")
    actions = targets.add_subparsers(dest="targets_command", metavar="ACTION")
    for name, handler, text in (("list", _targets_list, "List the workspace's targets."),
                                ("add", _targets_add, "Add or change a target (the secret is asked for)."),
                                ("test", _targets_test, "Check that a target can be reached."),
                                ("remove", _targets_remove, "Remove a target from targets.yaml.")):
        sub = actions.add_parser(name, help=text, description=text)
        sub.set_defaults(handler=_guarded("targets", handler))
        sub.add_argument("--workspace", help="workspace folder (default: the current one)")
        if name != "list":
            sub.add_argument("name", metavar="NAME")
        if name == "add":
            sub.add_argument("--connector", required=True, help=f"one of: {', '.join(connector_names())}")
            sub.add_argument("--endpoint", default="", help="URL, or a folder path for 'folder'")
            sub.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                             help="a connector option (repeatable); never a secret")
    targets.set_defaults(handler=show_help(targets))


def _item_args(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("item", metavar="ITEM", help="lesson or curated item: id, folder or path")
    cmd.add_argument("--workspace", help="workspace folder (default: the one holding ITEM)")


def _guarded(command: str, handler: Handler) -> Handler:
    """Refusals (approval, credentials, server) exit 1, bad input 2, Ctrl-C 130; see ``guarded``."""
    checked = guarded(command, handler, problems=_REFUSALS)

    def run(args: argparse.Namespace) -> int:
        try:
            return checked(args)
        except KeyboardInterrupt:
            # The outbox saved each job as it went: nothing is lost, the next run continues.
            return fail(command, "stopped (Ctrl-C). Unfinished jobs stay in the outbox; "
                        "'tessera outbox --run' continues them.", INTERRUPTED)
    return run


def _publish(args: argparse.Namespace) -> int:
    workspace, item = find_item(args)
    outbox = Outbox(workspace)
    if args.retire:
        results = [result for target in args.target
                   for result in outbox.retire(item, target, args.actor, on_wait=_say_waiting)]
    else:
        results = outbox.publish(item, args.target, args.actor, on_wait=_say_waiting)
    return _print_results(results)


def _outbox(args: argparse.Namespace) -> int:
    outbox = Outbox(find_workspace(args))
    if args.now and not args.run:
        raise ValueError("--now goes with --run: 'tessera outbox --run --now'.")
    if args.run:
        if args.now:
            for job in outbox.jobs():
                if job.state == QUEUED and not outbox.is_running(job):
                    outbox.make_due(job.id)
        results = outbox.run(on_wait=_say_waiting)
        code = _print_results(results, nothing="Nothing was due.")
        _say_still_waiting(outbox, reported={result.job_id for result in results})
        return code
    jobs = outbox.jobs()
    if not jobs:
        print("The outbox is empty.")
    for job in jobs:
        print(f"{job.id}  {job.state:6}  {job.action:7}  {job.item_id} -> {job.target}  {job.message}")
    return OK


def _say_waiting(waiting: Waiting) -> None:
    seconds = max(0, round(waiting.until - dt.datetime.now().timestamp()))
    print(f"{waiting.target}: waiting until {_clock(waiting.until)} (in {seconds} s) to try again — "
          f"{waiting.message} Ctrl-C stops; the job stays in the outbox.", flush=True)


def _say_still_waiting(outbox: Outbox, reported: set[str]) -> None:
    """Jobs this run left alone because their next try is later (the ones it ran are ``reported``)."""
    for job in outbox.jobs():
        if job.state == QUEUED and job.id not in reported and job.next_try > dt.datetime.now().timestamp():
            print(f"{job.target}: still queued, next try at {_clock(job.next_try)} ('tessera outbox --run "
                  f"--now' sends it at once) — {job.message}")


def _print_results(results: list[JobResult], nothing: str = "Nothing to run.") -> int:
    if not results:
        print(nothing)
    for result in results:
        where = f" {result.url}" if result.url else ""
        later = f" It stays in the outbox; the next try is at {_clock(result.next_try)}, with 'tessera " \
            "outbox --run' or when the app starts." if result.state == QUEUED and result.next_try else ""
        print(f"{result.target}: {result.state}: {result.message}{later}{where}")
    return OK if all(result.state == DONE for result in results) else PROBLEMS


def _clock(timestamp: float) -> str:
    """A local time of day, with the date when it is not today."""
    moment = dt.datetime.fromtimestamp(timestamp)
    return f"{moment:%H:%M:%S}" if moment.date() == dt.date.today() else f"{moment:%Y-%m-%d %H:%M:%S}"


def _analytics(args: argparse.Namespace) -> int:
    workspace, item = find_item(args)
    connector = open_connector(workspace, args.target)
    try:
        if not isinstance(connector, LrsConnector):
            raise ValueError(f"'{args.target}' is not a learning record store target (connector 'lrs').")
        stats = lesson_stats(connector.statements(), load_unit(item.path).iri)
    finally:
        connector.close()
    if args.json:
        print(json.dumps(stats.as_dict(), indent=2, ensure_ascii=False))
        return OK
    rate, score = stats.completion_rate, stats.average_score
    print(f"{item.title}: {stats.learners} learner(s), {stats.completed} completed"
          f"{f' ({rate:.0%})' if rate is not None else ''}; average score "
          f"{f'{score:.0%}' if score is not None else '–'} over {len(stats.scores)} learner(s).")
    for question in sorted(stats.questions, key=lambda q: -q.difficulty):
        share = f"{question.wrong}/{question.answers}"
        print(f"  {question.difficulty:4.0%} wrong  ({share})  {question.question}")
    return OK


def _targets_list(args: argparse.Namespace) -> int:
    workspace = find_workspace(args)
    targets = load_targets(workspace)
    if not targets:
        print("No targets yet. Add one with 'tessera targets add NAME --connector … --endpoint …'.")
    for target in targets:
        secret = _secret_state(workspace, target)
        print(f"{target.name:16}  {target.connector:8}  {target.endpoint}  {secret}")
        for key, value in target.options.items():
            print(f"{'':16}  {key} = {value}")
    return OK


def _secret_state(workspace: Workspace, target: Target) -> str:
    try:
        if not connector_class(target.connector).needs_secret:
            return ""
        return "(secret stored)" if load_secret(workspace, target.name) else "(no secret stored)"
    except (TargetError, CredentialError):
        return "(keychain or connector unavailable)"


def _targets_add(args: argparse.Namespace) -> int:
    workspace = find_workspace(args)
    options = {}
    for pair in args.option:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"'{pair}' is not KEY=VALUE.")
        options[key.strip()] = value.strip()
    target = Target(args.name, args.connector, args.endpoint, options)
    cls = connector_class(args.connector)
    secret = _read_secret(f"{cls.secret_label} for '{args.name}' (empty keeps the stored one): ") \
        if cls.needs_secret else None
    add_target(workspace, target, secret or None)
    print(f"Target '{args.name}' saved" + (" with its secret in the system keychain." if secret else "."))
    return OK


def _read_secret(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\r\n")


def _targets_test(args: argparse.Namespace) -> int:
    connector = open_connector(find_workspace(args), args.name)
    try:
        print(f"{args.name}: {connector.test_connection()}")
    finally:
        connector.close()
    return OK


def _targets_remove(args: argparse.Namespace) -> int:
    remove_target(find_workspace(args), args.name)
    print(f"Target '{args.name}' removed (its keychain entry is kept; delete it in the keychain if unused).")
    return OK
