"""A draft's folder: the pictures a teacher uploaded, beside the files its story already had.

A story's local pictures are paths from its folder (pictures/town.jpg). A draft opened from a story
file keeps that folder as `base_dir`; pictures uploaded in the editor are kept in the draft itself
(`Draft.files`, judged by their content as the checker judges a file beside a story). Where a host
needs a folder (the checker, the preview, the story page playing the draft), `materialize` writes one
with both; *Download* gives the YAML alone, or a .zip of the folder when the story has local files.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import shutil
import tempfile
import time
import zipfile
from functools import lru_cache
from pathlib import Path

from story.editor.draft import Draft, OpenError, load_draft
from story.format.media import (
    EXTENSIONS,
    MAX_IMAGE_BYTES,
    LocalFile,
    Refused,
    check_file,
    local_name_problem,
    local_path,
    sniff,
)
from story.format.messages import Message, say, verbatim
from story.format.model import is_remote, slugify
from story.format.problems import StoryError
from story.format.svg import SvgError, sanitize_svg
from story.format.yamlsource import MAX_FILE_BYTES
from story.store.paths import data_dir, write_atomically

PICTURES = "pictures"
# At most this many uploaded pictures in one draft: with MAX_IMAGE_BYTES each, a draft holds 40 MB at most.
MAX_UPLOADS = 20
# A story's folder opened as a .zip: at most this much in all, unpacked, in at most this many entries.
MAX_FOLDER_BYTES = 40_000_000
MAX_FOLDER_ENTRIES = 500
FOLDERS_LIFETIME_S = 6 * 60 * 60
# The folders drafts play from, in all: each holds at most MAX_FOLDER_BYTES.
FOLDERS_MAX_BYTES = 25 * MAX_FOLDER_BYTES
DRAFT_FOLDERS = "draft-folders"
MEDIA_FIELDS = ("src", "captions", "poster")
# Where a saved story's files go, beside it, under names the app chooses (content hash and kind).
SAVED_MEDIA = "media"
BACKUPS = "backups"
# Never a name a program would read as code or configuration, whatever the file holds.


class PictureError(ValueError):
    """An uploaded file the editor does not take as a picture, in words for the teacher (`said`, for
    the page to say in the reader's language)."""

    def __init__(self, said: Message) -> None:
        super().__init__(str(said))
        self.said = said


def add_picture(draft: Draft, filename: str, data: bytes) -> str:
    """Keep an uploaded picture in the draft; returns its path from the story's folder (pictures/name.png).

    Judged by its content with the checker's own rules (kind, size, pixels, an SVG's scripts); named by
    what it is, so a JPEG called photo.png is kept as photo.jpg."""
    if len(draft.files) >= MAX_UPLOADS:
        raise PictureError(say("a draft holds at most {count} uploaded pictures", count=MAX_UPLOADS))
    if len(data) > MAX_IMAGE_BYTES:
        raise PictureError(
            say("{name} is larger than {limit} MB", name=_shown(filename), limit=MAX_IMAGE_BYTES // 1_000_000)
        )
    kind = sniff(data[: 64 * 1024])
    if kind is None or kind not in ("png", "jpeg", "webp", "svg"):
        raise PictureError(
            say("{name} is not a PNG, JPEG, WebP or SVG picture (judged by its content)", name=_shown(filename))
        )
    stem = slugify(Path(filename).stem, 60) or "picture"
    suffix = EXTENSIONS[kind][0]
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / f"{stem}{suffix}"
        trial.write_bytes(data)
        judged = check_file(trial, "image")
    if isinstance(judged, Refused):
        # Named as the teacher named it, not as the scratch copy was.
        said = judged.said
        raise PictureError(Message(said.template, tuple((key, _shown(filename) if value == trial.name else value)
                                                        for key, value in said.values)))  # fmt: skip
    name, number = f"{PICTURES}/{stem}{suffix}", 2
    while name in draft.files or _in_base(draft, name):
        name, number = f"{PICTURES}/{stem}-{number}{suffix}", number + 1
    # Kept as the hosts will show it: an SVG written again from the allow-list, never as uploaded.
    draft.files[name] = sanitize_svg(data) if kind == "svg" else data
    return name


def _shown(filename: str) -> str:
    return Path(str(filename)).name[:80] or "the file"


def _in_base(draft: Draft, name: str) -> bool:
    return draft.base_dir is not None and (draft.base_dir / name).exists()


def media_name_problem(name: str) -> str | None:
    """Why a name may not be a story's local file (it leads out, reads as code or configuration, or hides)."""
    if not safe_name(name):
        return f"{name[:80]}: give a path inside the story's folder (pictures/town.jpg)"
    problem = local_name_problem(name)
    return f"{name[:80]}: {problem}" if problem else None


def local_references(draft: Draft) -> list[str]:
    """Every local file the draft's media name (src, captions, poster), in the order written, once each."""
    return list(local_kinds(draft))


def local_kinds(draft: Draft) -> dict[str, str]:
    """Every local file the draft's media name, with the kind its field asks for (image, video, ...)."""
    found: dict[str, str] = {}
    steps = draft.tree.get("steps")
    for step in steps if isinstance(steps, list) else []:
        media = step.get("media") if isinstance(step, dict) else None
        for item in [media] if isinstance(media, dict) else media if isinstance(media, list) else []:
            if not isinstance(item, dict):
                continue
            for key in MEDIA_FIELDS:
                value = item.get(key)
                if isinstance(value, str) and value and not is_remote(value) and value not in found:
                    found[value] = _field_kind(key, item.get("type"))
    return found


def _field_kind(key: str, media_type: object) -> str:
    if key == "captions":
        return "captions"
    if key == "poster":
        return "image"
    return media_type if media_type in ("image", "video", "audio") else "image"


def judge_bytes(name: str, data: bytes, kind: str) -> LocalFile | Refused:
    """A file given as bytes, judged as the checker judges a file beside a story (kind, size, content)."""
    problem = media_name_problem(name)
    if problem:
        return Refused(verbatim(problem))
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / Path(name).name
        trial.write_bytes(data)
        judged = check_file(trial, kind)
    return judged


@lru_cache(maxsize=512)
def _judged_path(path: str, kind: str, size: int, modified_ns: int) -> bool:
    # Keyed on the file's size and time: a file beside the story is read again only when it changes.
    return isinstance(check_file(Path(path), kind), LocalFile)


def _local_sources(draft: Draft) -> dict[str, bytes | Path]:
    """Each local file the draft names that exists and passes the media checks for its field's kind: an
    upload's bytes (judged when it came in), or the path of a file beside the story it came from."""
    found: dict[str, bytes | Path] = {}
    for name, kind in local_kinds(draft).items():
        if media_name_problem(name):
            continue
        if name in draft.files:
            found[name] = draft.files[name]
        elif draft.base_dir is not None:
            path = local_path(name, draft.base_dir)
            if isinstance(path, Path):
                stat = path.stat()
                if _judged_path(str(path), kind, stat.st_size, stat.st_mtime_ns):
                    found[name] = path
    return found


def has_local_files(draft: Draft) -> bool:
    """Whether the story names a file of its own that exists (it then downloads as a .zip)."""
    return bool(_local_sources(draft))


def local_files(draft: Draft) -> dict[str, bytes]:
    """The bytes of each local file the draft names that exists (uploaded, or beside the story it came from)."""
    return {name: _bytes(source) for name, source in _local_sources(draft).items()}


def _bytes(source: bytes | Path) -> bytes:
    """A file's bytes as a host may put them out: an SVG written again from the allow-list (an SVG that no
    longer passes gives nothing, which no host takes)."""
    data = source if isinstance(source, bytes) else source.read_bytes()
    if sniff(data[: 64 * 1024]) != "svg":
        return data
    try:
        return sanitize_svg(data)
    except SvgError:
        return b""


def safe_name(name: str) -> bool:
    """A path from the story's folder that stays in it (no absolute path, no '..', no backslash)."""
    parts = Path(name).parts
    return (
        bool(parts) and not name.startswith(("/", "~")) and "\\" not in name and ":" not in name and ".." not in parts
    )


def open_folder_zip(name: str, raw: bytes) -> Draft:
    """A story's folder as a .zip (what *Download* gives): its one story file, and the files it names.

    Sizes are read as the entries unpack, not taken from the archive's word for them; a file the story
    names but the archive lacks is the checker's problem, at its field, as for a story on disk."""
    shown = Path(str(name)).name[:80]
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        entries = [entry for entry in archive.infolist() if not entry.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError):
        raise OpenError(f"{shown} is not a .zip file that can be read") from None
    if len(entries) > MAX_FOLDER_ENTRIES:
        raise OpenError(f"{shown} holds more than {MAX_FOLDER_ENTRIES} files")
    stories = [entry for entry in entries if entry.filename.lower().endswith((".yaml", ".yml"))]
    if not stories:
        raise OpenError(f"{shown} holds no story file (.yaml)")
    # The story file nearest the top; its folder is the story's folder.
    story_entry = min(stories, key=lambda entry: (entry.filename.count("/"), entry.filename))
    if sum(1 for entry in stories if entry.filename.count("/") == story_entry.filename.count("/")) > 1:
        raise OpenError(f"{shown} holds several story files side by side: give one story per .zip")
    prefix = story_entry.filename.rpartition("/")[0]
    budget = [MAX_FOLDER_BYTES]

    def read(entry: zipfile.ZipInfo, limit: int) -> bytes:
        try:
            with archive.open(entry) as handle:
                data = handle.read(min(limit, budget[0]) + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
            raise OpenError(f"{entry.filename[:80]} in {shown} cannot be unpacked") from None
        if len(data) > min(limit, budget[0]):
            raise OpenError(f"{entry.filename[:80]} in {shown} is larger than a story may hold")
        budget[0] -= len(data)
        return data

    try:
        draft = load_draft(read(story_entry, MAX_FILE_BYTES), Path(story_entry.filename).name)
    except StoryError as error:
        raise OpenError("\n".join(str(problem) for problem in error.problems[:5])) from None
    by_name = {entry.filename: entry for entry in entries}
    for wanted, kind in local_kinds(draft).items():
        entry = by_name.get(f"{prefix}/{wanted}" if prefix else wanted)
        if entry is None or media_name_problem(wanted):
            continue  # the checker names the missing file at its field
        data = read(entry, MAX_FOLDER_BYTES)
        # Kept only when it is what its field asks for, as an upload is: the rest is left in the archive.
        judged = judge_bytes(wanted, data, kind)
        if isinstance(judged, LocalFile):
            draft.files[wanted] = sanitize_svg(data) if judged.kind == "svg" else data
    return draft


def materialize(draft: Draft, root: Path | None = None) -> Path | None:
    """A folder the draft's story plays from: its own folder when nothing was uploaded; otherwise one
    written once under `root` (named by its content) with the uploaded pictures and the files it names."""
    if not draft.files:
        return draft.base_dir
    root = root or data_dir() / DRAFT_FOLDERS
    files: dict[str, bytes | Path] = {**_local_sources(draft), **draft.files}
    # Named by what it holds: an upload by its bytes, a file beside the story by its path, size and
    # time (so a rerun reads none of them again); written once.
    digest = hashlib.sha256()
    for name in sorted(files):
        source = files[name]
        if isinstance(source, bytes):
            mark = hashlib.sha256(source).digest()
        else:
            stat = source.stat()
            mark = f"{source}|{stat.st_size}|{stat.st_mtime_ns}".encode()
        digest.update(name.encode() + b"\0" + mark)
    folder = root / digest.hexdigest()[:24]
    if not folder.exists():
        _forget_old(root)
        partial = root / f".{folder.name}-{time.monotonic_ns()}"
        for name, source in files.items():
            if media_name_problem(name):
                continue  # the checker names it (local_path refuses it); nothing is written outside
            target = partial / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_bytes(source))
        partial.mkdir(parents=True, exist_ok=True)
        try:
            partial.rename(folder)  # whole or not at all: another session may be writing the same folder
        except OSError:
            shutil.rmtree(partial, ignore_errors=True)
    return folder


def _forget_old(root: Path, max_bytes: int = FOLDERS_MAX_BYTES) -> None:
    """Folders older than their lifetime go; then the oldest, until all of them hold at most `max_bytes`."""
    now = time.time()
    kept = []
    for folder in root.glob("*") if root.exists() else []:
        try:
            modified = folder.stat().st_mtime
        except OSError:
            continue
        if now - modified > FOLDERS_LIFETIME_S:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            size = sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
            kept.append((modified, size, folder))
    kept.sort()
    total = sum(size for _, size, _ in kept)
    while kept and total > max_bytes:
        _, size, oldest = kept.pop(0)
        shutil.rmtree(oldest, ignore_errors=True)
        total -= size


def story_zip(draft: Draft, name: str | None = None) -> bytes:
    """The story's folder as a .zip: the story file at its top (as `name`, else the name it was opened
    under), each local file at the path it is named by."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(Path(name or draft.name).name, draft.dump())
        for name, data in local_files(draft).items():
            archive.writestr(name, data)
    return out.getvalue()


def backup(target: Path, now: datetime.datetime | None = None) -> Path | None:
    """A copy of `target` as it is, under `backups/` beside it, named by the time: no save loses one."""
    if not target.exists():
        return None
    stamp = (now or datetime.datetime.now(datetime.UTC)).strftime("%Y%m%dT%H%M%S.%fZ")
    copy = target.parent / BACKUPS / f"{target.stem}.{stamp}{target.suffix}"
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(target, copy)
    return copy


def save_with_backup(target: Path, data: bytes) -> None:
    """Write a story file (or a translation) on the server, atomically, the previous one kept in backups/."""
    backup(target)
    write_atomically(target, data)


def save_story(folder: Path, draft: Draft) -> Path:
    """Save the draft's story in `folder` (the data folder's stories), with the files it names that pass
    the media checks, each written once under `media/<content hash><extension of its kind>`: the saved
    story names those. Nothing else the draft holds is written, and nothing outside `folder`."""
    saved = load_draft(draft.dump(), draft.name)
    renamed: dict[str, str] = {}
    for name, source in _local_sources(draft).items():
        data = _bytes(source)
        kind = sniff(data[: 64 * 1024])
        if kind is None:
            continue
        new_name = f"{SAVED_MEDIA}/{hashlib.sha256(data).hexdigest()[:20]}{EXTENSIONS[kind][0]}"
        path = folder / new_name
        if not path.exists():
            write_atomically(path, data)
        renamed[name] = new_name
    _rename_media(saved, renamed)
    target = folder / Path(draft.name).name
    save_with_backup(target, saved.dump())
    return target


def _rename_media(draft: Draft, renamed: dict[str, str]) -> None:
    steps = draft.tree.get("steps")
    for index, step in enumerate(steps if isinstance(steps, list) else []):
        media = step.get("media") if isinstance(step, dict) else None
        items: list[tuple[tuple[str | int, ...], dict]] = (
            [(("steps", index, "media"), media)] if isinstance(media, dict) else []
        )
        if isinstance(media, list):
            items = [(("steps", index, "media", number), item) for number, item in enumerate(media)]
        for path, item in items:
            for key in MEDIA_FIELDS:
                value = item.get(key) if isinstance(item, dict) else None
                if isinstance(value, str) and value in renamed:
                    draft.set((*path, key), renamed[value])
