"""Builds are reproducible and honest about storage: the same lesson gives byte-identical packages
(no wall clock, file dates, paths or umask inside), media is stored as is, text is deflated, and
the output appears whole or not at all."""

from __future__ import annotations

import os
import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from editor.progress import Cancelled, CancelToken
from publishing.packages import FORMATS, PreflightFailed, build_package
from tests.publishing.packages.conftest import DEMO_LESSONS, DEMO_LINK, LessonFactory, lesson_text, read_zip

FEEDBACK = next(path for path in DEMO_LESSONS if path.name == "giving-feedback-sbi")   # has video + captions


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_building_twice_gives_the_same_bytes(tmp_path: Path, fmt: str) -> None:
    inputs = [FEEDBACK, DEMO_LINK]
    first = build_package(inputs, fmt, tmp_path / "a.zip", title="Same").path.read_bytes()
    second = build_package(inputs, fmt, tmp_path / "b.zip", title="Same").path.read_bytes()
    assert first == second


def test_file_dates_and_location_do_not_leak_into_the_package(tmp_path: Path) -> None:
    before = build_package([FEEDBACK], "scorm2004", tmp_path / "before.zip").path.read_bytes()
    moved = tmp_path / "elsewhere" / "deeper" / FEEDBACK.name
    shutil.copytree(FEEDBACK, moved)
    for path in moved.rglob("*"):
        os.utime(path, (1_900_000_000, 1_900_000_000))
    assert build_package([moved], "scorm2004", tmp_path / "after.zip").path.read_bytes() == before


def test_entries_are_sorted_dated_1980_with_fixed_permissions(tmp_path: Path) -> None:
    result = build_package([*DEMO_LESSONS[:3], DEMO_LINK], "cmi5", tmp_path / "p.zip", title="T")
    with zipfile.ZipFile(result.path) as archive:
        infos = archive.infolist()
    assert [info.filename for info in infos] == sorted(info.filename for info in infos)
    for info in infos:
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert info.external_attr >> 16 == stat.S_IFREG | 0o644
        assert info.create_system == 3 and not info.is_dir()


def test_media_is_stored_unchanged_and_text_is_deflated(tmp_path: Path) -> None:
    result = build_package([FEEDBACK], "scorm12", tmp_path / "p.zip")
    with zipfile.ZipFile(result.path) as archive:
        kinds = {info.filename: info.compress_type for info in archive.infolist()}
        video = archive.read("media/sbi-intro.mp4")
    assert video == (FEEDBACK / "media" / "sbi-intro.mp4").read_bytes()
    for name in ("media/sbi-intro.mp4", "media/sbi-intro.jpg", "media/sbi-model.png"):
        assert kinds[name] == zipfile.ZIP_STORED, name
    for name in ("index.html", "imsmanifest.xml", "media/sbi-intro.vtt"):
        assert kinds[name] == zipfile.ZIP_DEFLATED, name


def test_html_as_a_folder_has_the_same_files_as_its_zip(tmp_path: Path) -> None:
    inputs = [*DEMO_LESSONS[:2], DEMO_LINK]
    folder = build_package(inputs, "html", tmp_path / "site", title="T").path
    zipped = read_zip(build_package(inputs, "html", tmp_path / "site.zip", title="T").path)
    written = [path for path in folder.rglob("*") if path.is_file()]
    on_disk = {path.relative_to(folder).as_posix(): path.read_bytes() for path in written}
    assert on_disk == zipped
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o644 for path in written)


def test_html_refuses_to_write_into_a_folder_that_has_files(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "keep.txt").write_text("mine")
    from publishing.packages import PackageError
    with pytest.raises(PackageError, match="not an empty folder"):
        build_package([FEEDBACK], "html", tmp_path / "site")
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["keep.txt"]


def test_progress_rises_to_the_end_and_cancel_leaves_nothing(tmp_path: Path) -> None:
    seen: list[float] = []
    build_package([FEEDBACK], "scorm12", tmp_path / "p.zip", progress=lambda f, _m: seen.append(f))
    assert seen == sorted(seen) and seen[0] == 0.0 and seen[-1] == 1.0

    token = CancelToken()

    def cancel_when_writing(fraction: float, message: str) -> None:
        if message.startswith("Adding media/"):
            token.cancel()

    with pytest.raises(Cancelled):
        build_package([FEEDBACK], "scorm12", tmp_path / "cancelled.zip", progress=cancel_when_writing,
                      cancel=token)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.zip"]     # no output, no temp file


def test_a_failed_preflight_keeps_the_previous_package(tmp_path: Path, make_lesson: LessonFactory) -> None:
    lesson = make_lesson("l", lesson_text("L"))
    out = build_package([lesson], "scorm12", tmp_path / "p.zip").path
    previous = out.read_bytes()
    (lesson / "lesson.md").write_text(lesson_text("L", "![Chart](media/missing.png)\n"), encoding="utf-8")
    with pytest.raises(PreflightFailed):
        build_package([lesson], "scorm12", out)
    assert out.read_bytes() == previous
