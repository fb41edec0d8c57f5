"""What the server keeps of teachers' work: drafts and previews, one interface, answers that say why.

A store keeps a draft under a key (the browser's signed token, or a preview's random id) and the
client it came from (an address). It says what it did with each draft (`PutResult`: kept, or
refused and why, and which older drafts gave way), and what became of a key it cannot find
(`why_missing`): a teacher is told, never shown something else in silence.

The back end is SQLite in the data folder (story/store/sqlite.py); ":memory:" is the same code for
tests. No Streamlit here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

KEY_MAX = 100
NAME_MAX = 200


class StoreUnavailableError(Exception):
    """The store cannot be read or written (a corrupt file, a folder that cannot be written)."""


class Outcome(enum.StrEnum):
    """What `put` did with a draft."""

    KEPT = "kept"
    BAD_KEY = "bad_key"  # empty or longer than KEY_MAX: nothing a browser of ours sends
    TOO_BIG = "too_big"  # the story file (or its original) is over `Bounds.story_bytes`
    FILES_TOO_BIG = "files_too_big"  # the story with its pictures is over `Bounds.draft_bytes`
    UNAVAILABLE = "unavailable"  # the store could not write (disk full, locked too long, corrupt)


class Missing(enum.StrEnum):
    """Why a key has no draft."""

    NEVER_SEEN = "never_seen"  # (or so long ago that even its tombstone is gone)
    EXPIRED = "expired"  # left alone longer than `Bounds.lifetime_s`
    EVICTED = "evicted"  # removed to make room for newer drafts
    DROPPED = "dropped"  # removed on purpose (`drop`)


@dataclass(frozen=True)
class Bounds:
    """How much one kind of draft may take. Per client: an address, which a whole school may share, so
    its bounds are generous; they stop one browser from pushing everyone else's drafts out."""

    story_bytes: int = 4_000_000
    draft_bytes: int = 100_000_000
    client_drafts: int = 100
    client_bytes: int = 400_000_000
    total_drafts: int = 10_000
    total_bytes: int = 2_000_000_000
    lifetime_s: float = 30 * 24 * 60 * 60
    tombstones: int = 50_000


DRAFTS = Bounds()
# What *Play the story* opens: the story file only (its pictures stay in the draft), for a day.
PREVIEWS = Bounds(
    draft_bytes=8_000_000,
    client_drafts=50,
    client_bytes=100_000_000,
    total_drafts=5_000,
    total_bytes=500_000_000,
    lifetime_s=24 * 60 * 60,
)


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


@dataclass(frozen=True)
class PutResult:
    outcome: Outcome
    limit: int = 0  # the bound a refused draft went over, in bytes
    evicted: tuple[str, ...] = ()  # keys removed to make room, this client's own first

    @property
    def kept(self) -> bool:
        return self.outcome is Outcome.KEPT


@dataclass(frozen=True)
class Absence:
    """What became of a key: why it has no draft, and when that draft was last saved (if known)."""

    reason: Missing
    saved_at: float | None = None


def refusal(bounds: Bounds, key: str, original: bytes, current: bytes, files: dict[str, bytes]) -> PutResult | None:
    """Why a draft may not be kept under `key` whatever the store holds (every back end asks this first)."""
    if not key or len(key) > KEY_MAX:
        return PutResult(Outcome.BAD_KEY)
    if max(len(original), len(current)) > bounds.story_bytes:
        return PutResult(Outcome.TOO_BIG, bounds.story_bytes)
    size = len(original) + len(current) + sum(len(data) for data in files.values())
    limit = min(bounds.draft_bytes, bounds.client_bytes, bounds.total_bytes)
    if size > limit:
        return PutResult(Outcome.FILES_TOO_BIG, limit)
    return None


class DraftStore(Protocol):
    def put(
        self,
        key: str,
        original: bytes,
        current: bytes,
        name: str,
        changed: bool,
        base_dir: Path | None = None,
        files: dict[str, bytes] | None = None,
        *,
        client: str | None = None,
    ) -> PutResult: ...

    def get(self, key: str) -> StoredDraft | None: ...

    def why_missing(self, key: str) -> Absence | None: ...

    def drop(self, key: str) -> None: ...

    def __len__(self) -> int: ...
