"""The light page and the event stream a follower's light page follows its presenter by.

`/view?step=<id>&lang=<language>&follow=<code>` is the offline copy's player (story/outputs/export.py,
with `LightPage`): one page per story, language and player, made once and compressed once
(offline.py: `light_page`), sent as the browser accepts it with an ETag. A phone on a slow link gets the
step in one small file instead of Streamlit's bundle; the full app is one tap away. With `follow=`, the
page is given a follower's signed cookie for that code (answer_route.py), which its self-checks'
answers are posted with.

`/files/follow/<code>/events` is a stream of server-sent events: the presenter's step and language at
once (`step`), then each change, a keep-alive comment when nothing happens, and `ended` (or `unknown`,
`limited`) before it closes; the page itself sends a presentation of another story to the app's page.
A follower's page costs no thread and no script run: the streams of one presentation share one waiting
thread (`Followers`), which passes each change to all of them and counts them with `channel.seen`: a
page is counted by the follower its cookie names (as its answers are kept), so a stream opened again
or a second tab is one follower, not two.

Bounds: at most MAX_STREAMS_PER_CLIENT open streams per client address and MAX_STREAMS in all (a
refused one is asked again by the page later); each stream closes after STREAM_S and the browser opens
it again at once, so a server told to stop (uvicorn waits for open responses) stops within STREAM_S.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import secrets
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response, StreamingResponse

from story.present.channel import Channel, ChannelDownError, Presented
from story.present.codes import read_code
from story.present.limits import Joined, SessionAndAddress, join, shared_wrong_code_budget
from story.present.shared import shared_channel
from story.server import answer_route, identity, offline
from story.server.clients import client_address, trusted_proxies_from_environment
from story.server.compress import SUFFIXES, chosen_encoding

PAGE_URL = "view"
EVENTS_URL = "files/follow/"
# A school's phones share one address: a class or two following at once, and their reconnections.
MAX_STREAMS_PER_CLIENT = 300
# Each open stream is a socket (a file descriptor) and a small task: well under a process's 1024.
MAX_STREAMS = 600
# Longer than a reconnection costs, short enough that a stopping server is not held for long.
STREAM_S = 25.0
# A comment on a quiet stream, so that no proxy between takes it for a dead one.
KEEP_ALIVE_S = 10.0
# The shared thread's wait for the presenter's next step: a follower is counted (channel.seen) once per
# wait at least, within the channel's FOLLOWER_SEEN_S.
WAIT_S = 3.0
# After the channel was down (Redis gone), how long a presentation it has lost counts as "coming back"
# (the presenter's page makes it again within its panel's poll) rather than ended.
RETURN_GRACE_S = 8.0
DOWN_RETRY_S = 1.0
# The browser waits this long before it opens a closed stream again.
RETRY_MS = 1000
# Waiting threads, one per followed presentation of this process.
MAX_WAITING_THREADS = 200
PAGE_HEADERS = {"Vary": "Accept-Encoding", "Cache-Control": "no-cache", "Referrer-Policy": "no-referrer"}
EVENT_HEADERS = {
    "Cache-Control": "no-store",
    # nginx holds a response until it is complete unless told not to: the events would arrive at the end.
    "X-Accel-Buffering": "no",
}

Event = tuple[str, dict[str, Any] | None]


LIGHT_UNWRITABLE = "The light page cannot be made now: the server cannot write to its data folder."


def event_text(name: str, data: dict[str, Any] | None = None) -> str:
    """One server-sent event: its name and its data as one line of JSON."""
    return f"event: {name}\ndata: {json.dumps(data or {}, separators=(',', ':'))}\n\n"


def step_event(presented: Presented) -> Event:
    return "step", {
        "story": presented.story,
        "step": presented.step,
        "language": presented.language,
        "seq": presented.seq,
    }


@dataclass
class _Watch:
    """A followed presentation: its latest news and the streams that follow it."""

    code: str
    latest: Event | None = None
    # Each follower's open streams: a phone's second tab, or a stream that opened again before the old
    # one ended, is still one follower.
    followers: Counter[str] = field(default_factory=Counter)
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task | None = None

    def publish(self, event: Event) -> None:
        if event == self.latest:
            return
        self.latest = event
        old, self.changed = self.changed, asyncio.Event()
        old.set()


class Followers:
    """The open event streams of this process, bounded, and one waiting thread per followed presentation."""

    def __init__(
        self,
        channel: Callable[[], Channel] = shared_channel,
        max_streams: int = MAX_STREAMS,
        per_client: int = MAX_STREAMS_PER_CLIENT,
        stream_s: float = STREAM_S,
        keep_alive_s: float = KEEP_ALIVE_S,
        wait_s: float = WAIT_S,
    ) -> None:
        self.channel = channel
        self.max_streams, self.per_client = max_streams, per_client
        self.stream_s, self.keep_alive_s, self.wait_s = stream_s, keep_alive_s, wait_s
        self.wrong_codes: SessionAndAddress = shared_wrong_code_budget()
        self.open: dict[str, int] = {}
        self._watches: dict[str, _Watch] = {}
        self._threads: anyio.CapacityLimiter | None = None

    def admit(self, address: str) -> tuple[int, str] | None:
        """Count a stream of `address`, or say why not (a status and a text) when a bound is reached."""
        if self.open.get(address, 0) >= self.per_client:
            return 429, "Too many pages follow from this address"
        if sum(self.open.values()) >= self.max_streams:
            return 503, "Too many pages follow now"
        self.open[address] = self.open.get(address, 0) + 1
        return None

    def release(self, address: str) -> None:
        left = self.open.get(address, 0) - 1
        if left > 0:
            self.open[address] = left
        else:
            self.open.pop(address, None)

    async def first(self, code: str, address: str) -> Joined | None:
        """What a code leads to (limits.py: a live code always follows; an unknown one counts as wrong);
        None when the channel cannot be reached."""
        follower = secrets.token_hex(8)
        try:
            answer = await anyio.to_thread.run_sync(join, self.channel(), code, self.wrong_codes, follower, address)
        except ChannelDownError:
            return None
        return answer.outcome

    async def events(self, code: str, follower: str | None = None) -> AsyncIterator[str]:
        """The stream of one follower of `code`, as text: news as it comes, until STREAM_S or the end.
        `follower` is who the server's cookie names (the id its answers are kept under): a page that
        opens its stream again, or in two tabs, is counted once. Without one, each stream is a follower."""
        follower = follower or secrets.token_hex(8)
        watch = self._watches.get(code)
        if watch is None:
            watch = self._watches[code] = _Watch(code)
        watch.followers[follower] += 1
        if watch.task is None or watch.task.done():
            watch.task = asyncio.create_task(self._watch(watch))
        closes = time.monotonic() + self.stream_s
        sent: Event | None = None
        try:
            yield f"retry: {RETRY_MS}\n\n"
            while True:
                latest = watch.latest
                if latest is not None and latest != sent:
                    sent = latest
                    yield event_text(*latest)
                    if latest[0] != "step" and latest[0] != "down":
                        return
                left = closes - time.monotonic()
                if left <= 0:
                    return
                changed = watch.changed
                try:
                    await asyncio.wait_for(changed.wait(), min(left, self.keep_alive_s))
                except TimeoutError:
                    if closes - time.monotonic() > 0:
                        yield ": keep-alive\n\n"
        finally:
            watch.followers[follower] -= 1
            if watch.followers[follower] <= 0:
                del watch.followers[follower]
            if not watch.followers:
                if watch.task is not None:
                    watch.task.cancel()  # its thread ends its wait on its own within WAIT_S
                if self._watches.get(code) is watch:
                    del self._watches[code]

    async def _watch(self, watch: _Watch) -> None:
        """The presentation's news for every stream of it, from one thread at a time."""
        if self._threads is None:
            self._threads = anyio.CapacityLimiter(MAX_WAITING_THREADS)
        channel = self.channel()
        seq: int | None = None
        down_at = -math.inf
        while watch.followers:
            followers = tuple(watch.followers)
            try:
                presented = await anyio.to_thread.run_sync(
                    self._wait_and_count, channel, watch.code, seq, followers, limiter=self._threads
                )
                ended = presented is None and await anyio.to_thread.run_sync(channel.ended, watch.code)
            except ChannelDownError:
                down_at = time.monotonic()
                watch.publish(("down", None))
                await asyncio.sleep(DOWN_RETRY_S)
                continue
            if presented is None:
                if time.monotonic() - down_at < RETURN_GRACE_S:
                    watch.publish(("down", None))
                    await asyncio.sleep(DOWN_RETRY_S)
                    continue
                watch.publish(("ended" if ended else "unknown", None))
                return
            seq = presented.seq
            watch.publish(step_event(presented))

    def _wait_and_count(
        self, channel: Channel, code: str, seq: int | None, followers: tuple[str, ...]
    ) -> Presented | None:
        for follower in followers:
            channel.seen(code, follower)
        return channel.wait(code, seq, self.wait_s)


class _Stream(StreamingResponse):
    """An event stream that gives back its place under the bounds however it ends."""

    def __init__(self, content: AsyncIterator[str], release: Callable[[], None]) -> None:
        super().__init__(content, media_type="text/event-stream", headers=EVENT_HEADERS)
        self._release = release

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._release()


async def _one(name: str) -> AsyncIterator[str]:
    yield f"retry: {RETRY_MS}\n\n" + event_text(name)


def shown_story(data_dir: Path, story_path: Path | None) -> Path | None:
    """The story the light page plays: the copy the editor saved of the server's story, else its file."""
    if story_path is None:
        return None
    saved = data_dir / "stories" / story_path.name  # story/store/paths.py: saved_stories_dir
    return saved if saved.is_file() else story_path


def _follower_cookie(request: Request, code: str | None, signing: bytes) -> str | None:
    """The Set-Cookie that names a follower of `code` (answer_route.py), when the browser has none the
    server signed for that presentation: the page itself is the same file for every follower."""
    if code is None:
        return None
    given = request.cookies.get(answer_route.FOLLOWER_COOKIE)
    if answer_route.follower_token(given, signing, code) is not None:
        return None
    return answer_route.cookie_header(answer_route.mint_follower(signing, code), request.url.scheme == "https")


def endpoints(
    data_dir: Path, story_path: Path | None, tiles: str = "none", followers: Followers | None = None
) -> tuple[Callable[[Request], Any], Callable[[Request], Any]]:
    """The light page's endpoint and the event stream's, for `story_path` (or the copy the editor saved)."""
    hub = followers or Followers()
    trusted = trusted_proxies_from_environment()
    signing = answer_route.follower_key(identity.load_key(data_dir))

    async def view(request: Request) -> Response:
        path = shown_story(data_dir, story_path)
        language = request.query_params.get("lang") or None
        if language is not None and not re.fullmatch(r"[a-z]{2,3}", language):
            language = None  # the story's own language, as for one it has not
        code = read_code(request.query_params.get("follow") or "")
        if language is None and code is not None:
            # The presenter's language, so that a follower's first page is the one it stays on.
            try:
                presented = await anyio.to_thread.run_sync(hub.channel().current, code)
            except ChannelDownError:
                presented = None
            language = presented.language if presented is not None else None
        made = None
        if path is not None:
            try:
                made = await anyio.to_thread.run_sync(offline.light_page, path, language, data_dir, tiles)
            except OSError:  # a data folder that cannot be written: said plainly, the app plays on
                return PlainTextResponse(LIGHT_UNWRITABLE, status_code=503)
        if made is None:
            return PlainTextResponse("Not found", status_code=404)
        encoding = chosen_encoding(request.headers.get("accept-encoding"))
        headers = {**PAGE_HEADERS, "ETag": f'"{made.stem}-{encoding or "plain"}"'}
        cookie = _follower_cookie(request, code, signing)
        if cookie is not None:
            headers["Set-Cookie"] = cookie  # a browser takes it from a 304 too
        if request.headers.get("if-none-match") == headers["ETag"]:
            return Response(status_code=304, headers=headers)
        if encoding is not None:
            made = made.with_name(made.name + SUFFIXES[encoding])
            headers["Content-Encoding"] = encoding
        return FileResponse(made, media_type="text/html; charset=utf-8", headers=headers)

    async def follow_events(request: Request) -> Response:
        code = read_code(request.path_params["code"])
        peer = request.client.host if request.client else None
        address = client_address(peer, dict(request.headers), trusted)
        refusal = hub.admit(address)
        if refusal is not None:
            return PlainTextResponse(refusal[1], status_code=refusal[0], headers={"Retry-After": "30"})
        release = lambda: hub.release(address)  # noqa: E731
        if code is None:  # no code at all: the page is told so, and stops asking
            return _Stream(_one(Joined.UNKNOWN.value), release)
        try:
            outcome = await hub.first(code, address)
        except BaseException:
            release()
            raise
        if outcome is None:
            return _Stream(_one("down"), release)  # the browser asks again in RETRY_MS
        if outcome is not Joined.FOLLOW:
            return _Stream(_one(outcome.value), release)
        token = answer_route.follower_token(request.cookies.get(answer_route.FOLLOWER_COOKIE), signing, code)
        follower = answer_route.stored_follower(token) if token is not None else None
        return _Stream(hub.events(code, follower), release)

    return view, follow_events
