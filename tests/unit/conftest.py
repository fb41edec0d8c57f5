"""Fixtures the unit tests of presenting share."""

from __future__ import annotations

import pytest

from story.present.channel import MemoryChannel, RedisChannel
from tests.support.clock import Clock
from tests.support.redis import RedisServer


@pytest.fixture(params=["memory", "redis"])
def channel_and_clock(request):
    """Each channel presentations can live in, with a clock the test moves by hand."""
    clock = Clock()
    if request.param == "memory":
        yield MemoryChannel(clock), clock
        return
    with RedisServer() as redis:
        yield RedisChannel(redis.url, clock), clock
