"""SCORM 1.2: imsmanifest.xml (IMS CP 1.1.2 + ADL CP 1.2 + IMS Meta-data 1.2.1) and one SCO per lesson.

Each lesson is a SCO whose page runs the ``scorm12`` adapter; its pass mark is also written as
``adlcp:masteryscore`` (0–100) when it has questions, so the LMS and the lesson agree. Curated
links are assets: a page with the resource's title, summary and an "Open" button; SCORM 1.2
LMSs do not count assets towards completion.
"""

from __future__ import annotations

from publishing.packages.course import Course
from publishing.packages.ims_manifest import (
    ManifestProfile,
    add_item,
    build_scorm,
    manifest_root,
    scorm_organization,
    scorm_resources,
)
from publishing.packages.manifest_common import XSI, element, xml_bytes
from publishing.packages.metadata import IMSMD, SCORM12_LOM
from publishing.packages.registry import PackageFormat
from publishing.packages.zipwriter import PackageContents
from publishing.preflight import FormatRules

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
PACKAGING = ManifestProfile(
    namespace=IMSCP,
    prefixes={None: IMSCP, "adlcp": ADLCP, "imsmd": IMSMD, "xsi": XSI},
    schema_location=f"{IMSCP} imscp_rootv1p1p2.xsd {ADLCP} adlcp_rootv1p2.xsd {IMSMD} imsmd_rootv1p2p1.xsd",
    schema="ADL SCORM", schema_version="1.2", version="1.0",
    lom=SCORM12_LOM,
    title_limit=200,          # imscp titleType
)


def manifest(course: Course) -> bytes:
    root = manifest_root(course, PACKAGING)
    organization = scorm_organization(root, PACKAGING, course)
    for index, unit in enumerate(course.units):
        item = add_item(organization, PACKAGING, index, unit)
        item.set("isvisible", "true")
        if unit.kind == "lesson" and unit.quiz_count:
            element(item, f"{{{ADLCP}}}masteryscore", f"{unit.mastery * 100:g}")
    scorm_resources(root, PACKAGING, course, f"{{{ADLCP}}}scormtype")
    return xml_bytes(root)


def build(course: Course) -> PackageContents:
    return build_scorm(course, "scorm12", manifest)


FORMAT = PackageFormat("scorm12", "SCORM 1.2", build,
                       FormatRules(records_results=True, answers_per_question=36))
