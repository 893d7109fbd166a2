"""SVG drawings made safe to store: only drawing remains, nothing that runs, loads or expands.

Lessons show SVG in ``<img>``, where browsers run no scripts, but the same file can be opened on its
own from a package or a share, where they would. So an imported SVG is rebuilt from an allowlist:
SVG drawing elements only (no ``script``, ``foreignObject``, animation or foreign namespaces), no
event handlers, links only to the file's own ``#ids`` or embedded raster pictures, no CSS that
imports or fetches. Parsing uses lxml with entities unresolved and no network, and a document that
declares anything in a DOCTYPE (entities: file reads, "billion laughs") is refused outright.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from editor.media.errors import MediaError

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

# Static drawing: shapes, text, paint servers, clipping, masks, filters and grouping.
ALLOWED_ELEMENTS = frozenset((
    "svg", "g", "defs", "symbol", "use", "title", "desc", "metadata", "switch", "a", "style",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "textPath", "image",
    "marker", "pattern", "linearGradient", "radialGradient", "stop", "clipPath", "mask", "filter",
    "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix", "feDiffuseLighting",
    "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG",
    "feFuncR", "feGaussianBlur", "feImage", "feMerge", "feMergeNode", "feMorphology", "feOffset",
    "fePointLight", "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
))
_LINK_ATTRIBUTES = {"href", f"{{{XLINK_NS}}}href"}
_SAFE_DATA = re.compile(r"data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*\Z")
_URL = re.compile(r"url\s*\(\s*['\"]?\s*(?P<target>[^)'\"\s]*)", re.IGNORECASE)
_BLANKS = re.compile(r"[\s\x00-\x1f]+")
_PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False, "dtd_validation": False,
                   "huge_tree": False}


@dataclass(frozen=True)
class SafeSvg:
    data: bytes         # what to store
    removed: int        # elements and attributes taken out (0: the file was stored as it came)


def sanitise_svg(data: bytes, name: str) -> SafeSvg:
    """The drawing in ``data`` without active content; MediaError when it is no SVG or declares entities."""
    root = _parse(data, name)
    removed = _clean(root)
    if removed == 0 and not root.getroottree().docinfo.doctype:
        return SafeSvg(data, 0)     # nothing to take out: keep the author's bytes exactly
    return SafeSvg(etree.tostring(root, xml_declaration=True, encoding="utf-8"), removed)


def _parse(data: bytes, name: str) -> etree._Element:
    try:
        tree = etree.fromstring(data, etree.XMLParser(**_PARSER_OPTIONS)).getroottree()
    except etree.XMLSyntaxError as exc:
        raise MediaError(f"{name} is not a readable SVG drawing ({exc.msg}). Export it again as SVG, or as "
                         "PNG, and retry.") from None
    if tree.docinfo.internalDTD is not None or any(isinstance(node, etree._Entity)
                                                   for node in tree.getroot().iter()):
        raise MediaError(f"{name} declares XML entities (a DOCTYPE with definitions). Such files can read "
                         "other files or grow without limit, so they are refused: export it again as plain "
                         "SVG (e.g. 'Optimized SVG' or 'Plain SVG'), or as PNG.")
    root = tree.getroot()
    if root.tag != f"{{{SVG_NS}}}svg":
        raise MediaError(f"{name} is not an SVG drawing (its root is not <svg> in the SVG namespace). "
                         "Export it again as SVG, or as PNG, and retry.")
    return root


def _clean(root: etree._Element) -> int:
    """Remove what is not allowed, counted; comments and instructions around the root are not written."""
    removed = 0
    for element in list(root.iter()):
        if element is not root and element.getparent() is None:
            continue        # already removed with an ancestor
        if not _allowed_element(element) or (
                etree.QName(element).localname == "style" and not _safe_css(element.text or "")):
            _remove(element)
            removed += 1
            continue
        for attribute in list(element.attrib):
            if not _allowed_attribute(attribute, element.attrib[attribute]):
                del element.attrib[attribute]
                removed += 1
    removed += len(_siblings_of_root(root))
    etree.cleanup_namespaces(root)
    return removed


def _siblings_of_root(root: etree._Element) -> list[etree._Element]:
    """Comments and processing instructions (e.g. <?xml-stylesheet href=…?>) before or after the root."""
    return [*root.itersiblings(preceding=True), *root.itersiblings()]


def _allowed_element(element: etree._Element) -> bool:
    if not isinstance(element.tag, str):        # comments, processing instructions, entity references
        return False
    qname = etree.QName(element)
    return qname.namespace == SVG_NS and qname.localname in ALLOWED_ELEMENTS


def _allowed_attribute(attribute: str, value: str) -> bool:
    qname = etree.QName(attribute)
    if qname.namespace not in (None, XLINK_NS, XML_NS):
        return False                            # editor metadata (inkscape:, sodipodi:) and the unknown
    if qname.localname.lower().startswith("on"):
        return False                            # event handlers
    plain = _BLANKS.sub("", value).lower()
    if "javascript:" in plain or "vbscript:" in plain:
        return False
    if attribute in _LINK_ATTRIBUTES:
        return value.startswith("#") or bool(_SAFE_DATA.match(value.strip()))
    return _safe_css(value)


def _safe_css(text: str) -> bool:
    """CSS (a style element or attribute, or a paint value) that loads nothing from elsewhere."""
    plain = _BLANKS.sub("", text).lower()
    if "@import" in plain or "expression(" in plain or "javascript:" in plain:
        return False
    return all(match.group("target").startswith("#") for match in _URL.finditer(text))


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    # Keep the text that followed the element: it belongs to the parent.
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
