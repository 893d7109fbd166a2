"""What every built package must satisfy, format by format: a valid manifest (official XSD where one
exists, required structure where none does), manifest and zip listing the same files, and pages
that run only our pinned scripts with the format's tracking adapter."""

from __future__ import annotations

import posixpath
from urllib.parse import unquote, urlsplit

from lxml import etree

from publishing.packages.xsd import validation_errors
from publishing.player import adapter_script, assets
from tests.publishing.test_player_page import config_of, csp_directives, parse, source_hash

TRACKING = {"scorm12": "scorm12", "scorm2004": "scorm2004", "cmi5": "cmi5", "xapi": "xapi", "html": "none",
            "imscc": "none"}
CONTROL_FILES = {"scorm12": "imsmanifest.xml", "scorm2004": "imsmanifest.xml", "imscc": "imsmanifest.xml",
                 "cmi5": "cmi5.xml", "xapi": "tincan.xml"}


def local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def named(root: etree._Element, name: str) -> list[etree._Element]:
    return [e for e in root.iter() if isinstance(e.tag, str) and local(e.tag) == name]


def path_of(href: str) -> str:
    return unquote(urlsplit(href).path)


def check_package(fmt: str, files: dict[str, bytes]) -> None:
    """Assert everything a ``fmt`` package must satisfy."""
    control = CONTROL_FILES.get(fmt)
    if control in ("imsmanifest.xml", "cmi5.xml") and fmt != "imscc":
        assert validation_errors(fmt, files[control]) == [], validation_errors(fmt, files[control])
    checks = {"scorm12": _check_scorm, "scorm2004": _check_scorm, "cmi5": _check_cmi5, "xapi": _check_tincan,
              "imscc": _check_cartridge, "html": _check_html}
    checks[fmt](files)
    for name, data in files.items():
        if name.endswith(".html"):
            check_page(name, data.decode("utf-8"), fmt, files)


def check_page(name: str, page: str, fmt: str, files: dict[str, bytes]) -> None:
    """One page: sound HTML, hash-pinned scripts only, the right adapter and network policy, and
    every file it references present in the package."""
    document = parse(page)
    assert document.problems == []
    folder = posixpath.dirname(name)
    for _, attrs in document.tags:
        for attr in ("src", "href", "poster"):
            url = attrs.get(attr, "")
            parts = urlsplit(url)
            if url and not parts.scheme and not parts.netloc and parts.path:
                target = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
                assert target in files, f"{name}: {attr}={url} is not in the package"
    directives = csp_directives(document)
    scripts = document.texts["script"]
    assert directives["script-src"] == ([source_hash(s) for s in scripts] or ["'none'"])
    assert directives["style-src"] == [source_hash(assets().css)]
    if not document.named("main") or "data-config" not in document.named("main")[0]:
        return                                           # a course page: no player
    tracking = config_of(document)["tracking"]
    assert tracking in (TRACKING[fmt], "none")           # SCORM links are untracked assets
    assert scripts == [assets().js] + ([adapter_script(str(tracking))] if tracking != "none" else [])
    network = ["'self'", "https:", "http:"] if tracking in ("cmi5", "xapi") else ["'self'"]
    assert directives["connect-src"] == network


def _listed_files(root: etree._Element) -> set[str]:
    return {path_of(f.get("href") or "") for f in named(root, "file")}


def _check_scorm(files: dict[str, bytes]) -> None:
    root = etree.fromstring(files["imsmanifest.xml"])
    resources = {r.get("identifier"): r for r in named(root, "resource")}
    for item in named(root, "item"):
        resource = resources[item.get("identifierref")]
        assert path_of(resource.get("href") or "") in files
    assert _listed_files(root) == set(files) - {"imsmanifest.xml"}


def _check_cmi5(files: dict[str, bytes]) -> None:
    root = etree.fromstring(files["cmi5.xml"])
    urls = [path_of(url.text or "") for url in named(root, "url")]
    assert urls and all(url in files for url in urls)
    for url in urls:
        assert config_of(parse(files[url].decode()))["tracking"] == "cmi5"


def _check_tincan(files: dict[str, bytes]) -> None:
    # No official XSD: the structure an LMS reads. One launchable activity; every activity has an
    # IRI, a type, a name and a description.
    root = etree.fromstring(files["tincan.xml"])
    assert root.tag == "{http://projecttincan.com/tincan.xsd}tincan"
    activities = named(root, "activity")
    assert activities and [local(a.getparent().tag) for a in activities] == ["activities"] * len(activities)
    for activity in activities:
        assert activity.get("id", "").startswith("urn:tessera:") and " " not in activity.get("id", "")
        assert activity.get("type", "").startswith("http://adlnet.gov/expapi/activities/")
        assert [local(c.tag) for c in activity][:2] == ["name", "description"]
    launches = named(root, "launch")
    assert len(launches) == 1 and path_of(launches[0].text or "") in files


def _check_cartridge(files: dict[str, bytes]) -> None:
    # No official CC 1.3 XSD in our schema set: check what Canvas reads.
    root = etree.fromstring(files["imsmanifest.xml"])
    assert root.tag == "{http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1}manifest"
    assert [e.text for e in named(root, "schema")] == ["IMS Common Cartridge"]
    assert [e.text for e in named(root, "schemaversion")] == ["1.3.0"]
    assert named(root, "lom")[0].nsmap[named(root, "lom")[0].prefix] == "http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest"
    organization = named(root, "organization")[0]
    assert organization.get("structure") == "rooted-hierarchy"
    top = [c for c in organization if local(c.tag) == "item"]
    assert len(top) == 1 and top[0].get("identifierref") is None          # the root item
    resources = {r.get("identifier"): r for r in named(root, "resource")}
    ids = [e.get("identifier") for e in root.iter() if isinstance(e.tag, str) and e.get("identifier")]
    assert len(ids) == len(set(ids))
    for item in named(root, "item"):
        if item.get("identifierref"):
            assert [local(c.tag) for c in item][:1] == ["title"]
            resource = resources[item.get("identifierref")]
            assert resource.get("type") in ("webcontent", "imswl_xmlv1p3")
    for resource in resources.values():
        if resource.get("type") == "imswl_xmlv1p3":
            (link,) = _listed_files(resource)
            weblink = etree.fromstring(files[link])
            assert weblink.tag == "{http://www.imsglobal.org/xsd/imsccv1p3/imswl_v1p3}webLink"
            url = named(weblink, "url")[0]
            assert url.get("href", "").startswith(("http://", "https://")) and url.get("target") == "_blank"
            assert named(weblink, "title")[0].text
    assert _listed_files(root) == set(files) - {"imsmanifest.xml"}


def _check_html(files: dict[str, bytes]) -> None:
    assert "index.html" in files
