"""Guards against a Qt binding that corrupts Python's reference counts.

PySide6 6.12.0 on Python 3.11 dropped a reference to None on every call of a Qt method
returning nothing (and to True on every signal emit); a long editing session then aborts
with "none_dealloc". pyproject.toml excludes that release; this test catches any other.
"""

from __future__ import annotations

import sys

from app.kit.qt import QLabel, QObject, Signal


class _Emitter(QObject):
    fired = Signal()


def test_void_qt_calls_and_emits_keep_python_singletons_alive(qapp) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    emitter = _Emitter()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(2000):
        label.setText("x")
        emitter.fired.emit()
        qapp.processEvents()
    # Immortal on 3.12+ (constant); on 3.11 ordinary code moves these by a handful at most.
    assert sys.getrefcount(None) > none_before - 100
    assert sys.getrefcount(True) > true_before - 100
