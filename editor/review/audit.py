"""The audit trail: every review event of a workspace (or one item) as rows, exportable as CSV.

Files that cannot be trusted are rows too, marked in the ``integrity`` column, so an export
never hides that something was damaged or edited.
"""

from __future__ import annotations

import csv
import io

from editor.review.events import Event, EventProblem, read_events
from editor.review.storage import reviewed_item_ids
from editor.workspace import Workspace

COLUMNS = ("time", "item", "title", "event", "by", "name", "version", "details", "event_id", "integrity",
           "file")
# A cell starting with one of these is a formula to spreadsheet programs; comments are user text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


AuditRow = dict[str, str]   # column -> cell text


def audit_rows(workspace: Workspace, item_id: str | None = None) -> list[AuditRow]:
    """Rows for every event of ``item_id`` (or of every reviewed item), oldest first, problems last."""
    titles = {item.id: item.title for item in workspace.items() if item.id}
    rows: list[AuditRow] = []
    problems: list[AuditRow] = []
    for current_id in [item_id] if item_id else reviewed_item_ids(workspace):
        log = read_events(workspace, current_id)
        title = titles.get(current_id, "")
        rows += [_event_row(event, title) for event in log.events]
        problems += [_problem_row(problem, current_id, title) for problem in log.problems]
    rows.sort(key=lambda row: (row["time"], row["event_id"]))
    return rows + problems


def audit_csv(rows: list[AuditRow]) -> str:
    """CSV text (header + one line per row) that spreadsheet programs open safely."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: _cell(row[column]) for column in COLUMNS})
    return buffer.getvalue()


def _event_row(event: Event, title: str) -> AuditRow:
    return {"time": event.at.isoformat(timespec="microseconds"), "item": event.item, "title": title,
            "event": event.kind, "by": event.by, "name": event.by_name, "version": event.version or "",
            "details": _details(event), "event_id": event.id, "integrity": "ok", "file": str(event.path)}


def _problem_row(problem: EventProblem, item_id: str, title: str) -> AuditRow:
    return {"time": "", "item": item_id, "title": title, "event": "", "by": "", "name": "", "version": "",
            "details": "", "event_id": "", "integrity": f"NOT TRUSTED: {problem.message}",
            "file": str(problem.path)}


def _details(event: Event) -> str:
    data = event.data
    note = f"; {event.text}" if event.text else ""
    if event.kind == "submit":
        due = f"; due {data['due']}" if data.get("due") else ""
        return f"reviewers: {', '.join(map(str, data['reviewers']))}{due}{note}"
    if event.kind == "publish":
        return f"to {data['target']}{note}"
    if event.kind in ("reply", "resolve"):
        return f"on comment {data['comment']}" + (f": {event.text}" if event.text else "")
    if event.kind == "restore":
        return f"restored {data['from_version']}, replacing {data['replaced']}"
    return event.text


def _cell(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_START) else value
