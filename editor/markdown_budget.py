"""A time budget for Markdown parsing, so hostile text cannot hold up a check, preview or export.

markdown-it needs quadratic time on some inputs (thousands of unmatched ``[`` in one
paragraph). Every parse made through :class:`BudgetedMarkdown` stops when its budget is
spent and reads the same text again as verbatim text, which is linear; the budget notes the
overrun so the caller reports it as an error (errors block export, so such a page never reaches
learners).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from editor.diagnostics import Diagnostic, error

PER_PARSE_SECONDS = 2.0     # a parse made outside any budget (search, thumbnails) gets this much


@dataclass
class Budget:
    deadline: float
    overran: bool = False


class _OutOfTime(Exception):
    """Raised from inside markdown-it's rule loops; never leaves this module."""


_local = threading.local()


def _active() -> Budget | None:
    return getattr(_local, "budget", None)


@contextmanager
def markdown_budget(seconds: float) -> Iterator[Budget]:
    """Every parse on this thread inside the block shares ``seconds`` (nested budgets: the earlier
    deadline wins, and an overrun counts for the outer budget too)."""
    outer = _active()
    deadline = time.monotonic() + seconds
    budget = Budget(min(deadline, outer.deadline) if outer is not None else deadline)
    _local.budget = budget
    try:
        yield budget
    finally:
        _local.budget = outer
        if outer is not None and budget.overran:
            outer.overran = True


def too_slow(line: int) -> Diagnostic:
    """The error every budgeted caller reports, once per lesson."""
    return error(line, "markdown-too-slow", (
        "From this line on the text takes too long to format (for example thousands of '[' or links "
        "in one paragraph), so it is shown as plain text. Break it into shorter paragraphs or remove "
        "the repeated characters."))


def _check_inline(_state: StateInline, _silent: bool) -> bool:
    _check()
    return False


def _check_block(_state: StateBlock, _start: int, _end: int, _silent: bool) -> bool:
    _check()
    return False


def _check() -> None:
    deadline = getattr(_local, "deadline", None)
    if deadline is not None and time.monotonic() > deadline:
        raise _OutOfTime


class BudgetedMarkdown(MarkdownIt):
    """MarkdownIt whose parses respect the thread's :func:`markdown_budget` (or a per-parse one)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # First in each chain: called for every inline position and every block start.
        self.inline.ruler.before("text", "ts_budget", _check_inline)
        self.block.ruler.before("table", "ts_budget", _check_block)

    def parse(self, src: str, env: MutableMapping[str, Any] | None = None) -> list[Token]:
        tokens = self._within_budget(super().parse, src, env)
        # Out of time: the text becomes one indented code block, which markdown-it reads in linear time
        # and shows verbatim (line numbers are kept, so problems still point at the right line).
        return tokens if tokens is not None else super().parse(_as_code(src), env)

    def parseInline(self, src: str, env: MutableMapping[str, Any] | None = None) -> list[Token]:
        tokens = self._within_budget(super().parseInline, src, env)
        return tokens if tokens is not None else [_plain_inline(src)]

    @staticmethod
    def _within_budget(parse: Any, src: str, env: MutableMapping[str, Any] | None) -> list[Token] | None:
        active = _active()
        with nullcontext(active) if active is not None else markdown_budget(PER_PARSE_SECONDS) as budget:
            _local.deadline = budget.deadline
            try:
                return list(parse(src, env))
            except _OutOfTime:
                budget.overran = True
                return None
            finally:
                _local.deadline = None


def _as_code(text: str) -> str:
    return "\n".join("    " + line for line in text.split("\n"))


def _plain_inline(text: str) -> Token:
    inline = Token("inline", "", 0, content=text)
    inline.children = [Token("text", "", 0, content=text)]
    return inline
