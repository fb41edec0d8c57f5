"""Run a coroutine to its end from a test, whatever else the test process is running."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run_to_end(coroutine: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run` in a thread of its own.

    Playwright's sync API keeps an event loop running in the test process's main thread once a
    browser test has run in it (pytest-xdist gives one worker unit and browser tests in any order),
    and `asyncio.run` refuses to start inside a running loop. A fresh thread has no loop.
    """
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as error:  # re-raised in the caller's thread
            outcome["error"] = error

    thread = threading.Thread(target=run, name="test-asyncio")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
