"""SVG drawings are stored without active content: no scripts, handlers, javascript:, external links or
foreign HTML; documents declaring XML entities are refused (nothing is expanded or fetched)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from editor.media.errors import MediaError
from editor.media.importer import ImportOptions, import_media

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"

HOSTILE = f"""<?xml version="1.0"?>
<?xml-stylesheet href="https://evil.example/outer.css"?>
<svg xmlns="{SVG}" xmlns:xlink="{XLINK}" width="120" height="80" onload="alert(1)">
  <script>alert(document.cookie)</script>
  <?xml-stylesheet href="https://evil.example/inner.css"?>
  <script xlink:href="https://evil.example/x.js"/>
  <style>@import url(https://evil.example/track.css); .box {{ fill: #c33 }}</style>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>
  <rect class="box" width="50" height="40" fill="url(#g)" onclick="steal()" onmouseover="steal()"/>
  <a href="javascript:alert(2)"><circle cx="80" cy="30" r="10"/></a>
  <a xlink:href=" JaVaScRiPt:alert(3)"><text x="5" y="70">Label</text></a>
  <image href="https://evil.example/beacon.png" width="1" height="1"/>
  <use xlink:href="https://evil.example/sprite.svg#icon"/>
  <use href="#g"/>
  <foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml"
    onclick="steal()">html</div></foreignObject>
  <set attributeName="href" to="javascript:alert(4)"/>
  <animate attributeName="href" values="javascript:alert(5)"/>
  <iframe src="https://evil.example"/>
  <circle cx="10" cy="10" r="5" style="fill: url(https://evil.example/leak)"/>
</svg>
"""

ENTITIES = """<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&secret;</text></svg>
"""

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&c;</text></svg>
"""


def active_content(data: bytes) -> list[str]:
    """Everything in a stored SVG that could run, load or show something not drawn by the file itself."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(data, parser)
    found = []
    if root.getroottree().docinfo.doctype:
        found.append("doctype")
    found += [f"outside the drawing: {node!r}" for node in [*root.itersiblings(preceding=True),
                                                            *root.itersiblings()]]
    for element in root.iter():
        if not isinstance(element.tag, str):
            found.append(f"node {element!r}")
            continue
        name = etree.QName(element).localname
        if name in ("script", "foreignObject", "iframe", "set", "animate") or \
                etree.QName(element).namespace != SVG:
            found.append(f"element {name}")
        if name == "style" and ("@import" in (element.text or "") or "http" in (element.text or "")):
            found.append("external style")
        for attribute, value in element.attrib.items():
            local = etree.QName(attribute).localname
            plain = "".join(value.split()).lower()
            if local.lower().startswith("on") or "javascript:" in plain:
                found.append(f"{name}@{local}")
            if local == "href" and not value.startswith(("#", "data:image/png", "data:image/jpeg")):
                found.append(f"{name}@href={value}")
            if "url(" in plain and "url(#" not in plain:
                found.append(f"{name}@{local} loads {value}")
    return found


def write(tmp_path: Path, text: str, name: str = "drawing.svg") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_hostile_file_really_holds_active_content(tmp_path: Path) -> None:
    assert len(active_content(write(tmp_path, HOSTILE).read_bytes())) >= 17


def test_a_hostile_svg_is_stored_without_active_content_and_keeps_its_drawing(tmp_path: Path,
                                                                               lesson: Path) -> None:
    result = import_media(write(tmp_path, HOSTILE), lesson, ImportOptions(alt="A chart"))
    stored = result.path.read_bytes()
    assert (result.kind, result.action, result.path.suffix) == ("image", "sanitised", ".svg")
    assert "taken out" in result.notes[0]
    assert active_content(stored) == []
    root = etree.fromstring(stored)
    kept = {etree.QName(element).localname for element in root.iter() if isinstance(element.tag, str)}
    assert {"svg", "rect", "circle", "text", "a", "linearGradient", "stop", "use"} <= kept
    assert root.find(f"{{{SVG}}}rect").get("fill") == "url(#g)"
    assert b"Label" in stored


@pytest.mark.parametrize("text", [ENTITIES, LAUGHS])
def test_entity_declarations_are_refused_and_nothing_is_stored(tmp_path: Path, lesson: Path,
                                                                text: str) -> None:
    with pytest.raises(MediaError, match="entit"):
        import_media(write(tmp_path, text), lesson)
    assert not [p for p in (lesson / "media").iterdir() if p.suffix == ".svg"]


@pytest.mark.parametrize("text", ["<svg", "<html><body>not a drawing</body></html>", "plain text"])
def test_what_is_not_an_svg_drawing_is_refused_with_a_reason(tmp_path: Path, lesson: Path, text: str) -> None:
    with pytest.raises(MediaError, match="SVG"):
        import_media(write(tmp_path, text), lesson)
