"""XML building blocks every manifest shares: safe text, identifiers, hrefs and byte-stable output."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from urllib.parse import quote

from lxml import etree

from publishing.packages.course import Course, Unit

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"

# XML 1.0 forbids most control characters (and lone surrogates); front matter can still hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def xml_text(value: object, limit: int = 0) -> str:
    """Text an XML document can hold: forbidden characters dropped, whitespace runs folded,
    cut to ``limit`` characters (with an ellipsis) when a schema sets a maximum length."""
    text = " ".join(_NOT_XML.sub("", str(value)).split())
    if limit and len(text) > limit:
        text = text[:limit - 1].rstrip() + "…"
    return text


def language_tag(value: str) -> str:
    """A valid language tag for metadata; "und" (undetermined) when the lesson's is not one."""
    return value if _LANGUAGE.match(value) else "und"


def element(parent: etree._Element, tag: str, text: str | None = None,
            attrs: Mapping[str, str] | None = None) -> etree._Element:
    """A child element; ``tag`` and attribute names may use Clark notation ({namespace}name)."""
    child = etree.SubElement(parent, tag, dict(attrs or {}))
    if text is not None:
        child.text = text
    return child


def manifest_identifier(course: Course) -> str:
    """A stable XML ID for the manifest: the same course always gets the same one (LMSs and Canvas
    use it to recognise a re-upload), valid whatever characters the lesson ids hold."""
    return "TESSERA-" + hashlib.sha256(course.iri.encode("utf-8")).hexdigest()[:16].upper()


def item_identifier(index: int, unit: Unit) -> str:
    """An XML ID (NCName) for a unit's organization item: index + slug, valid whatever the lesson id."""
    return f"ITEM-{index + 1}-{unit.slug}"


def resource_identifier(index: int, unit: Unit) -> str:
    return f"RES-{index + 1}-{unit.slug}"


def href(name: str) -> str:
    """A package path as a URI reference (spaces and non-ASCII percent-encoded)."""
    return quote(name, safe="/")


def xml_bytes(root: etree._Element) -> bytes:
    """The document as UTF-8 with the conventional double-quoted declaration some LMS parsers expect."""
    body = etree.tostring(root, xml_declaration=False, encoding="UTF-8", pretty_print=True)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + bytes(body)
