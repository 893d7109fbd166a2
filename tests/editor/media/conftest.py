"""Media made on the spot with the bundled ffmpeg (lavfi test sources) and Pillow: small and short."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from editor.media.probe import ffmpeg_exe

PICTURE = "testsrc2=size=320x240:rate=25:duration=2"
TONE = "sine=frequency=440:sample_rate=44100:duration=2"
H264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "12"]


def make(*args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-v", "error", "-nostdin", "-y", *args], check=True, timeout=60)


def lavfi(*sources: str) -> list[str]:
    return [part for source in sources for part in ("-f", "lavfi", "-i", source)]


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One of each case the importer must handle, keyed by a short name."""
    folder = tmp_path_factory.mktemp("clips")
    made = {name: folder / file for name, file in {
        "plain": "plain.mp4", "rotated": "phone.mp4", "hevc10": "hevc10.mp4", "silent": "silent.mov",
        "vfr": "vfr.mkv", "wav": "voice.wav", "m4a": "voice.m4a", "big": "big.mp4",
    }.items()}
    make(*lavfi(PICTURE, TONE), *H264, "-c:a", "aac", "-shortest", str(made["plain"]))
    make("-display_rotation", "90", "-i", str(made["plain"]), "-c", "copy", str(made["rotated"]))
    # The bundled ffmpeg has libx265, so real 10-bit HEVC (what recent phones record) is tested.
    make(*lavfi(PICTURE, TONE), "-c:v", "libx265", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le",
         "-x265-params", "log-level=error", "-tag:v", "hvc1", "-c:a", "aac", "-shortest", str(made["hevc10"]))
    make(*lavfi(PICTURE), *H264, str(made["silent"]))
    # Frames 10–30 dropped: timestamps jump, a variable-frame-rate stream; Opus sound needs re-encoding.
    make(*lavfi(PICTURE, TONE), "-vf", "select='not(between(n,10,30))'", "-fps_mode", "vfr", *H264,
         "-c:a", "libopus", "-shortest", str(made["vfr"]))
    make(*lavfi(TONE), str(made["wav"]))
    make(*lavfi(TONE), "-c:a", "aac", str(made["m4a"]))
    make(*lavfi("testsrc2=size=640x480:rate=60:duration=1"), *H264, str(made["big"]))
    return made


@pytest.fixture(scope="session")
def bad_media(tmp_path_factory: pytest.TempPathFactory, clips: dict[str, Path]) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bad")
    plain = clips["plain"].read_bytes()
    files = {
        "empty": (folder / "empty.mp4", b""),
        "text": (folder / "notes.mp4", b"These are meeting notes, not a video.\n" * 20),
        # The index (moov) of a plain ffmpeg MP4 sits at the end: cut it off and nothing is readable.
        "truncated": (folder / "cut.mp4", plain[: len(plain) // 2]),
        "playlist": (folder / "list.mp4", b"#EXTM3U\n#EXTINF:2,\nfile:/etc/passwd\n#EXT-X-ENDLIST\n"),
    }
    for path, data in files.values():
        path.write_bytes(data)
    return {name: path for name, (path, _) in files.items()}


@pytest.fixture
def lesson(workspace) -> Path:  # type: ignore[no-untyped-def]
    """An empty lesson folder inside a workspace (so thumbnails go to the workspace cache)."""
    return Path(workspace.new_lesson("Media lesson"))


def media_files(lesson: Path) -> list[str]:
    """Everything in the lesson's media folder, hidden staging folders included."""
    folder = lesson / "media"
    return sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []
