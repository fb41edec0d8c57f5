"""Bytes a client may send within a window: uploads are bounded on the server, not only in the browser.

Streamlit checks each file against `server.maxUploadSize`, but any number of files may be sent and
each is kept in memory until its session ends. A `ByteBudget` charges every upload to its session
and to its client's address; once either has sent its share within the window, further uploads are
refused (413) before their bodies are read.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

MB = 1_000_000
WINDOW_S = 60 * 60
# A teacher opens a story folder (≤40 MB) a few times in an hour; a school behind one address
# has several teachers.
SESSION_BYTES = 160 * MB
ADDRESS_BYTES = 600 * MB


@dataclass(frozen=True)
class Charge:
    allowed: bool
    reason: str = ""


class ByteBudget:
    """Bytes sent per key within a sliding window; thread-safe."""

    def __init__(
        self,
        session_bytes: int = SESSION_BYTES,
        address_bytes: int = ADDRESS_BYTES,
        window_s: float = WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 20_000,
    ) -> None:
        self._limits = {"session": session_bytes, "address": address_bytes}
        self._window = window_s
        self._clock = clock
        self._max_keys = max_keys
        self._lock = threading.Lock()
        self._sent: dict[tuple[str, str], deque[tuple[float, int]]] = {}

    def charge(self, size: int, session: str, address: str | None) -> Charge:
        """Charge `size` bytes to the session and the address, or refuse without charging either."""
        now = self._clock()
        keys = [("session", session)] + ([("address", address)] if address else [])
        with self._lock:
            for kind, key in keys:
                if self._used((kind, key), now) + size > self._limits[kind]:
                    limit = self._limits[kind] // MB
                    return Charge(False, f"more than {limit} MB sent from this {kind} within an hour")
            if len(self._sent) > self._max_keys:
                self._sent = {k: v for k, v in self._sent.items() if v and now - v[-1][0] < self._window}
            for pair in keys:
                self._sent.setdefault(pair, deque()).append((now, size))
        return Charge(True)

    def _used(self, key: tuple[str, str], now: float) -> int:
        sent = self._sent.get(key)
        if not sent:
            return 0
        while sent and now - sent[0][0] >= self._window:
            sent.popleft()
        return sum(size for _, size in sent)
