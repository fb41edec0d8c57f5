"""Bounds on joining and presenting that a school fits in, and what a typed code leads to.

A school puts hundreds of students and dozens of teachers behind one address, and after a server
restart every open page of a class comes back with its old code at once. So:
- a code that is live is always followed: it is looked up before any budget is asked;
- a code that ended within TOMBSTONE_S (story/present/channel.py) is told as ended, never counted;
- only other codes count as wrong, against the session and against the client address, with a
  budget per address large enough for a whole school.

What bounds guessing is the code space and the rate of joins: a page reads `?follow=` once per
session, so each guess costs a new session (a websocket and a run of the page); 31⁶ = 887.5 million
codes at the ~55 joins a second one server answers (security review, L7) give one hit in about two
days with 100 live classes, and a hit shows only the current step and the follower count. The
wrong-code budget slows a client that guesses from one address or one session; it cannot refuse a
live code, by design.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import cache

from story.present.channel import Attempts, Channel, Presented


@dataclass(frozen=True)
class Budget:
    limit: int
    window_s: float


# A student mistypes a code a few times; a restart sends a whole school's pages back with old codes.
WRONG_CODES_PER_SESSION = Budget(10, 60)
WRONG_CODES_PER_ADDRESS = Budget(600, 10 * 60)
# A teacher starts a presentation a few times in a lesson; a school's teachers share one address.
STARTS_PER_SESSION = Budget(10, 10 * 60)
STARTS_PER_ADDRESS = Budget(300, 10 * 60)
# A student answers each self-check once and may practise it again (the page sends every try); a school's
# classes behind one address answer the same check within seconds. A flood of a thousand a second from
# one page or one address is mostly refused before the story or the store is asked.
ANSWERS_PER_FOLLOWER = Budget(30, 60)
ANSWERS_PER_ADDRESS = Budget(600, 60)


class SessionAndAddress:
    """Attempts counted against a session and against its client address, each with its own budget."""

    def __init__(self, per_session: Budget, per_address: Budget, clock: Callable[[], float] = time.monotonic) -> None:
        self._session = Attempts(per_session.limit, per_session.window_s, clock)
        self._address = Attempts(per_address.limit, per_address.window_s, clock)
        self._lock = threading.Lock()

    def exhausted(self, session: str, address: str) -> bool:
        """Whether the session or its address has had its share (nothing counted)."""
        with self._lock:
            return self._session.exhausted(session) or self._address.exhausted(address)

    def failed(self, session: str, address: str) -> None:
        """Count a failed attempt (a wrong code) against both."""
        with self._lock:
            self._session.failed(session)
            self._address.failed(address)

    def allow(self, session: str, address: str) -> bool:
        """Count an attempt against both, or refuse it (counted against neither) when either is spent."""
        with self._lock:
            if self._session.exhausted(session) or self._address.exhausted(address):
                return False
            self._session.failed(session)
            self._address.failed(address)
            return True


def wrong_code_budget(clock: Callable[[], float] = time.monotonic) -> SessionAndAddress:
    return SessionAndAddress(WRONG_CODES_PER_SESSION, WRONG_CODES_PER_ADDRESS, clock)


@cache
def shared_wrong_code_budget() -> SessionAndAddress:
    """The process's one wrong-code budget: the Streamlit page's join and the light page's event stream
    (story/server/light.py) count against the same share of each address."""
    return wrong_code_budget()


def start_budget(clock: Callable[[], float] = time.monotonic) -> SessionAndAddress:
    return SessionAndAddress(STARTS_PER_SESSION, STARTS_PER_ADDRESS, clock)


def answer_budget(clock: Callable[[], float] = time.monotonic) -> SessionAndAddress:
    return SessionAndAddress(ANSWERS_PER_FOLLOWER, ANSWERS_PER_ADDRESS, clock)


@cache
def shared_answer_budget() -> SessionAndAddress:
    """The process's one budget of answers: the app's followers (components/present.py) and the light
    page's (story/server/answer_route.py) count against the same share of each address."""
    return answer_budget()


class Joined(Enum):
    FOLLOW = "follow"
    ENDED = "ended"
    UNKNOWN = "unknown"
    LIMITED = "limited"


@dataclass(frozen=True)
class JoinAnswer:
    outcome: Joined
    presented: Presented | None = None


def join(channel: Channel, code: str, wrong_codes: SessionAndAddress, session: str, address: str) -> JoinAnswer:
    """What a typed (well-formed) code leads to. Raises ChannelDownError when the channel is gone."""
    presented = channel.current(code)
    if presented is not None:
        return JoinAnswer(Joined.FOLLOW, presented)
    if channel.ended(code):
        return JoinAnswer(Joined.ENDED)
    if wrong_codes.exhausted(session, address):
        return JoinAnswer(Joined.LIMITED)
    wrong_codes.failed(session, address)
    return JoinAnswer(Joined.UNKNOWN)
