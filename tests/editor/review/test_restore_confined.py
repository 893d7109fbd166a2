"""A crafted version record must never make a restore write outside the lesson: shared files are untrusted."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from editor import review
from editor.review import ReviewError
from editor.review.content_hash import content_hash
from tests.editor.review.conftest import AUTHOR, Team

PLANTED = b"planted by a colleague\n"


def plant_version(team: Team, media_path: str, sha: str | None = None) -> str:
    """Write a self-consistent snapshot (its hash matches) whose media manifest names ``media_path``."""
    sha = sha or hashlib.sha256(PLANTED).hexdigest()
    blob = team.workspace.root / "reviews" / "_blobs" / sha[:2] / sha
    if len(sha) == 64:
        blob.parent.mkdir(parents=True, exist_ok=True)
        blob.write_bytes(PLANTED)
    text = team.text().replace("Close with one", "Close, now, with one")
    media = {media_path: sha}
    version = content_hash(text, "lesson", media)
    folder = team.workspace.root / "reviews" / "lesson0001" / "versions"
    folder.mkdir(parents=True, exist_ok=True)
    record = {"format": 1, "hash": version, "kind": "lesson", "text": text, "media": media}
    (folder / f"{version}.json").write_text(json.dumps(record), encoding="utf-8")
    return version


@pytest.mark.parametrize("how", ["relative", "absolute"])
def test_restore_refuses_media_paths_leaving_the_lesson(team: Team, how: str) -> None:
    victim = team.workspace.root.parent / "home-file.txt"
    victim.write_text("precious\n", encoding="utf-8")
    written = os.path.relpath(victim, team.folder) if how == "relative" else str(victim)
    version = plant_version(team, written)
    before = team.text()
    with pytest.raises(ReviewError, match=r"outside|not a relative path"):
        review.restore(team.workspace, team.item(), AUTHOR, version)
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert team.text() == before


def test_restore_refuses_a_media_folder_linked_outside(team: Team, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (team.folder / "linked").symlink_to(elsewhere, target_is_directory=True)
    version = plant_version(team, "linked/dropped.bin")
    with pytest.raises(ReviewError, match="outside"):
        review.restore(team.workspace, team.item(), AUTHOR, version)
    assert list(elsewhere.iterdir()) == []


def test_a_version_naming_a_blob_outside_the_store_is_not_read(team: Team) -> None:
    secret = team.workspace.root.parent / "secret.txt"
    secret.write_bytes(PLANTED)
    version = plant_version(team, "media/copy.txt", sha="../../secret.txt")
    with pytest.raises(ReviewError, match="content hash"):
        review.restore(team.workspace, team.item(), AUTHOR, version)
    assert not (team.folder / "media" / "copy.txt").exists()
