"""The process's one channel, chosen from the environment: Redis, the data folder's SQLite file, or
this process's memory. Apart from channel.py because it picks among the back ends, which import
channel.py for the protocol and the bounds."""

from __future__ import annotations

import logging
import os
from functools import cache

from story.present.channel import REDIS_URL_ENV, Channel, ChannelDownError, MemoryChannel, RedisChannel
from story.present.sqlite_channel import SqliteChannel
from story.store.paths import state_file


def channel_from_environment() -> Channel:
    """Redis when QANTAR_REDIS_URL names one, else the data folder's SQLite file; presentations kept in
    this process only when that file cannot be used (corrupt, a folder that cannot be written)."""
    url = os.environ.get(REDIS_URL_ENV, "").strip()
    if url:
        return RedisChannel(url)
    try:
        return SqliteChannel(state_file())
    except (ChannelDownError, OSError) as error:
        logging.getLogger(__name__).error("presentations kept in this process only: %s", error)
        return MemoryChannel()


@cache
def shared_channel() -> Channel:
    """The process's one channel: the Streamlit pages and the light page's event stream
    (story/server/light.py) must meet in the same `MemoryChannel` when there is no Redis."""
    return channel_from_environment()
