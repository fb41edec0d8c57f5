"""A step's pictures, videos and sounds: which addresses may be shown, and what a local file really is.

One set of rules for the checker and for every host. `python -m story check` reports each
refusal at the media item's line (`media_problems`); the app, the export and the handout ask
`resolve` for each item and leave out what it refuses, so a story whose files changed after
a check still plays, without them.

Files are judged by their bytes, not by their names: a PNG, JPEG or WebP is recognised by
its signature and its size read from its header (no decoding, so a small file that claims
30,000 x 30,000 pixels is refused before anything unpacks it); an SVG is parsed and refused
if it holds a script, an event handler or a reference outside itself. Nothing here imports
an image library: the format core stays light (docs/architecture.md).
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

from story.format.messages import Message, say, verbatim
from story.format.model import SCHEME, WINDOWS_DRIVE, Media, Story, is_remote
from story.format.problems import FieldPath, Problem, format_field
from story.format.svg import SvgError, css_problem, sanitize_svg
from story.format.yamlsource import SourceMap, read_yaml

MAX_IMAGE_BYTES = 2_000_000
# A picture of more pixels than this is refused before it is decoded: 30,000 x 30,000 would
# take 3.6 GB of memory to unpack. 40 megapixels is more than any camera a teacher owns.
MAX_IMAGE_PIXELS = 40_000_000
MAX_SOUND_BYTES = 20_000_000
MAX_VIDEO_BYTES = 50_000_000
MAX_CAPTIONS_BYTES = 500_000

FileKind = Literal["png", "jpeg", "webp", "svg", "mp4", "webm", "mp3", "ogg", "vtt"]
MIME_TYPES: dict[str, str] = {
    "png": "image/png",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
    "svg": "image/svg+xml",
    "mp4": "video/mp4",
    "webm": "video/webm",
    "mp3": "audio/mpeg",
    "ogg": "audio/ogg",
    "vtt": "text/vtt",
}
# What each type of media item may be, and the file names it may have.
KINDS_FOR: dict[str, tuple[str, ...]] = {
    "image": ("png", "jpeg", "webp", "svg"),
    "video": ("mp4", "webm"),
    "audio": ("mp3", "ogg"),
    "captions": ("vtt",),
}
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "png": (".png",),
    "jpeg": (".jpg", ".jpeg"),
    "webp": (".webp",),
    "svg": (".svg",),
    "mp4": (".mp4", ".m4v"),
    "webm": (".webm",),
    "mp3": (".mp3",),
    "ogg": (".ogg", ".oga", ".opus"),
    "vtt": (".vtt",),
}
_SIZE_LIMITS = {"image": MAX_IMAGE_BYTES, "video": MAX_VIDEO_BYTES, "audio": MAX_SOUND_BYTES}
_KIND_NAMES = {"image": say("a PNG, JPEG, WebP or SVG picture"), "video": say("an MP4 or WebM video"),
               "audio": say("an MP3 or OGG sound"), "captions": say("a WebVTT captions file")}  # fmt: skip


@dataclass(frozen=True)
class LocalFile:
    """A file beside the story that passed every check: what it is, and its size."""

    path: Path
    kind: FileKind
    size: int
    width: int | None = None
    height: int | None = None

    @property
    def mime(self) -> str:
        return MIME_TYPES[self.kind]


@dataclass(frozen=True)
class RemoteImage:
    url: str


@dataclass(frozen=True)
class RemoteVideo:
    """A YouTube or Vimeo video: its page (a link) and its privacy-enhanced player."""

    provider: Literal["YouTube", "Vimeo"]
    video_id: str
    page_url: str
    embed_url: str


@dataclass(frozen=True)
class Refused:
    said: Message

    @property
    def reason(self) -> str:
        """Why, in English."""
        return str(self.said)


Resolved = LocalFile | RemoteImage | RemoteVideo | Refused

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "www.youtube-nocookie.com",
                  "youtube-nocookie.com"}  # fmt: skip
_VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}


def video_embed(url: str) -> RemoteVideo | None:
    """The privacy-enhanced player of a YouTube or Vimeo address; None for any other address."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() != "https":
        return None
    video_id = ""
    if host in _YOUTUBE_HOSTS:
        segments = [segment for segment in parts.path.split("/") if segment]
        if host == "youtu.be" and segments:
            video_id = segments[0]
        elif segments[:1] == ["watch"]:
            video_id = parse_qs(parts.query).get("v", [""])[0]
        elif len(segments) >= 2 and segments[0] in ("embed", "shorts", "live", "v"):
            video_id = segments[1]
        if _YOUTUBE_ID.match(video_id):
            return RemoteVideo(
                "YouTube",
                video_id,
                f"https://www.youtube.com/watch?v={video_id}",
                # youtube-nocookie sets no cookie until the video plays; captions on where they exist.
                f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1&cc_load_policy=1&rel=0",
            )
    elif host in _VIMEO_HOSTS:
        digits = [segment for segment in parts.path.split("/") if segment.isdigit()]
        if digits:
            video_id = digits[0]
            return RemoteVideo(
                "Vimeo",
                video_id,
                f"https://vimeo.com/{video_id}",
                f"https://player.vimeo.com/video/{video_id}?autoplay=1&dnt=1",
            )
    return None


def resolve(item: Media, story_dir: Path | None) -> Resolved | None:
    """What a media item shows, or why it cannot; None for a caption without a picture."""
    if item.src is None:
        return None
    return resolve_src(item.src, item.type, story_dir)


# A story's own file is a picture, a video, a sound or captions: never a program, a setting or a story.
CODE_SUFFIXES = (".py", ".pyc", ".pyo", ".pyd", ".so", ".pth", ".toml", ".cfg", ".ini", ".sh", ".yaml", ".yml")


def local_name_problem(src: str) -> Message | None:
    """Why a name may not be a story's own file although it stays in the folder (it reads as code or
    configuration, or hides), or None. A file saved from the editor is named by the app; this keeps a
    name written into a story from ever pointing a host at the app's own files."""
    parts = Path(src).parts
    # '..' is local_path's to refuse (it leads out of the folder); '.' is no name at all.
    if any((part.startswith(".") and part not in (".", "..")) or part == "__pycache__" for part in parts):
        return say("a folder or file whose name starts with a dot, or __pycache__, is not a picture, video or sound")
    if src.lower().endswith(CODE_SUFFIXES):
        return say("a program's or a setting's file is not a picture, video or sound")
    return None


def resolve_src(src: str, kind: str, story_dir: Path | None) -> Resolved:
    """`src` of a media item of `kind` (image, video, audio, captions), checked."""
    if is_remote(src):
        return _remote(src, kind)
    name_problem = local_name_problem(src)
    if name_problem:
        return Refused(name_problem)
    if story_dir is None:
        return Refused(say("a file beside the story needs the story's folder, and this story was not read from one"))
    found = local_path(src, story_dir)
    if isinstance(found, Refused):
        return found
    return check_file(found, kind)


def _remote(src: str, kind: str) -> Resolved:
    scheme = SCHEME.match(src).group(1).lower()  # type: ignore[union-attr]
    if scheme != "https":
        if scheme == "http":
            return Refused(say("a picture or video on the web needs an https:// address"))
        return Refused(
            say(
                "a {scheme}: address is never shown; give an https:// address or a file beside the story", scheme=scheme
            )
        )
    if not urlsplit(src).hostname or any(char.isspace() for char in src):
        return Refused(say("this is not a web address"))
    if kind == "image":
        return RemoteImage(src)
    if kind == "video":
        video = video_embed(src)
        if video is None:
            host = urlsplit(src).hostname
            return Refused(say("a video on the web plays from YouTube or Vimeo only, not from {host}", host=str(host)))
        return video
    if kind == "audio":
        return Refused(say("a sound plays from a file beside the story only"))
    return Refused(say("a captions file plays from a file beside the story only"))


def local_path(src: str, story_dir: Path) -> Path | Refused:
    """The file `src` names inside the story's folder, or why it is refused (absolute, outside, missing)."""
    if src.startswith(("/", "\\", "~")) or WINDOWS_DRIVE.match(src):
        return Refused(say("give the path from the story's folder (pictures/town.jpg), not an absolute path"))
    if "\\" in src or "\x00" in src:
        return Refused(say("write the path with forward slashes (pictures/town.jpg)"))
    folder = story_dir.resolve()
    if ".." in Path(src).parts:
        return Refused(say("the file must be inside the story's folder; '..' leads out of it"))
    candidate = folder / src
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return Refused(say("there is no file {src} beside the story", src=src))
    if not real.is_relative_to(folder):
        return Refused(say("{src} is a link that leads out of the story's folder", src=src))
    if not real.is_file():
        return Refused(say("{src} is not a file", src=src))
    return real


def check_file(path: Path, kind: str) -> LocalFile | Refused:
    """A local file of a media item of `kind`, judged by its content and its size."""
    size = path.stat().st_size
    limit = MAX_CAPTIONS_BYTES if kind == "captions" else _SIZE_LIMITS[kind]
    if size > limit:
        return Refused(
            say(
                "{name} is {size}; a file of this kind may be at most {limit}",
                name=path.name,
                size=_megabytes(size),
                limit=_megabytes(limit),
            )
        )
    with path.open("rb") as handle:
        # A picture (2 MB at most) is read once, whole: its size and an SVG's content need all of it.
        # Of a video or a sound only the start, where its kind is written.
        data = handle.read() if kind in ("image", "captions") else handle.read(64 * 1024)
    found = sniff(data)
    if found is None:
        return Refused(
            say(
                "{name} is not {kind}: its content is of no kind a story can show",
                name=path.name,
                kind=_KIND_NAMES[kind],
            )
        )
    if found not in KINDS_FOR[kind]:
        return Refused(
            say("{name} is {found}, not {kind}", name=path.name, found=_describe_kind(found), kind=_KIND_NAMES[kind])
        )
    if not path.name.lower().endswith(EXTENSIONS[found]):
        names = "/".join(EXTENSIONS[found])
        return Refused(
            say(
                "{name} is {found}: give it the name it is ({names})",
                name=path.name,
                found=_describe_kind(found),
                names=names,
            )
        )
    if found == "svg":
        problem = svg_message(data)
        if problem:
            # The file's name and what is wrong with it: nothing of its own to translate.
            return Refused(Message("{name}: {problem}", (("name", path.name), ("problem", problem))))
        return LocalFile(path, "svg", size, *(svg_size(data) or (None, None)))
    if kind == "image":
        dimensions = image_size(data, found)
        if dimensions is None:
            return Refused(
                say(
                    "{name} looks like {found} but its size cannot be read: it is damaged",
                    name=path.name,
                    found=_describe_kind(found),
                )
            )
        width, height = dimensions
        if width * height > MAX_IMAGE_PIXELS:
            return Refused(
                say(
                    "{name} is {width} x {height} pixels; "
                    "a picture may have at most {millions} million (make it smaller)",
                    name=path.name,
                    width=f"{width:,}",
                    height=f"{height:,}",
                    millions=MAX_IMAGE_PIXELS // 1_000_000,
                )
            )
        return LocalFile(path, found, size, width, height)
    return LocalFile(path, found, size)


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} KB"


def _describe_kind(kind: str | None) -> Message:
    return {"png": say("a PNG picture"), "jpeg": say("a JPEG picture"), "webp": say("a WebP picture"),
            "svg": say("an SVG drawing"), "mp4": say("an MP4 video"), "webm": say("a WebM video"),
            "mp3": say("an MP3 sound"), "ogg": say("an OGG sound"),
            "vtt": say("a WebVTT captions file")}.get(kind or "", say("of an unknown kind"))  # fmt: skip


def sniff(head: bytes) -> FileKind | None:
    """What a file is, from its first bytes."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    if head.startswith(b"OggS"):
        return "ogg"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    text = head.removeprefix(b"\xef\xbb\xbf")
    if text.startswith(b"WEBVTT") and (len(text) == 6 or text[6:7] in (b" ", b"\t", b"\n", b"\r")):
        return "vtt"
    stripped = text.lstrip()
    if stripped.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in text:
        return "svg"
    return None


def image_size(data: bytes, kind: str) -> tuple[int, int] | None:
    """Width and height from a PNG, JPEG or WebP header, without decoding the picture."""
    try:
        if kind == "png":
            if data[12:16] != b"IHDR":
                return None
            width, height = struct.unpack(">II", data[16:24])
            return (width, height) if width and height else None
        if kind == "webp":
            chunk = data[12:16]
            if chunk == b"VP8 ":
                width, height = struct.unpack("<HH", data[26:30])
                return width & 0x3FFF, height & 0x3FFF
            if chunk == b"VP8L":
                bits = int.from_bytes(data[21:25], "little")
                return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
            if chunk == b"VP8X":
                return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
            return None
        if kind == "jpeg":
            return _jpeg_size(data)
    except (struct.error, IndexError):
        return None
    return None


_JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    position = 2
    while position + 9 < len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # padding
            position += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            position += 2
            continue
        length = struct.unpack(">H", data[position + 2 : position + 4])[0]
        if marker in _JPEG_FRAMES:
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            return (width, height) if width and height else None
        position += 2 + length
    return None


# Elements an SVG picture never needs and that could run or fetch something.
_SVG_FORBIDDEN = {"script", "foreignobject", "iframe", "object", "embed", "audio", "video", "handler", "listener"}
_SVG_ANIMATIONS = {"set", "animate", "animatetransform", "animatemotion", "animatecolor"}
_PROCESSING_INSTRUCTION = re.compile(rb"<\?(?!xml[ \t\r\n?])", re.IGNORECASE)


def svg_problem(data: bytes) -> str | None:
    """Why an SVG drawing cannot be shown (a script, an event handler, a reference outside itself), or None."""
    said = svg_message(data)
    return None if said is None else str(said)


def svg_message(data: bytes) -> Message | None:
    """`svg_problem` as a message of the checker.

    The checker and the editor tell the author what is wrong; the hosts, whatever passed here, put out
    only what `sanitize_svg` writes again (story/format/svg.py)."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return say("an SVG with a DOCTYPE or entities is refused (they can read other files)")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        return say("the SVG cannot be read ({reason})", reason=verbatim(str(error)))
    if _local_name(root.tag) != "svg":
        return say("the file is XML but not an SVG drawing")
    if _PROCESSING_INSTRUCTION.search(data):
        return say(
            "the SVG holds a processing instruction (<?xml-stylesheet ...?>), which can load or run a stylesheet"
        )
    for element in root.iter():
        name = _local_name(element.tag).lower()
        if name in _SVG_FORBIDDEN:
            return say(
                "the SVG holds a <{element}> element, which can run code or load a page",
                element=_local_name(element.tag),
            )
        if name == "style" and element.text and css_problem(element.text):
            return say("the SVG's styles load something from outside the drawing")
        if name in _SVG_ANIMATIONS:
            target = (element.get("attributeName") or "").rpartition(":")[2].strip().lower()
            if target in ("href", "src") or target.startswith("on"):
                return say(
                    "the SVG's <{element}> changes {target}=, which can run code or load a page",
                    element=_local_name(element.tag),
                    target=target,
                )
        for attribute, value in element.attrib.items():
            local = _local_name(attribute).lower()
            if local.startswith("on"):
                return say("the SVG has an event handler ({attribute}=), which runs code", attribute=local)
            if local in ("href", "src") and not value.strip().startswith("#"):
                return say(
                    "the SVG refers to something outside itself ({attribute}={value})",
                    attribute=local,
                    value=repr(value[:60]),
                )
            if css_problem(value):
                return say(
                    "the SVG loads something from outside the drawing ({attribute}={value})",
                    attribute=local,
                    value=repr(value[:60]),
                )
    try:
        sanitize_svg(data)
    except SvgError as error:
        return verbatim(str(error))
    return None


def _local_name(tag: str) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def svg_size(data: bytes) -> tuple[int, int] | None:
    """An SVG's width and height in pixels, from its attributes or its viewBox."""
    root = ElementTree.fromstring(data)

    def pixels(value: str | None) -> float | None:
        match = re.fullmatch(r"\s*([0-9.]+)\s*(px)?\s*", value or "")
        return float(match.group(1)) if match else None

    width, height = pixels(root.get("width")), pixels(root.get("height"))
    if not (width and height):
        box = (root.get("viewBox") or "").replace(",", " ").split()
        if len(box) == 4:
            try:
                width, height = float(box[2]), float(box[3])
            except ValueError:
                return None
    if width and height:
        return round(width), round(height)
    return None


def media_problems(story: Story, story_dir: Path | None, source_map: SourceMap, name: str) -> list[Problem]:
    """Every media item the hosts would leave out, with why, at its line; a warning for a video on the web
    without a transcript."""
    problems: list[Problem] = []

    def report(path: FieldPath, message: Message) -> None:
        problems.append(Problem.of(name, source_map.locate(path), format_field(path), message))

    for step_index, step in enumerate(story.steps):
        for item_index, item in enumerate(step.media):
            # A single `media:` block (the older form) is one item at the block's own place.
            single = source_map.locate(("steps", step_index, "media", 0)) == source_map.locate(
                ("steps", step_index, "media")
            )
            path: FieldPath = ("steps", step_index, "media") if single else ("steps", step_index, "media", item_index)
            for field, kind in (("src", item.type), ("captions", "captions"), ("poster", "image")):
                src = getattr(item, field)
                if src is None:
                    continue
                found = resolve_src(src, kind, story_dir)
                if isinstance(found, Refused):
                    report((*path, field), found.said)
            if item.type == "video" and item.transcript is None and item.captions is None:
                # Only a video on YouTube or Vimeo gets here (the format requires a transcript of a
                # file of ours): the platform may have captions, and the story plays, but it is a gap.
                message = say("the video has no transcript: write what is said and shown, for those who cannot hear it")
                where = source_map.locate((*path, "src"))
                problems.append(Problem.of(name, where, format_field((*path, "src")), message, warning=True))
    return problems


def story_media_problems(path: Path, story: Story) -> list[Problem]:
    """`media_problems` for a story file already loaded as `story`, its files beside it."""
    _, source_map = read_yaml(path.read_bytes(), str(path))
    return media_problems(story, path.parent, source_map, str(path))
