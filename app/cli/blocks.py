"""``tessera blocks``: a lesson as typed blocks, and form-style edits on them, for scripts and tests.

    tessera blocks LESSON_DIR --json                 list blocks: index, kind, fields, lines
    tessera blocks LESSON_DIR --apply EDITS.json     apply a list of edits (all or nothing)

Edits are JSON objects, blocks counted from 0 as ``--json`` lists them::

    {"op": "insert", "at": 3, "kind": "quiz", "fields": {"mode": "single", "question": "…",
     "answers": [{"text": "…", "correct": true, "feedback": "…"}]}}
    {"op": "set", "block": 2, "field": "alt", "value": "…"}
    {"op": "move", "block": 4, "to": 1}     {"op": "duplicate", "block": 4}     {"op": "delete", "block": 5}

Exit codes: 0 ok, 1 an edit cannot be made (nothing is written) or the file changed on disk meanwhile,
2 usage (no such lesson folder).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from app.cli.common import OK, PROBLEMS, USAGE, AddCommand, fail
from editor.block_edits import (
    DeleteBlock,
    DuplicateBlock,
    Edit,
    EditError,
    InsertBlock,
    MoveBlock,
    SetField,
    apply_edits,
)
from editor.block_fields import FIELDS, BlockKind, FieldType
from editor.block_model import LessonBlocks, read_blocks
from editor.lesson_file import ConflictError, LoadError, SourceFile
from editor.workspace import LESSON_FILE

_KEYS: dict[str, dict[str, type]] = {     # each op's keys and their JSON types
    "insert": {"at": int, "kind": str, "fields": dict},
    "set": {"block": int, "field": str, "value": object},
    "move": {"block": int, "to": int},
    "duplicate": {"block": int},
    "delete": {"block": int},
}
_OPTIONAL = {"fields"}


def register(subparsers: Any, add: AddCommand) -> None:
    """Add ``blocks`` to the main parser (``add`` is app.cli's command factory)."""
    del subparsers
    sub = add("blocks", _blocks, "List a lesson's blocks, or apply block edits from a JSON file.")
    sub.add_argument("lesson_dir", help="lesson folder (contains lesson.md)")
    sub.add_argument("--json", action="store_true", help="machine-readable output")
    sub.add_argument("--apply", metavar="EDITS.json", help="a JSON list of edits to apply, in order")


def _blocks(args: argparse.Namespace) -> int:
    source_path = Path(args.lesson_dir) / LESSON_FILE
    if not source_path.is_file():
        return fail("blocks", f"{args.lesson_dir} is not a lesson folder (no {LESSON_FILE}).", USAGE)
    try:
        source = SourceFile.load(source_path)
    except LoadError as exc:
        return fail("blocks", exc, PROBLEMS)
    if args.apply is None:
        _show(read_blocks(source.text), as_json=args.json)
        return OK
    try:
        edits = edits_from_json(_read_json(Path(args.apply)))
        result = apply_edits(source.text, edits)
        written = source.save(result.text)
    except (EditError, ConflictError) as exc:
        return fail("blocks", exc, PROBLEMS)
    if args.json:
        _show(result.blocks, as_json=True)
    else:
        print(f"{len(edits)} edit(s) applied to {source_path}" if written
              else f"{source_path} is unchanged: the edits change nothing.")
    return OK


def _show(blocks: LessonBlocks, *, as_json: bool) -> None:
    if as_json:
        print(json.dumps([block.as_dict() for block in blocks.blocks], indent=2, ensure_ascii=False))
        return
    for block in blocks.blocks:
        summary = " ".join(_first_text(block.fields[name] for name, spec in FIELDS[block.kind].items()
                                       if spec.type is not FieldType.CHOICE).split())
        print(f"{block.index:3}  {block.kind.value:10}  lines {block.line}-{block.end_line}  "
              f"{summary[:60]}{'…' if len(summary) > 60 else ''}")


def _first_text(values: Any) -> str:
    """The first non-empty text in ``values`` (nested lists and objects included), for a listing."""
    for value in values:
        nested = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
        text = _first_text(nested) if nested is not None else value if isinstance(value, str) else ""
        if text.strip():
            return text
    return ""


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise EditError(f"{path} cannot be read ({exc.strerror}).") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EditError(f"{path} is not a JSON file ({exc}).") from None


def edits_from_json(data: Any) -> list[Edit]:
    """The edits a JSON list describes; raises EditError naming the first malformed one."""
    if not isinstance(data, list):
        raise EditError('The edits file must hold a JSON list, e.g. [{"op": "delete", "block": 2}].')
    return [_edit(number, entry) for number, entry in enumerate(data, 1)]


def _edit(number: int, entry: Any) -> Edit:
    where = f"edit {number}"
    op = entry.get("op") if isinstance(entry, dict) else None
    if op not in _KEYS:
        raise EditError(f"{where}: 'op' must be one of {', '.join(_KEYS)}.")
    keys = _KEYS[op]
    extra = set(entry) - set(keys) - {"op"}
    if extra:
        raise EditError(f"{where} ({op}): unknown key(s) {', '.join(sorted(extra))}; "
                        f"'{op}' takes {', '.join(keys)}.")
    for key, key_type in keys.items():
        if key not in entry and key not in _OPTIONAL:
            raise EditError(f"{where} ({op}): '{key}' is missing.")
        value = entry.get(key, key_type())
        if key_type is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise EditError(f"{where} ({op}): '{key}' must be a block number (0 is the first block).")
        if key_type in (str, dict) and not isinstance(value, key_type):
            raise EditError(f"{where} ({op}): '{key}' must be {'text' if key_type is str else 'an object'}.")
    if op == "insert":
        if entry["kind"] not in [kind.value for kind in FIELDS if kind is not BlockKind.UNKNOWN]:
            raise EditError(f"{where} (insert): unknown kind '{entry['kind']}'; use one of "
                            f"{', '.join(k.value for k in FIELDS if k is not BlockKind.UNKNOWN)}.")
        return InsertBlock(entry["at"], BlockKind(entry["kind"]), entry.get("fields", {}))
    if op == "set":
        return SetField(entry["block"], entry["field"], entry["value"])
    if op == "move":
        return MoveBlock(entry["block"], entry["to"])
    return DuplicateBlock(entry["block"]) if op == "duplicate" else DeleteBlock(entry["block"])
