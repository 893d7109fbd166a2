"""JSON from files others can write (a shared workspace, a server's reply) is untrusted: ``json.loads``
raises ``RecursionError``, not a ``ValueError``, for input nested deeper than the interpreter's stack
allows, so readers that treat malformed JSON as damage would let such a file crash them instead."""

from __future__ import annotations

import json
from typing import Any


def parse_json(text: str) -> Any:
    """``json.loads``, with input nested too deeply reported as malformed (``json.JSONDecodeError``)."""
    try:
        return json.loads(text)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply to read", text[:100], 0) from None
