"""Two reviewers working on one shared workspace at the same moment, in separate processes."""

from __future__ import annotations

import multiprocessing
from multiprocessing.synchronize import Barrier
from pathlib import Path

from editor import review
from editor.review import Policy, save_policy
from editor.workspace import Workspace
from tests.editor.review.conftest import AUTHOR, REVIEWER, SECOND_REVIEWER, Team

ROUNDS = 50


def review_busily(root: str, source: str, email: str, start: Barrier) -> None:
    """One person's session: 50 comments, a reply to each, then an approval — all as fast as possible."""
    workspace = Workspace.open(Path(root))
    item = workspace.read_item(Path(source))
    start.wait()  # both processes begin writing at the same moment
    for number in range(ROUNDS):
        comment = review.add_comment(workspace, item, email, f"{email} comment {number}")
        review.reply(workspace, item, email, comment.id, f"{email} reply {number}")
    review.approve(workspace, item, email)


def test_two_reviewers_in_separate_processes_lose_nothing(team: Team) -> None:
    ws = team.workspace
    save_policy(ws, Policy(approvals_needed=2))
    review.submit(ws, team.item(), AUTHOR, [REVIEWER, SECOND_REVIEWER])
    context = multiprocessing.get_context("spawn")  # fresh interpreters, like two people's computers
    start = context.Barrier(2)
    workers = [context.Process(target=review_busily, args=(str(ws.root), str(team.source), email, start))
               for email in (REVIEWER, SECOND_REVIEWER)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0, 0]

    log = review.read_events(ws, "lesson0001")
    assert log.problems == []
    threads = review.comment_threads(log)
    expected = {f"{email} comment {n}" for email in (REVIEWER, SECOND_REVIEWER) for n in range(ROUNDS)}
    assert len(threads) == 2 * ROUNDS and {t.comment.text for t in threads} == expected
    assert all([r.text for r in t.replies] == [t.comment.text.replace("comment", "reply")] for t in threads)
    assert len(log.events) == 1 + 4 * ROUNDS + 2
    state = review.review_state(ws, team.item())
    assert state.status == "approved"
    assert sorted(a.event.by for a in state.counting_approvals) == [REVIEWER, SECOND_REVIEWER]
    leftovers = [p.name for p in (ws.root / "reviews").rglob("*") if p.name.startswith(".")]
    assert leftovers == []
