"""Comment threads built from the log: a comment, its replies, whether it is resolved, where it is now."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from editor.review.anchors import Anchor, AnchorMatch, locate
from editor.review.events import Event, EventLog, EventProblem


@dataclass
class CommentThread:
    comment: Event
    anchor: Anchor | None                          # None for a comment on the whole item
    replies: list[Event] = field(default_factory=list)
    resolution: Event | None = None                # the latest resolve, if any
    location: AnchorMatch | None = None            # where the anchor is in the text it was located in

    @property
    def resolved(self) -> bool:
        return self.resolution is not None

    @property
    def outdated(self) -> bool:
        """The commented passage is no longer in the text (only meaningful after ``locate``)."""
        return self.anchor is not None and self.location is None

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON output and tools."""
        return {"id": self.comment.id, "by": self.comment.by, "at": self.comment.at.isoformat(),
                "text": self.comment.text, "quote": self.anchor.quote if self.anchor else None,
                "line": self.location.line if self.location else None, "outdated": self.outdated,
                "resolved": self.resolved,
                "replies": [{"by": event.by, "at": event.at.isoformat(), "text": event.text}
                            for event in self.replies]}


def comment_threads(log: EventLog, text: str | None = None) -> list[CommentThread]:
    """Every comment with its replies, in order; anchors are located in ``text`` when it is given."""
    threads: dict[str, CommentThread] = {}
    for event in log.events:
        if event.kind == "comment":
            raw = event.data.get("anchor")
            threads[event.id] = CommentThread(event, Anchor.from_dict(raw) if raw is not None else None)
        elif event.kind in ("reply", "resolve") and event.data["comment"] in threads:
            thread = threads[event.data["comment"]]
            if event.kind == "reply":
                thread.replies.append(event)
            else:
                thread.resolution = event
    found = list(threads.values())
    if text is not None:
        clean = text.replace("\r\n", "\n")
        for thread in found:
            thread.location = locate(thread.anchor, clean) if thread.anchor else None
    return found


def find_comment(log: EventLog, wanted: str) -> Event:
    """The comment whose id is ``wanted`` or uniquely contains it (6+ characters); ValueError otherwise."""
    comments = [event for event in log.events if event.kind == "comment"]
    matches = [event for event in comments if event.id == wanted] or \
              [event for event in comments if len(wanted) >= 6 and wanted in event.id]
    if len(matches) != 1:
        raise ValueError(f"'{wanted}' names {'more than one' if matches else 'no'} comment; use the id "
                         "shown with the comment in the review status.")
    return matches[0]


def orphan_problems(log: EventLog) -> list[EventProblem]:
    """Replies and resolutions whose comment is missing: a sign that an event file was deleted."""
    comment_ids = {event.id for event in log.events if event.kind == "comment"}
    return [EventProblem(event.path, f"this {event.kind} refers to comment {event.data['comment']}, "
                                     "which is missing (its file was deleted or not synced yet)")
            for event in log.events
            if event.kind in ("reply", "resolve") and event.data["comment"] not in comment_ids]
