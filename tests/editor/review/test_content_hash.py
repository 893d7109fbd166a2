"""The approval hash covers exactly what learners get: learner-facing text, metadata and used media."""

from __future__ import annotations

from editor import review
from editor.review import content_hash, current_version
from tests.editor.review.conftest import AUTHOR, LESSON, REVIEWER, Team


def lesson_hash(text: str, media: dict[str, str | None] | None = None) -> str:
    return content_hash(text, "lesson", media or {})


def test_internal_metadata_and_line_endings_do_not_change_the_hash() -> None:
    base = lesson_hash(LESSON)
    assert lesson_hash(LESSON.replace("status: draft", "status: published")) == base
    assert lesson_hash(LESSON.replace("owner: Ana Pereira", "owner: Bo")) == base
    assert lesson_hash(LESSON.replace("review_by: 2030-05-01", "review_by: 2031-01-01\nnote: x")) == base
    assert lesson_hash(LESSON.replace("id: lesson0001", "id: other")) == base
    assert lesson_hash("\ufeff" + LESSON.replace("\n", "\r\n")) == base


def test_learner_facing_changes_change_the_hash() -> None:
    base = lesson_hash(LESSON)
    changed = [
        LESSON.replace("title: Giving feedback that lands", "title: Giving feedback"),
        LESSON.replace("summary: A three-step", "summary: A four-step"),
        LESSON.replace("language: en", "language: de"),
        LESSON.replace("owner: Ana Pereira", "owner: Ana Pereira\nestimated_minutes: 7"),
        LESSON.replace("- [x] The situation", "- [ ] The situation"),
        LESSON + "\nOne more sentence.\n",
    ]
    hashes = {lesson_hash(text) for text in changed}
    assert len(hashes) == len(changed) and base not in hashes
    picture = {lesson_hash(LESSON, {"media/model.png": sha}) for sha in ("a" * 64, "b" * 64, None)}
    assert len(picture) == 3 and base not in picture


def test_unreadable_front_matter_still_hashes_every_change() -> None:
    broken = LESSON.replace("title: Giving", "title: [Giving")
    assert lesson_hash(broken) != lesson_hash(broken.replace("status: draft", "status: x"))


def test_only_media_the_lesson_uses_are_hashed(team: Team) -> None:
    (team.folder / "media" / "handout.pdf").write_bytes(b"%PDF handout")
    (team.folder / "media" / "unused.png").write_bytes(b"not referenced")
    team.edit("Close with", "[The handout](media/handout.pdf) and [the web](https://example.org/x.png).\n\n"
                            "Close with")
    before = current_version(team.item())
    assert sorted(before.media) == ["media/handout.pdf", "media/model.png"]
    (team.folder / "media" / "unused.png").write_bytes(b"changed but still unused")
    assert current_version(team.item()).hash == before.hash
    (team.folder / "media" / "handout.pdf").write_bytes(b"%PDF handout v2")
    assert current_version(team.item()).hash != before.hash


def test_video_attributes_count_and_a_missing_file_appearing_changes_the_hash(team: Team) -> None:
    video = '::: video src="media/intro.mp4" captions="media/intro.vtt" poster="media/p.jpg"\n:::\n\n'
    team.edit("Close with", video + "Close with")
    (team.folder / "media" / "intro.mp4").write_bytes(b"video bytes")
    missing = current_version(team.item())
    assert missing.media["media/intro.vtt"] is None and missing.media["media/p.jpg"] is None
    assert missing.media["media/intro.mp4"] is not None
    (team.folder / "media" / "intro.vtt").write_text("WEBVTT\n", encoding="utf-8")
    assert current_version(team.item()).hash != missing.hash


def test_files_outside_the_lesson_are_not_part_of_it(team: Team) -> None:
    (team.workspace.root / "outside.png").write_bytes(b"somebody else's")
    team.edit("Close with", "![x](../../../outside.png)\n\nClose with")
    assert sorted(current_version(team.item()).media) == ["media/model.png"]


def test_curated_links_hash_their_url_and_can_be_reviewed(team: Team) -> None:
    ws = team.workspace
    link = ws.read_item(ws.new_link("https://example.org/guide", "A guide", summary="Read this"))
    review.submit(ws, link, AUTHOR, [REVIEWER])
    review.approve(ws, link, REVIEWER)
    assert review.can_publish(ws, link).allowed
    moved = link.source.read_text(encoding="utf-8").replace("example.org/guide", "example.org/x")
    link.source.write_text(moved, encoding="utf-8")
    assert review.review_state(ws, link).status == "draft"
    # For a lesson, a 'url' key is internal metadata: not part of what its learners see.
    assert lesson_hash(LESSON) == lesson_hash(LESSON.replace("language: en", "language: en\nurl: https://x"))
