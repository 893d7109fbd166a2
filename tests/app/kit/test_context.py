"""The change notice: typed, delivered only to listeners of that change, never to a deleted owner."""

from __future__ import annotations

from pathlib import Path

from app.kit.context import Change, ChangeHub, Notice
from app.kit.qt import QApplication, QEvent, QObject


def test_listeners_get_only_the_changes_they_asked_for(qtbot) -> None:  # type: ignore[no-untyped-def]
    hub, owner = ChangeHub(), QObject()
    saved: list[Notice] = []
    hub.on(Change.ITEM_SAVED, saved.append, owner)
    hub.notify(Change.LIBRARY_CHANGED)
    hub.notify(Change.ITEM_SAVED, Path("/w/lessons/a/lesson.md"))
    assert saved == [Notice(Change.ITEM_SAVED, Path("/w/lessons/a/lesson.md"))]


def test_a_deleted_owner_hears_nothing_more(qtbot) -> None:  # type: ignore[no-untyped-def]
    hub, owner = ChangeHub(), QObject()
    heard: list[Notice] = []
    hub.on(Change.PUBLISHED, heard.append, owner)
    owner.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    hub.notify(Change.PUBLISHED)
    assert heard == []
