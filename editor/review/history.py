"""Reading the version history: numbered versions, readable differences, the text a restore writes."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from typing import Any

from editor import frontmatter
from editor.review.content_hash import LEARNER_META, LINK_META
from editor.review.events import VERSIONED_KINDS, Event, EventLog
from editor.review.snapshots import Snapshot

CURRENT = "current"
_MIN_PREFIX = 6


@dataclass(frozen=True)
class VersionInfo:
    number: int                  # 1 for the first version submitted, in order of first appearance
    hash: str
    first_at: dt.datetime
    events: tuple[Event, ...]    # submissions, approvals, publications and restores involving it

    @property
    def label(self) -> str:
        return f"v{self.number}"


@dataclass
class VersionDiff:
    old_label: str
    new_label: str
    metadata: list[tuple[str, Any, Any]] = field(default_factory=list)  # key, old, new (None: absent)
    text: list[str] = field(default_factory=list)                       # unified diff of the body
    media_added: list[str] = field(default_factory=list)
    media_removed: list[str] = field(default_factory=list)
    media_changed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.metadata or self.text or self.media_added or self.media_removed
                    or self.media_changed)


def list_versions(log: EventLog) -> list[VersionInfo]:
    """Every content version the log refers to, numbered in order of first appearance."""
    grouped: dict[str, list[Event]] = {}
    for event in log.events:
        if event.kind == "restore":
            # The content a restore replaced was kept too, so it can be brought back in turn.
            grouped.setdefault(event.data["replaced"], []).append(event)
        if event.kind in VERSIONED_KINDS and event.version:
            grouped.setdefault(event.version, []).append(event)
    return [VersionInfo(number, version, events[0].at, tuple(events))
            for number, (version, events) in enumerate(grouped.items(), start=1)]


def resolve_version(spec: str, versions: list[VersionInfo], current: str) -> str:
    """The hash named by ``spec``: 'current', 'v3', or the first characters of a hash (6 or more)."""
    wanted = spec.strip().lower()
    if wanted == CURRENT:
        return current
    by_label = next((info.hash for info in versions if info.label == wanted), None)
    if by_label:
        return by_label
    known = {info.hash for info in versions} | {current}
    matches = sorted(version for version in known
                     if len(wanted) >= _MIN_PREFIX and version.startswith(wanted))
    if len(matches) == 1:
        return matches[0]
    labels = ", ".join(info.label for info in versions) or "none yet"
    raise ValueError(f"'{spec}' names no single version. Use 'current', a version number ({labels}) or "
                     f"at least {_MIN_PREFIX} characters of a version hash.")


def label_of(version: str, versions: list[VersionInfo], current: str) -> str:
    label = next((info.label for info in versions if info.hash == version), version[:12])
    return f"{label} (current)" if version == current else label


def diff_snapshots(old: Snapshot, new: Snapshot, old_label: str, new_label: str) -> VersionDiff:
    """What changed from ``old`` to ``new``: metadata fields, body lines, and media files by name."""
    old_meta, old_body = _split(old.text)
    new_meta, new_body = _split(new.text)
    result = VersionDiff(old_label, new_label)
    for key in [*old_meta, *(key for key in new_meta if key not in old_meta)]:
        if old_meta.get(key) != new_meta.get(key):
            result.metadata.append((key, old_meta.get(key), new_meta.get(key)))
    result.text = list(difflib.unified_diff(old_body.splitlines(), new_body.splitlines(), old_label,
                                            new_label, lineterm="", n=2))
    result.media_added = sorted(set(new.media) - set(old.media))
    result.media_removed = sorted(set(old.media) - set(new.media))
    result.media_changed = sorted(path for path in set(old.media) & set(new.media)
                                  if old.media[path] != new.media[path])
    return result


def format_diff(diff: VersionDiff) -> str:
    """The difference as plain text for people (CLI, a dialog)."""
    if diff.empty:
        return f"No differences between {diff.old_label} and {diff.new_label}.\n"
    out = [f"Changes from {diff.old_label} to {diff.new_label}:"]
    if diff.metadata:
        out.append("\nMetadata:")
        out += [f"  {key}: {_shown(old)} → {_shown(new)}" for key, old, new in diff.metadata]
    if diff.media_added or diff.media_removed or diff.media_changed:
        out.append("\nMedia:")
        out += [f"  added    {path}" for path in diff.media_added]
        out += [f"  removed  {path}" for path in diff.media_removed]
        out += [f"  changed  {path}" for path in diff.media_changed]
    if diff.text:
        out.append("\nText:")
        out += diff.text
    return "\n".join(out) + "\n"


def restored_text(snapshot: Snapshot, current_text: str) -> str:
    """The text a restore writes: the snapshot's content, with the current internal metadata.

    Learner-facing fields and the body come from the snapshot; id, owner, status, review_by and
    any other internal keys stay as they are now, so restoring never changes who owns the item.
    """
    old = frontmatter.parse(snapshot.text)
    now = frontmatter.parse(current_text)
    if old.diagnostics or now.diagnostics:
        return snapshot.text
    learner_keys = LEARNER_META + (LINK_META if snapshot.kind == "link" else ())
    # The current key order is kept, so the restore reads as a small diff of the file.
    meta = {key: old.meta[key] if key in learner_keys else value
            for key, value in now.meta.items() if key not in learner_keys or key in old.meta}
    meta.update({key: value for key, value in old.meta.items() if key in learner_keys and key not in meta})
    return frontmatter.replace(snapshot.text, meta)


def _split(text: str) -> tuple[dict[str, Any], str]:
    clean = text.removeprefix(frontmatter.BOM).replace("\r\n", "\n")
    front = frontmatter.parse(clean)
    if front.diagnostics:
        return {}, clean
    return front.meta, clean[front.body_start:]


def _shown(value: Any) -> str:
    return "(none)" if value is None else repr(value) if isinstance(value, str) else str(value)
