"""The review log of an item: one small JSON file per event, written once and never rewritten.

Two people acting at the same moment on a synced folder each create their own file, so nothing
conflicts and nothing is lost. The file name is ``<id>-<kind>.json`` where the id is a UTC time
stamp plus random hex, so listing the folder already gives the order of events.

Each file carries a ``digest``: sha256 over its canonical JSON without that field. A file whose
digest, name, item or fields do not match is reported and left out of every decision. Anyone
can recompute a digest, so this catches accidental and naive edits, not a determined member.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from types import NoneType
from typing import Any

from editor.atomic import atomic_write_text
from editor.json_text import parse_json
from editor.review.anchors import Anchor
from editor.review.members import Member
from editor.review.storage import ReviewError, canonical_json, events_folder, sha256_hex
from editor.workspace import Workspace

EVENT_FORMAT = 1
MAX_EVENT_BYTES = 256 * 1024
MAX_TEXT_CHARS = 20_000
_HASH = re.compile(r"[0-9a-f]{64}")
_STAMP = "%Y%m%dT%H%M%S%fZ"

# Fields each kind's ``data`` must have, with their JSON types; more fields are allowed.
DATA_FIELDS: dict[str, dict[str, tuple[type, ...]]] = {
    "comment": {"text": (str,), "anchor": (dict, NoneType)},
    "reply": {"comment": (str,), "text": (str,)},
    "resolve": {"comment": (str,)},
    "submit": {"reviewers": (list,), "due": (str, NoneType), "note": (str,)},
    "approve": {"note": (str,)},
    "request_changes": {"summary": (str,)},
    "publish": {"target": (str,), "note": (str,)},
    "retire": {"reason": (str,)},
    "reopen": {"reason": (str,)},
    "restore": {"from_version": (str,), "replaced": (str,)},
}
KINDS = tuple(DATA_FIELDS)
# Kinds that concern one exact content version (and keep a snapshot of it).
VERSIONED_KINDS = ("submit", "approve", "publish", "restore")


@dataclass(frozen=True)
class Event:
    id: str                      # "<UTC stamp>-<random hex>", unique and sortable
    kind: str
    item: str
    at: dt.datetime              # UTC
    by: str                      # email
    by_name: str
    version: str | None          # content hash the event concerns
    data: dict[str, Any]
    path: Path

    @property
    def text(self) -> str:
        """The human words of the event (comment, summary, note, reason…), if any."""
        for key in ("text", "summary", "note", "reason"):
            value = self.data.get(key)
            if isinstance(value, str) and value:
                return value
        return ""


@dataclass(frozen=True)
class EventProblem:
    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class EventLog:
    item_id: str
    events: list[Event] = field(default_factory=list)       # trusted events, in order
    problems: list[EventProblem] = field(default_factory=list)

    def latest_time(self) -> dt.datetime | None:
        return self.events[-1].at if self.events else None

    def find(self, event_id: str) -> Event | None:
        return next((event for event in self.events if event.id == event_id), None)


def write_event(workspace: Workspace, log: EventLog, kind: str, by: Member, *,
                version: str | None = None, data: dict[str, Any] | None = None) -> Event:
    """Record one event after those in ``log`` and return it (``log`` is not changed).

    The time stamp is never earlier than the newest event the writer has seen, so an action
    taken after reading the log sorts after it even when this computer's clock is behind.
    """
    payload = dict(data or {})
    problem = _data_problem(kind, payload, version)
    if problem:
        raise ReviewError(f"Cannot record '{kind}': {problem}.")
    now = dt.datetime.now(dt.UTC)
    latest = log.latest_time()
    if latest is not None and now <= latest:
        now = latest + dt.timedelta(microseconds=1)
    folder = events_folder(workspace, log.item_id)
    event_id = f"{now.strftime(_STAMP)}-{secrets.token_hex(6)}"
    while (folder / f"{event_id}-{kind}.json").exists():  # 48 random bits: practically never loops
        event_id = f"{now.strftime(_STAMP)}-{secrets.token_hex(6)}"
    record: dict[str, Any] = {"format": EVENT_FORMAT, "id": event_id, "kind": kind, "item": log.item_id,
                              "at": now.isoformat(), "by": by.email, "by_name": by.name,
                              "version": version, "data": payload}
    record["digest"] = sha256_hex(canonical_json(record))
    path = folder / f"{event_id}-{kind}.json"
    atomic_write_text(path, json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    return _event(record, path)


def read_events(workspace: Workspace, item_id: str) -> EventLog:
    """Every event of an item in order, and a problem for each file that cannot be trusted."""
    log = EventLog(item_id)
    folder = events_folder(workspace, item_id)
    if not folder.is_dir():
        return log
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue  # another writer's temp file, about to be renamed into place
        try:
            log.events.append(read_event_file(path, item_id))
        except ValueError as exc:
            log.problems.append(EventProblem(path, str(exc)))
    log.events.sort(key=lambda event: (event.at, event.id))
    return log


def read_event_file(path: Path, item_id: str) -> Event:
    """Read and verify one event file; ValueError says what is wrong with it."""
    if path.suffix != ".json" or not path.is_file():
        raise ValueError("not an event file (expected <id>-<kind>.json); move it out of this folder")
    try:
        if path.stat().st_size > MAX_EVENT_BYTES:
            raise ValueError(f"larger than {MAX_EVENT_BYTES // 1024} KB, so not an event Tessera wrote")
        record = parse_json(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"unreadable or not JSON ({exc}); it was damaged or edited by hand") from exc
    if not isinstance(record, dict):
        raise ValueError("not a JSON object; it was damaged or edited by hand")
    if record.get("format") != EVENT_FORMAT:
        raise ValueError(f"event format {record.get('format')!r} is not one this version reads "
                         "(written by a newer Tessera?)")
    stored = record.pop("digest", None)
    if stored != sha256_hex(canonical_json(record)):
        raise ValueError("the digest does not match the content: the file was edited after it was written")
    problem = _record_problem(record, path, item_id)
    if problem:
        raise ValueError(problem)
    return _event(record, path)


def _record_problem(record: dict[str, Any], path: Path, item_id: str) -> str | None:
    for key, kinds in (("id", str), ("kind", str), ("item", str), ("at", str), ("by", str),
                       ("by_name", str), ("version", (str, NoneType)), ("data", dict)):
        if not isinstance(record.get(key), kinds):
            return f"the field '{key}' is missing or of the wrong type"
    if record["kind"] not in KINDS:
        return f"unknown event kind '{record['kind']}'"
    if record["item"] != item_id:
        return f"it belongs to item '{record['item']}', not '{item_id}' (copied from another folder?)"
    if path.name != f"{record['id']}-{record['kind']}.json":
        return "its name does not match its id and kind (renamed or a sync-conflict copy?)"
    try:
        at = dt.datetime.fromisoformat(record["at"])
    except ValueError:
        return "the time 'at' is not an ISO date-time"
    if at.tzinfo is None or not record["id"].startswith(at.astimezone(dt.UTC).strftime(_STAMP)):
        return "the time 'at' does not match the event id"
    data_problem = _data_problem(record["kind"], record["data"], record["version"])
    return f"its data is malformed: {data_problem}" if data_problem else None


def _data_problem(kind: str, data: dict[str, Any], version: str | None) -> str | None:
    fields = DATA_FIELDS.get(kind)
    if fields is None:
        return f"unknown event kind '{kind}'"
    for key, types in fields.items():
        if not isinstance(data.get(key), types):
            return f"'{key}' is missing or of the wrong type"
    if version is not None and not _HASH.fullmatch(version):
        return "the version is not a content hash"
    if kind in VERSIONED_KINDS and version is None:
        return "a version hash is required"
    if kind == "restore" and not all(_HASH.fullmatch(data[key]) for key in ("from_version", "replaced")):
        return "the restored and replaced versions must be content hashes"
    if any(isinstance(value, str) and len(value) > MAX_TEXT_CHARS for value in data.values()):
        return f"a text is longer than {MAX_TEXT_CHARS} characters"
    if kind == "comment" and data["anchor"] is not None:
        try:
            Anchor.from_dict(data["anchor"])
        except ValueError as exc:
            return str(exc)
    if kind in ("comment", "reply") and not data["text"].strip():
        return "the text is empty"
    return None


def _event(record: dict[str, Any], path: Path) -> Event:
    return Event(record["id"], record["kind"], record["item"],
                 dt.datetime.fromisoformat(record["at"]).astimezone(dt.UTC), record["by"],
                 record["by_name"], record["version"], dict(record["data"]), path)
