"""IMS Content Packaging manifests (imsmanifest.xml), the base of SCORM 1.2, SCORM 2004 and Common Cartridge.

The three build the same skeleton: a root naming its schema, the course's metadata, organization
items pointing at resources, and each resource listing its files. Only the spelling differs
(namespaces, version strings, title limits, the LOM binding), which ``ManifestProfile`` holds;
each format adds what is its own (SCORM sequencing and mastery, cartridge modules and web links).
The two SCORM versions also share their organization, resources and build, below.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from lxml import etree

from publishing.packages.course import Course, Unit
from publishing.packages.manifest_common import (
    XSI,
    element,
    href,
    item_identifier,
    manifest_identifier,
    resource_identifier,
    xml_text,
)
from publishing.packages.metadata import LomBinding, Metadata, add_lom
from publishing.packages.pages import add_unit, unit_file_names
from publishing.packages.zipwriter import PackageContents

MANIFEST_FILE = "imsmanifest.xml"
_ORGANIZATION = "ORG-1"


@dataclass(frozen=True)
class ManifestProfile:
    namespace: str                        # this version's IMS CP namespace
    prefixes: Mapping[str | None, str]    # every namespace prefix the document declares
    schema_location: str
    schema: str                           # metadata/schema
    schema_version: str                   # metadata/schemaversion
    lom: LomBinding
    title_limit: int                      # the schema's maximum title length
    version: str = ""                     # the manifest's version attribute, where the profile has one

    def tag(self, name: str) -> str:
        return f"{{{self.namespace}}}{name}"


def manifest_root(course: Course, profile: ManifestProfile) -> etree._Element:
    """The ``manifest`` element with its schema and the course's metadata."""
    attributes = {"identifier": manifest_identifier(course)}
    if profile.version:
        attributes["version"] = profile.version
    root = etree.Element(profile.tag("manifest"), nsmap=dict(profile.prefixes), attrib=attributes)
    root.set(f"{{{XSI}}}schemaLocation", profile.schema_location)
    metadata = element(root, profile.tag("metadata"))
    element(metadata, profile.tag("schema"), profile.schema)
    element(metadata, profile.tag("schemaversion"), profile.schema_version)
    add_lom(metadata, Metadata.of_course(course), profile.lom)
    return root


def add_item(parent: etree._Element, profile: ManifestProfile, index: int, unit: Unit) -> etree._Element:
    """An organization item for the unit, pointing at its resource."""
    item = element(parent, profile.tag("item"), attrs={
        "identifier": item_identifier(index, unit), "identifierref": resource_identifier(index, unit)})
    element(item, profile.tag("title"), xml_text(unit.title, profile.title_limit))
    return item


def add_files(resource: etree._Element, profile: ManifestProfile, unit: Unit) -> None:
    """The unit's page and every file it uses, as the resource's ``file`` entries."""
    for name in unit_file_names(unit):
        element(resource, profile.tag("file"), attrs={"href": href(name)})


# -- SCORM 1.2 and 2004: each lesson is a SCO running the version's adapter; each curated link an asset.

def _is_sco(unit: Unit) -> bool:
    return unit.kind == "lesson"


def scorm_organization(root: etree._Element, profile: ManifestProfile, course: Course) -> etree._Element:
    """The one (default) organization, titled after the course; its items are the caller's."""
    organizations = element(root, profile.tag("organizations"), attrs={"default": _ORGANIZATION})
    organization = element(organizations, profile.tag("organization"), attrs={"identifier": _ORGANIZATION})
    element(organization, profile.tag("title"), xml_text(course.title, profile.title_limit))
    return organization


def scorm_resources(root: etree._Element, profile: ManifestProfile, course: Course, scorm_type: str) -> None:
    """A resource per unit; ``scorm_type`` is the version's name for the sco/asset attribute."""
    resources = element(root, profile.tag("resources"))
    for index, unit in enumerate(course.units):
        resource = element(resources, profile.tag("resource"), attrs={
            "identifier": resource_identifier(index, unit), "type": "webcontent",
            scorm_type: "sco" if _is_sco(unit) else "asset", "href": href(unit.page)})
        if not course.single:      # each part's own title, summary, length and keywords
            add_lom(element(resource, profile.tag("metadata")), Metadata.of_unit(unit), profile.lom)
        add_files(resource, profile, unit)


def build_scorm(course: Course, adapter: str, manifest: Callable[[Course], bytes]) -> PackageContents:
    """The unit pages (lessons tracked by ``adapter``, links untracked) and the manifest."""
    contents = PackageContents()
    for unit in course.units:
        add_unit(contents, course, unit, adapter if _is_sco(unit) else "none")
    contents.add_bytes(MANIFEST_FILE, manifest(course))
    return contents
