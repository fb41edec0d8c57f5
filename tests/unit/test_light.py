"""Issue 27: the light page (/view) and the event stream a follower's light page follows a presenter by.

Driven as ASGI applications, as uvicorn calls them (tests/unit/test_server.py). The presenter acts
inside the channel's own `wait` (`Presenter` below), so each change happens at a known point of the
stream, with no clock and no sleep.
"""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import brotli
from starlette.routing import Router

from story.present.channel import Channel, ChannelDownError, MemoryChannel, Presented
from story.present.limits import Budget, SessionAndAddress
from story.server import answer_route, identity, light
from story.server.asgi import routes
from story.server.light import Followers
from tests.conftest import TEST_STORIES
from tests.support.aio import run_to_end
from tests.unit.test_server import Reply

STORY = TEST_STORIES / "three-steps.yaml"


class Presenter:
    """A channel whose presenter takes the next of `moves` each time a follower's thread waits for news
    (a step id, or None to end the presentation)."""

    def __init__(self, moves: list[str | None], channel: Channel | None = None) -> None:
        self.channel = channel or MemoryChannel()
        self.code, self.token = self.channel.start("three-steps", "city", "en")
        self.moves = list(moves)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.channel, name)

    def wait(self, code: str, seq: int | None, timeout_s: float) -> Presented | None:
        if seq is not None and self.moves:
            step = self.moves.pop(0)
            if step is None:
                self.channel.end(self.code, self.token)
            else:
                self.channel.move(self.code, self.token, step, "ru" if step == "new-york" else "en")
        return self.channel.wait(code, seq, timeout_s)


def request(app: Any, path: str, headers: dict[str, str] | None = None, client: str = "203.0.113.7") -> Reply:
    return run_to_end(_request(app, path, headers, client))


async def _request(
    app: Any, path: str, headers: dict[str, str] | None = None, client: str = "203.0.113.7",
    disconnect: asyncio.Event | None = None, started: Callable[[Reply], None] | None = None,
) -> Reply:  # fmt: skip
    """One request through `app`; the client stays until the reply is complete (or `disconnect` is set)."""
    raw_path, _, query = path.partition("?")
    scope = {
        "type": "http",
        "method": "GET",
        "path": raw_path,
        "raw_path": raw_path.encode(),
        "query_string": query.encode(),
        "scheme": "http",
        "headers": [(name.lower().encode(), value.encode()) for name, value in (headers or {}).items()],
        "client": (client, 50000),
        "server": ("testserver", 80),
        "root_path": "",
    }
    reply = Reply()
    asked = False

    async def receive() -> dict[str, Any]:
        nonlocal asked
        if asked:
            await (disconnect or asyncio.Event()).wait()
            return {"type": "http.disconnect"}
        asked = True
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            reply.status = message["status"]
            for name, value in message.get("headers", []):
                reply.headers.setdefault(name.decode("latin-1").lower(), []).append(value.decode("latin-1"))
            if started is not None:
                started(reply)
        elif message["type"] == "http.response.body":
            reply.body += message.get("body", b"")

    await app(scope, receive, send)
    return reply


def events(body: bytes) -> list[tuple[str, str]]:
    """The stream's events as (name, data), keep-alive comments as (":", text)."""
    found = []
    for block in body.decode("utf-8").split("\n\n"):
        if block.startswith(":"):
            found.append((":", block[1:].strip()))
        elif block.startswith("event: "):
            name, data = block.split("\n")
            found.append((name.removeprefix("event: "), data.removeprefix("data: ")))
    return found


def app_with(tmp_path: Path, followers: Followers, story: Path | None = STORY) -> Router:
    return Router(routes=routes(tmp_path, story, followers=followers))


def test_a_follower_gets_the_presenters_step_at_once_then_each_change_then_the_end(tmp_path: Path, channel_and_clock):
    channel = Presenter(["almaty-peak", "new-york", None], channel_and_clock[0])
    router = app_with(tmp_path, Followers(lambda: channel))
    reply = request(router, f"/files/follow/{channel.code.lower()}/events")

    assert reply.status == 200
    assert reply.header("content-type").startswith("text/event-stream")
    assert reply.header("cache-control") == "no-store" and reply.header("x-accel-buffering") == "no"
    assert reply.body.startswith(b"retry: ")
    got = [(name, data) for name, data in events(reply.body) if name != ":"]
    assert got == [
        ("step", '{"story":"three-steps","step":"city","language":"en","seq":1}'),
        ("step", '{"story":"three-steps","step":"almaty-peak","language":"en","seq":2}'),
        ("step", '{"story":"three-steps","step":"new-york","language":"ru","seq":3}'),
        ("ended", "{}"),
    ]


def test_a_follower_is_counted_while_its_stream_is_open(tmp_path: Path):
    channel = Presenter(["almaty-peak", None])
    counted: list[int] = []
    original = channel.wait

    def wait(code: str, seq: int | None, timeout_s: float) -> Presented | None:
        counted.append(channel.followers(code))
        return original(code, seq, timeout_s)

    channel.wait = wait  # type: ignore[method-assign]
    request(app_with(tmp_path, Followers(lambda: channel)), f"/files/follow/{channel.code}/events")
    assert counted and all(count == 1 for count in counted)


def test_a_phone_whose_stream_opens_twice_is_counted_once_by_its_cookie(tmp_path: Path):
    channel = Presenter([])
    router = app_with(tmp_path, Followers(lambda: channel, wait_s=0.05))
    signing = answer_route.follower_key(identity.load_key(tmp_path))
    phone = {"cookie": f"{answer_route.FOLLOWER_COOKIE}={answer_route.mint_follower(signing, channel.code)}"}
    path = f"/files/follow/{channel.code}/events"

    async def scenario() -> int:
        leave = asyncio.Event()
        opened = [asyncio.Event() for _ in range(3)]
        # The phone's stream and its second (a reconnect before the old one ended, a second tab); a
        # page without the server's cookie is a follower of its own.
        streams = [
            asyncio.create_task(_request(router, path, headers, disconnect=leave, started=lambda _, e=e: e.set()))
            for headers, e in zip((phone, phone, None), opened, strict=True)
        ]
        for event in opened:
            await event.wait()
        for _ in range(50):
            await asyncio.sleep(0.05)
            if channel.followers(channel.code) >= 2:
                break
        await asyncio.sleep(0.2)  # a third follower, if one were counted, would be by now
        counted = channel.followers(channel.code)
        leave.set()
        await asyncio.gather(*streams)
        return counted

    assert run_to_end(scenario()) == 2


def test_an_unknown_code_is_told_and_counted_as_a_wrong_guess(tmp_path: Path, channel_and_clock):
    channel = Presenter([], channel_and_clock[0])
    followers = Followers(lambda: channel, stream_s=0.2, wait_s=0.05)
    followers.wrong_codes = SessionAndAddress(Budget(10, 60), Budget(2, 60))
    router = app_with(tmp_path, followers)
    reply = request(router, "/files/follow/ABCDEF/events")
    assert reply.status == 200 and events(reply.body) == [("unknown", "{}")]
    assert followers.open == {}, "the stream gave its place back"
    assert events(request(router, "/files/follow/not-a-code!/events").body) == [("unknown", "{}")]
    assert events(request(router, "/files/follow/ABCDEG/events").body) == [("unknown", "{}")]
    assert events(request(router, "/files/follow/ABCDEH/events").body) == [("limited", "{}")]
    # A live code is followed whatever the budget says, and an ended one is no wrong guess.
    assert events(request(router, f"/files/follow/{channel.code}/events").body)[0][0] == "step"
    channel.end(channel.code, channel.token)
    assert events(request(router, f"/files/follow/{channel.code}/events").body) == [("ended", "{}")]


def test_a_quiet_stream_keeps_alive_and_closes_for_the_browser_to_open_again(tmp_path: Path):
    channel = Presenter([])
    followers = Followers(lambda: channel, stream_s=0.3, keep_alive_s=0.05, wait_s=0.05)
    reply = request(app_with(tmp_path, followers), f"/files/follow/{channel.code}/events")
    got = events(reply.body)
    assert got[0][0] == "step" and (":", "keep-alive") in got
    assert not any(name == "ended" for name, _ in got)
    assert followers.open == {}


def test_open_streams_are_bounded_per_address_and_in_all(tmp_path: Path):
    channel = Presenter([])
    followers = Followers(lambda: channel, max_streams=3, per_client=2, wait_s=0.05)
    router = app_with(tmp_path, followers)
    path = f"/files/follow/{channel.code}/events"

    async def scenario() -> list[int]:
        leave = asyncio.Event()
        opened: list[asyncio.Event] = [asyncio.Event() for _ in range(3)]
        streams = [
            asyncio.create_task(_request(router, path, client=client, disconnect=leave, started=lambda _, e=e: e.set()))
            for client, e in zip(("203.0.113.7", "203.0.113.7", "198.51.100.1"), opened, strict=True)
        ]
        for event in opened:
            await event.wait()
        statuses = [(await _request(router, path, client=client)).status for client in ("203.0.113.7", "192.0.2.9")]
        leave.set()
        await asyncio.gather(*streams)
        statuses.append((await _request(router, f"/files/follow/{'ABCDEF'}/events", client="192.0.2.9")).status)
        return statuses

    assert run_to_end(scenario()) == [429, 503, 200]
    assert followers.open == {}


def test_the_light_page_is_made_once_per_language_and_sent_compressed(tmp_path: Path):
    router = app_with(tmp_path, Followers(lambda: Presenter([])))
    reply = request(router, "/view?lang=ru&step=almaty-peak", {"accept-encoding": "gzip, br"})
    assert reply.status == 200 and reply.header("content-encoding") == "br"
    assert "Accept-Encoding" in reply.header("vary")
    page = html.unescape(brotli.decompress(reply.body).decode("utf-8"))
    assert 'lang="ru"' in page and 'id="story-light"' in page
    # Its own server for the presenter's steps, and no other site for anything.
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)[1]
    assert "connect-src 'self'" in policy and "https://" not in policy
    assert "Открыть полное приложение" in page, "the link to the full app, in the page's language"

    again = request(
        router, "/view?lang=ru&follow=ABCDEF", {"accept-encoding": "br", "if-none-match": reply.header("etag")}
    )
    assert again.status == 304, "one page for every step and code: the address is read by its script"
    plain = request(router, "/view")
    assert plain.header("content-encoding") == "" and b'lang="en"' in plain.body
    assert request(router, "/view?lang=xx").body == plain.body, "a language the story has not: its own"
    assert len(list((tmp_path / "light").iterdir())) == 6  # two pages, each with its .br and .gz


def test_a_followers_page_opens_in_the_presenters_language(tmp_path: Path):
    channel = Presenter([])
    channel.move(channel.code, channel.token, "almaty-peak", "ru")
    reply = request(app_with(tmp_path, Followers(lambda: channel)), f"/view?follow={channel.code}")
    assert b'lang="ru"' in reply.body


def test_without_a_story_there_is_no_light_page(tmp_path: Path):
    assert request(app_with(tmp_path, Followers(lambda: Presenter([])), None), "/view").status == 404


def test_the_light_page_draws_the_tiles_the_app_draws_and_asks_no_one_else(tmp_path: Path):
    router = Router(routes=routes(tmp_path, STORY, "OpenStreetMap.Mapnik", Followers(lambda: Presenter([]))))
    page = html.unescape(request(router, "/view").body.decode("utf-8"))
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)[1].split(";")
    )
    assert "https://tile.openstreetmap.org" in policy["img-src"]
    assert policy["connect-src"] == "'self'" and policy["default-src"] == "'none'"


def test_a_channel_that_is_down_is_told_and_the_stream_follows_again_when_it_is_back(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(light, "DOWN_RETRY_S", 0.01)
    channel = Presenter([])
    failures = {"current": 1, "wait": 1}

    class Flaky:
        def __getattr__(self, name: str) -> Any:
            method = getattr(channel, name)
            if name not in failures:
                return method

            def call(*args: Any) -> Any:
                if failures[name]:
                    failures[name] -= 1
                    raise ChannelDownError("gone")
                return method(*args)

            return call

    router = app_with(tmp_path, Followers(lambda: Flaky(), stream_s=0.5, wait_s=0.05))  # type: ignore[arg-type, return-value]
    path = f"/files/follow/{channel.code}/events"
    assert events(request(router, path).body) == [("down", "{}")], "the browser asks again by itself"
    got = [name for name, _ in events(request(router, path).body) if name != ":"]
    assert got == ["down", "step"]
