"""Package pages carry their standard's tracking adapter as pinned inline scripts; only cmi5 and
xAPI pages may reach the network (the LRS address comes with the launch); the adapter sources
stay free of code-from-strings and HTML injection."""

from __future__ import annotations

import re

import pytest

from editor.paths import PLAYER
from editor.render import render_lesson
from publishing.player import ADAPTER_SCRIPTS, TRACKING_MODES, adapter_script, assets, player_page
from tests.publishing.test_player_page import config_of, csp_directives, parse, source_hash

LESSON = render_lesson("---\nid: abc\ntitle: T\n---\n::: quiz single\n? Q\n- [x] A\n- [ ] B\n:::\n")
ADAPTER_NAMES = ("scorm12", "scorm2004", "cmi5", "xapi")


@pytest.mark.parametrize("tracking", ADAPTER_NAMES)
def test_package_pages_pin_the_player_and_the_adapter_bundle(tracking: str) -> None:
    document = parse(player_page(LESSON, tracking=tracking))
    bundle = adapter_script(tracking)
    assert document.texts["script"] == [assets().js, bundle]
    directives = csp_directives(document)
    assert directives["script-src"] == [source_hash(assets().js), source_hash(bundle)]
    expected = ["'self'", "https:", "http:"] if tracking in ("cmi5", "xapi") else ["'self'"]
    assert directives["connect-src"] == expected
    assert f'registerAdapter("{tracking}"' in bundle
    assert config_of(document)["tracking"] == tracking


def test_every_tracking_mode_is_offered_and_preview_pages_stay_offline() -> None:
    assert set(TRACKING_MODES) == {"none", "preview", *ADAPTER_NAMES}
    for tracking in ("none", "preview"):
        document = parse(player_page(LESSON, tracking=tracking))
        assert document.texts["script"] == [assets().js]
        assert csp_directives(document)["connect-src"] == ["'self'"]


def test_activity_ids_travel_in_the_config_only_when_given() -> None:
    activity = {"id": "urn:x", "parent": "urn:c"}
    config = config_of(parse(player_page(LESSON, tracking="xapi", activity=activity)))
    assert config["activity"] == {"id": "urn:x", "parent": "urn:c"}
    assert "activity" not in config_of(parse(player_page(LESSON, tracking="xapi")))


ADAPTER_FILES = sorted({name for names in ADAPTER_SCRIPTS.values() for name in names} | {"../course.js"})


@pytest.mark.parametrize("name", ADAPTER_FILES)
def test_adapter_sources_are_inert_text(name: str) -> None:
    source = (PLAYER / "adapters" / name).read_text(encoding="utf-8")
    assert "</script" not in source.lower() and "<!--" not in source
    for forbidden in ("eval(", "new Function", "document.write", "innerHTML", "outerHTML",
                      "insertAdjacentHTML", "localStorage", "setTimeout(\"", "XMLHttpRequest"):
        assert forbidden not in source, f"{name}: {forbidden}"
    # Only the LRS adapters talk to the network, and cmi5 only to the LMS's token URL besides.
    uses_fetch = bool(re.search(r"\bfetch\(", source))
    assert uses_fetch == (name in ("lrs.js", "cmi5.js"))
