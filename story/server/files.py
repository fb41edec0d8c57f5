"""Files the app writes and serves itself, from the data folder, under headers that keep them inert.

A story's pictures, videos and sounds are published here (story/outputs/media.py names them by
their content); an editor's preview page is kept here for its frame. Every file is served with a
policy that lets nothing in it run or reach anything (`sandbox`, `default-src 'none'`) and with
`nosniff`, so a file can only ever be what its name says; a preview page may run its own inline
scripts, in a sandbox without the app's origin.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from pathlib import Path

from story.store.paths import write_atomically

MEDIA = "media"
DRAFT_MEDIA = "media/drafts"
PAGES = "pages"
MEDIA_URL = "files/media/"
DRAFT_MEDIA_URL = "files/media/drafts/"
PAGE_URL = "files/page/"

MEDIA_NAME = re.compile(r"^[0-9a-f]{20}(?:-[0-9]+w)?\.(?:png|jpg|webp|svg|mp4|webm|mp3|ogg|vtt)$")
PAGE_NAME = re.compile(r"^[0-9a-f]{32}\.html$")
CONTENT_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".mp3": "audio/mpeg",
    ".ogg": "audio/ogg",
    ".vtt": "text/vtt; charset=utf-8",
    ".html": "text/html; charset=utf-8",
}
MEDIA_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
    # Named by content: the same name is the same bytes for ever.
    "Cache-Control": "public, max-age=31536000, immutable",
}
# A preview runs the player's inline scripts, but in an opaque origin: not the app's, so nothing in it
# can read the editor's page, its cookies or its storage.
PAGE_HEADERS = {
    "Content-Security-Policy": "sandbox allow-scripts allow-popups allow-popups-to-escape-sandbox",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "private, max-age=3600",
}
PAGES_LIFETIME_S = 6 * 60 * 60
PAGES_MAX = 500
DRAFT_MEDIA_LIFETIME_S = 6 * 60 * 60
DRAFT_MEDIA_MAX_BYTES = 500_000_000


def write_once(path: Path, data: bytes) -> None:
    """Write a file named by its content, once: a file already there is this one."""
    if not path.exists():
        write_atomically(path, data)


def keep_page(data_dir: Path, html: str, now: float | None = None) -> str:
    """Keep a preview page; returns its address from the app's root (files/page/<name>)."""
    data = html.encode("utf-8")
    name = hashlib.sha256(data).hexdigest()[:32] + ".html"
    folder = data_dir / PAGES
    path = folder / name
    if path.exists():
        os.utime(path)
    else:
        forget_old(folder, PAGES_LIFETIME_S, max_files=PAGES_MAX, now=now)
        write_once(path, data)
    return PAGE_URL + name


def forget_old(folder: Path, lifetime_s: float, max_files: int | None = None, max_bytes: int | None = None,
               now: float | None = None) -> None:  # fmt: skip
    """Remove files older than `lifetime_s`, then the oldest until the folder is within its bounds."""
    if not folder.is_dir():
        return
    now = time.time() if now is None else now
    files = []
    for path in folder.iterdir():
        try:
            stat = path.stat()
        except OSError:
            continue
        if not path.is_file():
            continue
        if now - stat.st_mtime > lifetime_s:
            path.unlink(missing_ok=True)
        else:
            files.append((stat.st_mtime, stat.st_size, path))
    files.sort()
    total = sum(size for _, size, _ in files)
    while files and (
        (max_files is not None and len(files) >= max_files) or (max_bytes is not None and total > max_bytes)
    ):
        _, size, oldest = files.pop(0)
        oldest.unlink(missing_ok=True)
        total -= size


def served_file(data_dir: Path, folder: str, name: str) -> Path | None:
    """The file an address names, if it is one the app wrote: a name of its own pattern, in its folder."""
    pattern = PAGE_NAME if folder == PAGES else MEDIA_NAME
    if not pattern.match(name):
        return None
    path = data_dir / folder / name
    return path if path.is_file() else None
