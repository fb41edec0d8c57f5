"""A draft's folder: the pictures a teacher uploaded, beside the files its story already had.

A story's local pictures are paths from its folder (pictures/town.jpg). A draft opened from a story
file keeps that folder as `base_dir`; pictures uploaded in the editor are kept in the draft itself
(`Draft.files`, judged by their content as the checker judges a file beside a story). Where a host
needs a folder (the checker, the preview, the story page playing the draft), `materialize` writes one
with both; *Download* gives the YAML alone, or a .zip of the folder when the story has local files.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import tempfile
import time
import zipfile
from pathlib import Path

from story.editor.draft import Draft, OpenError, load_draft
from story.format.media import EXTENSIONS, MAX_IMAGE_BYTES, Refused, check_file, local_path, sniff
from story.format.model import is_remote, slugify
from story.format.problems import StoryError

PICTURES = "pictures"
# At most this many uploaded pictures in one draft: with MAX_IMAGE_BYTES each, a draft holds 40 MB at most.
MAX_UPLOADS = 20
# A story's folder opened as a .zip: at most this much in all, unpacked, in at most this many entries.
MAX_FOLDER_BYTES = 40_000_000
MAX_FOLDER_ENTRIES = 500
FOLDERS_LIFETIME_S = 6 * 60 * 60
MEDIA_FIELDS = ("src", "captions", "poster")


class PictureError(ValueError):
    """An uploaded file the editor does not take as a picture, in words for the teacher."""


def add_picture(draft: Draft, filename: str, data: bytes) -> str:
    """Keep an uploaded picture in the draft; returns its path from the story's folder (pictures/name.png).

    Judged by its content with the checker's own rules (kind, size, pixels, an SVG's scripts); named by
    what it is, so a JPEG called photo.png is kept as photo.jpg."""
    if len(draft.files) >= MAX_UPLOADS:
        raise PictureError(f"a draft holds at most {MAX_UPLOADS} uploaded pictures")
    if len(data) > MAX_IMAGE_BYTES:
        raise PictureError(f"{_shown(filename)} is larger than {MAX_IMAGE_BYTES // 1_000_000} MB")
    kind = sniff(data[: 64 * 1024])
    if kind is None or kind not in ("png", "jpeg", "webp", "svg"):
        raise PictureError(f"{_shown(filename)} is not a PNG, JPEG, WebP or SVG picture (judged by its content)")
    stem = slugify(Path(filename).stem, 60) or "picture"
    suffix = EXTENSIONS[kind][0]
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / f"{stem}{suffix}"
        trial.write_bytes(data)
        judged = check_file(trial, "image")
    if isinstance(judged, Refused):
        raise PictureError(judged.reason.replace(trial.name, _shown(filename)))
    name, number = f"{PICTURES}/{stem}{suffix}", 2
    while name in draft.files or _in_base(draft, name):
        name, number = f"{PICTURES}/{stem}-{number}{suffix}", number + 1
    draft.files[name] = data
    return name


def _shown(filename: str) -> str:
    return Path(str(filename)).name[:80] or "the file"


def _in_base(draft: Draft, name: str) -> bool:
    return draft.base_dir is not None and (draft.base_dir / name).exists()


def local_references(draft: Draft) -> list[str]:
    """Every local file the draft's media name (src, captions, poster), in the order written, once each."""
    found: list[str] = []
    steps = draft.tree.get("steps")
    for step in steps if isinstance(steps, list) else []:
        media = step.get("media") if isinstance(step, dict) else None
        for item in [media] if isinstance(media, dict) else media if isinstance(media, list) else []:
            for key in MEDIA_FIELDS:
                value = item.get(key) if isinstance(item, dict) else None
                if isinstance(value, str) and value and not is_remote(value) and value not in found:
                    found.append(value)
    return found


def _local_sources(draft: Draft) -> dict[str, bytes | Path]:
    """Each local file the draft names that exists: an upload's bytes, or the path of a file beside the
    story it came from (read only when needed)."""
    found: dict[str, bytes | Path] = {}
    for name in local_references(draft):
        if name in draft.files:
            found[name] = draft.files[name]
        elif draft.base_dir is not None:
            path = local_path(name, draft.base_dir)
            if isinstance(path, Path):
                found[name] = path
    return found


def has_local_files(draft: Draft) -> bool:
    """Whether the story names a file of its own that exists (it then downloads as a .zip)."""
    return bool(_local_sources(draft))


def local_files(draft: Draft) -> dict[str, bytes]:
    """The bytes of each local file the draft names that exists (uploaded, or beside the story it came from)."""
    return {name: _bytes(source) for name, source in _local_sources(draft).items()}


def _bytes(source: bytes | Path) -> bytes:
    return source if isinstance(source, bytes) else source.read_bytes()


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

    from story.format.yamlsource import MAX_FILE_BYTES

    try:
        draft = load_draft(read(story_entry, MAX_FILE_BYTES), Path(story_entry.filename).name)
    except StoryError as error:
        raise OpenError("\n".join(str(problem) for problem in error.problems[:5])) from None
    by_name = {entry.filename: entry for entry in entries}
    for wanted in local_references(draft):
        entry = by_name.get(f"{prefix}/{wanted}" if prefix else wanted)
        if entry is not None and safe_name(wanted):
            draft.files[wanted] = read(entry, MAX_FOLDER_BYTES)
    return draft


def materialize(draft: Draft, root: Path | None = None) -> Path | None:
    """A folder the draft's story plays from: its own folder when nothing was uploaded; otherwise one
    written once under `root` (named by its content) with the uploaded pictures and the files it names."""
    if not draft.files:
        return draft.base_dir
    root = root or Path(tempfile.gettempdir()) / "qantar-drafts"
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
            if not safe_name(name):
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


def _forget_old(root: Path) -> None:
    now = time.time()
    for folder in root.glob("*") if root.exists() else []:
        try:
            if now - folder.stat().st_mtime > FOLDERS_LIFETIME_S:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def story_zip(draft: Draft) -> bytes:
    """The story's folder as a .zip: the story file at its top, each local file at the path it is named by."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(Path(draft.name).name, draft.dump())
        for name, data in local_files(draft).items():
            archive.writestr(name, data)
    return out.getvalue()


def save_with_backup(target: Path, data: bytes, pictures: dict[str, bytes] | None = None) -> None:
    """Write a story file (or a translation) on the server, the previous one kept as `<name>.bak`; the
    pictures uploaded go beside it, under the names the story gives them, never over a file."""
    if target.exists():
        shutil.copy2(target, target.with_suffix(target.suffix + ".bak"))
    target.write_bytes(data)
    for name, picture in (pictures or {}).items():
        path = target.parent / name
        if safe_name(name) and not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(picture)
