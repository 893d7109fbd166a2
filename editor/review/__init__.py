"""Review and approval: comments, requests for changes and approvals bound to the exact content.

Qt-free; the GUI, the CLI (``tessera review …``) and the publishing core share it. The main API:

- who and what rules: ``load_members``, ``add_member``, ``load_policy``, ``save_policy``;
- actions (``by`` is the acting person's email): ``submit``, ``approve``, ``request_changes``,
  ``add_comment``, ``reply``, ``resolve``, ``retire``, ``reopen``, ``restore``;
- reading: ``review_state`` / ``open_review``, ``comment_threads``, ``my_reviews``,
  ``list_versions``, ``load_snapshot``, ``diff_snapshots``, ``audit_rows`` / ``audit_csv``;
- publishing: ``can_publish`` (a ``Decision``) before, ``record_publish`` after.

Every refusal is a ``ReviewError`` whose message says why and what to do. See docs/review.md.
"""

from editor.review.anchors import Anchor, AnchorMatch, anchor_block, anchor_quote, anchor_selection, locate
from editor.review.audit import COLUMNS as AUDIT_COLUMNS
from editor.review.audit import audit_csv, audit_rows
from editor.review.comments import CommentThread, comment_threads, find_comment, orphan_problems
from editor.review.content_hash import ContentVersion, content_hash, current_version
from editor.review.context import ReviewContext, open_review
from editor.review.events import Event, EventLog, EventProblem, read_events
from editor.review.history import (
    CURRENT,
    VersionDiff,
    VersionInfo,
    diff_snapshots,
    format_diff,
    label_of,
    list_versions,
    resolve_version,
)
from editor.review.members import ROLES, Member, Members, add_member, load_members
from editor.review.policy import Policy, load_policy, save_policy
from editor.review.publish_gate import Decision, can_publish, record_publish
from editor.review.queue import QueueEntry, my_reviews
from editor.review.rights import Action, membership_problem, refusals
from editor.review.snapshots import Snapshot, load_snapshot, snapshot_of
from editor.review.state import Approval, ReviewState
from editor.review.storage import ReviewError
from editor.review.workflow import (
    add_comment,
    approve,
    reopen,
    reply,
    request_changes,
    resolve,
    restore,
    retire,
    review_state,
    submit,
)

__all__ = [
    "AUDIT_COLUMNS",
    "CURRENT",
    "ROLES",
    "Action",
    "Anchor",
    "AnchorMatch",
    "Approval",
    "CommentThread",
    "ContentVersion",
    "Decision",
    "Event",
    "EventLog",
    "EventProblem",
    "Member",
    "Members",
    "Policy",
    "QueueEntry",
    "ReviewContext",
    "ReviewError",
    "ReviewState",
    "Snapshot",
    "VersionDiff",
    "VersionInfo",
    "add_comment",
    "add_member",
    "anchor_block",
    "anchor_quote",
    "anchor_selection",
    "approve",
    "audit_csv",
    "audit_rows",
    "can_publish",
    "comment_threads",
    "content_hash",
    "current_version",
    "diff_snapshots",
    "find_comment",
    "format_diff",
    "label_of",
    "list_versions",
    "load_members",
    "load_policy",
    "load_snapshot",
    "locate",
    "membership_problem",
    "my_reviews",
    "open_review",
    "orphan_problems",
    "read_events",
    "record_publish",
    "refusals",
    "reopen",
    "reply",
    "request_changes",
    "resolve",
    "resolve_version",
    "restore",
    "retire",
    "review_state",
    "save_policy",
    "snapshot_of",
    "submit",
]
