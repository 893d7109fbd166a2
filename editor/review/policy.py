"""The workspace's review policy: a ``review:`` section of ``tessera.yaml``.

::

    name: Sales academy
    format: 1
    review:
      approvals_needed: 2            # distinct reviewers who must approve before publishing (default 1)
      authors_may_approve: false     # may the author of a submission approve it (default false)

Other keys of ``tessera.yaml`` are kept as they are. A policy value that cannot be read is an
error, never a silent default: guessing could make publishing easier than the team decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from editor import frontmatter
from editor.lesson_file import ConflictError, LoadError, SourceFile
from editor.review.storage import ReviewError
from editor.workspace import MARKER, Workspace

SECTION = "review"
MAX_APPROVALS = 20


@dataclass(frozen=True)
class Policy:
    approvals_needed: int = 1
    authors_may_approve: bool = False


def load_policy(workspace: Workspace) -> Policy:
    """The policy in tessera.yaml, defaults for what it does not say; ReviewError if it is unreadable."""
    section = _marker_data(workspace).get(SECTION)
    if section is None:
        return Policy()
    where = f"{workspace.root / MARKER}, section '{SECTION}'"
    if not isinstance(section, dict):
        raise ReviewError(f"{where} must be 'key: value' lines (approvals_needed, authors_may_approve).")
    unknown = sorted(set(section) - {"approvals_needed", "authors_may_approve"})
    if unknown:
        raise ReviewError(f"{where}: unknown setting(s) {', '.join(map(str, unknown))}. Use "
                          "approvals_needed and authors_may_approve.")
    needed = section.get("approvals_needed", Policy.approvals_needed)
    if type(needed) is not int or not 1 <= needed <= MAX_APPROVALS:
        raise ReviewError(f"{where}: approvals_needed must be a whole number from 1 to {MAX_APPROVALS} "
                          f"(found {needed!r}).")
    self_approval = section.get("authors_may_approve", Policy.authors_may_approve)
    if not isinstance(self_approval, bool):
        raise ReviewError(f"{where}: authors_may_approve must be true or false (found {self_approval!r}).")
    return Policy(needed, self_approval)


def save_policy(workspace: Workspace, policy: Policy) -> None:
    """Write ``policy`` into tessera.yaml, keeping its other keys; refuses if the file changed meanwhile."""
    if not 1 <= policy.approvals_needed <= MAX_APPROVALS:
        raise ReviewError(f"approvals_needed must be from 1 to {MAX_APPROVALS}.")
    path = workspace.root / MARKER
    try:
        source = SourceFile.load(path)
    except LoadError as exc:
        raise ReviewError(str(exc)) from exc
    data = _parse(source.text, workspace)
    data[SECTION] = {"approvals_needed": policy.approvals_needed,
                     "authors_may_approve": policy.authors_may_approve}
    try:
        source.save(frontmatter.dump(data))
    except ConflictError as exc:
        raise ReviewError(f"{exc} Run the command again.") from exc


def _marker_data(workspace: Workspace) -> dict[str, Any]:
    try:
        text = (workspace.root / MARKER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReviewError(f"{workspace.root / MARKER} cannot be read ({exc}).") from exc
    return _parse(text, workspace)


def _parse(text: str, workspace: Workspace) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as exc:
        raise ReviewError(f"{workspace.root / MARKER} is not valid YAML; fix it in a text editor.") from exc
    if not isinstance(data, dict):
        raise ReviewError(f"{workspace.root / MARKER} must be 'key: value' lines (name, format, review).")
    return data
