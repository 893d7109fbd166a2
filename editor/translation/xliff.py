"""XLIFF 2.0 files: one per target language, written with lxml and read back defensively.

Written: ``<xliff version="2.0" srcLang trgLang>``, one ``<file>`` whose Metadata module
(``mda:``) names the source lesson's id and the content hash of the version exported, then one
``<unit>`` per segment with a context ``<note>``, the Markdown of its codes in ``<originalData>``, a
``<segment>`` whose codes are ``<pc>`` pairs and ``<ph>`` placeholders, and — on a re-export — the
previous translation as a Translation Candidates match (``mtc:``).

Read: a returned file is untrusted. No DTD or entities, a size limit, a known root and version, and
inside a target only the inline elements of the core (pc, sc, ec, ph, cp, mrk, sm, em); anything
else is refused with the unit's id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from editor.translation.inline import Code, CodeRole, CodeType, Content, Part

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
MTC_NS = "urn:oasis:names:tc:xliff:matches:2.0"
MAX_BYTES = 50 * 1024 ** 2
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_X = f"{{{XLIFF_NS}}}"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class XliffError(ValueError):
    """A file that is not an XLIFF 2 translation of a Tessera lesson; the message says what to fix."""


@dataclass(frozen=True)
class Unit:
    id: str
    note: str
    source: Content
    target: Content | None = None          # None: not translated (yet)
    suggestion: Content | None = None      # a previous translation offered as a match


@dataclass(frozen=True)
class XliffDocument:
    src_lang: str
    trg_lang: str
    source_id: str                  # the source lesson's id
    source_version: str             # content hash of the source version exported
    original: str                   # the source file, relative to the workspace
    units: tuple[Unit, ...]


# -- writing ---------------------------------------------------------------------------------------------
def write_xliff(document: XliffDocument) -> bytes:
    root = etree.Element(f"{_X}xliff", nsmap={None: XLIFF_NS, "mda": MDA_NS, "mtc": MTC_NS},
                         version="2.0", srcLang=document.src_lang, trgLang=document.trg_lang)
    file = etree.SubElement(root, f"{_X}file", id="f1", original=document.original)
    metadata = etree.SubElement(file, f"{{{MDA_NS}}}metadata")
    group = etree.SubElement(metadata, f"{{{MDA_NS}}}metaGroup", category="tessera")
    for key, value in (("source-id", document.source_id), ("source-version", document.source_version)):
        etree.SubElement(group, f"{{{MDA_NS}}}meta", type=key).text = value
    for unit in document.units:
        _write_unit(file, unit)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _write_unit(file: etree._Element, unit: Unit) -> None:
    element = etree.SubElement(file, f"{_X}unit", id=unit.id)
    if unit.suggestion is not None:
        matches = etree.SubElement(element, f"{{{MTC_NS}}}matches")
        match = etree.SubElement(matches, f"{{{MTC_NS}}}match", ref="#s1", origin="previous translation")
        _write_original_data(match, unit.source)
        _write_content(etree.SubElement(match, f"{_X}source"), unit.source)
        _write_content(etree.SubElement(match, f"{_X}target"), unit.suggestion)
    notes = etree.SubElement(element, f"{_X}notes")
    etree.SubElement(notes, f"{_X}note", category="context").text = unit.note
    _write_original_data(element, unit.source)
    segment = etree.SubElement(element, f"{_X}segment", id="s1")
    _write_content(etree.SubElement(segment, f"{_X}source"), unit.source)
    if unit.target is not None:
        segment.set("state", "translated")
        _write_content(etree.SubElement(segment, f"{_X}target"), unit.target)


def _write_original_data(parent: etree._Element, source: Content) -> None:
    """The Markdown behind each code, for the translator's tool to show (import never reads it back)."""
    codes = [part for part in source if isinstance(part, Code)]
    if codes:
        original = etree.SubElement(parent, f"{_X}originalData")
        for code in codes:
            etree.SubElement(original, f"{_X}data", id=_data_id(code)).text = code.markup


def _data_id(code: Code) -> str:
    return f"d{code.id}{'e' if code.role is CodeRole.CLOSE else ''}"


def _write_content(parent: etree._Element, content: Content) -> None:
    """``content`` as mixed XML: pairs as nested <pc> (sc/ec when they cross), placeholders as <ph>."""
    stack = [parent]
    last: etree._Element | None = None       # the element whose tail takes the next text

    def add_text(text: str) -> None:
        if last is None:
            stack[-1].text = (stack[-1].text or "") + text
        else:
            last.tail = (last.tail or "") + text

    for index, part in enumerate(content):
        if isinstance(part, str):
            add_text(part)
        elif part.role is CodeRole.ALONE:
            last = etree.SubElement(stack[-1], f"{_X}ph", id=part.id, dataRef=_data_id(part),
                                    **_types(part))
        elif part.role is CodeRole.OPEN and _closes_inside(content, index):
            pair = etree.SubElement(stack[-1], f"{_X}pc", id=part.id, dataRefStart=_data_id(part),
                                    dataRefEnd=f"d{part.id}e", **_types(part))
            stack.append(pair)
            last = None
        elif part.role is CodeRole.CLOSE and len(stack) > 1 and stack[-1].get("id") == part.id:
            last = stack.pop()
        elif part.role is CodeRole.OPEN:
            last = etree.SubElement(stack[-1], f"{_X}sc", id=part.id, dataRef=_data_id(part), **_types(part))
        else:
            last = etree.SubElement(stack[-1], f"{_X}ec", startRef=part.id, dataRef=_data_id(part),
                                    **_types(part))


def _closes_inside(content: Content, index: int) -> bool:
    """Whether the pair opened at ``index`` closes before any pair opened inside it is left open."""
    opened: list[str] = []
    for part in content[index:]:
        if isinstance(part, Code) and part.role is CodeRole.OPEN:
            opened.append(part.id)
        elif isinstance(part, Code) and part.role is CodeRole.CLOSE:
            if not opened or opened[-1] != part.id:
                return False
            opened.pop()
            if not opened:
                return True
    return False


def _types(code: Code) -> dict[str, str]:
    types = {"type": code.type.value}
    if code.sub_type:
        types["subType"] = code.sub_type
    return types


# -- reading ---------------------------------------------------------------------------------------------
def read_xliff(data: bytes, name: str = "the file") -> XliffDocument:
    """The translation in ``data``; XliffError saying what is wrong when it cannot be used."""
    if len(data) > MAX_BYTES:
        raise XliffError(f"{name} is larger than {MAX_BYTES // 1024 ** 2} MB; it is not a lesson "
                         "translation.")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise XliffError(f"{name} is not well-formed XML ({exc}). Export it again from your translation "
                         "tool as XLIFF 2.") from None
    if root.getroottree().docinfo.doctype:
        raise XliffError(f"{name} declares a DOCTYPE; XLIFF 2 files have none, and entities in it could "
                         "read other files. Export it again from your translation tool.")
    if root.tag != f"{_X}xliff" or not str(root.get("version", "")).startswith("2."):
        raise XliffError(f"{name} is not an XLIFF 2 file (root {root.tag!r}, version "
                         f"{root.get('version')!r}). Export XLIFF 2.0 or 2.1 from your translation tool.")
    src_lang, trg_lang = root.get("srcLang", ""), root.get("trgLang", "")
    if not LANGUAGE.match(src_lang) or not LANGUAGE.match(trg_lang):
        raise XliffError(f"{name} must name its languages as codes in srcLang and trgLang "
                         f"(found {src_lang!r} and {trg_lang!r}).")
    files = root.findall(f"{_X}file")
    if len(files) != 1:
        raise XliffError(f"{name} holds {len(files)} <file> elements; Tessera writes one per lesson and "
                         "language. Import the files one by one.")
    meta = {element.get("type"): (element.text or "").strip()
            for element in files[0].iter(f"{{{MDA_NS}}}meta")}
    if not meta.get("source-id") or not meta.get("source-version"):
        raise XliffError(f"{name} does not say which lesson it translates (its Tessera metadata is "
                         "missing). Import a file that 'Translate…' exported, translated in place.")
    units = tuple(_read_unit(unit) for unit in files[0].iter(f"{_X}unit"))
    ids = [unit.id for unit in units]
    repeated = sorted({unit_id for unit_id in ids if ids.count(unit_id) > 1})
    if repeated:
        raise XliffError(f"{name}: the unit id(s) {', '.join(repeated)} appear more than once.")
    return XliffDocument(src_lang, trg_lang, meta["source-id"], meta["source-version"],
                         files[0].get("original", ""), units)


def _read_unit(unit: etree._Element) -> Unit:
    unit_id = unit.get("id", "")
    if not unit_id:
        raise XliffError("A <unit> has no id; every unit needs the id it was exported with.")
    sources: list[Part] = []
    targets: list[Part] = []
    translated = False
    for piece in unit:
        if piece.tag not in (f"{_X}segment", f"{_X}ignorable"):
            continue
        source, target = piece.find(f"{_X}source"), piece.find(f"{_X}target")
        if source is not None:
            sources += _content(source, unit_id)
        if target is not None:
            translated = translated or piece.tag == f"{_X}segment"
            targets += _content(target, unit_id)
        elif source is not None and piece.tag == f"{_X}ignorable":
            targets += _content(source, unit_id)     # ignorable text without a target stays as it is
    note = " ".join((n.text or "").strip() for n in unit.iter(f"{_X}note"))
    return Unit(unit_id, note, _joined(sources), _joined(targets) if translated else None)


_INLINE = {f"{_X}{name}" for name in ("pc", "sc", "ec", "ph", "cp", "mrk", "sm", "em")}


def _content(element: etree._Element, unit_id: str) -> list[Part]:
    return list(_parts(element, unit_id))


def _parts(element: etree._Element, unit_id: str) -> Iterator[Part]:
    if element.text:
        yield _clean(element.text)
    for child in element:
        if child.tag not in _INLINE:
            raise XliffError(f"Segment {unit_id}: the translation contains the element <{_local(child)}>, "
                             "which XLIFF does not allow inside text. Only the inline codes of the source "
                             "may appear; remove it and import again.")
        name = _local(child)
        code_id = child.get("startRef") if name == "ec" and child.get("startRef") else child.get("id", "")
        if name == "pc":
            yield Code(CodeRole.OPEN, code_id, "", CodeType.OTHER)
            yield from _parts(child, unit_id)
            yield Code(CodeRole.CLOSE, code_id, "", CodeType.OTHER)
        elif name in ("sc", "ec", "ph"):
            role = {"sc": CodeRole.OPEN, "ec": CodeRole.CLOSE, "ph": CodeRole.ALONE}[name]
            yield Code(role, code_id or "", "", CodeType.OTHER)
        elif name == "cp":
            yield _clean(chr(_code_point(child.get("hex", ""), unit_id)))
        elif name == "mrk":
            yield from _parts(child, unit_id)      # an annotation: its text is the translation's
        if child.tail:
            yield _clean(child.tail)


def _code_point(value: str, unit_id: str) -> int:
    try:
        point = int(value, 16)
        chr(point)
    except (ValueError, OverflowError):
        raise XliffError(f"Segment {unit_id}: <cp hex={value!r}> is not a character code.") from None
    return point


def _clean(text: str) -> str:
    """Text without control characters (a tab or line break becomes a space later)."""
    return _CONTROL.sub("", text)


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else "?"


def _joined(parts: list[Part]) -> Content:
    merged: list[Part] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    return tuple(merged)
