"""xAPI (Tin Can) package: tincan.xml plus the lesson pages, reporting with the ``xapi`` adapter.

The LMS launches the one activity that has a ``launch`` element, adding endpoint, auth, actor,
registration and activity_id to its URL. One lesson is that activity itself. A course gets a
course page as its launch activity, which lists the lessons and links and hands the launch
parameters on to each (resources/player/course.js); every lesson then reports under its own
activity IRI with the course as parent. tincan.xml has no official XSD; tests check its
structure.
"""

from __future__ import annotations

from lxml import etree

from publishing.packages.course import Course, Unit
from publishing.packages.manifest_common import element, href, language_tag, xml_bytes, xml_text
from publishing.packages.metadata import DESCRIPTION_LIMIT, TITLE_LIMIT
from publishing.packages.pages import add_unit, course_page
from publishing.packages.registry import PackageFormat
from publishing.packages.zipwriter import PackageContents
from publishing.preflight import FormatRules

TINCAN = "http://projecttincan.com/tincan.xsd"
ACTIVITY_TYPES = {"course": "http://adlnet.gov/expapi/activities/course",
                  "lesson": "http://adlnet.gov/expapi/activities/lesson",
                  "link": "http://adlnet.gov/expapi/activities/link"}


def _activity(parent: etree._Element, iri: str, kind: str, title: str, description: str, language: str,
              launch: str = "") -> None:
    tag = language_tag(language)
    activity = element(parent, f"{{{TINCAN}}}activity", attrs={"id": iri, "type": ACTIVITY_TYPES[kind]})
    element(activity, f"{{{TINCAN}}}name", xml_text(title, TITLE_LIMIT), {"lang": tag})
    element(activity, f"{{{TINCAN}}}description", xml_text(description, DESCRIPTION_LIMIT), {"lang": tag})
    if launch:
        element(activity, f"{{{TINCAN}}}launch", href(launch), {"lang": tag})


def _unit_activity(parent: etree._Element, unit: Unit, launch: str = "") -> None:
    _activity(parent, unit.iri, unit.kind, unit.title, unit.summary or unit.title, unit.language, launch)


def tincan_xml(course: Course) -> bytes:
    root = etree.Element(f"{{{TINCAN}}}tincan", nsmap={None: TINCAN})
    activities = element(root, f"{{{TINCAN}}}activities")
    if course.single:
        _unit_activity(activities, course.units[0], launch=course.units[0].page)
    else:
        _activity(activities, course.iri, "course", course.title, course.description, course.language,
                  launch="index.html")
        for unit in course.units:
            _unit_activity(activities, unit)
    return xml_bytes(root)


def build(course: Course) -> PackageContents:
    contents = PackageContents()
    for unit in course.units:
        add_unit(contents, course, unit, "xapi")
    if not course.single:
        contents.add_text("index.html", course_page(course, forward_launch=True))
    contents.add_bytes("tincan.xml", tincan_xml(course))
    return contents


FORMAT = PackageFormat("xapi", "xAPI (Tin Can)", build, FormatRules(records_results=True))
