"""Checks of a built manifest: the official XSD, and what the XSD cannot say (cmi5 id uniqueness).

They run inside every build (``build_package``) and ``check --for FORMAT``, for every user: the
schemas ship with Tessera (``resources/schemas``). A finding here means our builder made a
manifest an LMS may refuse, so it is an error that names the manifest and the schema's words.
"""

from __future__ import annotations

from collections import Counter

from lxml import etree

from editor.diagnostics import Diagnostic, error
from publishing.packages.xsd import SCHEMA_SETS, validation_errors
from publishing.packages.zipwriter import PackageContents

# The control file each format with an official schema carries.
MANIFESTS = {"scorm12": "imsmanifest.xml", "scorm2004": "imsmanifest.xml", "cmi5": "cmi5.xml"}
_CMI5 = "{https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd}"
_SHOWN_ERRORS = 5


def manifest_problems(fmt: str, contents: PackageContents) -> list[Diagnostic]:
    """Schema violations and id clashes of the manifest in ``contents`` ([] for formats without one)."""
    name = MANIFESTS.get(fmt)
    if name is None or fmt not in SCHEMA_SETS:
        return []
    document = contents.bytes_of(name)
    found = [error(0, "manifest-schema", f"{name} breaks the official {fmt} schema ({message}); LMSs may "
                   "refuse the package. Please report this with the lesson attached.")
             for message in validation_errors(fmt, document)[:_SHOWN_ERRORS]]
    if fmt == "cmi5" and not found:
        found += cmi5_id_problems(document)
    return found


def cmi5_id_problems(document: bytes) -> list[Diagnostic]:
    """cmi5 §13.1.4: the course, each block and each AU need an id of their own within the structure."""
    root = etree.fromstring(document, etree.XMLParser(no_network=True, resolve_entities=False))
    ids = [element.get("id") or "" for element in root.iter(f"{_CMI5}course", f"{_CMI5}block", f"{_CMI5}au")]
    return [error(0, "cmi5-id-clash", f"The id '{value}' is used {times} times in cmi5.xml (course, blocks "
                  "and AUs each need their own, cmi5 §13.1.4); give the parts different ids.")
            for value, times in Counter(ids).items() if times > 1]
