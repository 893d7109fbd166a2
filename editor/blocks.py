"""Split a lesson body into Markdown runs and ``::: kind`` container blocks.

Container syntax (one level, no nesting)::

    ::: quiz single          <- kind, then positional words and key="value" pairs
    ? Which comes first?
    - [x] The situation
      : Right: anchor feedback in a moment.
    :::

Fenced code (``` or ~~~) is opaque: a ``:::`` inside it is text, not a block.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

from editor.diagnostics import Diagnostic, error, warning

KNOWN_KINDS = ("video", "audio", "callout", "takeaways", "quiz", "flashcards", "apply")

_OPEN = re.compile(r"^:::[ \t]*([A-Za-z][\w-]*)(.*)$")
_CLOSE = re.compile(r"^:::[ \t]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_FENCE_CLOSE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})[ \t]*$")   # a closing fence has no info string


@dataclass
class Block:
    kind: str                      # "markdown" for plain runs, else the container kind
    line: int                      # 1-based file line of the first line (the ::: line)
    end_line: int                  # 1-based file line of the last line (the closing :::)
    body: str                      # inner text, without the ::: lines
    body_line: int                 # file line of the body's first line
    positional: list[str] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def known(self) -> bool:
        return self.kind == "markdown" or self.kind in KNOWN_KINDS


def split(body: str, first_line: int = 1) -> tuple[list[Block], list[Diagnostic]]:
    """Cut ``body`` (whose first line is file line ``first_line``) into blocks.

    Never raises: an unclosed block runs to the end of the text and is reported.
    """
    blocks: list[Block] = []
    diagnostics: list[Diagnostic] = []
    lines = body.split("\n")
    run: list[str] = []
    run_start = first_line
    fence: str | None = None
    container: Block | None = None
    inner: list[str] = []

    def flush_run(next_line: int) -> None:
        nonlocal run, run_start
        if any(text.strip() for text in run):
            blocks.append(Block("markdown", run_start, next_line - 1, "\n".join(run), run_start))
        run = []
        run_start = next_line

    for index, raw in enumerate(lines):
        line_no = first_line + index
        text = raw.rstrip("\r")
        fence_match = _FENCE.match(text)
        if fence is not None:
            closing = _FENCE_CLOSE.match(text)
            if closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence):
                fence = None
        elif fence_match:
            fence = fence_match.group(1)
        elif container is None and (opening := _OPEN.match(text)):
            flush_run(line_no)
            container = Block(opening.group(1).lower(), line_no, line_no, "", line_no + 1)
            _parse_args(opening.group(2), container, diagnostics)
            inner = []
            continue
        elif container is not None and _OPEN.match(text):
            diagnostics.append(error(line_no, "block-nested",
                                     f"A block cannot start inside the '{container.kind}' block "
                                     f"opened on line {container.line}. Close that one first with "
                                     "a line containing only ':::'."))
        elif _CLOSE.match(text):
            if container is None:
                diagnostics.append(warning(line_no, "block-stray-close",
                                           "This ':::' closes no block; it is ignored. Delete it, "
                                           "or add '::: kind' where the block should start."))
                run.append("")  # keep line numbering of the run stable
                continue
            container.body = "\n".join(inner)
            container.end_line = line_no
            blocks.append(container)
            container = None
            run_start = line_no + 1
            continue
        if container is not None:
            inner.append(text)
        else:
            run.append(text)

    if container is not None:
        diagnostics.append(error(container.line, "block-unclosed",
                                 f"The '{container.kind}' block opened on line {container.line} is "
                                 "never closed. Add a line containing only ':::' where it ends."))
        container.body = "\n".join(inner)
        container.end_line = first_line + len(lines) - 1
        blocks.append(container)
    else:
        flush_run(first_line + len(lines))
    return blocks, diagnostics


def _parse_args(raw: str, block: Block, diagnostics: list[Diagnostic]) -> None:
    try:
        words = shlex.split(raw)
    except ValueError:
        diagnostics.append(error(block.line, "block-args",
                                 f"The options of the '{block.kind}' block have an unbalanced quote. "
                                 'Write them as key="value".'))
        return
    for word in words:
        key, sep, value = word.partition("=")
        if sep and key:
            block.attrs[key.lower()] = value
        else:
            block.positional.append(word)


def with_block_option(opening_line: str, name: str, value: str) -> str:
    """``opening_line`` (a '::: kind …' line) with ``name="value"`` set, added if absent."""
    quoted = value.replace('"', "%22")
    pattern = re.compile(rf'(\s){re.escape(name)}=("[^"]*"|\S*)')
    if pattern.search(opening_line):
        return pattern.sub(lambda m: f'{m.group(1)}{name}="{quoted}"', opening_line, count=1)
    return f'{opening_line.rstrip()} {name}="{quoted}"'
