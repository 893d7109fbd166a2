"""cmi5: cmi5.xml (course structure) and one assignable unit (AU) per lesson or curated link.

Every AU page runs the ``cmi5`` adapter. moveOn says what the LMS waits for: a lesson with
questions is "CompletedAndPassed" with its ``masteryScore``, a lesson without questions is
"Completed", and a curated link is "NotApplicable" (opening it is welcome, never required).
"""

from __future__ import annotations

from lxml import etree

from publishing.packages.course import Course, Unit
from publishing.packages.manifest_common import element, href, language_tag, xml_bytes, xml_text
from publishing.packages.metadata import DESCRIPTION_LIMIT, TITLE_LIMIT
from publishing.packages.pages import add_unit
from publishing.packages.registry import PackageFormat
from publishing.packages.zipwriter import PackageContents
from publishing.preflight import FormatRules

CMI5 = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
STRUCTURE_FILE = "cmi5.xml"


def _texts(parent: etree._Element, title: str, description: str, language: str) -> None:
    for tag, text, limit in (("title", title, TITLE_LIMIT), ("description", description, DESCRIPTION_LIMIT)):
        holder = element(parent, f"{{{CMI5}}}{tag}")
        element(holder, f"{{{CMI5}}}langstring", xml_text(text, limit), {"lang": language_tag(language)})


def _move_on(unit: Unit) -> dict[str, str]:
    if unit.kind == "link":
        return {"moveOn": "NotApplicable"}
    if unit.quiz_count:
        return {"moveOn": "CompletedAndPassed", "masteryScore": f"{unit.mastery:g}"}
    return {"moveOn": "Completed"}


def course_structure(course: Course) -> bytes:
    root = etree.Element(f"{{{CMI5}}}courseStructure", nsmap={None: CMI5})
    head = element(root, f"{{{CMI5}}}course", attrs={"id": course.structure_iri})
    _texts(head, course.title, course.description, course.language)
    for unit in course.units:
        attributes = {"id": unit.iri, **_move_on(unit), "launchMethod": "AnyWindow"}
        au = element(root, f"{{{CMI5}}}au", attrs=attributes)
        _texts(au, unit.title, unit.summary or unit.title, unit.language)
        element(au, f"{{{CMI5}}}url", href(unit.page))
    return xml_bytes(root)


def build(course: Course) -> PackageContents:
    contents = PackageContents()
    for unit in course.units:
        add_unit(contents, course, unit, "cmi5")
    contents.add_bytes(STRUCTURE_FILE, course_structure(course))
    return contents


FORMAT = PackageFormat("cmi5", "cmi5", build, FormatRules(records_results=True))
