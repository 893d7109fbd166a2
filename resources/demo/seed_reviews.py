"""Give the demo workspace a real review history matching each item's stated status.

Statuses in Tessera are derived from review events bound to content hashes, so a demo item that
says "approved" in its front matter must have an approval of its current content on record.
Run after changing demo content: `python resources/demo/seed_reviews.py` (replaces reviews/).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from editor.review import add_member, approve, current_version, record_publish, request_changes, submit
from editor.workspace import Workspace

DEMO = Path(__file__).resolve().parent
REVIEWER = ("Lena Fischer", "lena.fischer@example.org")
PUBLISHER = ("Noah Berg", "noah.berg@example.org")


def email_of(name: str) -> str:
    return name.lower().replace(" ", ".") + "@example.org"


def main() -> None:
    workspace = Workspace.open(DEMO)
    shutil.rmtree(DEMO / "reviews", ignore_errors=True)
    (DEMO / "members.yaml").unlink(missing_ok=True)
    owners = sorted({item.owner for item in workspace.items() if item.owner})
    for owner in owners:
        add_member(workspace, owner, email_of(owner), ["author"])
    add_member(workspace, REVIEWER[0], REVIEWER[1], ["reviewer"])
    add_member(workspace, PUBLISHER[0], PUBLISHER[1], ["publisher"])
    due = dt.date(2026, 12, 4)
    for item in workspace.items():
        if item.status == "draft" or not item.owner:
            continue
        author = email_of(item.owner)
        submit(workspace, item, author, [REVIEWER[1]], due, "Ready for a look.")
        if item.status == "changes_requested":
            request_changes(workspace, item, REVIEWER[1],
                            "Shorten the intro and add an example from our team.")
        elif item.status in ("approved", "published"):
            approve(workspace, item, REVIEWER[1], "Clear and accurate.")
            if item.status == "published":
                record_publish(workspace, item, PUBLISHER[1], current_version(item).hash, "Company LXP")
    print(f"Seeded reviews for {len(workspace.items())} items.")


if __name__ == "__main__":
    main()
