"""Untrusted JSON: input nested too deeply is malformed JSON, not a crash."""

from __future__ import annotations

import json

import pytest

from editor.json_text import parse_json


def test_json_nested_too_deeply_is_reported_as_malformed() -> None:
    with pytest.raises(json.JSONDecodeError, match="nested too deeply"):
        parse_json("[" * 100_000 + "]" * 100_000)
    with pytest.raises(RecursionError):                # what json.loads itself does with it
        json.loads("[" * 100_000 + "]" * 100_000)


def test_ordinary_json_reads_as_json_loads_reads_it() -> None:
    text = '{"keys": ["a", "b"], "n": 1.5, "deep": [[[[1]]]]}'
    assert parse_json(text) == json.loads(text)
    with pytest.raises(json.JSONDecodeError):
        parse_json("{not json")
