"""`tessera check LESSON --for FORMAT --run`: the headless test bench from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import main
from publishing.testbench import engine

LESSON = Path(__file__).resolve().parents[3] / "resources" / "demo" / "lessons" / "spotting-phishing"


def test_run_plays_the_package_and_reports_no_violation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(LESSON), "--for", "scorm12", "--run", "--json"]) == 0
    out = capsys.readouterr().out
    report = json.loads(out[out.index("{\n  \"format\""):])    # after check's own JSON
    assert report["format"] == "scorm12" and report["passed"] is True and report["violations"] == []
    calls = [r for r in report["records"] if r["type"] == "ApiCall"]
    assert calls[0]["name"] == "LMSInitialize" and calls[-1]["name"] == "LMSFinish"
    assert {"type": "Observation", "launch": 1, "action": "reloaded", "detail": ""} in report["records"]


def test_run_needs_a_format_the_bench_plays(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(LESSON), "--run"]) == 2
    assert "--run needs --for" in capsys.readouterr().err
    assert main(["check", str(LESSON), "--for", "html", "--run"]) == 2
    assert "plays scorm12, scorm2004, cmi5" in capsys.readouterr().err


def test_run_without_chromium_says_what_to_install(capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(engine, "CHROMIUM_PATHS", (tmp_path / "no-chromium",))
    assert main(["check", str(LESSON), "--for", "cmi5", "--run"]) == 2
    err = capsys.readouterr().err
    assert "Chromium was not found" in err and "apt-get install chromium" in err
