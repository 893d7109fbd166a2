"""IMS Common Cartridge 1.3 (.imscc), the course import format of Canvas, Moodle, Brightspace, Sakai.

The organization is one module named after the course, holding its parts in order. Lessons are
web content (the player page and its media, opened as a file); curated links are CC web links
(``imswl_xmlv1p3``) that the LMS shows as external links opening in a new window. A cartridge
has no run-time API: questions work for the learner but nothing is recorded. There is no
official XSD for the 1.3 profile in our schema set; tests check the structure.
"""

from __future__ import annotations

from lxml import etree

from publishing.packages.course import Course, Unit
from publishing.packages.ims_manifest import (
    MANIFEST_FILE,
    ManifestProfile,
    add_files,
    add_item,
    manifest_root,
)
from publishing.packages.manifest_common import XSI, element, href, resource_identifier, xml_bytes, xml_text
from publishing.packages.metadata import IMSCC_LOM, LOM_IMSCC, TITLE_LIMIT
from publishing.packages.pages import add_unit
from publishing.packages.registry import PackageFormat
from publishing.packages.zipwriter import PackageContents
from publishing.preflight import FormatRules

IMSCC = "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"
WEBLINK = "http://www.imsglobal.org/xsd/imsccv1p3/imswl_v1p3"
PROFILE = "http://www.imsglobal.org/profile/cc/ccv1p3/"
PACKAGING = ManifestProfile(
    namespace=IMSCC,
    prefixes={None: IMSCC, "lomimscc": LOM_IMSCC, "xsi": XSI},
    schema_location=(f"{IMSCC} {PROFILE}ccv1p3_imscp_v1p2_v1p0.xsd "
                     f"{LOM_IMSCC} {PROFILE}LOM/ccv1p3_lommanifest_v1p0.xsd"),
    schema="IMS Common Cartridge", schema_version="1.3.0",
    lom=IMSCC_LOM,
    title_limit=TITLE_LIMIT,
)
WEBLINK_TYPE = "imswl_xmlv1p3"


def weblink_name(unit: Unit) -> str:
    return unit.prefix + "weblink.xml"


def weblink(unit: Unit) -> bytes:
    root = etree.Element(f"{{{WEBLINK}}}webLink", nsmap={None: WEBLINK, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{WEBLINK} {PROFILE}ccv1p3_imswl_v1p3.xsd")
    element(root, f"{{{WEBLINK}}}title", xml_text(unit.title, TITLE_LIMIT))
    element(root, f"{{{WEBLINK}}}url", attrs={"href": xml_text(unit.url), "target": "_blank"})
    return xml_bytes(root)


def manifest(course: Course) -> bytes:
    root = manifest_root(course, PACKAGING)
    organizations = element(root, f"{{{IMSCC}}}organizations")
    organization = element(organizations, f"{{{IMSCC}}}organization",
                           attrs={"identifier": "ORG-1", "structure": "rooted-hierarchy"})
    # The LMS turns the root's children into modules: one module, the course, holding every part.
    module = element(element(organization, f"{{{IMSCC}}}item", attrs={"identifier": "ROOT"}),
                     f"{{{IMSCC}}}item", attrs={"identifier": "MODULE-1"})
    element(module, f"{{{IMSCC}}}title", xml_text(course.title, TITLE_LIMIT))
    for index, unit in enumerate(course.units):
        add_item(module, PACKAGING, index, unit)

    resources = element(root, f"{{{IMSCC}}}resources")
    for index, unit in enumerate(course.units):
        identifier = resource_identifier(index, unit)
        if unit.kind == "link":
            resource = element(resources, f"{{{IMSCC}}}resource", attrs={"identifier": identifier,
                                                                           "type": WEBLINK_TYPE})
            element(resource, f"{{{IMSCC}}}file", attrs={"href": href(weblink_name(unit))})
            continue
        resource = element(resources, f"{{{IMSCC}}}resource", attrs={
            "identifier": identifier, "type": "webcontent", "href": href(unit.page)})
        add_files(resource, PACKAGING, unit)
    return xml_bytes(root)


def build(course: Course) -> PackageContents:
    contents = PackageContents()
    for unit in course.units:
        if unit.kind == "link":
            contents.add_bytes(weblink_name(unit), weblink(unit))
        else:
            add_unit(contents, course, unit, "none")
    contents.add_bytes(MANIFEST_FILE, manifest(course))
    return contents


FORMAT = PackageFormat("imscc", "IMS Common Cartridge 1.3", build, FormatRules(records_results=False),
                       suffix=".imscc")
