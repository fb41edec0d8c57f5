"""Drafts in Redis: the store replicas on several machines share (`QANTAR_REDIS_URL`), as presentations are.

The same interface and the same rules as the SQLite store (story/store/sqlite.py): bounds per draft,
per client and in all, the drafts left alone longest going first, a client over its share losing
only its own, small tombstones saying what became of a key. Redis keeps, per kind:

- `d:<key>`: the draft's fields (a hash), `f:<key>`: its files (a hash of name to bytes);
- `age` and `c:<client>`: sorted sets of keys by the time they were saved;
- `bytes`: a hash of bytes held per client and in all (`*`);
- `t:<key>`: a tombstone, which Redis forgets by itself after its time.

A write holds a short lock of the kind's (`SET NX PX`), so the bounds are counted by one writer at a
time, whichever replica it is; each change inside it is one MULTI/EXEC transaction. A Redis that
cannot be reached is StoreUnavailableError (and UNAVAILABLE from `put`), never redis's own errors.
"""

from __future__ import annotations

import contextlib
import secrets
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from story.store.drafts import (
    DRAFTS,
    NAME_MAX,
    Absence,
    Bounds,
    Missing,
    Outcome,
    PutResult,
    StoredDraft,
    StoreUnavailableError,
    refusal,
)

PREFIX = "qantar:store:"
CLIENT_MAX = 200
LOCK_MS = 10_000
LOCK_WAIT_S = 10.0
TOMBSTONE_EXTRA_S = 90 * 24 * 60 * 60
TOTAL = "*"


class RedisDraftStore:
    """Drafts of one `kind` ("draft", "preview") in the Redis at `url` (or a client given)."""

    def __init__(
        self,
        url: str | None = None,
        kind: str = "draft",
        bounds: Bounds = DRAFTS,
        clock: Callable[[], float] = time.time,
        client: Any = None,
    ) -> None:
        import redis

        self._errors: tuple[type[BaseException], ...] = (redis.RedisError, OSError)
        # Any: redis-py types each command of its sync client as "an awaitable or anything" (one signature
        # for the sync and async clients), so its answers are typed where they are read.
        self._redis: Any = client if client is not None else redis.Redis.from_url(str(url), socket_timeout=5)
        self._kind = kind
        self._bounds = bounds
        self._clock = clock
        self._prefix = f"{PREFIX}{kind}:"

    # --- the interface (story/store/drafts.py) ---------------------------------------------------

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
    ) -> PutResult:
        files = dict(files or {})
        refused = refusal(self._bounds, key, original, current, files)
        if refused is not None:
            return refused
        size = len(original) + len(current) + sum(len(data) for data in files.values())
        who = (client or "")[:CLIENT_MAX]
        now = self._clock()
        try:
            with self._writing():
                self._expire(now)
                self._delete(key)
                fields = {
                    "original": original,
                    "current": current,
                    "name": name[:NAME_MAX],
                    "changed": int(changed),
                    "base_dir": "" if base_dir is None else str(base_dir),
                    "saved_at": repr(now),
                    "size": size,
                    "client": who,
                }
                pipe = self._redis.pipeline(transaction=True)
                pipe.hset(self._k("d", key), mapping=fields)
                if files:
                    pipe.hset(self._k("f", key), mapping=files)
                pipe.zadd(self._k("age"), {key: now})
                pipe.zadd(self._k("c", who), {key: now})
                pipe.hincrby(self._k("bytes"), who, size)
                pipe.hincrby(self._k("bytes"), TOTAL, size)
                pipe.delete(self._k("t", key))
                pipe.execute()
                evicted = self._make_room(key, who, now)
        except StoreUnavailableError:
            return PutResult(Outcome.UNAVAILABLE)
        return PutResult(Outcome.KEPT, evicted=tuple(evicted))

    def get(self, key: str) -> StoredDraft | None:
        with self._calls():
            pipe = self._redis.pipeline(transaction=True)
            pipe.hgetall(self._k("d", key))
            pipe.hgetall(self._k("f", key))
            fields, files = pipe.execute()
        if not fields:
            return None
        saved_at = float(fields[b"saved_at"])
        if saved_at < self._clock() - self._bounds.lifetime_s:
            with contextlib.suppress(StoreUnavailableError), self._writing():
                self._expire(self._clock())
            return None
        base_dir = fields[b"base_dir"].decode("utf-8")
        return StoredDraft(
            bytes(fields[b"original"]),
            bytes(fields[b"current"]),
            fields[b"name"].decode("utf-8"),
            fields[b"changed"] == b"1",
            saved_at,
            Path(base_dir) if base_dir else None,
            {name.decode("utf-8"): bytes(data) for name, data in files.items()},
        )

    def why_missing(self, key: str) -> Absence | None:
        if self.get(key) is not None:
            return None
        with self._calls():
            tomb = self._redis.hgetall(self._k("t", key))
        if not tomb:
            return Absence(Missing.NEVER_SEEN)
        return Absence(Missing(tomb[b"reason"].decode("ascii")), float(tomb[b"saved_at"]))

    def drop(self, key: str) -> None:
        with self._writing():
            saved_at = self._redis.zscore(self._k("age"), key)
            if saved_at is not None:
                self._bury(key, saved_at, Missing.DROPPED)

    def __len__(self) -> int:
        with self._calls():
            return int(self._redis.zcard(self._k("age")))

    # --- inside a write ----------------------------------------------------------------------

    def _make_room(self, key: str, client: str, now: float) -> list[str]:
        bounds, evicted = self._bounds, []
        while True:  # this client's own drafts first, oldest first
            count = self._redis.zcard(self._k("c", client))
            held = int(self._redis.hget(self._k("bytes"), client) or 0)
            if count <= bounds.client_drafts and held <= bounds.client_bytes:
                break
            oldest = self._oldest(self._k("c", client), key)
            if oldest is None:
                break
            self._bury(*oldest, Missing.EVICTED)
            evicted.append(oldest[0])
        while True:  # then the drafts left alone longest, whoever's they are
            count = self._redis.zcard(self._k("age"))
            held = int(self._redis.hget(self._k("bytes"), TOTAL) or 0)
            if count <= bounds.total_drafts and held <= bounds.total_bytes:
                break
            oldest = self._oldest(self._k("age"), key)
            if oldest is None:
                break
            self._bury(*oldest, Missing.EVICTED)
            evicted.append(oldest[0])
        return evicted

    def _oldest(self, sorted_set: str, keep: str) -> tuple[str, float] | None:
        for member, score in self._redis.zrange(sorted_set, 0, 1, withscores=True):
            name = member.decode("utf-8")
            if name != keep:
                return name, score
        return None

    def _expire(self, now: float) -> None:
        for member, score in self._redis.zrangebyscore(
            self._k("age"), "-inf", now - self._bounds.lifetime_s, withscores=True
        ):
            self._bury(member.decode("utf-8"), score, Missing.EXPIRED)

    def _bury(self, key: str, saved_at: float, reason: Missing) -> None:
        self._delete(key)
        tomb = self._k("t", key)
        pipe = self._redis.pipeline(transaction=True)
        pipe.hset(tomb, mapping={"reason": reason.value, "saved_at": repr(saved_at)})
        pipe.expire(tomb, int(self._bounds.lifetime_s + TOMBSTONE_EXTRA_S))
        pipe.execute()

    def _delete(self, key: str) -> None:
        fields = self._redis.hmget(self._k("d", key), ["client", "size"])
        if fields[0] is None:
            return
        who, size = fields[0].decode("utf-8"), int(fields[1] or 0)
        pipe = self._redis.pipeline(transaction=True)
        pipe.delete(self._k("d", key), self._k("f", key))
        pipe.zrem(self._k("age"), key)
        pipe.zrem(self._k("c", who), key)
        pipe.hincrby(self._k("bytes"), who, -size)
        pipe.hincrby(self._k("bytes"), TOTAL, -size)
        pipe.execute()

    # --- calls ---------------------------------------------------------------------------------

    def _k(self, *parts: str) -> str:
        return self._prefix + ":".join(parts)

    @contextlib.contextmanager
    def _calls(self) -> Iterator[None]:
        try:
            yield
        except self._errors as error:
            raise StoreUnavailableError(str(error)) from error

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """One writer of this kind at a time, across every replica sharing the Redis."""
        token = secrets.token_hex(8)
        lock = self._k("lock")
        with self._calls():
            deadline = time.monotonic() + LOCK_WAIT_S
            while not self._redis.set(lock, token, nx=True, px=LOCK_MS):
                if time.monotonic() > deadline:
                    raise StoreUnavailableError("another replica held the store's lock too long")
                time.sleep(0.005)
            try:
                yield
            finally:
                # Released only by its holder (a lock that outlived LOCK_MS may be another's now).
                if self._redis.get(lock) == token.encode():
                    self._redis.delete(lock)
