"""What the publish dialog needs before anything is sent: targets, the approval gate, preflight.

Qt-free and read in one worker job, because the gate hashes the item's content and preflight
renders it. The outbox checks the gate again when it queues and before every attempt; this only
lets the dialog say up front what is missing, in the words of ``can_publish``.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.kit.format import status_label
from app.publish.checks import CheckReport, check_formats
from editor.review import Decision, ReviewError, can_publish, load_members
from editor.review.rights import membership_problem
from editor.review.status_cache import derived_status
from editor.workspace import Item, Workspace
from publishing.connectors import connector_class, target_config_problems
from publishing.connectors.lrs import LrsConnector
from publishing.packages import FORMATS, PackageError
from publishing.targets import Target, TargetError, load_targets

APPROVED_STATUSES = ("approved", "published")


@dataclass(frozen=True)
class TargetChoice:
    target: Target
    connector_title: str
    package_format: str          # the package it receives; "" for targets that take metadata only
    problem: str                 # why it cannot be chosen ("" when it can)

    @property
    def label(self) -> str:
        package = f" · {FORMATS[self.package_format].title}" if self.package_format in FORMATS else ""
        return f"{self.target.name} — {self.connector_title}{package}"


@dataclass(frozen=True)
class PublishPlan:
    item: Item
    choices: tuple[TargetChoice, ...]
    targets_problem: str         # targets.yaml cannot be read
    person_problem: str          # the current person cannot publish here at all (no email, not a member)
    decision: Decision
    status: str
    report: CheckReport | None   # preflight for every format a usable target receives
    report_problem: str

    def gate(self) -> tuple[bool, str, tuple[str, ...]]:
        """(may publish, headline, reasons) for the approval section."""
        if self.person_problem:
            return False, self.person_problem, ()
        shown = status_label(self.status)
        if self.decision.allowed:
            return True, f"{shown}: this exact version will be published.", ()
        headline = "You may not publish it" if self.status in APPROVED_STATUSES else \
            "Needs approval of the current version"
        return False, f"{headline} (status now: {shown}).", self.decision.reasons


def target_choices(workspace: Workspace) -> tuple[list[TargetChoice], str]:
    try:
        targets = load_targets(workspace)
    except TargetError as exc:
        return [], str(exc)
    choices = []
    for target in targets:
        problems = target_config_problems(target)
        try:
            cls = connector_class(target.connector)
        except TargetError:
            choices.append(TargetChoice(target, target.connector, "", " ".join(problems)))
            continue
        if issubclass(cls, LrsConnector):
            problems.insert(0, "A learning record store collects results; it cannot host content.")
        package = target.option("format", cls.default_format) if cls.formats else ""
        choices.append(TargetChoice(target, cls.title, package, " ".join(problems)))
    return choices, ""


def load_plan(workspace: Workspace, item: Item, by: str) -> PublishPlan:
    choices, targets_problem = target_choices(workspace)
    try:
        person_problem = membership_problem(load_members(workspace), by) if by.strip() else \
            "Choose who you are (Library ▸ People…) to publish: the workspace's members say who may."
    except ReviewError as exc:
        person_problem = str(exc)
    decision = can_publish(workspace, item, by or None)
    formats = list(dict.fromkeys(c.package_format for c in choices if c.package_format and not c.problem))
    report, report_problem = None, ""
    if formats:
        try:
            report = check_formats([item.path], formats)
        except PackageError as exc:
            report_problem = str(exc)
    return PublishPlan(item, tuple(choices), targets_problem, person_problem, decision,
                       derived_status(workspace, item), report, report_problem)
