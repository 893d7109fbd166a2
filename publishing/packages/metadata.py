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


@dataclass(frozen=True)
class LomBinding:
    """How one standard spells the same LOM facts: its namespace, the element (and attribute) that
    holds text in a language, and the typical learning time (absent from profiles without it)."""

    namespace: str
    string: str
    language_attribute: str
    learning_time: str = ""       # educational/<learning_time>/<duration>
    duration: str = ""

    def tag(self, name: str) -> str:
        return f"{{{self.namespace}}}{name}"


# IMS Meta-data 1.2.1 (``imsmd:lom``), the binding SCORM 1.2 packages use.
SCORM12_LOM = LomBinding(IMSMD, "langstring", f"{{{XML_NS}}}lang", "typicallearningtime", "datetime")
# IEEE LOM as SCORM 2004 expects it inline in the manifest.
SCORM2004_LOM = LomBinding(LOM, "string", "language", "typicalLearningTime", "duration")
# The Common Cartridge 1.3 manifest LOM profile: the general section only (what Canvas imports).
IMSCC_LOM = LomBinding(LOM_IMSCC, "string", "language")


def add_lom(parent: etree._Element, meta: Metadata, binding: LomBinding) -> None:
    """``meta`` as a ``lom`` element in ``binding``'s spelling."""
    def langstring(holder: etree._Element, text: str) -> None:
        element(holder, binding.tag(binding.string), text, {binding.language_attribute: meta.language})

    lom = element(parent, binding.tag("lom"))
    general = element(lom, binding.tag("general"))
    langstring(element(general, binding.tag("title")), meta.title)
    element(general, binding.tag("language"), meta.language)
    langstring(element(general, binding.tag("description")), meta.description)
    for word in meta.keywords:
        langstring(element(general, binding.tag("keyword")), word)
    if meta.minutes and binding.learning_time:
        time = element(element(lom, binding.tag("educational")), binding.tag(binding.learning_time))
        element(time, binding.tag(binding.duration), iso_duration(meta.minutes))
