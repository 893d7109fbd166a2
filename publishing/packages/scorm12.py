"""SCORM 1.2: imsmanifest.xml (IMS CP 1.1.2 + ADL CP 1.2 + IMS Meta-data 1.2.1) and one SCO per lesson.

Each lesson is a SCO whose page runs the ``scorm12`` adapter; its pass mark is also written as
``adlcp:masteryscore`` (0–100) when it has questions, so the LMS and the lesson agree. Curated
links are assets: a page with the resource's title, summary and an "Open" button; SCORM 1.2
LMSs do not count assets towards completion.
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
from publishing.packages.metadata import IMSMD, Metadata, lom_scorm12
from publishing.packages.pages import add_unit, unit_file_names
from publishing.packages.registry import PackageFormat
from publishing.packages.zipwriter import PackageContents
from publishing.preflight import FormatRules

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
TITLE_LIMIT = 200          # imscp titleType
SCHEMA_LOCATION = (f"{IMSCP} imscp_rootv1p1p2.xsd {ADLCP} adlcp_rootv1p2.xsd "
                   f"{IMSMD} imsmd_rootv1p2p1.xsd")


def tracking(unit: Unit) -> str:
    return "scorm12" if unit.kind == "lesson" else "none"


def manifest(course: Course) -> bytes:
    namespaces = {None: IMSCP, "adlcp": ADLCP, "imsmd": IMSMD, "xsi": XSI}
    root = etree.Element(f"{{{IMSCP}}}manifest", nsmap=namespaces,
                         attrib={"identifier": manifest_identifier(course), "version": "1.0"})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    metadata = element(root, f"{{{IMSCP}}}metadata")
    element(metadata, f"{{{IMSCP}}}schema", "ADL SCORM")
    element(metadata, f"{{{IMSCP}}}schemaversion", "1.2")
    lom_scorm12(metadata, Metadata.of_course(course))

    organizations = element(root, f"{{{IMSCP}}}organizations", attrs={"default": "ORG-1"})
    organization = element(organizations, f"{{{IMSCP}}}organization", attrs={"identifier": "ORG-1"})
    element(organization, f"{{{IMSCP}}}title", xml_text(course.title, TITLE_LIMIT))
    for index, unit in enumerate(course.units):
        item = element(organization, f"{{{IMSCP}}}item", attrs={
            "identifier": item_identifier(index, unit), "identifierref": resource_identifier(index, unit),
            "isvisible": "true"})
        element(item, f"{{{IMSCP}}}title", xml_text(unit.title, TITLE_LIMIT))
        if unit.kind == "lesson" and unit.quiz_count:
            element(item, f"{{{ADLCP}}}masteryscore", f"{unit.mastery * 100:g}")

    resources = element(root, f"{{{IMSCP}}}resources")
    for index, unit in enumerate(course.units):
        resource = element(resources, f"{{{IMSCP}}}resource", attrs={
            "identifier": resource_identifier(index, unit), "type": "webcontent",
            f"{{{ADLCP}}}scormtype": "sco" if unit.kind == "lesson" else "asset", "href": href(unit.page)})
        if not course.single:      # each part's own title, summary, length and keywords
            lom_scorm12(element(resource, f"{{{IMSCP}}}metadata"), Metadata.of_unit(unit))
        for name in unit_file_names(unit):
            element(resource, f"{{{IMSCP}}}file", attrs={"href": href(name)})
    return xml_bytes(root)


def build(course: Course) -> PackageContents:
    contents = PackageContents()
    for unit in course.units:
        add_unit(contents, course, unit, tracking(unit))
    contents.add_bytes("imsmanifest.xml", manifest(course))
    return contents


FORMAT = PackageFormat("scorm12", "SCORM 1.2", build,
                       FormatRules(records_results=True, answers_per_question=36))
