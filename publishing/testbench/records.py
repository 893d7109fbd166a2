"""What the test bench saw, as data: SCORM API calls and commits, xAPI statements, the scripted
learner's observations, and the verdict (violations of the rules in ``rules.py``).

The same records feed the command line (``tessera check --for FORMAT --run``) and a GUI log;
each record says which launch of the package (1, 2…) and which page of that launch (1, then 2
after a reload…) it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


@dataclass(frozen=True)
class ApiCall:
    """One SCORM API call the package made, with the bench LMS's answer."""

    launch: int
    page: int                 # pages of a launch are counted by their Initialize call
    name: str                 # "LMSSetValue", "Commit"…
    args: tuple[str, ...]
    result: str               # what the API returned ("true", "false", a value)
    error: str                # the error code after the call ("0": none)
    dismissing: bool          # made while the lesson's page was being dismissed (after pagehide)

    def __str__(self) -> str:
        flag = "  [during page dismissal]" if self.dismissing else ""
        return f"{self.name}({', '.join(self.args)}) -> {self.result!r}, error {self.error}{flag}"


@dataclass(frozen=True)
class Commit:
    """The data the LMS stored on a Commit (``terminate``: the store made by Terminate itself)."""

    launch: int
    page: int
    values: dict[str, str]
    terminate: bool
    dismissing: bool

    def __str__(self) -> str:
        what = "Terminate stored" if self.terminate else "Commit stored"
        return f"{what} {len(self.values)} values" + ("  [during page dismissal]" if self.dismissing else "")


@dataclass(frozen=True)
class StatementRecord:
    """One xAPI statement the LRS received (cmi5)."""

    launch: int
    verb: str                 # the verb id's last part: "initialized", "answered"…
    timestamp: str
    session: str              # the cmi5 session id from the context, "" when absent
    statement: dict[str, Any] = field(repr=False)

    def __str__(self) -> str:
        result = self.statement.get("result") or {}
        details = {key: result[key] for key in ("success", "completion", "score") if key in result}
        return f"{self.timestamp} {self.verb}" + (f" {details}" if details else "")


@dataclass(frozen=True)
class Observation:
    """What the scripted learner did or saw in the page."""

    launch: int
    action: str               # "answered q1", "reloaded", "tracking after reload"…
    detail: str = ""

    def __str__(self) -> str:
        return f"learner: {self.action}" + (f": {self.detail}" if self.detail else "")


Record = ApiCall | Commit | StatementRecord | Observation


class Rule(Enum):
    """The rules a package must keep in an LMS (docs/packages.md, "Reloads, leaving and exiting")."""

    STARTS_FIRST = "starts-first"                       # Initialize / initialized before anything else
    CALLS_SUCCEED = "calls-succeed"                     # no refused call while the session is open
    ANSWER_COMMITTED = "answer-committed"               # an answer reaches the LMS before the learner leaves
    NO_COMMIT_ON_DISMISSAL = "no-commit-on-dismissal"   # nothing left for the page's dismissal
    HONEST_AFTER_RELOAD = "honest-after-reload"         # a page that cannot track says so, records nothing
    RESUMES = "resumes"                                 # a relaunch shows the learner's answers again
    EXIT_ENDS_SESSION = "exit-ends-session"             # the lesson's Exit ends the session (cmi5: returnURL)
    FINAL_RECORD = "final-record"                       # the end of the lesson is recorded
    SESSION_ORDER = "session-order"                     # cmi5: one initialized, nothing after terminated
    VERDICT_WHEN_REACHED = "verdict-when-reached"       # cmi5: passed/failed sent when reached
    UNIQUE_IDS = "unique-ids"                           # cmi5: course, blocks and AUs have their own ids


@dataclass(frozen=True)
class Violation:
    rule: Rule
    message: str

    def __str__(self) -> str:
        return f"[{self.rule.value}] {self.message}"


@dataclass
class BenchReport:
    """Everything one run of the bench produced; ``passed`` when no rule was broken."""

    format: str
    records: list[Record]
    violations: list[Violation]

    @property
    def passed(self) -> bool:
        return not self.violations
