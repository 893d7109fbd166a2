"""Offline validation of our manifests against the official XML schemas (SCORM 1.2, SCORM 2004, cmi5).

The official schema sets ship with Tessera, unchanged, in ``resources/schemas`` (origin and
licences in its SOURCES.txt), so every export and ``check --for FORMAT`` validates, for every
user. The environment variable ``TESSERA_SCHEMAS`` may name another folder with the same layout.
Nothing is fetched from the network: the one remote import (``http://www.w3.org/2001/xml.xsd`` in
SCORM 2004) is served from the local copy. Two files of the SCORM 1.2 set need an in-memory fix
for libxml2 (see ``_LocalSchemas``); the files on disk are never changed.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from editor.paths import SCHEMAS

SCHEMAS_ENV = "TESSERA_SCHEMAS"
_XML_NAMESPACE_XSD = "http://www.w3.org/2001/xml.xsd"

# Which schema file declares each namespace a manifest of that kind may use.
SCHEMA_SETS: dict[str, tuple[tuple[str, str], ...]] = {
    "scorm12": (
        ("http://www.imsproject.org/xsd/imscp_rootv1p1p2", "scorm12/imscp_rootv1p1p2.xsd"),
        ("http://www.adlnet.org/xsd/adlcp_rootv1p2", "scorm12/adlcp_rootv1p2.xsd"),
        ("http://www.imsglobal.org/xsd/imsmd_rootv1p2p1", "scorm12/imsmd_rootv1p2p1.xsd"),
    ),
    "scorm2004": (
        ("http://www.imsglobal.org/xsd/imscp_v1p1", "scorm2004/imscp_v1p1.xsd"),
        ("http://www.adlnet.org/xsd/adlcp_v1p3", "scorm2004/adlcp_v1p3.xsd"),
        ("http://www.adlnet.org/xsd/adlseq_v1p3", "scorm2004/adlseq_v1p3.xsd"),
        ("http://www.adlnet.org/xsd/adlnav_v1p3", "scorm2004/adlnav_v1p3.xsd"),
        ("http://www.imsglobal.org/xsd/imsss", "scorm2004/imsss_v1p0.xsd"),
        ("http://ltsc.ieee.org/xsd/LOM", "scorm2004/lom.xsd"),
    ),
    "cmi5": (
        ("https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd", "cmi5/CourseStructure.xsd"),
    ),
}


class SchemasMissing(RuntimeError):
    """The official schemas are not where we look; the message says where and how to point elsewhere."""


def schemas_dir() -> Path:
    """The folder holding ``scorm12/``, ``scorm2004/`` and ``cmi5/``; raises when it is absent."""
    folder = Path(os.environ.get(SCHEMAS_ENV) or SCHEMAS)
    if not all((folder / kind).is_dir() for kind in SCHEMA_SETS):
        raise SchemasMissing(
            f"The official XML schemas were not found in {folder} (expected the folders "
            f"{', '.join(SCHEMA_SETS)}). Reinstall Tessera, or set {SCHEMAS_ENV} to a folder "
            "that holds them.")
    return folder


class _LocalSchemas(etree.Resolver):  # type: ignore[misc]
    """Serves every schema from the local folder, with the two libxml2 fixes applied in memory."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def resolve(self, url: str, pubid: str | None, context: Any) -> Any:
        if url == _XML_NAMESPACE_XSD:
            return self.resolve_filename(str(self.folder / "scorm2004" / "xml.xsd"), context)
        if url.endswith("/scorm12/ims_xml.xsd"):
            # Declares the XML namespace as its default namespace, which libxml2 refuses.
            text = (self.folder / "scorm12" / "ims_xml.xsd").read_text(encoding="utf-8")
            return self.resolve_string(
                text.replace('xmlns="http://www.w3.org/XML/1998/namespace"', "", 1), context)
        if url.endswith("/scorm12/imsmd_rootv1p2p1.xsd"):
            # Its "any element from any namespace" wildcard is ambiguous (Unique Particle
            # Attribution); "any other namespace" is what the metadata model means.
            text = (self.folder / "scorm12" / "imsmd_rootv1p2p1.xsd").read_text(encoding="utf-8")
            return self.resolve_string(text.replace('namespace="##any"', 'namespace="##other"'), context)
        return None


@cache
def _schema(kind: str, folder: Path) -> etree.XMLSchema:
    imports = "".join(f'<xs:import namespace="{namespace}" schemaLocation="{(folder / path).as_uri()}"/>'
                      for namespace, path in SCHEMA_SETS[kind])
    wrapper = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalSchemas(folder))
    return etree.XMLSchema(etree.ElementTree(etree.fromstring(wrapper.encode(), parser)))


def validation_errors(kind: str, document: bytes) -> list[str]:
    """Every schema violation of ``document`` (a manifest of ``kind``), as "line N: message"; [] if valid."""
    if kind not in SCHEMA_SETS:
        raise ValueError(f"No schemas for {kind!r}; use one of: {', '.join(SCHEMA_SETS)}.")
    schema = _schema(kind, schemas_dir().resolve())
    try:
        tree = etree.fromstring(document, etree.XMLParser(no_network=True, resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed XML: {exc}"]
    if schema.validate(tree):
        return []
    return [f"line {entry.line}: {entry.message}" for entry in schema.error_log]
