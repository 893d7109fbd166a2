"""Course and lesson metadata (title, description, language, duration, keywords) as each standard's LOM.

SCORM 1.2 uses IMS Meta-data 1.2.1, SCORM 2004 IEEE LOM (strict vocabulary), Common Cartridge
1.3 its own LOM profile; the values are the same everywhere and come from the front matter.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from publishing.packages.course import Course, Unit
from publishing.packages.manifest_common import XML_NS, element, language_tag, xml_text

IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
LOM = "http://ltsc.ieee.org/xsd/LOM"
LOM_IMSCC = "http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest"

# The smallest maximum lengths LOM lets a system impose; longer text is cut.
DESCRIPTION_LIMIT = 2000
KEYWORD_LIMIT = 1000
TITLE_LIMIT = 1000


@dataclass(frozen=True)
class Metadata:
    title: str
    description: str
    language: str                 # a valid tag, "und" when unknown
    keywords: tuple[str, ...]
    minutes: int

    @classmethod
    def of_course(cls, course: Course) -> Metadata:
        return cls(xml_text(course.title, TITLE_LIMIT), xml_text(course.description, DESCRIPTION_LIMIT),
                   language_tag(course.language), _keywords(course.keywords), course.minutes)

    @classmethod
    def of_unit(cls, unit: Unit) -> Metadata:
        return cls(xml_text(unit.title, TITLE_LIMIT), xml_text(unit.summary or unit.title, DESCRIPTION_LIMIT),
                   language_tag(unit.language), _keywords(unit.keywords), unit.minutes)


def _keywords(words: list[str]) -> tuple[str, ...]:
    cleaned = (xml_text(word, KEYWORD_LIMIT) for word in words)
    return tuple(word for word in cleaned if word)


def iso_duration(minutes: int) -> str:
    """Whole minutes as an ISO 8601 duration: PT6M, PT1H5M."""
    hours, rest = divmod(max(0, minutes), 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def lom_scorm12(parent: etree._Element, meta: Metadata) -> None:
    """IMS Meta-data 1.2.1 (``imsmd:lom``), the binding SCORM 1.2 packages use."""
    def langstring(holder: etree._Element, text: str) -> None:
        element(holder, f"{{{IMSMD}}}langstring", text, {f"{{{XML_NS}}}lang": meta.language})

    lom = element(parent, f"{{{IMSMD}}}lom")
    general = element(lom, f"{{{IMSMD}}}general")
    langstring(element(general, f"{{{IMSMD}}}title"), meta.title)
    element(general, f"{{{IMSMD}}}language", meta.language)
    langstring(element(general, f"{{{IMSMD}}}description"), meta.description)
    for word in meta.keywords:
        langstring(element(general, f"{{{IMSMD}}}keyword"), word)
    if meta.minutes:
        time = element(element(lom, f"{{{IMSMD}}}educational"), f"{{{IMSMD}}}typicallearningtime")
        element(time, f"{{{IMSMD}}}datetime", iso_duration(meta.minutes))


def lom_scorm2004(parent: etree._Element, meta: Metadata) -> None:
    """IEEE LOM as SCORM 2004 expects it inline in the manifest."""
    def langstring(holder: etree._Element, text: str) -> None:
        element(holder, f"{{{LOM}}}string", text, {"language": meta.language})

    lom = element(parent, f"{{{LOM}}}lom")
    general = element(lom, f"{{{LOM}}}general")
    langstring(element(general, f"{{{LOM}}}title"), meta.title)
    element(general, f"{{{LOM}}}language", meta.language)
    langstring(element(general, f"{{{LOM}}}description"), meta.description)
    for word in meta.keywords:
        langstring(element(general, f"{{{LOM}}}keyword"), word)
    if meta.minutes:
        time = element(element(lom, f"{{{LOM}}}educational"), f"{{{LOM}}}typicalLearningTime")
        element(time, f"{{{LOM}}}duration", iso_duration(meta.minutes))


def lom_imscc(parent: etree._Element, meta: Metadata) -> None:
    """The Common Cartridge 1.3 manifest LOM profile (general section: what Canvas imports)."""
    def langstring(holder: etree._Element, text: str) -> None:
        element(holder, f"{{{LOM_IMSCC}}}string", text, {"language": meta.language})

    general = element(element(parent, f"{{{LOM_IMSCC}}}lom"), f"{{{LOM_IMSCC}}}general")
    langstring(element(general, f"{{{LOM_IMSCC}}}title"), meta.title)
    element(general, f"{{{LOM_IMSCC}}}language", meta.language)
    langstring(element(general, f"{{{LOM_IMSCC}}}description"), meta.description)
    for word in meta.keywords:
        langstring(element(general, f"{{{LOM_IMSCC}}}keyword"), word)
