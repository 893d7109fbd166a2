"""The Canvas connector against the local contract server: migration, pre-attachment upload, progress."""

from __future__ import annotations

from editor import review
from publishing.connectors import add_target, open_connector
from publishing.outbox import DONE, FAILED, Outbox
from publishing.targets import Target
from tests.connectors.conftest import PUBLISHER, fast_outbox, publish_then_retire
from tests.connectors.fake_canvas import FakeCanvas
from tests.connectors.faulty_server import Fault, serving
from tests.editor.review.conftest import Team


def canvas_target(team: Team, canvas: FakeCanvas) -> None:
    add_target(team.workspace, Target("canvas", "canvas", canvas.origin,
                                      {"course_id": canvas.course_id, "poll_seconds": "0.01"}), canvas.token)


def test_a_lesson_is_imported_and_a_republish_updates_the_same_course_items(approved: Team,
                                                                             canvas: FakeCanvas) -> None:
    canvas_target(approved, canvas)
    assert "Onboarding" in open_connector(approved.workspace, "canvas").test_connection()
    outbox = Outbox(approved.workspace)
    [result] = outbox.publish(approved.item(), ["canvas"], PUBLISHER)
    assert result.state == DONE, result.message
    assert result.url == f"{canvas.origin}/courses/42"
    assert canvas.imports == 1 and canvas.course_items
    items = dict(canvas.course_items)

    approved.edit("one clear request", "one clear, kind request")
    review.submit(approved.workspace, approved.item(), "ana@example.com", ["bo@example.com"])
    review.approve(approved.workspace, approved.item(), "bo@example.com")
    [again] = outbox.publish(approved.item(), ["canvas"], PUBLISHER)
    assert again.state == DONE
    assert canvas.imports == 2 and canvas.course_items.keys() == items.keys()


def test_a_redirect_after_upload_is_confirmed(approved: Team) -> None:
    with serving(FakeCanvas("canvas-token-302", "7", upload_status=302)) as canvas:
        canvas_target(approved, canvas)
        [result] = Outbox(approved.workspace).publish(approved.item(), ["canvas"], PUBLISHER)
        assert result.state == DONE and canvas.imports == 1


def test_an_upload_cut_off_resumes_the_same_migration(approved: Team, canvas: FakeCanvas) -> None:
    canvas_target(approved, canvas)
    canvas.inject(Fault("reset", "/upload/"))
    [result] = fast_outbox(approved).publish(approved.item(), ["canvas"], PUBLISHER)
    assert result.state == DONE, result.message
    assert len(canvas.migrations) == 1 and canvas.imports == 1
    assert ("PUT", "/api/v1/courses/42/content_migrations/1") in canvas.requests   # fresh upload parameters


def test_a_bad_token_and_retiring_fail_with_advice(approved: Team, canvas: FakeCanvas) -> None:
    bad = Target("canvas", "canvas", canvas.origin, {"course_id": "42"})
    add_target(approved.workspace, bad, "bad-token")
    [result] = fast_outbox(approved).publish(approved.item(), ["canvas"], PUBLISHER)
    assert result.state == FAILED and "credentials were refused" in result.message and canvas.migrations == {}
    canvas_target(approved, canvas)
    retired = publish_then_retire(approved, "canvas")
    assert retired.state == FAILED and "cannot undo an import" in retired.message
