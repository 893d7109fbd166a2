"""HTML5 packages opened straight from disk (file://) in Chromium: captions must still show.

Chromium refuses <track> files from a file: page (it has no origin to check them against), so
a page that points at media/….vtt shows no captions from disk; the HTML5 package carries its
captions inside the page. The control case proves the browser behaviour the fix works around.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import webvtt
from playwright.sync_api import Browser

from editor.paths import DEMO_WORKSPACE
from publishing.packages import build_package

CAPTIONED_LESSON = DEMO_WORKSPACE / "lessons" / "giving-feedback-sbi"
CAPTIONS = CAPTIONED_LESSON / "media" / "sbi-intro.vtt"
# Resolves with the number of cues the browser parsed, or -1 when it refused the track file.
COUNT_CUES = """() => new Promise((resolve) => {
  const element = document.querySelector("video track");
  const track = element.track;
  track.mode = "hidden";
  const done = () => resolve(track.cues ? track.cues.length : 0);
  if (element.readyState === 2) done();
  else if (element.readyState === 3) resolve(-1);
  else {
    element.addEventListener("load", done);
    element.addEventListener("error", () => resolve(-1));
  }
})"""


def cues_from_disk(browser: Browser, page_file: Path) -> int:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(page_file.as_uri())
        return int(page.evaluate(COUNT_CUES))
    finally:
        context.close()


def test_html5_from_disk_shows_every_caption_cue(browser: Browser, tmp_path: Path) -> None:
    expected = len(webvtt.read(str(CAPTIONS)))
    assert expected == 5
    site = build_package([CAPTIONED_LESSON], "html", tmp_path / "site").path
    assert cues_from_disk(browser, site / "index.html") == expected


def test_a_caption_file_reference_is_refused_from_disk(browser: Browser, tmp_path: Path) -> None:
    """The condition behind the fix: the same lesson with its .vtt as a file shows no cue from file://."""
    package = build_package([CAPTIONED_LESSON], "scorm12", tmp_path / "p.zip").path
    with zipfile.ZipFile(package) as archive:
        archive.extractall(tmp_path / "unzipped")
    assert 'src="media/sbi-intro.vtt"' in (tmp_path / "unzipped" / "index.html").read_text(encoding="utf-8")
    assert cues_from_disk(browser, tmp_path / "unzipped" / "index.html") == -1
