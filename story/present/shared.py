"""The process's one channel, chosen from the environment: Redis, the data folder's SQLite file, or
this process's memory. Apart from channel.py because it picks among the back ends, which import
channel.py for the protocol and the bounds."""

from __future__ import annotations

import logging
import os
from functools import cache

from story.present.answers import AnswerBook, MemoryAnswers, SqliteAnswers, lifetime_from_environment
from story.present.channel import REDIS_URL_ENV, Channel, ChannelDownError, MemoryChannel, RedisChannel
from story.present.redis_answers import RedisAnswers
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


@cache
def shared_answers() -> AnswerBook:
    """The process's one book of a class's answers, where its presentations are: Redis when
    QANTAR_REDIS_URL names one, else the data folder's SQLite file, else this process's memory."""
    lifetime = lifetime_from_environment()
    url = os.environ.get(REDIS_URL_ENV, "").strip()
    if url:
        return RedisAnswers(url, lifetime)
    try:
        return SqliteAnswers(state_file(), lifetime)
    except (ChannelDownError, OSError) as error:
        logging.getLogger(__name__).error("answers kept in this process only: %s", error)
        return MemoryAnswers(lifetime)
