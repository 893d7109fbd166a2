"""YAML front matter: split it from the body, parse it, and rewrite only it.

The body is never re-serialised: a lesson that is loaded and saved untouched keeps
every byte, and a metadata edit changes only the front matter lines.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from editor.diagnostics import Diagnostic, error
from editor.meta_values import read_values

try:  # libyaml is ~10x faster; the pure-Python dumper is the fallback
    _Dumper: type = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - depends on the wheel
    _Dumper = yaml.SafeDumper

BOM = "\ufeff"
_FENCE = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)


@dataclass
class FrontMatter:
    meta: dict[str, Any] = field(default_factory=dict)
    body_start: int = 0          # offset in the text where the body begins
    body_line: int = 1           # 1-based line number of the body's first line
    diagnostics: list[Diagnostic] = field(default_factory=list)   # the front matter cannot be used
    present: bool = False        # the text starts with a front matter block
    # Single values that are kept as written text because they are unusable (see editor.meta_values).
    value_problems: list[Diagnostic] = field(default_factory=list)


def parse(text: str) -> FrontMatter:
    """Split ``text`` into front matter and body; never raises on bad input."""
    bom = 1 if text.startswith(BOM) else 0
    if bom:
        # Offsets stay relative to the full text, so the BOM is kept when the body is cut out.
        result = parse(text[1:])
        if result.present:
            result.body_start += 1
        return result
    if not (text.startswith("---\n") or text.startswith("---\r\n") or text.startswith("--- ")):
        return FrontMatter(diagnostics=[error(1, "front-matter-missing",
                                              "The file has no front matter. Add a block between two "
                                              "'---' lines at the top with at least 'title:'.")])
    first_nl = text.find("\n")
    closing = _FENCE.search(text, first_nl + 1)
    if closing is None:
        return FrontMatter(present=True, diagnostics=[error(
            1, "front-matter-unclosed",
            "The front matter that starts on line 1 is never closed. Add a line with only '---' "
            "after the last metadata line.")])
    yaml_text = text[first_nl + 1:closing.start()]
    end = closing.end()
    if end < len(text) and text[end] == "\n":
        end += 1
    body_line = text.count("\n", 0, end) + 1
    values = read_values(yaml_text)
    # Refused front matter has no metadata at all: half of it could mislead every later step.
    return FrontMatter(meta={} if values.refused else values.meta, body_start=end, body_line=body_line,
                       diagnostics=values.refused, present=True,
                       value_problems=[] if values.refused else values.problems)


class _FlowListDumper(_Dumper):  # type: ignore[misc,valid-type]
    """Writes short lists of scalars inline (``skills: [Excel, Data]``) for readable diffs."""


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(isinstance(item, (str, int, float, bool)) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_FlowListDumper.add_representer(list, _represent_list)


def dump(meta: dict[str, Any]) -> str:
    """YAML text for ``meta`` in its own key order (unknown keys included)."""
    clean = {k: _plain(v) for k, v in meta.items()}
    return str(yaml.dump(clean, Dumper=_FlowListDumper, sort_keys=False, allow_unicode=True,
                         default_flow_style=False, width=100))


def replace(text: str, meta: dict[str, Any]) -> str:
    """Return ``text`` with its front matter replaced by ``meta``; the body is kept verbatim."""
    newline = "\r\n" if "\r\n" in text[:200] else "\n"
    current = parse(text)
    if current.present and current.diagnostics:
        # Unreadable front matter is the user's text too: refuse rather than overwrite it.
        raise ValueError("The front matter cannot be read; fix it in the source first.")
    body = text[current.body_start:] if current.present else text
    yaml_text = dump(meta).replace("\n", newline)
    bom = BOM if text.startswith(BOM) else ""
    return f"{bom}---{newline}{yaml_text}---{newline}{body.removeprefix(bom)}"


def _plain(value: Any) -> Any:
    # YAML's safe dumper knows dates but not sets/tuples; normalise the rest.
    if isinstance(value, (tuple, set)):
        return [_plain(v) for v in value]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (str, int, float, bool, dt.date)) or value is None:
        return value
    return str(value)
