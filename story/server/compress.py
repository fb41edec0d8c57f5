"""What the page loads, sent compressed and cached by the app itself: each file compressed once.

Streamlit serves its bundle (`/static/...`, about 3 MB for a first page) and its page uncompressed on
purpose, and the app's own static folder (`/app/static/...`: Leaflet, the geodata) through a gzip that
runs again on every request, without a cache lifetime and never answering 304: it expects a proxy in
front. A school running `make run` has no proxy, and a phone on a slow link waits for every byte. So
the app answers those requests itself (`StaticBundle`): the first request for a file in an encoding
writes its compressed copy into the data folder (named by the file's path, size and time, so a new
Streamlit or a new layer gets new copies and replicas on one folder share them), and every later one
is sent from there. Brotli or gzip as the browser accepts, `Vary: Accept-Encoding`, an ETag per file
and encoding (a revalidation costs a 304), a year's `immutable` caching for Streamlit's content-named
files and `no-cache` (revalidate) for the rest. Pictures and fonts are sent as they are.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import mimetypes
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import brotli

from story.store.paths import write_atomically

# Compressible text only: pictures and fonts are compressed already.
CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".geojson": "application/geo+json",
    ".svg": "image/svg+xml",
    ".map": "application/json",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
MIN_BYTES = 1024
# Brotli's quality 9 is within 12 % of its best here at a 17th of the time (0.75 s against 12.7 s for
# the largest bundle file): a first visitor is not kept waiting for the one-time compression.
BROTLI_QUALITY = 9
GZIP_LEVEL = 9
SUFFIXES = {"br": ".br", "gzip": ".gz"}
# Streamlit names its bundle files by content (`index.Ab12Cd.js`): those never change.
HASHED = re.compile(r"\.[A-Za-z0-9_-]{8,}\.[a-z]+$")
IMMUTABLE = "public, immutable, max-age=31536000"
REVALIDATE = "no-cache"
CACHE_FOLDER = "compressed"
# The file itself, sent as it is: it gains nothing from compression, or the browser accepts none.
PLAIN = "plain"


def chosen_encoding(accept_encoding: str | None) -> str | None:
    """`br` or `gzip`, whichever the browser accepts (brotli first), or None for neither."""
    accepted: dict[str, float] = {}
    for part in (accept_encoding or "").split(","):
        name, _, params = part.strip().partition(";")
        weight = 1.0
        match = re.search(r"q\s*=\s*([0-9.]+)", params)
        if match:
            try:
                weight = float(match.group(1))
            except ValueError:
                weight = 0.0
        accepted[name.strip().lower()] = weight
    for encoding in ("br", "gzip"):
        if accepted.get(encoding, accepted.get("*", 0.0)) > 0:
            return encoding
    return None


def compress(data: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return brotli.compress(data, quality=BROTLI_QUALITY)
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


@dataclass(frozen=True)
class Folder:
    """A folder served under a URL prefix.

    `hashed_names`: its files are named by content, so one whose name looks hashed is cached for a year.
    `every_file`: the app answers for all its files, pictures too (else only the compressible ones, and
    the rest is left to Streamlit, which caches them well already).
    """

    prefix: str
    root: Path
    hashed_names: bool = False
    every_file: bool = False
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Source:
    path: Path
    folder: Folder

    @property
    def compressible(self) -> bool:
        return self.path.suffix in CONTENT_TYPES

    @property
    def content_type(self) -> str:
        known = CONTENT_TYPES.get(self.path.suffix) or mimetypes.guess_type(self.path.name)[0]
        return known or "application/octet-stream"

    @property
    def cache_control(self) -> str:
        return IMMUTABLE if self.folder.hashed_names and HASHED.search(self.path.name) else REVALIDATE


@dataclass(frozen=True)
class Compressed:
    """A file as sent in one encoding (`plain`: the file itself) with its caching headers."""

    path: Path
    content_type: str
    encoding: str
    cache_control: str
    etag: str
    headers: tuple[tuple[str, str], ...] = ()

    def response_headers(self) -> dict[str, str]:
        headers = {"Vary": "Accept-Encoding", "Cache-Control": self.cache_control, "ETag": self.etag}
        headers.update(self.headers)
        if self.encoding != PLAIN:
            headers["Content-Encoding"] = self.encoding
        return headers


class StaticBundle:
    """Folders served under URL prefixes, and pages (a path and its file), with the compressed copies of
    their files in `cache_dir`; thread-safe."""

    def __init__(self, folders: list[Folder], cache_dir: Path, pages: Mapping[str, Path] | None = None) -> None:
        self.folders = [Folder(f.prefix, f.root.resolve(), f.hashed_names, f.every_file, f.headers) for f in folders]
        self.pages = {path: file.resolve() for path, file in (pages or {}).items()}
        self.cache_dir = cache_dir
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        # What was found and made, for the process's life (the files do not change under a running
        # server): a later request for the same file costs a dictionary lookup, no disk, no thread.
        self._found: dict[str, Source] = {}
        self._made: dict[tuple[Path, str], Compressed] = {}
        # Set when the data folder cannot be written: every file is then sent as it is, rather than
        # compressed again on every request with nowhere to keep the copy.
        self.unwritable = False

    def source(self, request_path: str) -> Source | None:
        """The file `request_path` names, if the app answers for it; None for anything else."""
        found = self._found.get(request_path)
        if found is not None:
            return found
        if ".." in request_path or "\\" in request_path or "\0" in request_path:
            return None
        page = self.pages.get(request_path)
        if page is not None:
            found = Source(page, Folder(request_path, page.parent, every_file=True))
        else:
            found = self._in_folder(request_path)
        if found is None:
            return None
        try:
            size = found.path.stat().st_size
        except OSError:
            return None
        if not found.folder.every_file and (not found.compressible or size < MIN_BYTES):
            return None
        if len(self._found) < 20_000:  # only files that exist are remembered: a bounded set
            self._found[request_path] = found
        return found

    def _in_folder(self, request_path: str) -> Source | None:
        for folder in self.folders:
            if request_path.startswith(folder.prefix):
                path = (folder.root / request_path[len(folder.prefix) :].lstrip("/")).resolve()
                if path.is_relative_to(folder.root) and path.is_file():
                    return Source(path, folder)
                return None
        return None

    def ready(self, source: Source, encoding: str | None) -> Compressed | None:
        """The copy already made or found in this process, if any (no disk, no thread)."""
        return self._made.get((source.path, self._encoding(source, encoding)))

    def compressed(self, source: Source, encoding: str | None) -> Compressed:
        """`source` as sent in `encoding` (the file itself when it gains nothing or none is accepted);
        a compressed copy is made on the first call and read from disk after."""
        chosen = self._encoding(source, encoding)
        stat = source.path.stat()
        key = hashlib.sha256(f"{source.path}|{stat.st_size}|{stat.st_mtime_ns}|{chosen}".encode()).hexdigest()[:32]
        target = source.path
        if chosen != PLAIN:
            target = self.cache_dir / (key + SUFFIXES[chosen])
            if not target.exists():
                with self._lock(key):  # many first visitors at once: one compression
                    if not target.exists():
                        try:
                            write_atomically(target, compress(source.path.read_bytes(), chosen))
                        except OSError as error:
                            logging.getLogger(__name__).error("files sent uncompressed: %s", error)
                            self.unwritable = True
                            return self.compressed(source, None)
        made = Compressed(target, source.content_type, chosen, source.cache_control, f'"{key}"', source.folder.headers)
        self._made[(source.path, chosen)] = made
        return made

    def _encoding(self, source: Source, encoding: str | None) -> str:
        if encoding is None or not source.compressible or self.unwritable:
            return PLAIN
        try:
            small = source.path.stat().st_size < MIN_BYTES
        except OSError:
            small = True
        return PLAIN if small else encoding

    def _lock(self, key: str) -> threading.Lock:
        with self._guard:
            if len(self._locks) > 4096:
                self._locks = {}
            return self._locks.setdefault(key, threading.Lock())


def streamlit_static_root() -> Path:
    import streamlit

    return Path(streamlit.__file__).parent / "static"


def app_bundle(
    app_static: Path, cache_dir: Path, pages: tuple[str, ...], page_styles: Path | None = None
) -> StaticBundle:
    """What the app's page loads: Streamlit's bundle and page, and the app's static folder (Leaflet,
    the geodata) that `server.enableStaticServing` serves at `/app/static/`. With `page_styles`, the
    page is Streamlit's with those styles in its head (first_paint.py)."""
    streamlit_root = streamlit_static_root()
    page = streamlit_root / "index.html"
    if page_styles is not None:
        from story.server.first_paint import styled_page

        page = styled_page(page, page_styles, cache_dir)
    return StaticBundle(
        [
            Folder("/static/", streamlit_root / "static", hashed_names=True),
            # Streamlit's own answer for these lets any site read them; kept as it was.
            Folder("/app/static/", app_static, every_file=True, headers=(("Access-Control-Allow-Origin", "*"),)),
        ],
        cache_dir,
        pages=dict.fromkeys(pages, page),
    )
