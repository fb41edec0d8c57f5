"""Teachers' drafts, kept apart from Streamlit's sessions: bounded, and found again by a token.

Each browser keeps a random token (components/editor_token.js); its draft lives here under that
token for LIFETIME_S after its last change, so a reload or a reconnect finds it, and several teachers
on one server each have their own. At most MAX_DRAFTS drafts, of MAX_BYTES in all (a draft's story
file and its uploaded pictures): the drafts left alone longest go first.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from story.format.yamlsource import MAX_FILE_BYTES

LIFETIME_S = 6 * 60 * 60
MAX_DRAFTS = 200
TOKEN_MAX = 64
MAX_BYTES = 400_000_000


@dataclass(frozen=True)
class StoredDraft:
    original: bytes
    current: bytes
    name: str
    changed: bool
    saved_at: float
    base_dir: Path | None = None
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.original) + len(self.current) + sum(len(data) for data in self.files.values())


class DraftStore:
    def __init__(
        self, clock: Callable[[], float] = time.time, capacity: int = MAX_DRAFTS, max_bytes: int = MAX_BYTES
    ) -> None:
        self._clock = clock
        self._capacity = capacity
        self._max_bytes = max_bytes
        self._lock = threading.Lock()
        self._drafts: OrderedDict[str, StoredDraft] = OrderedDict()

    def __len__(self) -> int:
        return len(self._drafts)

    def put(
        self,
        token: str,
        original: bytes,
        current: bytes,
        name: str,
        changed: bool,
        base_dir: Path | None = None,
        files: dict[str, bytes] | None = None,
    ) -> bool:
        """Keep a draft under `token`; False (and nothing kept) for a bad token or a file too large."""
        if not token or len(token) > TOKEN_MAX or len(current) > MAX_FILE_BYTES or len(original) > MAX_FILE_BYTES:
            return False
        draft = StoredDraft(original, current, name[:200], changed, self._clock(), base_dir, dict(files or {}))
        if draft.size > self._max_bytes:
            return False
        with self._lock:
            self._drafts.pop(token, None)
            self._drafts[token] = draft
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
        total = sum(draft.size for draft in self._drafts.values())
        while len(self._drafts) > self._capacity or total > self._max_bytes:
            _, gone = self._drafts.popitem(last=False)  # the draft left alone longest
            total -= gone.size
