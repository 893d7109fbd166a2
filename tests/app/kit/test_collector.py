"""Cycles are collected on the UI thread only: a worker that allocates never collects (and so never
destroys Qt objects off their thread); the UI thread's timer does."""

from __future__ import annotations

import gc
import threading
import weakref

from pytestqt.qtbot import QtBot


class Node:
    partner: Node | None = None


def test_a_worker_never_collects_cycles_and_the_ui_thread_does(qtbot: QtBot) -> None:
    assert not gc.isenabled()           # switched off, as in the app (tests/conftest.py installs it)
    node = Node()
    node.partner = node                 # a cycle: only the cycle collector frees it
    alive = weakref.ref(node)
    del node
    kept: list[list[int]] = []
    worker = threading.Thread(target=lambda: kept.extend([] for _ in range(5000)))
    worker.start()
    worker.join()
    assert alive() is not None          # the worker passed the threshold and collected nothing
    qtbot.waitUntil(lambda: alive() is None, timeout=5000)


def test_objects_kept_as_long_lived_wait_until_the_collector_stops(qapp: object) -> None:
    from app.kit.collector import UiThreadCollector, keep_long_lived

    node = Node()
    node.partner = node
    alive = weakref.ref(node)
    keep_long_lived()
    del node
    gc.collect()
    assert alive() is not None          # full collections no longer visit it
    second = UiThreadCollector(qapp)    # type: ignore[arg-type]
    second.stop()                       # what the app does at exit and the suite after each test
    assert alive() is None
    assert gc.get_freeze_count() == 0
    second.deleteLater()
