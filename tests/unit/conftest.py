"""Fixtures the unit tests of presenting share."""

from __future__ import annotations

import pytest

from story.present.channel import MemoryChannel, RedisChannel
from story.present.sqlite_channel import SqliteChannel
from tests.support.clock import Clock
from tests.support.redis import RedisServer


@pytest.fixture(params=["memory", "sqlite", "redis"])
def channel_and_clock(request, tmp_path):
    """Each channel presentations can live in, with a clock the test moves by hand: this process, the
    data folder's SQLite file (the default), Redis."""
    clock = Clock()
    if request.param == "memory":
        yield MemoryChannel(clock), clock
        return
    if request.param == "sqlite":
        yield SqliteChannel(tmp_path / "state.sqlite3", clock), clock
        return
    with RedisServer() as redis:
        yield RedisChannel(redis.url, clock), clock


@pytest.fixture(params=["memory", "sqlite"])
def bounded_channel_and_clock(request, tmp_path):
    """The channels that bound the number of presentations themselves (Redis holds what its memory
    allows), with a clock the test moves by hand."""
    clock = Clock()
    if request.param == "memory":
        return MemoryChannel(clock), clock
    return SqliteChannel(tmp_path / "state.sqlite3", clock), clock
