"""What an LMS reads from a built package to launch it: the first SCO of imsmanifest.xml with its
pass mark, or the first AU of cmi5.xml. Used by the test bench and the runtime tests."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


@dataclass(frozen=True)
class ScormLaunch:
    """What an LMS takes from a SCORM manifest to launch its first SCO."""

    href: str            # the start page, relative to the package root, with the item's parameters
    passing_score: str   # "" or the value the LMS puts in the pass-mark element (1.2: 0–100, 2004: 0–1)


def scorm_launch(folder: Path) -> ScormLaunch:
    """The first item of the default organization, its resource, and its pass mark."""
    root = ET.parse(folder / "imsmanifest.xml").getroot()
    organizations = _children(root, "organizations")[0]
    default = organizations.get("default")
    organization = next(e for e in _children(organizations, "organization")
                        if default is None or e.get("identifier") == default)
    item = next(e for e in organization.iter() if _local(e.tag) == "item" and e.get("identifierref"))
    resource = next(e for e in root.iter() if _local(e.tag) == "resource"
                    and e.get("identifier") == item.get("identifierref"))
    href = resource.get("href") or ""
    if not href:
        raise ValueError("the manifest's launch resource has no href")
    return ScormLaunch(href + (item.get("parameters") or ""), _passing_score(item))


def _passing_score(item: ET.Element) -> str:
    # SCORM 1.2: <adlcp:masteryscore>; SCORM 2004: the primary objective's minNormalizedMeasure
    # when it is satisfied by measure (the LMS copies it into cmi.scaled_passing_score).
    for element in item.iter():
        name = _local(element.tag)
        if name == "masteryscore" and element.text:
            return element.text.strip()
        if name == "primaryObjective" and element.get("satisfiedByMeasure") == "true":
            measure = next((e for e in element if _local(e.tag) == "minNormalizedMeasure"), None)
            return (measure.text or "").strip() if measure is not None else "1.0"
    return ""


@dataclass(frozen=True)
class AssignableUnit:
    """The first AU of a cmi5 course structure (cmi5.xml), as an LMS imports it."""

    publisher_id: str
    url: str
    move_on: str


def cmi5_first_au(folder: Path) -> AssignableUnit:
    root = ET.parse(folder / "cmi5.xml").getroot()
    au = next(e for e in root.iter() if _local(e.tag) == "au")
    url = (_children(au, "url")[0].text or "").strip()
    return AssignableUnit(au.get("id") or "", url, au.get("moveOn") or "NotApplicable")
