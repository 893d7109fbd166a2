"""SCORM 2004 4th edition: imsmanifest.xml (IMS CP 1.1.4, ADL CP/SEQ/NAV 1.3, IMS SS, IEEE LOM).

Each lesson is a SCO running the ``scorm2004`` adapter. A lesson with questions gets a primary
objective satisfied by measure, with its pass mark as ``minNormalizedMeasure`` (the LMS hands it
to the lesson as cmi.scaled_passing_score); a lesson without questions has none, so success is
what the lesson reports. Curated links are assets (a page with an "Open" button) excluded from
the course's completion and success rollup, so an unopened link never blocks a course.
The organization allows both choosing from the table of contents and Continue/Previous.
"""

from __future__ import annotations

from lxml import etree

from publishing.packages.course import Course, Unit
from publishing.packages.ims_manifest import (
    ManifestProfile,
    add_item,
    build_scorm,
    manifest_root,
    scorm_organization,
    scorm_resources,
)
from publishing.packages.manifest_common import XSI, element, xml_bytes
from publishing.packages.metadata import LOM, SCORM2004_LOM
from publishing.packages.registry import PackageFormat
from publishing.packages.zipwriter import PackageContents
from publishing.preflight import FormatRules

IMSCP = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP = "http://www.adlnet.org/xsd/adlcp_v1p3"
ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3"
ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"
IMSSS = "http://www.imsglobal.org/xsd/imsss"
PACKAGING = ManifestProfile(
    namespace=IMSCP,
    prefixes={None: IMSCP, "adlcp": ADLCP, "adlseq": ADLSEQ, "adlnav": ADLNAV, "imsss": IMSSS, "lom": LOM,
              "xsi": XSI},
    schema_location=(f"{IMSCP} imscp_v1p1.xsd {ADLCP} adlcp_v1p3.xsd {ADLSEQ} adlseq_v1p3.xsd "
                     f"{ADLNAV} adlnav_v1p3.xsd {IMSSS} imsss_v1p0.xsd {LOM} lom.xsd"),
    schema="ADL SCORM", schema_version="2004 4th Edition", version="1",
    lom=SCORM2004_LOM,
    title_limit=200,
)


def _sequencing(item: etree._Element, index: int, unit: Unit) -> None:
    if unit.kind == "link":
        sequencing = element(item, f"{{{IMSSS}}}sequencing")
        element(sequencing, f"{{{IMSSS}}}rollupRules", attrs={
            "rollupObjectiveSatisfied": "false", "rollupProgressCompletion": "false",
            "objectiveMeasureWeight": "0"})
    elif unit.quiz_count:
        sequencing = element(item, f"{{{IMSSS}}}sequencing")
        objectives = element(sequencing, f"{{{IMSSS}}}objectives")
        primary = element(objectives, f"{{{IMSSS}}}primaryObjective", attrs={
            "objectiveID": f"PASS-{index + 1}-{unit.slug}", "satisfiedByMeasure": "true"})
        element(primary, f"{{{IMSSS}}}minNormalizedMeasure", f"{unit.mastery:g}")


def manifest(course: Course) -> bytes:
    root = manifest_root(course, PACKAGING)
    organization = scorm_organization(root, PACKAGING, course)
    for index, unit in enumerate(course.units):
        _sequencing(add_item(organization, PACKAGING, index, unit), index, unit)
    control = element(organization, f"{{{IMSSS}}}sequencing")
    element(control, f"{{{IMSSS}}}controlMode", attrs={"choice": "true", "flow": "true"})
    scorm_resources(root, PACKAGING, course, f"{{{ADLCP}}}scormType")
    return xml_bytes(root)


def build(course: Course) -> PackageContents:
    return build_scorm(course, "scorm2004", manifest)


FORMAT = PackageFormat("scorm2004", "SCORM 2004 4th edition", build,
                       FormatRules(records_results=True))
