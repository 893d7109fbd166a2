"""PySide6 still learns which modules use it, without keeping every imported module's source text."""

from __future__ import annotations

import linecache
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import app.kit.qt  # noqa: F401  (installs the light check, as every Qt module of Tessera does)
from app.kit import pyside_import_check


@pytest.fixture
def probes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    (tmp_path / "tessera_probe_uses_qt.py").write_text("import PySide6.QtCore\n", encoding="utf-8")
    (tmp_path / "tessera_probe_plain.py").write_text("VALUE = 2\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in ("tessera_probe_uses_qt", "tessera_probe_plain"):
        sys.modules.pop(name, None)


def test_pyside_learns_which_modules_use_it_without_caching_their_source(probes: Path) -> None:
    feature = sys.modules["shibokensupport.feature"]
    assert feature._mod_uses_pyside is pyside_import_check.mentions_pyside
    __import__("tessera_probe_uses_qt")     # the import statement's path, which PySide6 hooks
    __import__("tessera_probe_plain")
    assert feature.pyside_feature_dict["tessera_probe_uses_qt"] == 0     # "uses PySide6: no feature yet"
    assert feature.pyside_feature_dict["tessera_probe_plain"] == -1      # "ignore this module"
    assert not [name for name in linecache.cache if name.startswith(str(probes))]


def test_modules_without_python_source_do_not_use_pyside() -> None:
    assert not pyside_import_check.mentions_pyside(sys)                   # built in
    assert pyside_import_check.mentions_pyside(sys.modules["app.kit.qt"])
