"""Where a presenter and the followers meet: the presenter's step, language and follower count.

By default presentations are kept in the data folder's SQLite file (`SqliteChannel`,
story/present/sqlite_channel.py): a restart or a killed process loses none, and replicas on one
machine sharing the folder share them. With `QANTAR_REDIS_URL` set, `RedisChannel` keeps them in
Redis, so that a presenter and followers served by app processes on several machines (behind the
nginx of docs/deploy.md) stay in step. `MemoryChannel` keeps them in this process: the tests', and
the app's when the data folder's file cannot be used. All forget a presentation 3 hours after its
last change, and all are bounded: at most MAX_PRESENTATIONS presentations, MAX_FOLLOWERS followers
of each counted.

A code that ended (ended by its presenter, expired, or given way) is remembered for
TOMBSTONE_S: a follower whose page comes back with it is told the presentation has ended, and
that is not a wrong code (story/present/limits.py). A full `MemoryChannel` or `SqliteChannel` makes room by ending
a presentation nobody follows before one a class follows, and from the client that started the
most; no client keeps more than MAX_PER_CLIENT at once, so a few addresses cannot end every
live class by starting presentations.

Redis calls have short timeouts and no retries: a Redis that is gone raises `ChannelDownError`
within about half a second, and the app tells the room it is working alone until it is back.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, Protocol, TypeVar

from story.present.codes import new_code, new_token, token_hash

LIFETIME_S = 3 * 60 * 60
MAX_PRESENTATIONS = 1000
# A school's teachers share one address: 50 classes presenting at once from one school is a lot.
MAX_PER_CLIENT = 50
MAX_FOLLOWERS = 300
# Longer than a school day: a class that reopens its laptops after lunch hears "it has ended".
TOMBSTONE_S = 12 * 60 * 60
MAX_TOMBSTONES = 20_000
# A presentation counts as followed while a follower asked within this many seconds (a class that
# put its laptops away for a quarter of an hour still counts).
FOLLOWED_S = 30 * 60
# A follower counts while its page asked within this many seconds (it asks twice a second).
FOLLOWER_SEEN_S = 10.0
REDIS_TIMEOUT_S = 0.25
REDIS_WAIT_STEP_S = 0.05
REDIS_URL_ENV = "QANTAR_REDIS_URL"


class ChannelDownError(Exception):
    """The channel cannot be reached (Redis is gone); presenter and followers carry on alone."""


@dataclass(frozen=True)
class Presented:
    """A presentation as its followers see it."""

    code: str
    story: str
    step: str
    language: str
    seq: int
    changed: float
    # Student-paced: the followers move at their own pace and are not moved by the presenter's steps.
    paced: bool = False
    # The seq at which the presenter last brought everyone to their step (0: never): a follower who
    # went exploring follows again.
    gathered: int = 0


@dataclass(frozen=True)
class Position:
    """Where a follower is, as their page last reported: the roster's line (story/present/roster.py)."""

    follower: str
    number: int  # in the order they first reported: "Student 7"
    name: str
    step: str
    furthest: str
    at: float


class Channel(Protocol):
    def start(self, story: str, step: str, language: str, client: str = "") -> tuple[str, str]:
        """A new presentation started by `client` (its address): its join code and the presenter's token."""
        ...

    def resume(self, code: str, token: str) -> Presented | None:
        """The presentation, if it is live and `token` is its presenter's."""
        ...

    def move(self, code: str, token: str, step: str, language: str, revive: str | None = None) -> bool:
        """The presenter's new step; False if the token is not the presenter's or it has ended. With
        `revive` (the story's id), a presentation the channel lost (Redis restarted empty) is made
        again under its code and token."""
        ...

    def end(self, code: str, token: str) -> bool: ...

    def current(self, code: str) -> Presented | None:
        """The presentation a follower follows; None when it is unknown, ended or expired."""
        ...

    def ended(self, code: str) -> bool:
        """Whether `code` named a presentation that is over (ended, expired, given way) within TOMBSTONE_S."""
        ...

    def wait(self, code: str, seq: int | None, timeout_s: float) -> Presented | None:
        """The presentation once it differs from `seq` (a follower's last), or as it is after `timeout_s`."""
        ...

    def seen(self, code: str, follower: str) -> None:
        """A follower's page asked: it counts as following for FOLLOWER_SEEN_S."""
        ...

    def followers(self, code: str) -> int: ...

    def pace(self, code: str, token: str, paced: bool, gather: str | None = None) -> bool:
        """The presenter sets the class student-paced or teacher-paced; with `gather` (the presenter's
        step), everyone is brought to that step and follows again. False if the token is not the
        presenter's or the presentation has ended."""
        ...

    def report(self, code: str, follower: str, name: str, step: str, furthest: str) -> None:
        """A follower's page says where it is (its step, the furthest it came, its name): kept for the
        presentation's lifetime, at most MAX_FOLLOWERS, the longest quiet given up first."""
        ...

    def roster(self, code: str) -> list[Position]:
        """Every follower that reported, in the order they first did."""
        ...


@dataclass
class _Entry:
    token: str
    presented: Presented
    followers: dict[str, float] = field(default_factory=dict)
    positions: dict[str, Position] = field(default_factory=dict)
    numbered: int = 0
    client: str = ""
    last_followed: float = 0.0


class MemoryChannel:
    """Presentations in this process, under a lock (the app serves every session from one process)."""

    def __init__(
        self,
        clock: Callable[[], float] = time.time,
        capacity: int = MAX_PRESENTATIONS,
        per_client: int = MAX_PER_CLIENT,
    ) -> None:
        self._clock = clock
        self._capacity = capacity
        self._per_client = per_client
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._entries: dict[str, _Entry] = {}
        # code -> when it stopped being live, oldest first
        self._ended: dict[str, float] = {}
        self._by_client: dict[str, set[str]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def _live(self, code: str) -> _Entry | None:
        entry = self._entries.get(code)
        if entry is not None and self._clock() - entry.presented.changed > LIFETIME_S:
            self._remove(code)
            return None
        return entry

    def _remove(self, code: str) -> None:
        entry = self._entries.pop(code)
        own = self._by_client.get(entry.client)
        if own is not None:
            own.discard(code)
            if not own:
                del self._by_client[entry.client]
        now = self._clock()
        self._ended.pop(code, None)
        self._ended[code] = now
        if len(self._ended) > MAX_TOMBSTONES:
            for old, when in list(self._ended.items()):
                if now - when <= TOMBSTONE_S and len(self._ended) <= MAX_TOMBSTONES:
                    break
                del self._ended[old]

    def _give_way(self, among: list[str]) -> None:
        """End one of `among` to make room: one nobody follows, from the client that started the most,
        left alone longest."""
        now = self._clock()

        def order(code: str) -> tuple[bool, int, float]:
            entry = self._entries[code]
            started = len(self._by_client.get(entry.client, ()))
            return now - entry.last_followed <= FOLLOWED_S, -started, entry.presented.changed

        self._remove(min(among, key=order))

    def start(self, story: str, step: str, language: str, client: str = "") -> tuple[str, str]:
        token = new_token()
        with self._lock:
            now = self._clock()
            for code, entry in list(self._entries.items()):
                if now - entry.presented.changed > LIFETIME_S:
                    self._remove(code)
            # A start that names no client (a test, a tool) is bounded by the capacity alone.
            while client and len(self._by_client.get(client, ())) >= self._per_client:
                self._give_way(list(self._by_client[client]))
            while len(self._entries) >= self._capacity:
                self._give_way(list(self._entries))
            code = new_code()
            # A code is not given again while it is remembered as ended: its old class would join.
            while code in self._entries or code in self._ended:
                code = new_code()
            presented = Presented(code, story, step, language, 1, now)
            self._entries[code] = _Entry(token_hash(token), presented, client=client)
            if client:
                self._by_client.setdefault(client, set()).add(code)
        return code, token

    def resume(self, code: str, token: str) -> Presented | None:
        with self._lock:
            entry = self._live(code)
            return entry.presented if entry is not None and entry.token == token_hash(token) else None

    def move(self, code: str, token: str, step: str, language: str, revive: str | None = None) -> bool:
        with self._lock:
            entry = self._live(code)
            if entry is None and revive is not None:
                entry = self._entries[code] = _Entry(
                    token_hash(token), Presented(code, revive, step, language, 0, self._clock())
                )
                self._ended.pop(code, None)
            if entry is None or entry.token != token_hash(token):
                return False
            old = entry.presented
            entry.presented = replace(old, step=step, language=language, seq=old.seq + 1, changed=self._clock())
            self._changed.notify_all()
            return True

    def end(self, code: str, token: str) -> bool:
        with self._lock:
            entry = self._live(code)
            if entry is None or entry.token != token_hash(token):
                return False
            self._remove(code)
            self._changed.notify_all()
            return True

    def current(self, code: str) -> Presented | None:
        with self._lock:
            entry = self._live(code)
            return entry.presented if entry is not None else None

    def ended(self, code: str) -> bool:
        with self._lock:
            if self._live(code) is not None:
                return False
            when = self._ended.get(code)
            return when is not None and self._clock() - when <= TOMBSTONE_S

    def wait(self, code: str, seq: int | None, timeout_s: float) -> Presented | None:
        # The waiting thread sleeps on the condition: no work until the presenter moves.
        deadline = time.monotonic() + timeout_s
        with self._lock:
            while True:
                entry = self._live(code)
                if entry is None or entry.presented.seq != seq:
                    return entry.presented if entry is not None else None
                left = deadline - time.monotonic()
                if left <= 0:
                    return entry.presented
                self._changed.wait(left)

    def seen(self, code: str, follower: str) -> None:
        with self._lock:
            entry = self._live(code)
            if entry is None:
                return
            now = self._clock()
            entry.followers[follower] = entry.last_followed = now
            if len(entry.followers) > MAX_FOLLOWERS:
                for name, last in list(entry.followers.items()):
                    if now - last > FOLLOWER_SEEN_S:
                        del entry.followers[name]
                while len(entry.followers) > MAX_FOLLOWERS:
                    del entry.followers[next(iter(entry.followers))]

    def followers(self, code: str) -> int:
        with self._lock:
            entry = self._live(code)
            if entry is None:
                return 0
            now = self._clock()
            return sum(1 for last in entry.followers.values() if now - last <= FOLLOWER_SEEN_S)

    def pace(self, code: str, token: str, paced: bool, gather: str | None = None) -> bool:
        with self._lock:
            entry = self._live(code)
            if entry is None or entry.token != token_hash(token):
                return False
            old = entry.presented
            seq = old.seq + 1
            entry.presented = replace(
                old,
                paced=paced,
                step=old.step if gather is None else gather,
                gathered=old.gathered if gather is None else seq,
                seq=seq,
                changed=self._clock(),
            )
            self._changed.notify_all()
            return True

    def report(self, code: str, follower: str, name: str, step: str, furthest: str) -> None:
        with self._lock:
            entry = self._live(code)
            if entry is None:
                return
            known = entry.positions.get(follower)
            if known is None:
                entry.numbered += 1
                if len(entry.positions) >= MAX_FOLLOWERS:
                    quiet = min(entry.positions.values(), key=lambda position: position.at)
                    del entry.positions[quiet.follower]
            number = known.number if known is not None else entry.numbered
            entry.positions[follower] = Position(follower, number, name, step, furthest, self._clock())

    def roster(self, code: str) -> list[Position]:
        with self._lock:
            entry = self._live(code)
            return sorted(entry.positions.values(), key=lambda position: position.number) if entry else []


# Compare the token and change the step in one step of Redis's own, so that no one but the
# presenter ever moves a presentation, however the calls of two processes interleave.
_MOVE = """
local token = redis.call('HGET', KEYS[1], 'token')
if not token and ARGV[6] ~= '' then
  redis.call('HSET', KEYS[1], 'token', ARGV[1], 'story', ARGV[6], 'seq', 0)
  token = ARGV[1]
end
if token ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'step', ARGV[2], 'language', ARGV[3], 'changed', ARGV[4])
redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('EXPIRE', KEYS[1], ARGV[5])
redis.call('SET', KEYS[2], 1, 'EX', ARGV[7])
return 1
"""
_END = """
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
redis.call('DEL', unpack(KEYS))
return 1
"""
_PACE = """
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('HSET', KEYS[1], 'paced', ARGV[2], 'changed', ARGV[3])
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'step', ARGV[4], 'gathered', seq) end
redis.call('EXPIRE', KEYS[1], ARGV[5])
return 1
"""
# A follower's place in the roster: numbered in the order of first report (the counter is the
# presentation's), the longest quiet given up when MAX_FOLLOWERS have reported.
_REPORT = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local known = redis.call('HGET', KEYS[2], ARGV[1])
local number
if known then
  number = cjson.decode(known).number
else
  number = redis.call('HINCRBY', KEYS[1], 'numbered', 1)
  if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[6]) then
    local all = redis.call('HGETALL', KEYS[2])
    local quiet, quiet_at = nil, nil
    for i = 1, #all, 2 do
      local at = cjson.decode(all[i + 1]).at
      if quiet_at == nil or at < quiet_at then quiet, quiet_at = all[i], at end
    end
    redis.call('HDEL', KEYS[2], quiet)
  end
end
redis.call('HSET', KEYS[2], ARGV[1], cjson.encode({number = number, name = ARGV[2], step = ARGV[3],
  furthest = ARGV[4], at = tonumber(ARGV[5])}))
redis.call('EXPIRE', KEYS[2], ARGV[7])
return 1
"""


_Answer = TypeVar("_Answer")


def redis_client(url: str) -> tuple[Any, tuple[type[Exception], ...]]:
    """A Redis client for the app's shared state, and the errors that mean Redis is gone: short
    timeouts, no retries, text replies. Presentations and answers both use one of these."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    # Any: redis-py types each command of its sync client as "an awaitable or anything" (one signature
    # for the sync and async clients), so its answers are typed where they are read.
    client: Any = redis.Redis.from_url(
        url,
        socket_timeout=REDIS_TIMEOUT_S,
        socket_connect_timeout=REDIS_TIMEOUT_S,
        retry=Retry(NoBackoff(), 0),
        health_check_interval=0,
        decode_responses=True,
    )
    return client, (redis.exceptions.RedisError, OSError)


class RedisChannel:
    """Presentations in Redis, shared by every app process that names the same server."""

    def __init__(self, url: str, clock: Callable[[], float] = time.time) -> None:
        self._redis, self._errors = redis_client(url)
        self._clock = clock
        self._move = self._redis.register_script(_MOVE)
        self._end = self._redis.register_script(_END)
        self._pace = self._redis.register_script(_PACE)
        self._report = self._redis.register_script(_REPORT)

    @staticmethod
    def _key(code: str) -> str:
        return f"qantar:presentation:{code}"

    @staticmethod
    def _followers_key(code: str) -> str:
        return f"qantar:followers:{code}"

    @staticmethod
    def _roster_key(code: str) -> str:
        return f"qantar:roster:{code}"

    @staticmethod
    def _known_key(code: str) -> str:
        # Outlives the presentation by TOMBSTONE_S: the code is then known to have ended.
        return f"qantar:code:{code}"

    def _call(self, action: Callable[[], _Answer]) -> _Answer:
        try:
            return action()
        except self._errors as error:
            raise ChannelDownError(str(error)) from None

    def start(self, story: str, step: str, language: str, client: str = "") -> tuple[str, str]:
        # Redis holds as many presentations as its memory allows: no eviction, so no bound per client.
        token = new_token()
        now = self._clock()
        hashed = token_hash(token)
        while True:
            code = new_code()
            key, known = self._key(code), self._known_key(code)
            # The code is taken only if no presentation had it within TOMBSTONE_S.
            if self._call(partial(self._redis.set, known, 1, nx=True, ex=LIFETIME_S + TOMBSTONE_S)):
                break
        fields = {"token": hashed, "story": story, "step": step, "language": language, "seq": 1, "changed": now}
        self._call(lambda: self._redis.pipeline().hset(key, mapping=fields).expire(key, LIFETIME_S).execute())
        return code, token

    def _presented(self, code: str, data: dict) -> Presented | None:
        if not data or "step" not in data:
            return None
        return Presented(
            code,
            data["story"],
            data["step"],
            data["language"],
            int(data["seq"]),
            float(data["changed"]),
            data.get("paced") == "1",
            int(data.get("gathered", 0)),
        )

    def resume(self, code: str, token: str) -> Presented | None:
        data = self._call(lambda: self._redis.hgetall(self._key(code)))
        if not data or data.get("token") != token_hash(token):
            return None
        return self._presented(code, data)

    def move(self, code: str, token: str, step: str, language: str, revive: str | None = None) -> bool:
        keys = [self._key(code), self._known_key(code)]
        args: list[str | float] = [
            token_hash(token), step, language, self._clock(), LIFETIME_S, revive or "", LIFETIME_S + TOMBSTONE_S
        ]  # fmt: skip
        return bool(self._call(lambda: self._move(keys=keys, args=args)))

    def end(self, code: str, token: str) -> bool:
        keys = [self._key(code), self._followers_key(code), self._roster_key(code)]
        return bool(self._call(lambda: self._end(keys=keys, args=[token_hash(token)])))

    def current(self, code: str) -> Presented | None:
        return self._presented(code, self._call(lambda: self._redis.hgetall(self._key(code))))

    def ended(self, code: str) -> bool:
        key, known = self._key(code), self._known_key(code)
        live, remembered = self._call(lambda: self._redis.pipeline().exists(key).exists(known).execute())
        return not live and bool(remembered)

    def wait(self, code: str, seq: int | None, timeout_s: float) -> Presented | None:
        # Asked again every REDIS_WAIT_STEP_S: one small read, cheaper than a subscription per page.
        deadline = time.monotonic() + timeout_s
        while True:
            presented = self.current(code)
            if presented is None or presented.seq != seq or time.monotonic() >= deadline:
                return presented
            time.sleep(min(REDIS_WAIT_STEP_S, max(0.0, deadline - time.monotonic())))

    def seen(self, code: str, follower: str) -> None:
        key, now = self._followers_key(code), self._clock()
        pipeline = self._redis.pipeline()
        pipeline.zadd(key, {follower: now}).zremrangebyscore(key, "-inf", now - FOLLOWER_SEEN_S)
        pipeline.zremrangebyrank(key, 0, -MAX_FOLLOWERS - 1).expire(key, LIFETIME_S)
        self._call(pipeline.execute)

    def followers(self, code: str) -> int:
        now = self._clock()
        return int(self._call(lambda: self._redis.zcount(self._followers_key(code), now - FOLLOWER_SEEN_S, "+inf")))

    def pace(self, code: str, token: str, paced: bool, gather: str | None = None) -> bool:
        args: list[str | float] = [token_hash(token), "1" if paced else "0", self._clock(), gather or "", LIFETIME_S]
        return bool(self._call(lambda: self._pace(keys=[self._key(code)], args=args)))

    def report(self, code: str, follower: str, name: str, step: str, furthest: str) -> None:
        keys = [self._key(code), self._roster_key(code)]
        args: list[str | float] = [follower, name, step, furthest, self._clock(), MAX_FOLLOWERS, LIFETIME_S]
        self._call(lambda: self._report(keys=keys, args=args))

    def roster(self, code: str) -> list[Position]:
        stored = self._call(lambda: self._redis.hgetall(self._roster_key(code)))
        positions = []
        for follower, value in stored.items():
            read = json.loads(value)
            positions.append(
                Position(follower, int(read["number"]), read["name"], read["step"], read["furthest"], float(read["at"]))
            )
        return sorted(positions, key=lambda position: position.number)


class Attempts:
    """At most `limit` attempts per client in `window_s` seconds (joins with a wrong code, starts)."""

    def __init__(self, limit: int, window_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._limit, self._window, self._clock = limit, window_s, clock
        self._lock = threading.Lock()
        self._seen: dict[str, deque[float]] = {}

    def allow(self, client: str) -> bool:
        """Count an attempt of `client`; False (and not counted) when it has had its share."""
        with self._lock:
            if self._exhausted(client):
                return False
            self._seen[client].append(self._clock())
            return True

    def exhausted(self, client: str) -> bool:
        """Whether `client` has had its share (nothing counted: for failures counted by `failed`)."""
        with self._lock:
            return self._exhausted(client)

    def failed(self, client: str) -> None:
        """Count a failed attempt of `client` (a wrong code): a class behind one address joining with
        the right code is never counted."""
        with self._lock:
            self._exhausted(client)
            self._seen[client].append(self._clock())

    def _exhausted(self, client: str) -> bool:
        now = self._clock()
        if len(self._seen) > 10_000:  # forget clients that have been quiet for a window
            self._seen = {key: times for key, times in self._seen.items() if times and now - times[-1] < self._window}
        times = self._seen.setdefault(client, deque())
        while times and now - times[0] > self._window:
            times.popleft()
        return len(times) >= self._limit
