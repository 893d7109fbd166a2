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
from publishing.packages.manifest_common import (
    XSI,
    element,
    href,
    item_identifier,
    manifest_identifier,
    resource_identifier,
    xml_bytes,
    xml_text,
)
from publishing.packages.metadata import LOM, Metadata, lom_scorm2004
from publishing.packages.pages import add_unit, unit_file_names
from publishing.packages.registry import PackageFormat
from publishing.packages.zipwriter import PackageContents
from publishing.preflight import FormatRules

IMSCP = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP = "http://www.adlnet.org/xsd/adlcp_v1p3"
ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3"
ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"
IMSSS = "http://www.imsglobal.org/xsd/imsss"
TITLE_LIMIT = 200
SCHEMA_LOCATION = (f"{IMSCP} imscp_v1p1.xsd {ADLCP} adlcp_v1p3.xsd {ADLSEQ} adlseq_v1p3.xsd "
                   f"{ADLNAV} adlnav_v1p3.xsd {IMSSS} imsss_v1p0.xsd {LOM} lom.xsd")


def tracking(unit: Unit) -> str:
    return "scorm2004" if unit.kind == "lesson" else "none"


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
    namespaces = {None: IMSCP, "adlcp": ADLCP, "adlseq": ADLSEQ, "adlnav": ADLNAV, "imsss": IMSSS,
                  "lom": LOM, "xsi": XSI}
    root = etree.Element(f"{{{IMSCP}}}manifest", nsmap=namespaces,
                         attrib={"identifier": manifest_identifier(course), "version": "1"})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    metadata = element(root, f"{{{IMSCP}}}metadata")
    element(metadata, f"{{{IMSCP}}}schema", "ADL SCORM")
    element(metadata, f"{{{IMSCP}}}schemaversion", "2004 4th Edition")
    lom_scorm2004(metadata, Metadata.of_course(course))

    organizations = element(root, f"{{{IMSCP}}}organizations", attrs={"default": "ORG-1"})
    organization = element(organizations, f"{{{IMSCP}}}organization", attrs={"identifier": "ORG-1"})
    element(organization, f"{{{IMSCP}}}title", xml_text(course.title, TITLE_LIMIT))
    for index, unit in enumerate(course.units):
        item = element(organization, f"{{{IMSCP}}}item", attrs={
            "identifier": item_identifier(index, unit), "identifierref": resource_identifier(index, unit)})
        element(item, f"{{{IMSCP}}}title", xml_text(unit.title, TITLE_LIMIT))
        _sequencing(item, index, unit)
    control = element(organization, f"{{{IMSSS}}}sequencing")
    element(control, f"{{{IMSSS}}}controlMode", attrs={"choice": "true", "flow": "true"})

    resources = element(root, f"{{{IMSCP}}}resources")
    for index, unit in enumerate(course.units):
        resource = element(resources, f"{{{IMSCP}}}resource", attrs={
            "identifier": resource_identifier(index, unit), "type": "webcontent",
            f"{{{ADLCP}}}scormType": "sco" if unit.kind == "lesson" else "asset", "href": href(unit.page)})
        if not course.single:      # each part's own title, summary, length and keywords
            lom_scorm2004(element(resource, f"{{{IMSCP}}}metadata"), Metadata.of_unit(unit))
        for name in unit_file_names(unit):
            element(resource, f"{{{IMSCP}}}file", attrs={"href": href(name)})
    return xml_bytes(root)


def build(course: Course) -> PackageContents:
    contents = PackageContents()
    for unit in course.units:
        add_unit(contents, course, unit, tracking(unit))
    contents.add_bytes("imsmanifest.xml", manifest(course))
    return contents


FORMAT = PackageFormat("scorm2004", "SCORM 2004 4th edition", build,
                       FormatRules(records_results=True))
