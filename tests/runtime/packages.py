"""Packages for the runtime tests: built by ``publishing.packages`` from a demo lesson, unzipped,
and read the way an LMS imports them (imsmanifest.xml and cmi5.xml with the test bench's
readers, ``publishing.testbench.launch``; tincan.xml here)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

from editor.paths import DEMO_WORKSPACE
from publishing.packages import build_package
from publishing.testbench.launch import AssignableUnit, ScormLaunch, cmi5_first_au, scorm_launch

__all__ = ["DEMO_LESSON", "AssignableUnit", "ScormLaunch", "TinCanActivity", "build_unzipped",
           "cmi5_first_au", "scorm_launch", "tincan_activity"]

DEMO_LESSON = DEMO_WORKSPACE / "lessons" / "spotting-phishing"


def build_unzipped(fmt: str, lesson_dir: Path, workdir: Path) -> Path:
    """Builds a ``fmt`` package of one lesson and returns the folder it unzips to."""
    result = build_package([lesson_dir], fmt, workdir / f"{fmt}.zip")
    assert result.warnings == [], f"the demo lesson should build without warnings: {result.warnings}"
    folder = workdir / f"{fmt}-unzipped"
    with zipfile.ZipFile(result.path) as package:
        package.extractall(folder)
    return folder


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


@dataclass(frozen=True)
class TinCanActivity:
    """The launchable activity of a Tin Can package (tincan.xml)."""

    id: str
    launch: str


def tincan_activity(folder: Path) -> TinCanActivity:
    root = ET.parse(folder / "tincan.xml").getroot()
    for activity in root.iter():
        launch = _children(activity, "launch")
        if _local(activity.tag) == "activity" and launch and launch[0].text:
            return TinCanActivity(activity.get("id") or "", launch[0].text.strip())
    raise AssertionError("tincan.xml names no activity with a launch page")
