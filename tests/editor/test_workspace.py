"""Workspace: create/open, new items from templates, duplicate, rename, trash and restore."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from editor import frontmatter
from editor.lesson_parse import parse_lesson
from editor.workspace import MARKER, Item, Workspace, WorkspaceError, template_names


def meta_of(path: Path) -> dict[str, object]:
    return frontmatter.parse(path.read_text(encoding="utf-8")).meta


def body_of(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[frontmatter.parse(text).body_start:]


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def item_at(workspace: Workspace, path: Path) -> Item:
    return next(item for item in workspace.items() if item.path == path)


def test_create_makes_a_readable_workspace(tmp_path: Path) -> None:
    created = Workspace.create(tmp_path / "team", "Sales enablement")
    assert (tmp_path / "team" / MARKER).is_file()
    assert (tmp_path / "team" / "lessons").is_dir() and (tmp_path / "team" / "curated").is_dir()
    opened = Workspace.open(tmp_path / "team")
    assert opened.root == created.root
    assert opened.name == "Sales enablement"
    assert opened.items() == []


def test_create_in_an_existing_repository_keeps_its_gitignore(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("node_modules/\n*.log\n", encoding="utf-8")
    Workspace.create(tmp_path)
    ignored = (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ignored[:2] == ["node_modules/", "*.log"]
    assert ".tessera/" in ignored


def test_create_refuses_an_existing_workspace(workspace: Workspace) -> None:
    marker = (workspace.root / MARKER).read_bytes()
    with pytest.raises(WorkspaceError, match="already a Tessera workspace"):
        Workspace.create(workspace.root)
    assert (workspace.root / MARKER).read_bytes() == marker


def test_create_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(WorkspaceError, match="is a file"):
        Workspace.create(tmp_path / "notes.txt")


def test_open_explains_a_folder_that_is_not_a_workspace(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match=r"not a Tessera workspace.*tessera init"):
        Workspace.open(tmp_path)


def test_containing_finds_the_workspace_from_inside(workspace: Workspace, tmp_path: Path) -> None:
    folder = workspace.new_lesson("Deep")
    found = Workspace.containing(folder / "media")
    assert found is not None and found.root == workspace.root
    assert Workspace.containing(tmp_path) is None


@pytest.mark.parametrize("template", template_names())
def test_new_lesson_from_every_template(workspace: Workspace, template: str) -> None:
    folder = workspace.new_lesson("Negotiation basics", template, owner="Ana Pereira")
    assert folder.parent == workspace.root / "lessons"
    assert (folder / "media").is_dir()
    parsed = parse_lesson((folder / "lesson.md").read_text(encoding="utf-8"))
    assert parsed.front_matter_ok
    assert parsed.meta["title"] == "Negotiation basics"
    assert parsed.meta["status"] == "draft"
    assert parsed.meta["owner"] == "Ana Pereira"
    assert len(str(parsed.meta["id"])) >= 8
    item = item_at(workspace, folder)
    assert (item.kind, item.title, item.problem) == ("lesson", "Negotiation basics", "")


def test_templates_exist() -> None:
    assert "blank" in template_names()


def test_unknown_template_lists_the_templates(workspace: Workspace) -> None:
    with pytest.raises(WorkspaceError) as raised:
        workspace.new_lesson("X", "no-such-template")
    for name in template_names():
        assert name in str(raised.value)
    assert list((workspace.root / "lessons").iterdir()) == []


def test_template_must_be_one_of_the_shipped_templates(workspace: Workspace, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntitle: Not a template\n---\nAny file on disk\n", encoding="utf-8")
    for name in (str(tmp_path / "outside"), "../templates/blank", "blank/../blank"):
        with pytest.raises(WorkspaceError, match="no template"):
            workspace.new_lesson("X", name)
    assert list((workspace.root / "lessons").iterdir()) == []


def test_new_lesson_needs_a_title(workspace: Workspace) -> None:
    with pytest.raises(WorkspaceError, match="title"):
        workspace.new_lesson("   ")


def test_same_title_gets_unique_folders_and_ids(workspace: Workspace) -> None:
    folders = [workspace.new_lesson("Café & Co: Welcome!") for _ in range(3)]
    assert [f.name for f in folders] == ["cafe-co-welcome", "cafe-co-welcome-2", "cafe-co-welcome-3"]
    ids = {meta_of(f / "lesson.md")["id"] for f in folders}
    assert len(ids) == 3
    assert workspace.new_lesson("日本語").name == "untitled"


def test_duplicate_lesson_copies_media_with_a_new_id(workspace: Workspace) -> None:
    folder = workspace.new_lesson("Original")
    (folder / "media" / "clip.bin").write_bytes(b"\x00\x01media")
    meta = meta_of(folder / "lesson.md")
    meta["status"] = "published"
    original_text = frontmatter.replace((folder / "lesson.md").read_text(encoding="utf-8"), meta)
    (folder / "lesson.md").write_text(original_text, encoding="utf-8")

    copy = workspace.duplicate(item_at(workspace, folder))
    assert copy != folder and copy.parent == folder.parent
    copied = meta_of(copy / "lesson.md")
    assert copied["title"] == "Original (copy)"
    assert copied["id"] != meta["id"]
    assert copied["status"] == "draft"
    assert (copy / "media" / "clip.bin").read_bytes() == b"\x00\x01media"
    assert body_of(copy / "lesson.md") == body_of(folder / "lesson.md")
    assert (folder / "lesson.md").read_text(encoding="utf-8") == original_text


def test_duplicate_link(workspace: Workspace) -> None:
    link = workspace.new_link("https://example.com/a", "A guide", notes="Why it is useful.\n")
    copy = workspace.duplicate(item_at(workspace, link))
    assert copy.parent == workspace.root / "curated" and copy.suffix == ".md"
    assert meta_of(copy)["title"] == "A guide (copy)"
    assert meta_of(copy)["url"] == "https://example.com/a"
    assert meta_of(copy)["id"] != meta_of(link)["id"]
    assert body_of(copy) == "Why it is useful.\n"


def test_rename_changes_the_title_only(workspace: Workspace) -> None:
    folder = workspace.new_lesson("Old name")
    source = folder / "lesson.md"
    text = source.read_text(encoding="utf-8") + "Extra  \n::: custom x=1\nkept\n:::\nno newline"
    source.write_text(text, encoding="utf-8")
    before = meta_of(source)
    assert workspace.rename(item_at(workspace, folder), "  New name ") == folder
    after = meta_of(source)
    assert after == {**before, "title": "New name"}
    assert list(after) == list(before)
    assert body_of(source) == text[frontmatter.parse(text).body_start:]
    assert folder.is_dir() and folder.name == "old-name"


def test_rename_refuses_an_empty_title(workspace: Workspace) -> None:
    folder = workspace.new_lesson("Keep")
    with pytest.raises(WorkspaceError, match="empty"):
        workspace.rename(item_at(workspace, folder), " ")
    assert meta_of(folder / "lesson.md")["title"] == "Keep"


def test_trash_and_restore_bring_files_back_byte_identical(workspace: Workspace) -> None:
    folder = workspace.new_lesson("Temporary")
    (folder / "media" / "pic.png").write_bytes(bytes(range(256)))
    before = tree_digest(folder)
    entry = workspace.trash(item_at(workspace, folder))
    assert not folder.exists()
    assert entry.trashed.is_relative_to(workspace.root / ".trash") and entry.trashed.exists()
    assert workspace.items() == []
    assert workspace.restore(entry) == folder
    assert tree_digest(folder) == before
    assert [item.path for item in workspace.items()] == [folder]


def test_trash_and_restore_a_link(workspace: Workspace) -> None:
    link = workspace.new_link("https://example.com", "Gone soon")
    data = link.read_bytes()
    entry = workspace.trash(item_at(workspace, link))
    assert not link.exists()
    workspace.restore(entry)
    assert link.read_bytes() == data


def test_restore_refuses_when_the_original_path_exists_again(workspace: Workspace) -> None:
    folder = workspace.new_lesson("Reused")
    entry = workspace.trash(item_at(workspace, folder))
    again = workspace.new_lesson("Reused")
    assert again == folder
    newer = (again / "lesson.md").read_bytes()
    with pytest.raises(WorkspaceError, match="exists again"):
        workspace.restore(entry)
    assert entry.trashed.exists()
    assert (again / "lesson.md").read_bytes() == newer


def test_new_link_writes_a_curated_item(workspace: Workspace) -> None:
    path = workspace.new_link(" https://example.com/course ", "Great course", summary="Short.",
                              skills=["Excel"], duration_minutes=12, source="", notes="My notes\n")
    assert path == workspace.root / "curated" / "great-course.md"
    meta = meta_of(path)
    assert meta["url"] == "https://example.com/course"
    assert meta["kind"] == "link" and meta["status"] == "draft"
    assert meta["skills"] == ["Excel"] and meta["duration_minutes"] == 12
    assert "source" not in meta
    assert body_of(path) == "My notes\n"
    item = item_at(workspace, path)
    assert (item.kind, item.title, item.url, item.skills) == ("link", "Great course",
                                                             "https://example.com/course", ["Excel"])


def test_new_link_needs_url_and_title(workspace: Workspace) -> None:
    with pytest.raises(WorkspaceError):
        workspace.new_link("", "Title")
    with pytest.raises(WorkspaceError):
        workspace.new_link("https://example.com", " ")


def test_items_lists_unreadable_files_with_a_problem(workspace: Workspace) -> None:
    good = workspace.new_lesson("Readable")
    bad = workspace.root / "lessons" / "latin-1-file"
    bad.mkdir()
    (bad / "lesson.md").write_bytes(b"---\ntitle: Caf\xe9\n---\nBody\n")
    broken = workspace.root / "curated" / "broken.md"
    broken.write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    items = {item.path: item for item in workspace.items()}
    assert set(items) == {good, bad, broken}
    assert items[good].problem == ""
    assert "UTF-8" in items[bad].problem
    assert items[bad].title == "Latin 1 file"
    assert items[broken].problem and items[broken].kind == "link"


def test_item_as_dict_is_json_friendly(workspace: Workspace) -> None:
    folder = workspace.new_lesson("Listed")
    data = item_at(workspace, folder).as_dict()
    assert data["title"] == "Listed" and data["status"] == "draft" and data["path"] == str(folder)
    assert data["kind"] == "lesson" and data["id"] == meta_of(folder / "lesson.md")["id"]
    assert str(data["modified"]).endswith("+00:00")
