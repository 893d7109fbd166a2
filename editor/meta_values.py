"""Turn a front matter's YAML into metadata values every other module can use without care.

This is the one place front matter values are interpreted, and it never raises. A value
Tessera cannot use as what its field needs (an impossible date, a 5,000-digit number,
``.inf`` minutes, a list where one title belongs) is kept as the text the author wrote and
reported on its own line, so one typo is a warning on one lesson, never a crash elsewhere.
Front matter that would take unbounded time or memory to expand (YAML aliases used as a
"billion laughs", very deep nesting, very large blocks) is refused as a whole.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import yaml

from editor.diagnostics import Diagnostic, error, warning

try:  # libyaml is ~10x faster; the pure-Python loader is the fallback
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the wheel
    _Loader = yaml.SafeLoader

MAX_FRONT_MATTER_CHARS = 256_000   # far beyond any real metadata; bounds parse time
MAX_VALUES = 10_000                # values after aliases are expanded (real lessons: < 100)
MAX_DEPTH = 32                     # nesting of lists and mappings
MAX_INT_DIGITS = 30                # larger integers are kept as text (Python refuses > 4300 digits)
MAX_NUMBER = 1_000_000             # minutes beyond this are typos (and overflow Qt's spin boxes)
LINE_OFFSET = 2                    # YAML line 0 is file line 2, after the opening '---'

_DATE_LIKE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")


class FieldKind(Enum):
    TEXT = "text"          # one value, shown as text
    TEXT_LIST = "list"     # a list of values, or one comma-separated text
    DATE = "date"          # a YYYY-MM-DD date
    NUMBER = "number"      # a finite number


FIELDS: dict[str, FieldKind] = {
    **{name: FieldKind.TEXT for name in ("title", "id", "kind", "status", "language", "summary", "url",
                                         "source", "owner", "audience", "mastery_score")},
    "skills": FieldKind.TEXT_LIST, "tags": FieldKind.TEXT_LIST,
    "review_by": FieldKind.DATE, "created": FieldKind.DATE,
    "estimated_minutes": FieldKind.NUMBER, "duration_minutes": FieldKind.NUMBER,
}


@dataclass
class MetaValues:
    meta: dict[str, Any] = field(default_factory=dict)
    refused: list[Diagnostic] = field(default_factory=list)   # the front matter as a whole is unusable
    problems: list[Diagnostic] = field(default_factory=list)  # single values, kept as written


class _ValueLoader(_Loader):  # type: ignore[misc,valid-type]
    """Constructors that keep a scalar's text instead of raising or producing inf/NaN/huge ints.

    The text is what the author wrote, so nothing is lost and a later check can say what is wrong.
    """


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    if loader.timestamp_regexp.match(str(node.value)) is None:     # e.g. "!!timestamp soon"
        return str(node.value)
    try:
        return loader.construct_yaml_timestamp(node)
    except (ValueError, OverflowError):
        return str(node.value)


def _int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    digits = sum(ch.isalnum() for ch in str(node.value))
    if digits > MAX_INT_DIGITS:
        return str(node.value)
    try:
        return loader.construct_yaml_int(node)
    except (ValueError, OverflowError):
        return str(node.value)


def _float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        value = loader.construct_yaml_float(node)
    except (ValueError, OverflowError):
        value = math.nan
    if isinstance(value, float) and math.isfinite(value):
        return value
    return str(node.value)


_ValueLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_ValueLoader.add_constructor("tag:yaml.org,2002:int", _int)
_ValueLoader.add_constructor("tag:yaml.org,2002:float", _float)


def read_values(yaml_text: str) -> MetaValues:
    """The metadata in ``yaml_text`` (the lines between the '---' fences); never raises."""
    result = MetaValues()
    if len(yaml_text) > MAX_FRONT_MATTER_CHARS:
        result.refused.append(error(1, "front-matter-too-large", (
            f"The front matter is {len(yaml_text):,} characters long; the limit is "
            f"{MAX_FRONT_MATTER_CHARS:,}. Move long text into the lesson body.")))
        return result
    if not yaml_text.strip():
        return result
    loader = _ValueLoader(yaml_text)
    try:
        _read_mapping(yaml_text, loader, result)
    finally:
        loader.dispose()
    return result


def _read_mapping(yaml_text: str, loader: Any, result: MetaValues) -> None:
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as exc:
        result.refused.append(_yaml_problem(exc))
        return
    except (ValueError, RecursionError) as exc:  # defensive: the composer should only raise YAMLError
        result.refused.append(error(1, "front-matter-yaml", f"The front matter cannot be read ({exc}). "
                                    "Simplify it to 'key: value' lines."))
        return
    if root is None:
        return
    if not isinstance(root, yaml.MappingNode):
        result.refused.append(error(2, "front-matter-not-mapping", (
            "The front matter must be 'key: value' lines (for example 'title: My lesson').")))
        return
    size_problem = _size_problem(root)
    if size_problem is not None:
        result.refused.append(size_problem)
        return
    for key_node, value_node in root.value:
        try:
            _read_field(yaml_text, loader, key_node, value_node, result)
        except yaml.YAMLError as exc:  # e.g. a !!python/object tag: refused, never constructed
            result.refused.append(_yaml_problem(exc))
            return


def _yaml_problem(exc: yaml.YAMLError) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + LINE_OFFSET if mark is not None else 1
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return error(line, "front-matter-yaml", f"The front matter is not valid YAML ({problem}). Check quotes "
                 "and indentation; a value containing ': ' needs quotes.")


class _TooDeep(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


class _TooMany(_TooDeep):
    pass


def _size_problem(root: yaml.Node) -> Diagnostic | None:
    """Count values as they would be after alias expansion, without expanding anything."""
    try:
        _expanded_size(root, 0, {})
    except _TooMany as many:
        return error(many.node.start_mark.line + LINE_OFFSET, "front-matter-aliases", (
            f"The front matter expands to more than {MAX_VALUES:,} values (YAML anchors '&' and aliases "
            "'*' repeat whole lists). Write the values out instead of using aliases."))
    except _TooDeep as deep:
        return error(deep.node.start_mark.line + LINE_OFFSET, "front-matter-nesting", (
            f"The front matter nests lists or mappings more than {MAX_DEPTH} levels deep. Metadata "
            "needs at most two levels; flatten it."))
    return None


def _expanded_size(node: yaml.Node, depth: int, sizes: dict[int, int]) -> int:
    # Recursion stops at MAX_DEPTH; each shared (aliased) node is sized once, so this is linear in the text.
    if isinstance(node, yaml.ScalarNode):
        return 1
    if depth > MAX_DEPTH:
        raise _TooDeep(node)
    known = sizes.get(id(node))
    if known is not None:
        return known
    children = node.value if isinstance(node, yaml.SequenceNode) else [part for pair in node.value
                                                                        for part in pair]
    total = 1 + sum(_expanded_size(child, depth + 1, sizes) for child in children)
    if total > MAX_VALUES:
        raise _TooMany(node)
    sizes[id(node)] = total
    return total


def _read_field(yaml_text: str, loader: Any, key_node: yaml.Node, value_node: yaml.Node,
                result: MetaValues) -> None:
    line = key_node.start_mark.line + LINE_OFFSET
    try:
        plain_key = isinstance(key_node, yaml.ScalarNode) and key_node.tag == "tag:yaml.org,2002:str"
        key = key_node.value if plain_key else loader.construct_object(key_node, deep=True)
        value = loader.construct_object(value_node, deep=True)
    except yaml.YAMLError:
        raise                     # e.g. a !!python/object tag: the caller refuses the front matter
    except Exception as exc:  # this function must be total, whatever PyYAML raises
        # The constructors above keep unusable scalars as text, so this is not expected; should a
        # YAML construct still fail, the line is kept as written rather than breaking the lesson.
        source = yaml_text[key_node.start_mark.index:value_node.end_mark.index]
        result.problems.append(warning(line, "front-matter-value", (
            f"Line {line} of the front matter cannot be read ({_reason(exc)}); it is kept as "
            "written and ignored. Write it as 'key: value'.")))
        result.meta[source.split(":", 1)[0].strip()] = source
        return
    name = str(key)
    kept, problem = _as_field(name, value, lambda: yaml_text[value_node.start_mark.index:
                                                             value_node.end_mark.index], line)
    result.meta[name] = kept
    if problem is not None:
        result.problems.append(problem)


def _reason(exc: BaseException) -> str:
    return str(getattr(exc, "problem", None) or exc).splitlines()[0][:120]


def _as_field(name: str, value: Any, source: Callable[[], str], line: int) -> tuple[Any, Diagnostic | None]:
    """``value`` if it suits field ``name``; otherwise the text as written (``source()``) and a warning."""
    kind = FIELDS.get(name)
    if kind is None or value is None or value == "":
        return value, None
    if kind is FieldKind.TEXT and isinstance(value, list | dict):
        written = source().strip()
        return written, warning(line, "front-matter-type", (
            f"'{name}' should be a single value, not a list or mapping. It is read as the text "
            f"'{_short(written)}'; write one value."))
    if kind is FieldKind.TEXT_LIST and isinstance(value, list | dict) and not _flat_list(value):
        written = source().strip()
        return written, warning(line, "front-matter-type", (
            f"'{name}' should be a list of words, e.g. [Excel, Data]. It is read as the text "
            f"'{_short(written)}'."))
    if kind is FieldKind.DATE and not isinstance(value, dt.date):
        if isinstance(value, str) and _DATE_LIKE.match(value):
            return value, warning(line, "review-date", (
                f"'{name}: {_short(value)}' is not a real date; check the month and day (YYYY-MM-DD)."))
        kept = value if isinstance(value, str) else source().strip()
        return kept, warning(line, "review-date", f"'{name}' should be a date written YYYY-MM-DD.")
    if kind is FieldKind.NUMBER and (isinstance(value, bool) or not isinstance(value, int | float)
                                     or abs(value) > MAX_NUMBER):
        kept = value if isinstance(value, str) else source().strip()
        return kept, warning(line, "minutes", (
            f"'{name}' should be a number of minutes such as 5; '{_short(kept)}' is not one. "
            "It is ignored: remove it to let Tessera compute the time."))
    return value, None


def _flat_list(value: Any) -> bool:
    return isinstance(value, list) and not any(isinstance(item, list | dict) for item in value)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
