"""The story's own pictures, videos and sounds, made ready for a host.

The app publishes a copy of each file under `static/media/` (Streamlit serves that folder, as it
serves the published geodata), named by its content so a changed picture is a new address and
a browser may keep the old one forever; a large picture gets smaller copies beside it for the
browser to choose from. The export inlines each file as a data URI, a large picture once at the
width the pane needs, so the export stays one file. Both take only what `story.format.media`
accepts: a refused file is left out and its step plays without it.
"""

from __future__ import annotations

import base64
import hashlib
import io
from pathlib import Path

from PIL import Image, ImageOps

from story.format.media import MAX_IMAGE_PIXELS, LocalFile, Refused, resolve_src
from story.format.model import Story, is_remote
from story.format.svg import SvgError, sanitize_svg
from story.reader.media import MediaFiles, ShownFile
from story.store.paths import write_atomically

# Pillow refuses to open anything larger than what the checker lets through.
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
# Smaller copies for the app, for a phone and for the pane at twice its size; the export
# keeps one copy no wider than the last.
COPY_WIDTHS = (480, 960)
EXPORT_WIDTH = 960
_SAVE_OPTIONS: dict[str, dict[str, int | bool]] = {
    "png": {"optimize": True},
    "jpeg": {"quality": 85, "optimize": True},
    "webp": {"quality": 80},
}
_PIL_FORMATS = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}
_SUFFIXES = {"png": ".png", "jpeg": ".jpg", "webp": ".webp", "svg": ".svg", "mp4": ".mp4", "webm": ".webm",
             "mp3": ".mp3", "ogg": ".ogg", "vtt": ".vtt"}  # fmt: skip


def local_files(story: Story, story_dir: Path | None) -> tuple[dict[str, LocalFile], list[tuple[int, str, str]]]:
    """Every file beside the story its media name (src, captions, poster) that may be shown, by the name as
    written; and what is refused, as (step index, name, reason)."""
    accepted: dict[str, LocalFile] = {}
    refused: list[tuple[int, str, str]] = []
    for index, step in enumerate(story.steps):
        for item in step.media:
            for name, kind in ((item.src, item.type), (item.captions, "captions"), (item.poster, "image")):
                if name is None or is_remote(name) or name in accepted:
                    continue
                found = resolve_src(name, kind, story_dir)
                if isinstance(found, Refused):
                    refused.append((index, name, found.reason))
                elif isinstance(found, LocalFile):
                    accepted[name] = found
    return accepted, refused


def refused_media(story: Story, story_dir: Path | None) -> list[tuple[int, str, str]]:
    """Every file and address of the story's media a host leaves out: (step index, as written, why)."""
    refused = local_files(story, story_dir)[1]
    for index, step in enumerate(story.steps):
        for item in step.media:
            if item.src is not None and is_remote(item.src):
                found = resolve_src(item.src, item.type, None)
                if isinstance(found, Refused):
                    refused.append((index, item.src, found.reason))
    return sorted(refused, key=lambda refusal: refusal[0])


def may_ask_the_web(story: Story, online: bool) -> bool:
    """Whether a page may request the story's pictures and videos on the web: not offline, not local-only."""
    return online and story.media != "local-only"


def smaller_copy(file: LocalFile, width: int) -> bytes:
    """The picture at `width` pixels wide, in its own format, without its metadata (turned upright first)."""
    with Image.open(file.path) as opened:
        picture = ImageOps.exif_transpose(opened)
        height = max(1, round(picture.height * width / picture.width))
        resized = picture.resize((width, height), Image.Resampling.LANCZOS)
        if file.kind == "jpeg" and resized.mode not in ("RGB", "L"):
            resized = resized.convert("RGB")
        buffer = io.BytesIO()
        resized.save(buffer, _PIL_FORMATS[file.kind], **_SAVE_OPTIONS[file.kind])
        return buffer.getvalue()


def shown_bytes(file: LocalFile) -> bytes:
    """The bytes a host puts out for a file: an SVG as `sanitize_svg` writes it again, never as uploaded, so
    nothing the checker missed reaches a page (the security review, H1)."""
    data = file.path.read_bytes()
    return sanitize_svg(data) if file.kind == "svg" else data


def _resizable(file: LocalFile) -> bool:
    return file.kind in _PIL_FORMATS and file.width is not None


def publish(story: Story, story_dir: Path | None, target: Path, url_prefix: str, online: bool) -> MediaFiles:
    """Copies of the story's files in `target` (served at `url_prefix`), for the app."""
    accepted, _ = local_files(story, story_dir)
    shown: dict[str, ShownFile] = {}
    for name, file in accepted.items():
        try:
            data = shown_bytes(file)
        except SvgError:
            continue  # changed since it was judged: left out, as a refused file is
        digest = hashlib.sha256(data).hexdigest()[:20]
        suffix = _SUFFIXES[file.kind]
        _write_once(target / f"{digest}{suffix}", data)
        copies: list[tuple[str, int]] = []
        if _resizable(file):
            for width in COPY_WIDTHS:
                if width < file.width:  # type: ignore[operator]
                    copy_name = f"{digest}-{width}w{suffix}"
                    if not (target / copy_name).exists():
                        _write_once(target / copy_name, smaller_copy(file, width))
                    copies.append((url_prefix + copy_name, width))
        shown[name] = ShownFile(url_prefix + digest + suffix, file.mime, file.width, file.height, tuple(copies))
    return MediaFiles(shown, may_ask_the_web(story, online))


def _write_once(path: Path, data: bytes) -> None:
    # Named by content: a file already there is this one (two processes may publish at once).
    if not path.exists():
        write_atomically(path, data)


def inline(story: Story, story_dir: Path | None, online: bool) -> MediaFiles:
    """The story's files as data URIs, for the export (a large picture once, at the pane's width)."""
    accepted, _ = local_files(story, story_dir)
    shown: dict[str, ShownFile] = {}
    for name, file in accepted.items():
        width, height = file.width, file.height
        if _resizable(file) and file.width > EXPORT_WIDTH:  # type: ignore[operator]
            data = smaller_copy(file, EXPORT_WIDTH)
            width, height = EXPORT_WIDTH, round(file.height * EXPORT_WIDTH / file.width)  # type: ignore[operator]
        else:
            try:
                data = shown_bytes(file)
            except SvgError:
                continue
        uri = f"data:{file.mime};base64,{base64.b64encode(data).decode('ascii')}"
        shown[name] = ShownFile(uri, file.mime, width, height)
    return MediaFiles(shown, may_ask_the_web(story, online))
