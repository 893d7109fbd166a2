"""One entry point from "a file the user has" to "web-ready media in the lesson, and the Markdown for it".

``import_media`` is what the CLI runs now and the GUI will run on a worker (``import_job``): it
classifies the file (picture, video/sound, captions, other), checks the lesson does not already hold
the same content, converts it in a staging folder and moves the results into ``media/`` only when
everything succeeded. Bad input raises MediaError; Cancel raises Cancelled; either way nothing is
left in the lesson.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from editor.atomic import atomic_write_bytes
from editor.media import captions, images, video
from editor.media.errors import MediaError
from editor.media.probe import MediaInfo, probe
from editor.media.store import MediaStore, content_digest
from editor.media.svg import sanitise_svg
from editor.progress import CancelToken, ProgressCallback, no_progress, scaled
from editor.workspace import Workspace

MAX_BYTES = 2 * 1024 ** 3   # a microlearning asset beyond 2 GB is a mistake, not a lesson
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".svg"}
VIDEO_SUFFIXES = {".mp4", ".webm", ".mov", ".m4v", ".mkv", ".avi", ".3gp", ".wmv", ".flv", ".mpg", ".mpeg",
                  ".ts", ".mts", ".m2ts"}
AUDIO_SUFFIXES = {".mp3", ".m4a", ".wav", ".ogg", ".oga", ".aac", ".opus", ".flac", ".wma", ".aif", ".aiff"}
THUMBS = "media-thumbs"
_PICTURE_OUTPUTS = {".webp", ".jpg", ".png"}
_HINTS = {
    ".heic": "HEIC photos cannot be shown in browsers. Export the photo as JPEG (on an iPhone: Settings › "
             "Camera › Formats › Most Compatible) and import that.",
    ".heif": "HEIF photos cannot be shown in browsers. Export the photo as JPEG and import that.",
    ".psd": "Photoshop files cannot be shown in lessons. Export the image as PNG or JPEG.",
    ".pdf": "PDF documents are not pictures or videos. Drop it on the lesson in the editor to attach it "
            "as a download.",
}
_CONTAINER_HINTS = {"HEIC": _HINTS[".heic"], "HEIF": _HINTS[".heif"],
                    "AVIF": "AVIF pictures cannot be read by this installation. Export the picture as JPEG "
                            "or PNG and import that."}
_PICTURE_HINTS = {".heic", ".heif", ".psd"}   # meant as pictures: never attached as plain downloads


@dataclass(frozen=True)
class ImportOptions:
    alt: str = ""                       # alt text for pictures, written into the Markdown
    ffmpeg: str | None = None           # an ffmpeg to use instead of $TESSERA_FFMPEG / the bundled one
    images: images.ImageSettings = field(default_factory=images.ImageSettings)
    video: video.VideoSettings = field(default_factory=video.VideoSettings)
    thumbs_dir: Path | None = None      # default: the workspace cache, when the lesson is in a workspace
    keep_other_files: bool = False      # copy non-media files (PDF, slides…) unchanged as downloads


@dataclass(frozen=True)
class ImportResult:
    kind: str                           # "image", "video", "audio", "captions" or "file"
    path: Path                          # the stored file
    relative: str                       # how lesson.md refers to it: "media/…"
    markdown: str                       # ready to paste into the lesson
    action: str                         # "converted", "re-encoded", "stream-copied", "sanitised", "copied" or
                                        # "reused"
    poster: str = ""                    # videos: lesson-relative poster picture
    thumbnail: Path | None = None       # small WebP for pickers and lists (derived, in the cache)
    notes: tuple[str, ...] = ()         # things the author should know or do
    details: dict[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "path": str(self.path), "relative": self.relative,
                "markdown": self.markdown, "action": self.action, "poster": self.poster,
                "thumbnail": str(self.thumbnail) if self.thumbnail else "", "notes": list(self.notes),
                "details": self.details}


def import_job(source: Path, lesson_dir: Path, options: ImportOptions = ImportOptions(),
               ) -> Callable[[ProgressCallback, CancelToken], ImportResult]:
    """``import_media`` packaged as a ``job(progress, cancel)`` for a JobQueue or the GUI task runner."""
    return lambda progress, cancel: import_media(source, lesson_dir, options, progress, cancel)


def import_media(source: Path, lesson_dir: Path, options: ImportOptions = ImportOptions(),
                 progress: ProgressCallback = no_progress, cancel: CancelToken | None = None) -> ImportResult:
    source, cancel = Path(source), cancel or CancelToken()
    _check_source(source)
    store = MediaStore(lesson_dir)
    if store.contains(source):
        return _already_there(store, source, options)
    kind, info = _classify(source, options)
    progress(0.0, "Checking the file")
    digest = content_digest(source, cancel, scaled(progress, 0.0, 0.05))
    thumbs = options.thumbs_dir or default_thumbs_dir(lesson_dir)
    if kind == "image":
        result = _import_image(source, store, digest, options, thumbs, cancel)
    elif kind == "av":
        assert info is not None
        result = _import_av(source, info, store, digest, options, thumbs, scaled(progress, 0.05, 1.0), cancel)
    elif kind == "captions":
        result = _import_captions(source, store, digest)
    elif kind == "svg":
        result = _import_svg(source, store, digest, options)
    else:
        result = _copy_unchanged(source, store, digest, kind, options)
    progress(1.0, "Done")
    return result


def default_thumbs_dir(lesson_dir: Path) -> Path | None:
    workspace = Workspace.containing(Path(lesson_dir))
    return workspace.cache_dir / THUMBS if workspace is not None else None


def markdown_snippet(kind: str, relative: str, *, alt: str = "", poster: str = "", name: str = "") -> str:
    """The Markdown that shows a stored file in a lesson: a picture, a video/audio block or a link."""
    url = relative.replace(" ", "%20").replace(")", "%29")
    if kind == "image":
        # Empty alt text stays empty on purpose: check flags it, so the author describes the picture.
        text = " ".join(alt.split()).replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
        return f"![{text}]({url})\n"
    if kind in ("video", "audio"):
        poster_attr = f' poster="{poster}"' if poster else ""
        return f'::: {kind} src="{relative}"{poster_attr}\n:::\n'
    return f"[{name or Path(relative).name}]({url})\n"


def kind_of_suffix(suffix: str) -> str:
    suffix = suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return "image"
    if suffix in VIDEO_SUFFIXES:
        return "video"
    if suffix in AUDIO_SUFFIXES:
        return "audio"
    return "captions" if suffix in captions.CAPTION_SUFFIXES else "file"


def _check_source(source: Path) -> None:
    if not source.exists():
        raise MediaError(f"{source} does not exist. Check the name and folder.")
    if not source.is_file():
        raise MediaError(f"{source.name} is not a file (folders cannot be added to a lesson).")
    size = source.stat().st_size
    if size == 0:
        raise MediaError(f"{source.name} is empty (0 bytes). Export or record it again and retry.")
    if size > MAX_BYTES:
        raise MediaError(f"{source.name} is {size / 1024 ** 3:.1f} GB; lessons take files up to 2 GB. Trim "
                         "or compress it first.")


def _classify(source: Path, options: ImportOptions) -> tuple[str, MediaInfo | None]:
    suffix = source.suffix.lower()
    picture = images.image_format(source)
    if picture in images.ACCEPTED_FORMATS:
        return "image", None
    if suffix == ".svg":
        return "svg", None
    if suffix in captions.CAPTION_SUFFIXES:
        return "captions", None
    container = images.picture_container(source)
    if container is not None:
        # ffmpeg would read it as a one-frame video and make an MP4 of it: refuse instead, whatever the name.
        raise MediaError(f"{source.name}: {_CONTAINER_HINTS[container]}")
    try:
        return "av", probe(source, options.ffmpeg)
    except MediaError as exc:
        if picture is not None:
            raise MediaError(f"{source.name} is a {picture} picture, which lessons cannot show. Save it "
                             "as PNG or JPEG and retry.") from exc
        if options.keep_other_files and kind_of_suffix(suffix) == "file" and suffix not in _PICTURE_HINTS:
            return "file", None
        if suffix in _HINTS:
            raise MediaError(f"{source.name}: {_HINTS[suffix]}") from exc
        raise


# Said the same way in the app and the CLI; front ends add how to do it there (the CLI: --alt).
MISSING_ALT_NOTE = ("Describe the picture for people who cannot see it: write alt text inside the brackets "
                    "of ![...].")


def _already_there(store: MediaStore, source: Path, options: ImportOptions) -> ImportResult:
    kind = kind_of_suffix(source.suffix)
    relative = store.relative(source)
    return ImportResult(kind, source, relative, markdown_snippet(kind, relative, alt=options.alt,
                                                                 name=source.name), "reused")


def _import_image(source: Path, store: MediaStore, digest: str, options: ImportOptions,
                  thumbs: Path | None, cancel: CancelToken) -> ImportResult:
    notes: tuple[str, ...] = () if options.alt.strip() else (MISSING_ALT_NOTE,)
    existing = store.find(digest, _PICTURE_OUTPUTS)
    if existing is not None:
        return _result("image", store, existing, "reused", options, notes=notes,
                       thumbnail=_cached_thumbnail(thumbs, digest))
    web = images.convert_image(source, cancel, options.images)
    notes += _pages_note(source.name, web)
    with store.staging() as staging:
        staged = store.stage_bytes(staging, f"picture{web.suffix}", web.data)
        cancel.raise_if_cancelled()
        [stored] = store.commit([(staged, store.stem_for(source.name, digest) + web.suffix)])
    details = {"width": web.width, "height": web.height, "content": web.content, "format": web.suffix[1:],
               "source_format": web.source_format, "bytes": len(web.data),
               "source_bytes": source.stat().st_size}
    return _result("image", store, stored, "converted", options, notes=notes, details=details,
                   thumbnail=_save_thumbnail(thumbs, digest, web.thumbnail))


def _pages_note(name: str, web: images.WebImage) -> tuple[str, ...]:
    # A TIFF's later pages are content the author may want; an MPO's extra view is a phone's depth or
    # stereo picture, which no viewer shows.
    if web.source_format != "TIFF" or not web.frames_left_out:
        return ()
    more = "1 more page was" if web.frames_left_out == 1 else f"{web.frames_left_out} more pages were"
    return (f"Only the first page of {name} was imported ({more} left out). Save each page as its own "
            "picture to use them.",)


def _import_av(source: Path, info: MediaInfo, store: MediaStore, digest: str, options: ImportOptions,
               thumbs: Path | None, progress: ProgressCallback, cancel: CancelToken) -> ImportResult:
    kind = "audio" if info.video is None else "video"
    suffix = ".m4a" if kind == "audio" else ".mp4"
    notes = _av_notes(info)
    existing = store.find(digest, {suffix})
    if existing is not None:
        poster = store.sibling(existing, ".jpg") if kind == "video" else None
        return _result(kind, store, existing, "reused", options, notes=notes, poster=poster,
                       thumbnail=_cached_thumbnail(thumbs, digest))
    stem = store.stem_for(source.name, digest)
    with store.staging() as staging:
        staged = staging / f"media{suffix}"
        chosen, warnings = video.normalise(source, staged, info, ffmpeg_path=options.ffmpeg,
                                           settings=options.video, progress=scaled(progress, 0, 0.9),
                                           cancel=cancel)
        result_info = _check_output(source, staged, info, options)
        notes += _completeness_notes(info, result_info, warnings, chosen.reasons)
        files = [(staged, stem + suffix)]
        thumbnail_data = b""
        if kind == "video":
            progress(0.92, "Making the poster picture")
            poster = staging / "poster.jpg"
            video.extract_poster(staged, poster, video.poster_time(result_info.duration),
                                 ffmpeg_path=options.ffmpeg, settings=options.video, cancel=cancel)
            thumbnail_data = images.thumbnail_of(poster, options.images)
            files.append((poster, stem + ".jpg"))
        cancel.raise_if_cancelled()
        stored = store.commit(files)
    details: dict[str, object] = {"duration": result_info.duration, "bytes": stored[0].stat().st_size,
                                  "source_bytes": source.stat().st_size, "reasons": list(chosen.reasons)}
    if result_info.video:
        details["width"], details["height"] = result_info.video.display_size
    return _result(kind, store, stored[0], "stream-copied" if chosen.stream_copy else "re-encoded", options,
                   notes=notes, details=details, poster=stored[1] if len(stored) > 1 else None,
                   thumbnail=_save_thumbnail(thumbs, digest, thumbnail_data) if thumbnail_data else None)


def _check_output(source: Path, staged: Path, info: MediaInfo, options: ImportOptions) -> MediaInfo:
    try:
        result = probe(staged, options.ffmpeg)
    except MediaError as exc:
        raise MediaError(f"{source.name} could not be converted: nothing playable came out. The file is "
                         "probably damaged; export it again and retry.") from exc
    if info.video is not None and result.video is None:
        raise MediaError(f"{source.name}: its picture could not be read (damaged file). Export it again.")
    return result


def _av_notes(info: MediaInfo) -> tuple[str, ...]:
    notes = []
    if info.video is not None and info.audio is None:
        notes.append("The video has no sound track; it is kept silent (no empty track is added).")
    if info.video is not None and info.video.hdr:
        notes.append("This is HDR video; converted colours may look flatter. If so, record or export "
                     "without HDR.")
    return tuple(notes)


def _completeness_notes(info: MediaInfo, result: MediaInfo, warnings: str,
                        reasons: tuple[str, ...]) -> tuple[str, ...]:
    if video.DAMAGED in reasons:
        return ("Parts of this file are damaged (ffmpeg could not decode them). It was re-encoded so it "
                "plays everywhere, but those moments may show blocks or skip. Watch it before publishing; "
                "import the original recording if you have it.",)
    expected, got = info.duration, result.duration
    if expected and got is not None and got < expected * 0.9 - 0.5:
        return (f"The file looks incomplete: only {got:.1f} s of {expected:.1f} s could be read.",)
    if "partial file" in warnings or "corrupt" in warnings.lower():
        return ("Some of the file was damaged and skipped; watch the result before publishing.",)
    return ()


def _import_captions(source: Path, store: MediaStore, digest: str) -> ImportResult:
    existing = store.find(digest, {".vtt"})
    if existing is not None:
        return _result("captions", store, existing, "reused", ImportOptions())
    text = captions.read_captions(source).to_vtt()
    with store.staging() as staging:
        staged = store.stage_bytes(staging, "captions.vtt", text.encode("utf-8"))
        [stored] = store.commit([(staged, store.stem_for(source.name, digest) + ".vtt")])
    return _result("captions", store, stored, "converted", ImportOptions())


def _import_svg(source: Path, store: MediaStore, digest: str, options: ImportOptions) -> ImportResult:
    """A drawing rebuilt without scripts, handlers, outside links or entities (see editor.media.svg)."""
    existing = store.find(digest, {".svg"})
    if existing is not None:
        return _result("image", store, existing, "reused", options)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise MediaError(f"Could not read {source.name}: {exc.strerror or exc}. Nothing was added.") from exc
    safe = sanitise_svg(data, source.name)
    notes = (f"{safe.removed} script, link or other active part(s) were taken out of the drawing.",) \
        if safe.removed else ()
    with store.staging() as staging:
        staged = store.stage_bytes(staging, "drawing.svg", safe.data)
        [stored] = store.commit([(staged, store.stem_for(source.name, digest) + ".svg")])
    return _result("image", store, stored, "sanitised" if safe.removed else "copied", options, notes=notes)


def _copy_unchanged(source: Path, store: MediaStore, digest: str, kind: str,
                    options: ImportOptions) -> ImportResult:
    shown_as = "file"
    suffix = source.suffix.lower()
    existing = store.find(digest, {suffix})
    if existing is not None:
        return _result(shown_as, store, existing, "reused", options, name=source.name)
    with store.staging() as staging:
        staged = staging / f"file{suffix}"
        try:
            shutil.copyfile(source, staged)
        except OSError as exc:
            raise MediaError(f"Could not copy {source.name}: {exc.strerror or exc}. Nothing was "
                             "added.") from exc
        [stored] = store.commit([(staged, store.stem_for(source.name, digest) + suffix)])
    return _result(shown_as, store, stored, "copied", options, name=source.name)


def _result(kind: str, store: MediaStore, stored: Path, action: str, options: ImportOptions, *,
            notes: tuple[str, ...] = (), details: dict[str, object] | None = None,
            poster: Path | None = None, thumbnail: Path | None = None, name: str = "") -> ImportResult:
    relative = store.relative(stored)
    poster_relative = store.relative(poster) if poster else ""
    markdown = markdown_snippet(kind, relative, alt=options.alt, poster=poster_relative, name=name)
    return ImportResult(kind, stored, relative, markdown, action, poster_relative, thumbnail, notes,
                        details or {})


def _save_thumbnail(thumbs: Path | None, digest: str, data: bytes) -> Path | None:
    if thumbs is None:
        return None
    target = thumbs / f"{digest[:16]}.webp"
    try:
        atomic_write_bytes(target, data)
    except OSError:
        return None     # thumbnails are derived data: a full cache never fails an import
    return target


def _cached_thumbnail(thumbs: Path | None, digest: str) -> Path | None:
    if thumbs is None:
        return None
    target = thumbs / f"{digest[:16]}.webp"
    return target if target.is_file() else None
