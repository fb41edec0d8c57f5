"""Streamlit's own scripts and styles, sent compressed: each file compressed once, never per request.

Streamlit serves its bundle (`/static/...`, about 3 MB for a first page) uncompressed on purpose: its
gzip middleware would compress it again on every request, and it expects a proxy in front. A school
running `make run` has no proxy, and a phone on a slow link waits for every byte. So the app answers
those requests itself when the browser accepts brotli or gzip: the first request for a file writes its
compressed copy into the data folder (named by the file's path, size and time, so a new Streamlit
gets new copies and replicas on one folder share them), and every later one is sent from there.
Pictures and fonts are not recompressed; a browser that accepts neither encoding gets Streamlit's own
answer, unchanged.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import brotli

from story.store.paths import write_atomically

# Compressible text only: the bundle's pictures and fonts are compressed already.
CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".map": "application/json",
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
class Compressed:
    path: Path
    content_type: str
    encoding: str
    cache_control: str
    etag: str


class StaticBundle:
    """Streamlit's static folder and the compressed copies of its files in `cache_dir`; thread-safe."""

    def __init__(self, root: Path, cache_dir: Path) -> None:
        self.root = root.resolve()
        self.cache_dir = cache_dir
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        # What was found and made, for the process's life (the bundle does not change under a running
        # server): a later request for the same file costs a dictionary lookup, no disk, no thread.
        self._found: dict[str, Path] = {}
        self._made: dict[tuple[Path, str], Compressed] = {}
        # Set when the data folder cannot be written: Streamlit's own plain answers from then on, rather
        # than a compression per request that cannot be kept.
        self.unwritable = False

    def source(self, request_path: str) -> Path | None:
        """The bundle file `/static/...` names, if it is one worth compressing; None for anything else."""
        if self.unwritable:
            return None
        found = self._found.get(request_path)
        if found is not None:
            return found
        if not request_path.startswith("/static/") or ".." in request_path or "\\" in request_path:
            return None
        path = (self.root / request_path.lstrip("/")).resolve()
        if not path.is_relative_to(self.root) or path.suffix not in CONTENT_TYPES:
            return None
        try:
            if path.stat().st_size < MIN_BYTES:
                return None
        except OSError:
            return None
        if len(self._found) < 20_000:  # only files that exist are remembered: a bounded set
            self._found[request_path] = path
        return path

    def ready(self, source: Path, encoding: str) -> Compressed | None:
        """The compressed copy already made in this process, if any (no disk, no thread)."""
        return self._made.get((source, encoding))

    def compressed(self, source: Path, encoding: str) -> Compressed | None:
        """The compressed copy of `source`, made on the first call for it and read from disk after; None
        when the data folder cannot be written (the file is then sent as Streamlit sends it)."""
        stat = source.stat()
        relative = source.relative_to(self.root).as_posix()
        key = hashlib.sha256(f"{relative}|{stat.st_size}|{stat.st_mtime_ns}|{encoding}".encode()).hexdigest()[:32]
        target = self.cache_dir / (key + SUFFIXES[encoding])
        if not target.exists():
            with self._lock(key):  # many first visitors at once: one compression
                if not target.exists():
                    try:
                        write_atomically(target, compress(source.read_bytes(), encoding))
                    except OSError as error:
                        logging.getLogger(__name__).error("Streamlit's bundle sent uncompressed: %s", error)
                        self.unwritable = True
                        return None
        cache = IMMUTABLE if HASHED.search(source.name) else REVALIDATE
        made = Compressed(target, CONTENT_TYPES[source.suffix], encoding, cache, f'"{key}"')
        self._made[(source, encoding)] = made
        return made

    def _lock(self, key: str) -> threading.Lock:
        with self._guard:
            if len(self._locks) > 4096:
                self._locks = {}
            return self._locks.setdefault(key, threading.Lock())


def streamlit_static_root() -> Path:
    import streamlit

    return Path(streamlit.__file__).parent / "static"
