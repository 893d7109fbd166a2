"""Every index test runs once per engine: tantivy, and whoosh as it runs where tantivy is missing."""

from __future__ import annotations

import sys

import pytest

from editor.search.engine import TANTIVY, WHOOSH, engine_name


@pytest.fixture(params=[TANTIVY, WHOOSH])
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == WHOOSH:
        # What a platform without a tantivy wheel sees: the import fails.
        monkeypatch.setitem(sys.modules, "tantivy", None)
    assert engine_name() == request.param
    return str(request.param)
