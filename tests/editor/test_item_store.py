"""The item record lists the library without reading the items, and catches up by modification stamps."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from editor import item_store
from editor.item_store import STORE_FILE, ItemStore
from editor.workspace import Item, Workspace


def listed(items: list[Item]) -> list[tuple[str, str, str, dict[str, object]]]:
    return [(str(item.source), str(item.path), item.summary, item.as_dict()) for item in items]


@pytest.fixture
def library(tmp_path: Path) -> Workspace:
    workspace = Workspace.create(tmp_path / "library", "Store test")
    # "a" and "a-b" sort differently as strings ("a-b/" < "a/") and as paths ("a" < "a-b").
    for slug, title in (("a-b", "Second"), ("a", "First"), ("z", "Last")):
        folder = workspace.root / "lessons" / slug
        folder.mkdir(parents=True)
        (folder / "lesson.md").write_text(f"---\ntitle: {title}\nskills: [Excel]\nsummary: About {slug}.\n"
                                          "---\nText.\n", encoding="utf-8")
    # A language variant: one more item in its lesson's folder, listed right after the lesson.
    (workspace.root / "lessons" / "a" / "lesson.fr.md").write_text(
        "---\ntitle: Premier\nlanguage: fr\ntranslation_of: first-id\n---\nTexte.\n", encoding="utf-8")
    (workspace.root / "curated" / "link.md").write_text(
        "---\nkind: link\ntitle: A link\nurl: https://example.org\n---\nNotes.\n", encoding="utf-8")
    (workspace.root / "lessons" / "broken").mkdir()
    (workspace.root / "lessons" / "broken" / "lesson.md").write_bytes(b"---\ntitle: [unclosed\n---\n")
    return workspace


def test_a_refresh_lists_what_the_workspace_lists(library: Workspace) -> None:
    store = ItemStore(library)
    assert list(store.cached()) == []                        # nothing recorded yet
    changes = store.refresh()
    assert listed(changes.items) == listed(library.items())
    assert len(changes.changed) == 6 and changes.removed == []
    assert (library.cache_dir / STORE_FILE).is_file()


def test_the_record_lists_without_reading_any_item(library: Workspace, monkeypatch: pytest.MonkeyPatch
                                                   ) -> None:
    ItemStore(library).refresh()
    expected = listed(library.items())

    def no_reading(_self: Workspace, source: Path) -> Item:
        raise AssertionError(f"read {source}")

    monkeypatch.setattr(Workspace, "read_item", no_reading)
    later = ItemStore(Workspace.open(library.root))
    assert listed(later.cached()) == expected
    assert not later.refresh().any                     # nothing changed: nothing read


def test_only_changed_new_and_removed_items_are_read(library: Workspace, monkeypatch: pytest.MonkeyPatch
                                                     ) -> None:
    ItemStore(library).refresh()
    source = library.root / "lessons" / "a" / "lesson.md"
    source.write_text(source.read_text(encoding="utf-8").replace("First", "Renamed"), encoding="utf-8")
    os.utime(source, (2_000_000_000,) * 2)
    (library.root / "curated" / "link.md").unlink()
    new = Path(library.new_lesson("Brand new"))
    read: list[Path] = []
    original = Workspace.read_item

    def counting(self: Workspace, path: Path) -> Item:
        read.append(path)
        return original(self, path)

    monkeypatch.setattr(Workspace, "read_item", counting)
    changes = ItemStore(library).refresh()
    assert sorted(read) == sorted([source, new / "lesson.md"])
    assert {item.title for item in changes.changed} == {"Renamed", "Brand new"}
    assert changes.removed == [library.root / "curated" / "link.md"]
    monkeypatch.setattr(Workspace, "read_item", original)
    assert listed(changes.items) == listed(library.items())
    assert listed(ItemStore(library).cached()) == listed(library.items())


def _record(key: str = "lessons/a/lesson.md", **changes: object) -> bytes:
    """A one-item record in the format items.json holds, with ``changes`` to its columns."""
    columns: dict[str, object] = {
        "version": item_store.STORE_VERSION, "keys": [key], "stamp": ["1:1"], "id": ["x"], "kind": [0],
        "title": ["Outside"], "status": [1], "modified": [1], "summary": [""], "skills": [0], "tags": [1],
        "language": [2], "owner": [2], "url": [""], "problem": [""], "translation_of": [""],
        "values": ["lesson", "draft", "", "agile"], "lists": [[], [3]]}
    return json.dumps({**columns, **changes}).encode()


HOSTILE_KEYS = ("lessons/../../outside/lesson.md", "lessons/./lesson.md", "lessons/../lesson.md",
                "lessons//lesson.md", "lessons/a/notes.md", "lessons/a/b/lesson.md", "curated/../x.md",
                "curated/a\\..\\x.md", "curated/x.txt", "/etc/lesson.md",
                "lessons/a/lesson.md\n../../etc/lesson.md", "lessons/a\n/lesson.md")


def test_the_record_helper_makes_a_record_that_is_read(library: Workspace) -> None:
    library.cache_dir.mkdir(exist_ok=True)
    (library.cache_dir / STORE_FILE).write_bytes(_record())
    [item] = ItemStore(library).cached()          # so each damaged variant below fails for its damage
    assert (item.title, item.kind, item.status, item.tags) == ("Outside", "lesson", "draft", ["agile"])


@pytest.mark.parametrize("damage", [
    b"", b"{not json", b"[" * 100_000, b'{"version": 99, "keys": []}', b'{"version": 2, "items": {}}',
    _record(stamp=[1]), _record(modified=["yesterday"]), _record(kind=[9]), _record(kind=[True]),
    _record(kind=["lesson"]), _record(kind=[-1]), _record(tags=[2]), _record(tags=[[1]]), _record(tags=["1"]),
    _record(lists=[[], [7]]), _record(lists=[[], 3]), _record(lists=[[], ["agile"]]), _record(lists={}),
    _record(title=[]), _record(title=[5]), _record(summary=[None]), _record(modified=[None]),
    _record(values=[0, 1]), _record(keys=["lessons/a/lesson.md", "lessons/a/lesson.md"]), _record(keys=[[1]]),
    *(_record(key) for key in HOSTILE_KEYS)])
def test_a_damaged_or_foreign_record_is_ignored_and_rewritten(library: Workspace, damage: bytes) -> None:
    library.cache_dir.mkdir(exist_ok=True)
    (library.cache_dir / STORE_FILE).write_bytes(damage)
    store = ItemStore(library)
    assert list(store.cached()) == []
    assert listed(store.refresh().items) == listed(library.items())
    assert listed(ItemStore(library).cached()) == listed(library.items())


def test_a_record_too_large_to_be_one_is_not_read(library: Workspace, monkeypatch: pytest.MonkeyPatch
                                                   ) -> None:
    library.cache_dir.mkdir(exist_ok=True)
    record = library.cache_dir / STORE_FILE
    record.write_bytes(_record())
    os.truncate(record, item_store.RECORD_MOST_BYTES + 1)    # sparse: nothing written, nothing read

    def no_reading(*_args: object, **_kwargs: object) -> str:
        raise AssertionError("read a record larger than any this app writes")

    monkeypatch.setattr(Path, "read_text", no_reading)
    store = ItemStore(library)
    assert list(store.cached()) == []
    monkeypatch.undo()
    assert listed(store.refresh().items) == listed(library.items())     # rebuilt from the files
    assert record.stat().st_size < 10_000


def test_a_refresh_makes_the_whole_list_only_when_asked(library: Workspace, monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    ItemStore(library).refresh()
    made: list[str] = []
    make = item_store._item

    def counting(root: Path, key: str, record: list[object]) -> Item:
        made.append(key)
        return make(root, key, record)

    monkeypatch.setattr(item_store, "_item", counting)
    changes = ItemStore(library).refresh()
    assert not changes.any and made == []              # 20,000 unchanged items: no Item built
    assert listed(changes.items) == listed(library.items())
    assert len(made) == 6
