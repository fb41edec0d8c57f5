"""Teachers' drafts, kept apart from Streamlit's sessions: bounded, and found again by a token.

Each browser keeps a random token (components/editor_token.js); its draft lives here under that
token for LIFETIME_S after its last change, so a reload or a reconnect finds it, and several teachers
on one server each have their own. At most MAX_DRAFTS drafts of at most MAX_FILE_BYTES each: the
store's memory is bounded by their product (200 MB at the very most, a few MB in practice).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from story.format.yamlsource import MAX_FILE_BYTES

LIFETIME_S = 6 * 60 * 60
MAX_DRAFTS = 200
TOKEN_MAX = 64


@dataclass(frozen=True)
class StoredDraft:
    original: bytes
    current: bytes
    name: str
    changed: bool
    saved_at: float


class DraftStore:
    def __init__(self, clock: Callable[[], float] = time.time, capacity: int = MAX_DRAFTS) -> None:
        self._clock = clock
        self._capacity = capacity
        self._lock = threading.Lock()
        self._drafts: OrderedDict[str, StoredDraft] = OrderedDict()

    def __len__(self) -> int:
        return len(self._drafts)

    def put(self, token: str, original: bytes, current: bytes, name: str, changed: bool) -> bool:
        """Keep a draft under `token`; False (and nothing kept) for a bad token or a file too large."""
        if not token or len(token) > TOKEN_MAX or len(current) > MAX_FILE_BYTES or len(original) > MAX_FILE_BYTES:
            return False
        with self._lock:
            self._drafts.pop(token, None)
            self._drafts[token] = StoredDraft(original, current, name[:200], changed, self._clock())
            self._forget()
        return True

    def get(self, token: str) -> StoredDraft | None:
        with self._lock:
            self._forget()
            return self._drafts.get(token)

    def drop(self, token: str) -> None:
        with self._lock:
            self._drafts.pop(token, None)

    def _forget(self) -> None:
        now = self._clock()
        for token in [token for token, draft in self._drafts.items() if now - draft.saved_at > LIFETIME_S]:
            del self._drafts[token]
        while len(self._drafts) > self._capacity:
            self._drafts.popitem(last=False)  # the draft left alone longest
