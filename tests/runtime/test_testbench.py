"""The LMS test bench end to end: the demo lesson keeps every rule in each format it plays, and
a package that commits while its page is dismissed (the old SCORM behaviour) is caught."""

from __future__ import annotations

import pytest

from publishing import player
from publishing.testbench import ApiCall, Observation, Rule, StatementRecord
from publishing.testbench.engine import run_test_bench
from tests.runtime.packages import DEMO_LESSON

# The adapters before the fix: the last commit was made on pagehide.
COMMITS_ON_LEAVING = ("        if (leaving) writeSessionEnd();\n        else commit();",
                      "        commit();")


@pytest.mark.parametrize("fmt", ["scorm12", "scorm2004", "cmi5"])
def test_the_demo_lesson_keeps_every_rule(fmt: str) -> None:
    live = []
    report = run_test_bench([DEMO_LESSON], fmt, on_record=live.append)
    assert report.passed, [str(v) for v in report.violations]
    assert live == report.records, "every record reaches the live log as it arrives"
    actions = [r.action for r in report.records if isinstance(r, Observation)]
    for step in ("answered", "reloaded", "tracking after reload", "first answer shown", "exit"):
        assert step in actions
    if fmt == "cmi5":
        verbs = [r.verb for r in report.records if isinstance(r, StatementRecord)]
        assert verbs.count("initialized") == 2 and verbs.count("terminated") == 2
    else:
        assert any(isinstance(r, ApiCall) and r.dismissing for r in report.records), \
            "the bench must see the page's dismissal"


def test_a_commit_on_leaving_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    real = player.adapter_script

    def old_adapters(tracking: str) -> str:
        script = real(tracking)
        assert COMMITS_ON_LEAVING[0] in script
        return script.replace(*COMMITS_ON_LEAVING)

    monkeypatch.setattr(player, "adapter_script", old_adapters)
    report = run_test_bench([DEMO_LESSON], "scorm2004")
    found = [str(v) for v in report.violations]
    assert Rule.NO_COMMIT_ON_DISMISSAL in {v.rule for v in report.violations}, found
