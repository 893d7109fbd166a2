"""Where the runtime tests' tools live, and what a failing test's report carries besides the
traceback (browser console, server logs): fixtures register sources, conftest.py attaches them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

RUNTIME = Path(__file__).resolve().parent
NODE_MODULES = RUNTIME / "node" / "node_modules"

DIAGNOSTICS = pytest.StashKey[dict[str, Callable[[], str]]]()


def attach_diagnostics(request: pytest.FixtureRequest, title: str, source: Callable[[], str]) -> None:
    """Adds ``source()`` to the report of the requesting test if it fails."""
    request.node.stash.setdefault(DIAGNOSTICS, {})[title] = source
