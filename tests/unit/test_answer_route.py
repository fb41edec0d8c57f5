"""Issue 32: a light page's answers reach its presenter, and a forged one is refused and changes nothing.

The light page (/view) and its answers' route (story/server/answer_route.py) are driven as ASGI
applications, as uvicorn calls them, over a channel and a book of answers of the test's own. Each
forged message (another student's id, another presentation's code, a presenter's action, a megabyte,
a thousand answers at once) is refused with its status, and the store is read after: nothing changed.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from starlette.routing import Route, Router

from story.present.answers import MemoryAnswers
from story.present.channel import MemoryChannel
from story.present.limits import ANSWERS_PER_ADDRESS, ANSWERS_PER_FOLLOWER, answer_budget
from story.server import answer_route, identity, light
from story.server.answer_route import FOLLOWER_COOKIE, MAX_BODY
from tests.conftest import TEST_STORIES
from tests.support.aio import run_to_end
from tests.unit.test_server import Reply

CHECKS = TEST_STORIES / "checks.yaml"
STUDENT = "203.0.113.7"


@dataclass
class Room:
    """A presentation of the checks story, its answers, and the server's routes for a light page."""

    app: Router
    channel: MemoryChannel
    book: MemoryAnswers
    code: str
    token: str
    signing: bytes

    def cookie(self, code: str | None = None) -> str:
        """A follower's cookie as the light page gives it (for `code`, else this presentation's)."""
        return f"{FOLLOWER_COOKIE}={answer_route.mint_follower(self.signing, code or self.code)}"

    def stored(self) -> list[tuple[str, str, int, str, bool | None]]:
        return [(a.follower, a.step, a.check, a.answer, a.correct) for a in self.book.answers(self.code)]


@pytest.fixture
def room(tmp_path: Path) -> Iterator[Room]:
    channel, book = MemoryChannel(), MemoryAnswers()
    code, token = channel.start("checks", "west", "en")
    signing = answer_route.follower_key(identity.load_key(tmp_path))
    budget = answer_budget()
    answer = answer_route.endpoint(
        signing, lambda: CHECKS, channel=lambda: channel, answers=lambda: book, budget=lambda: budget
    )
    view, _ = light.endpoints(tmp_path, CHECKS, followers=light.Followers(lambda: channel))
    app = Router(
        routes=[
            Route("/view", view),
            Route("/files/follow/{code}/answers", answer, methods=["POST"]),
        ]
    )
    yield Room(app, channel, book, code, token, signing)


async def _send(
    app: Any, path: str, method: str = "POST", headers: dict[str, str] | None = None, body: bytes = b"",
    client: str = STUDENT, length: bool = True, query: str = "",
) -> Reply:  # fmt: skip
    sent = dict(headers or {})
    if length and method == "POST":
        sent.setdefault("content-length", str(len(body)))
    scope = {
        "type": "http", "method": method, "path": path, "raw_path": path.encode(), "query_string": query.encode(),
        "scheme": "http", "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in sent.items()],
        "client": (client, 50000), "server": ("testserver", 80), "root_path": "",
    }  # fmt: skip
    reply = Reply()
    chunks = [body[i : i + 64 * 1024] for i in range(0, len(body), 64 * 1024)] or [b""]

    async def receive() -> dict[str, Any]:
        if not chunks:
            await asyncio.Event().wait()
        chunk = chunks.pop(0)
        return {"type": "http.request", "body": chunk, "more_body": bool(chunks)}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            reply.status = message["status"]
            for name, value in message.get("headers", []):
                reply.headers.setdefault(name.decode("latin-1").lower(), []).append(value.decode("latin-1"))
        elif message["type"] == "http.response.body":
            reply.body += message.get("body", b"")

    await app(scope, receive, send)
    reply.unread = len(chunks)  # type: ignore[attr-defined]
    return reply


def post(room: Room, message: object, cookie: str | None = None, code: str | None = None, **given: Any) -> Reply:
    body = message if isinstance(message, bytes) else json.dumps(message).encode()
    headers = {"content-type": "application/json", **({"cookie": cookie} if cookie else {})}
    path = f"/files/follow/{code or room.code}/answers"
    return run_to_end(_send(room.app, path, body=body, headers=headers, **given))


def test_a_light_page_gives_its_follower_an_id_and_the_first_answer_is_judged_and_kept(room: Room):
    page = run_to_end(_send(room.app, "/view", "GET", query=f"follow={room.code}"))
    assert page.status == 200
    [given] = page.headers["set-cookie"]
    assert given.startswith(f"{FOLLOWER_COOKIE}=") and "HttpOnly" in given and "SameSite=Lax" in given
    cookie = given.split(";")[0]
    again = run_to_end(_send(room.app, "/view", "GET", {"cookie": cookie}, query=f"follow={room.code}"))
    assert "set-cookie" not in again.headers, "the follower keeps the id it was given"

    kept = post(room, {"key": "west:0", "answer": "1", "right": False}, cookie)
    assert (kept.status, kept.body) == (201, b"Kept")
    [(follower, *answer)] = room.stored()
    assert answer == ["west", 0, "1", True], "judged from the story, whatever the page says"
    assert follower.startswith("light-") and cookie.split("=", 1)[1].split(".")[0] not in follower

    # A second answer to the same check is the student's practice: the first counts.
    second = post(room, {"key": "west:0", "answer": "0"}, cookie)
    assert (second.status, second.body) == (200, b"Your first answer counts")
    assert room.stored() == [(follower, *answer)]


def test_forged_another_students_id_is_refused_and_changes_nothing(room: Room):
    alice, bob = room.cookie(), room.cookie()
    assert post(room, {"key": "west:0", "answer": "1"}, alice).status == 201
    before = room.stored()
    token, code, signature = alice.split("=", 1)[1].split(".")
    forged = [
        None,  # no cookie at all
        f"{FOLLOWER_COOKIE}={token}.{code}.{'0' * len(signature)}",  # Alice's token, a made-up signature
        f"{FOLLOWER_COOKIE}={token}.{code}",  # Alice's token unsigned
        f"{FOLLOWER_COOKIE}={before[0][0]}.{code}.{signature}",  # the id the store keeps
        f"qantar_editor={token}.{signature}",  # another of the server's cookies
    ]
    for cookie in forged:
        refused = post(room, {"key": "west:0", "answer": "0"}, cookie)
        assert refused.status == 403, cookie
    # Bob names Alice in the body: his answer is his own, and Alice's first answer stands.
    assert post(room, {"key": "west:0", "answer": "0", "follower": before[0][0]}, bob).status == 201
    stored = room.stored()
    assert stored[0] == before[0] and len(stored) == 2 and stored[1][0] != before[0][0]


def test_forged_another_presentations_code_is_refused_and_changes_nothing(room: Room):
    other, _ = room.channel.start("checks", "west", "en")
    mine = room.cookie()
    refused = post(room, {"key": "west:0", "answer": "1"}, mine, code=other)
    assert refused.status == 403
    # The cookie's code rewritten to the other presentation's: its signature no longer holds.
    token, _, signature = mine.split("=", 1)[1].split(".")
    assert post(room, {"key": "west:0", "answer": "1"}, f"{FOLLOWER_COOKIE}={token}.{other}.{signature}",
                code=other).status == 403  # fmt: skip
    # A code no presentation has, with a cookie signed for it: nothing to answer.
    assert post(room, {"key": "west:0", "answer": "1"}, room.cookie("ZZZZZZ"), code="ZZZZZZ").status == 404
    assert room.book.answers(other) == [] and room.book.answers("ZZZZZZ") == [] and room.stored() == []


def test_forged_a_presenters_action_from_a_follower_is_refused_and_changes_nothing(room: Room):
    cookie = room.cookie()
    before = room.channel.current(room.code)
    for action in (
        {"reveal": "west"},
        {"step": "east", "token": room.token},
        {"key": "east:0", "answer": "0", "step": "east"},  # an answer that moves the class along with it
        ["reveal", "west"],
        "end",
    ):
        reply = post(room, action, cookie)
        assert reply.status == 400, action
    assert run_to_end(_send(room.app, f"/files/follow/{room.code}/answers", "GET")).status == 405
    assert room.channel.current(room.code) == before, "the class stays on the presenter's step"
    assert room.book.revealed(room.code) is None and room.stored() == []
    # The presenter's own presentation goes on: the presenter's token still moves it.
    assert room.channel.move(room.code, room.token, "east", "en")


@pytest.mark.parametrize("says_its_length", [True, False])
def test_forged_a_megabyte_answer_is_refused_unread_and_changes_nothing(room: Room, says_its_length: bool):
    megabyte = json.dumps({"key": "west:0", "answer": "1" * 1_000_000}).encode()
    reply = post(room, megabyte, room.cookie(), length=says_its_length)
    assert reply.status == 413
    assert reply.unread > 0, "the server stopped reading at its bound"  # type: ignore[attr-defined]
    # Within the bound but not an answer the check can have (a choice is a number of the check's).
    near = post(room, {"key": "west:0", "answer": "1" * (MAX_BODY - 40)}, room.cookie())
    assert near.status == 400
    assert room.stored() == []


def test_forged_a_thousand_answers_a_second_are_refused_past_the_budget_and_change_nothing(room: Room):
    cookie = room.cookie()
    assert post(room, {"key": "west:0", "answer": "1"}, cookie).status == 201
    before = room.stored()

    async def flood() -> list[Reply]:
        path = f"/files/follow/{room.code}/answers"
        headers = {"content-type": "application/json", "cookie": cookie}
        body = json.dumps({"key": "west:0", "answer": "0"}).encode()
        return await asyncio.gather(*(_send(room.app, path, headers=headers, body=body) for _ in range(1000)))

    statuses = [reply.status for reply in run_to_end(flood())]
    allowed = ANSWERS_PER_FOLLOWER.limit - 1  # the follower's first answer had one of its share
    assert statuses.count(429) == 1000 - allowed and statuses.count(200) == allowed, "a budget a minute"
    assert room.stored() == before

    # A thousand made-up students from one address: past the address's budget, refused; another address
    # (another school) still answers.
    async def crowd() -> list[Reply]:
        path = f"/files/follow/{room.code}/answers"
        body = json.dumps({"key": "west:0", "answer": "0"}).encode()
        return await asyncio.gather(*(
            _send(room.app, path, headers={"content-type": "application/json", "cookie": room.cookie()}, body=body)
            for _ in range(1000)
        ))  # fmt: skip

    statuses = [reply.status for reply in run_to_end(crowd())]
    left = ANSWERS_PER_ADDRESS.limit - ANSWERS_PER_FOLLOWER.limit  # the first follower's share is spent
    assert statuses.count(429) == 1000 - left and len(room.stored()) == 1 + left
    other = post(room, {"key": "west:0", "answer": "2"}, room.cookie(), client="198.51.100.9")
    assert other.status == 201


def test_an_answer_sent_as_a_form_or_to_an_ended_presentation_is_refused(room: Room):
    cookie = room.cookie()
    form = run_to_end(
        _send(room.app, f"/files/follow/{room.code}/answers", headers={"content-type": "text/plain", "cookie": cookie},
              body=b'{"key": "west:0", "answer": "1"}')
    )  # fmt: skip
    assert form.status == 415, "another site's form cannot post one"
    room.channel.end(room.code, room.token)
    assert post(room, {"key": "west:0", "answer": "1"}, cookie).status == 404
    assert room.stored() == []
