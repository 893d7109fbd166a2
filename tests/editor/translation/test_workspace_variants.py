"""A variant is an item of its own, listed right after its source, trashed and reviewed on its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.review.content_hash import current_version
from editor.translation.roundtrip import export_translations, import_translation, source_lesson
from editor.workspace import Workspace, WorkspaceError
from tests.editor.translation.helpers import make_lesson, translate_file


@pytest.fixture
def lesson(workspace: Workspace, tmp_path: Path) -> Path:
    folder = make_lesson(workspace)
    other = workspace.new_lesson("Another lesson")
    assert other.name == "another-lesson"
    item = source_lesson(workspace, str(folder))
    for file in export_translations(workspace, item, ["fr", "de"], tmp_path / "out"):
        assert file.path is not None
        import_translation(workspace, translate_file(file.path, tmp_path / file.path.name))
    return folder


def test_variants_are_listed_after_their_source(workspace: Workspace, lesson: Path) -> None:
    items = workspace.items()
    assert [(item.source.relative_to(workspace.root).as_posix(), item.translation_of) for item in items] == [
        ("lessons/another-lesson/lesson.md", ""), ("lessons/sharing/lesson.md", ""),
        ("lessons/sharing/lesson.de.md", "7c1e5a90b2d4"), ("lessons/sharing/lesson.fr.md", "7c1e5a90b2d4")]
    assert workspace.find("sharing") == items[1]          # the folder name means the source lesson
    assert [item.language for item in items[2:]] == ["de", "fr"]
    assert len({item.id for item in items}) == 4           # each variant has an id of its own


def test_a_variant_has_its_own_content_hash_over_the_shared_media(workspace: Workspace, lesson: Path) -> None:
    source, german = workspace.items()[1:3]
    assert german.folder == source.folder == lesson
    mine, theirs = current_version(german), current_version(source)
    assert mine.hash != theirs.hash
    assert mine.media["media/intro.mp4"] == theirs.media["media/intro.mp4"]      # media are shared
    assert "media/intro.de.vtt" in mine.media and "media/intro.vtt" in theirs.media   # captions per language


def test_trashing_a_variant_moves_only_its_file(workspace: Workspace, lesson: Path) -> None:
    german = workspace.items()[2]
    entry = workspace.trash(german)
    assert not (lesson / "lesson.de.md").exists() and (lesson / "lesson.md").is_file()
    assert (lesson / "media" / "intro.mp4").is_file()
    workspace.restore(entry)
    assert (lesson / "lesson.de.md").is_file()


def test_a_variant_cannot_be_duplicated(workspace: Workspace, lesson: Path) -> None:
    with pytest.raises(WorkspaceError, match="is a translation"):
        workspace.duplicate(workspace.items()[2])


def test_review_and_approval_apply_per_variant(workspace: Workspace, lesson: Path) -> None:
    from editor.review import add_member
    from editor.review.workflow import approve, review_state, submit

    add_member(workspace, "Ana Pereira", "ana@example.org", ["author"])
    add_member(workspace, "Bo Lindqvist", "bo@example.org", ["reviewer"])
    source, german, french = workspace.items()[1:4]
    submit(workspace, german, "ana@example.org", ["bo@example.org"])
    approve(workspace, german, "bo@example.org")

    assert review_state(workspace, german).status == "approved"
    assert review_state(workspace, french).status != "approved"
    assert review_state(workspace, source).status != "approved"
