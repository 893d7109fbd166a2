"""The top of the review panel: status badge, out-of-date warnings, reviewers, due date, approvals.

Also the data the panel shows, loaded in one worker job (``load_review``): the review context,
the comment threads located in the current text, what the person may do, and any problems.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from app.kit.format import human_time, status_label
from app.kit.qt import QFormLayout, QFrame, QHBoxLayout, QLabel, QPalette, Qt, QVBoxLayout, QWidget
from app.review.threads import person, when
from editor import review
from editor.review import CommentThread, ReviewContext, ReviewState
from editor.review.rights import Action, membership_problem, refusals
from editor.statuses import PUBLISHED_NEWER_DRAFT
from editor.workspace import Item, Workspace

# (background, text) per status: soft badges that stay readable in light and dark themes.
BADGES = {"draft": ("#e2e8f0", "#334155"), "in_review": ("#fef3c7", "#92400e"),
          "changes_requested": ("#fee2e2", "#991b1b"), "approved": ("#dcfce7", "#166534"),
          "published": ("#dbeafe", "#1e40af"), PUBLISHED_NEWER_DRAFT: ("#dbeafe", "#1e40af"),
          "retired": ("#e5e7eb", "#374151")}
STALE_APPROVAL = "Approved version is out of date — content changed after approval"
STALE_PUBLICATION = "Published version is out of date — content changed after publishing"
CHANGED_IN_REVIEW = "Changed since it was submitted"
# (border, background, text) of the notice boxes.
_NOTICE = {"warning": ("#f59e0b", "#fffbeb", "#78350f"), "info": ("#38bdf8", "#f0f9ff", "#0c4a6e"),
           "error": ("#ef4444", "#fef2f2", "#7f1d1d")}


@dataclass
class ReviewData:
    """Everything the panel shows about one item, read off the UI thread."""

    item: Item
    context: ReviewContext
    threads: list[CommentThread]
    refusals: dict[Action, str]
    user_problem: str
    problems: list[str]        # untrusted records and broken member entries


def load_review(workspace: Workspace, source: Path, email: str) -> ReviewData:
    item = workspace.read_item(source)
    context = review.open_review(workspace, item)
    threads = review.comment_threads(context.log, context.content.text)
    problems = [str(p) for p in [*context.state.problems, *review.orphan_problems(context.log)]]
    return ReviewData(item, context, threads, refusals(context, email),
                      membership_problem(context.members, email), problems + context.members.problems)


def stale_notice(state: ReviewState) -> tuple[str, str, str] | None:
    """(kind, headline, what to do) when the content moved on from what was reviewed, else None."""
    if state.recorded == "approved" and state.content_changed:
        return ("warning", STALE_APPROVAL, "The approvals were given to an earlier version and no longer "
                "count. Submit this version for review again, or restore the approved one from History.")
    if state.recorded == "published" and state.published_version != state.current_version:
        return ("warning", STALE_PUBLICATION, "Learners still get the published version. Submit this one "
                "for review before it can be published.")
    if state.recorded == "in_review" and state.content_changed:
        return ("info", CHANGED_IN_REVIEW, "Reviewers are looking at the version that was submitted. "
                "Submit again so they review this one.")
    return None


def notice_box(kind: str) -> tuple[QFrame, QLabel]:
    border, background, colour = _NOTICE[kind]
    frame = QFrame()
    frame.setObjectName("reviewNotice")
    frame.setStyleSheet(f"QFrame#reviewNotice {{ background:{background}; border:1px solid {border};"
                        f"border-radius:6px; }} QLabel {{ color:{colour}; background:transparent; }}")
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    layout = QHBoxLayout(frame)
    layout.setContentsMargins(10, 8, 10, 8)
    layout.addWidget(label, 1)
    return frame, label


class ReviewSummary(QWidget):
    """Read-only summary of an item's review state."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.badge = QLabel()
        self.badge.setObjectName("reviewBadge")
        self.version_label = QLabel()
        self.version_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        badge_row = QHBoxLayout()
        badge_row.addWidget(self.badge)
        badge_row.addWidget(self.version_label)
        badge_row.addStretch(1)
        self.stale_frame, self.stale_label = notice_box("warning")
        self.info_frame, self.info_label = notice_box("info")
        self.changes_frame, self.changes_label = notice_box("error")
        self.problems_frame, self.problems_label = notice_box("error")
        self.details = QFormLayout()
        self.details.setHorizontalSpacing(14)
        self.details.setVerticalSpacing(6)
        self.details.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.rows: dict[str, QLabel] = {}
        for name in ("Submitted", "Reviewers", "Due", "Approvals"):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.RichText)
            self.rows[name] = value
            title = QLabel(name)
            title.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            self.details.addRow(title, value)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(badge_row)
        for frame in (self.stale_frame, self.info_frame, self.changes_frame, self.problems_frame):
            layout.addWidget(frame)
        layout.addLayout(self.details)

    def show_data(self, data: ReviewData) -> None:
        state = data.context.state
        members = data.context.members
        background, colour = BADGES.get(state.status, BADGES["draft"])
        self.badge.setText(status_label(state.status))
        self.badge.setStyleSheet(f"QLabel#reviewBadge {{ background:{background}; color:{colour};"
                                 "border-radius:11px; padding:3px 12px; font-weight:700; }")
        self.version_label.setText(_version_text(data))
        notice = stale_notice(state)
        for kind, frame, label in (("warning", self.stale_frame, self.stale_label),
                                   ("info", self.info_frame, self.info_label)):
            frame.setVisible(notice is not None and notice[0] == kind)
            if notice is not None and notice[0] == kind:
                label.setText(f"<b>⚠ {html.escape(notice[1])}</b><br>{html.escape(notice[2])}")
        request = state.changes_requested
        self.changes_frame.setVisible(request is not None and state.recorded == "changes_requested")
        if request is not None:
            self.changes_label.setText(f"<b>Changes requested by {html.escape(person(members, request.by))}"
                                       f"</b> · {html.escape(when(request))}<br>{_paragraphs(request.text)}")
        self.problems_frame.setVisible(bool(data.problems))
        self.problems_label.setText("<b>Some review records cannot be used</b><br>"
                                    + "<br>".join(html.escape(p) for p in data.problems))
        self._show_round(data)

    def _show_round(self, data: ReviewData) -> None:
        state = data.context.state
        members = data.context.members
        in_round = state.round_version is not None
        for name, value in self.rows.items():
            self.details.setRowVisible(value, in_round or name == "Submitted")
        if not in_round:
            self.rows["Submitted"].setText("Not submitted for review yet.")
            return
        moment = human_time(state.submitted_at.timestamp()) if state.submitted_at else "?"
        self.rows["Submitted"].setText(f"by {html.escape(person(members, state.submitted_by))}"
                                       f" · {html.escape(moment)}{_submission_note(data)}")
        self.rows["Reviewers"].setText("<br>".join(_reviewer_line(state, members, email)
                                                   for email in state.reviewers) or "—")
        if state.due is None:
            self.rows["Due"].setText("No due date")
        else:
            overdue = " · <b style='color:#dc2626'>overdue</b>" if state.overdue() else ""
            self.rows["Due"].setText(f"{state.due:%a %d %b %Y}{overdue}")
        counted = len(state.counting_approvals)
        lines = [f"<b>{counted} of {state.approvals_needed}</b> needed"]
        for approval in state.approvals:    # the reviewers' lines already say who approved what
            name = html.escape(person(members, approval.event.by))
            if approval.reason:
                lines.append(f"{name}: not counted ({html.escape(approval.reason)})")
            elif approval.event.version != state.current_version and approval.event.by not in state.reviewers:
                lines.append(f"{name}: approved an earlier version (out of date)")
        self.rows["Approvals"].setText("<br>".join(lines))


def _reviewer_line(state: ReviewState, members: review.Members, email: str) -> str:
    name = html.escape(person(members, email))
    given = [a for a in state.approvals if a.event.by == email]
    request = state.changes_requested
    if request is not None and state.recorded == "changes_requested":
        # The round is closed: nobody is waited for; say who asked for what.
        if request.by == email:
            return f"{name} <span style='color:#b91c1c'>· requested changes</span>"
        return f"{name} <span style='color:#64748b'>· round closed before they answered</span>"
    if not given:
        return f"{name} <span style='color:#64748b'>· waiting</span>"
    approval = given[0]
    if approval.event.version != state.current_version:
        return f"{name} <span style='color:#b45309'>· approved an earlier version</span>"
    if not approval.counts:
        return f"{name} <span style='color:#b45309'>· approved (not counted)</span>"
    return f"{name} <span style='color:#15803d'>· ✓ approved</span>"


def _submission_note(data: ReviewData) -> str:
    submits = [e for e in data.context.log.events if e.kind == "submit"]
    note = submits[-1].text if submits else ""
    return f"<br><i>“{html.escape(note)}”</i>" if note else ""


def _paragraphs(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _version_text(data: ReviewData) -> str:
    """'Version v2', or 'Edited since v2' when the content is not a kept version."""
    versions = review.list_versions(data.context.log)
    if not versions:
        return ""
    current = data.context.state.current_version
    label = next((info.label for info in versions if info.hash == current), "")
    return f"Version {label}" if label else f"Edited since {versions[-1].label}"
