"""A light page's answer to a self-check, for its presenter: `POST /files/follow/<code>/answers`.

The app's followers send their answers through the follow component (components/present.py:
`_record_answer`); the light page (light.py) has no websocket, so its script posts each one here.
The rules are the app's: the server's own follower id, the answer judged again from the story the
server plays (story/reader/answers.py: `judge_answer`), the follower's first answer to a check kept
through `shared_answers()` (story/present/answers.py), the same budgets per follower and per address
(story/present/limits.py: `shared_answer_budget`).

Who answers is the server's word, never the page's: `/view?follow=<code>` gives the browser a cookie
(FOLLOWER_COOKIE, HttpOnly, SameSite=Lax) naming a random token and the code it joined, signed with the
data folder's key (identity.py's, kept apart by purpose). A cookie the server did not sign, or signed
for another presentation's code, answers nothing. The store keeps a hash of the token, never the token.
The body is JSON `{"key": "<step id>:<index>", "answer": "..."}`, read no further than MAX_BODY bytes;
a page of another site cannot send one (JSON needs a CORS preflight this server never grants, and the
cookie is not sent with another site's request).

Refusals are plain text with their status: 404 (no such presentation of this story here), 413 (too
long), 415 (not JSON), 403 (no follower id the server gave for this code), 429 (over a budget, with
Retry-After), 400 (not an answer this story's checks can have), 503 (the store cannot be reached), 507
(the presentation holds all the answers it may). A kept answer is 201, a second answer to a check 200.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Awaitable, Callable
from functools import lru_cache
from pathlib import Path

import anyio
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from story.format.model import Story
from story.present.answers import Answer, AnswerBook, Recorded
from story.present.channel import Channel, ChannelDownError
from story.present.codes import read_code
from story.present.limits import SessionAndAddress, shared_answer_budget
from story.present.shared import shared_answers, shared_channel
from story.reader.answers import judge_answer
from story.server.clients import client_address, trusted_proxies_from_environment

URL_NAME = "answers"  # after files/follow/<code>/ (light.py's EVENTS_URL)
FOLLOWER_COOKIE = "qantar_follower"
# A day: the answers' default lifetime; a presentation ends well before.
COOKIE_MAX_AGE_S = 24 * 60 * 60
# A key of at most 104 characters and an answer of at most 40, in JSON, with room to spare.
MAX_BODY = 1024
_SIGNATURE_CHARS = 32
HEADERS = {"Cache-Control": "no-store"}


def follower_key(key: bytes) -> bytes:
    """The key that signs followers' cookies, made from the data folder's (identity.py: `load_key`):
    an editor's cookie is never a follower's, nor the other way round."""
    return hmac.new(key, b"qantar-follower-cookie", hashlib.sha256).digest()


def _signature(token: str, code: str, key: bytes) -> str:
    return hmac.new(key, f"{token}.{code}".encode("ascii"), hashlib.sha256).hexdigest()[:_SIGNATURE_CHARS]


def mint_follower(key: bytes, code: str) -> str:
    """A new follower's cookie value for the presentation `code`: a random token, the code, a signature."""
    token = secrets.token_urlsafe(24)
    return f"{token}.{code}.{_signature(token, code, key)}"


def follower_token(value: str | None, key: bytes, code: str) -> str | None:
    """The token a cookie value carries, if the server signed it for `code`; None for anything else."""
    if not value or len(value) > 120 or value.count(".") != 2:
        return None
    token, signed_code, signature = value.split(".")
    if signed_code != code or not token.isascii() or not token:
        return None
    return token if hmac.compare_digest(signature, _signature(token, code, key)) else None


def cookie_header(value: str, secure: bool) -> str:
    attributes = f"{FOLLOWER_COOKIE}={value}; Path=/; Max-Age={COOKIE_MAX_AGE_S}; HttpOnly; SameSite=Lax"
    return attributes + ("; Secure" if secure else "")


def stored_follower(token: str) -> str:
    """The follower as the store keeps it: a hash of the token, which reads back as no credential."""
    return "light-" + hashlib.sha256(token.encode("ascii")).hexdigest()[:24]


@lru_cache(maxsize=4)
def _loaded(path: Path, modified_ns: int) -> Story | None:
    from geodata.catalog import cached_catalog
    from story.format.loader import load_story
    from story.format.problems import StoryError

    try:
        return load_story(path, cached_catalog())
    except (StoryError, OSError):
        return None


def served_story(path: Path | None) -> Story | None:
    """The story at `path`, loaded once while the file is unchanged; None when it does not play."""
    if path is None:
        return None
    try:
        return _loaded(path, path.stat().st_mtime_ns)
    except OSError:
        return None


def _refuse(status: int, text: str, **headers: str) -> Response:
    return PlainTextResponse(text, status_code=status, headers={**HEADERS, **headers})


async def _bounded_body(request: Request) -> bytes | None:
    """The body, or None when it is longer than MAX_BODY (read no further than that)."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return None
    return body


def endpoint(
    key: bytes,
    story_path: Callable[[], Path | None],
    channel: Callable[[], Channel] = shared_channel,
    answers: Callable[[], AnswerBook] = shared_answers,
    budget: Callable[[], SessionAndAddress] = shared_answer_budget,
) -> Callable[[Request], Awaitable[Response]]:
    """The route's endpoint: `key` signs followers' cookies (`follower_key`), `story_path` names the story
    the server plays now (light.py: the saved copy, else the file)."""
    trusted = trusted_proxies_from_environment()

    async def answer(request: Request) -> Response:
        code = read_code(request.path_params["code"])
        if code is None:
            return _refuse(404, "Not found")
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            return _refuse(413, "An answer is short")
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
            return _refuse(415, "An answer is sent as JSON")
        token = follower_token(request.cookies.get(FOLLOWER_COOKIE), key, code)
        if token is None:
            return _refuse(403, "Open the class's page again: answers come from the page the server gave")
        follower = stored_follower(token)
        peer = request.client.host if request.client else None
        address = client_address(peer, dict(request.headers), trusted)
        if not budget().allow(follower, address):
            return _refuse(429, "Too many answers from here; wait a minute", **{"Retry-After": "60"})
        body = await _bounded_body(request)
        if body is None:
            return _refuse(413, "An answer is short")
        try:
            sent = json.loads(body)
        except ValueError:
            sent = None
        if not isinstance(sent, dict):
            return _refuse(400, "Not an answer")
        story = await anyio.to_thread.run_sync(served_story, story_path())
        judged = judge_answer(story, sent.get("key"), sent.get("answer")) if story is not None else None
        if story is None or judged is None:
            return _refuse(400, "Not an answer to this story's checks")
        try:
            presented = await anyio.to_thread.run_sync(channel().current, code)
            if presented is None or presented.story != story.id:
                return _refuse(404, "No presentation of this story with this code is running")
            kept = Answer(follower, judged.step, judged.check, judged.answer, judged.correct, time.time())
            recorded = await anyio.to_thread.run_sync(answers().record, code, kept)
        except ChannelDownError:
            return _refuse(503, "The class's answers cannot be reached now", **{"Retry-After": "5"})
        if recorded is Recorded.FULL:
            return _refuse(507, "The presentation holds all the answers it may")
        if recorded is Recorded.ALREADY:
            return PlainTextResponse("Your first answer counts", status_code=200, headers=HEADERS)
        return PlainTextResponse("Kept", status_code=201, headers=HEADERS)

    return answer
