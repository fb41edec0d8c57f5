"""The editor's password: who may save stories on a server (`--allow-save`).

The deployment sets it (`QANTAR_EDITOR_PASSWORD`); there is no default. It is compared in constant
time, and wrong tries are bounded per session and per client address, so it cannot be guessed at
the speed of a script. A server in save mode without one must listen on this machine alone
(`refuse_to_start`).
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import ipaddress
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from functools import lru_cache

PASSWORD_ENV = "QANTAR_EDITOR_PASSWORD"
# Wrong passwords allowed within WINDOW_S: per session, and (larger: a school shares one) per address.
PER_SESSION = 5
PER_ADDRESS = 30
WINDOW_S = 10 * 60


class Verdict(enum.Enum):
    RIGHT = "right"
    WRONG = "wrong"
    TOO_MANY = "too many"


def configured_password() -> str | None:
    return os.environ.get(PASSWORD_ENV) or None


def matches(expected: str, given: str) -> bool:
    # Digests first: compare_digest's time does not depend on where two strings differ, but does on length.
    return hmac.compare_digest(
        hashlib.sha256(expected.encode("utf-8")).digest(), hashlib.sha256(given.encode("utf-8")).digest()
    )


class Attempts:
    """Wrong passwords per session and per address within a window; thread-safe."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._wrong: dict[str, deque[float]] = {}

    def check(self, expected: str, given: str, address: str, session: str) -> Verdict:
        keys = [f"session:{session}", f"address:{address}"]
        limits = [PER_SESSION, PER_ADDRESS]
        now = self._clock()
        with self._lock:
            for key, limit in zip(keys, limits, strict=True):
                tries = self._wrong.setdefault(key, deque())
                while tries and now - tries[0] > WINDOW_S:
                    tries.popleft()
                if len(tries) >= limit:
                    return Verdict.TOO_MANY
            if matches(expected, given):
                return Verdict.RIGHT
            for key in keys:
                self._wrong[key].append(now)
        return Verdict.WRONG


@lru_cache(maxsize=1)
def attempts() -> Attempts:
    return Attempts()


def is_loopback(address: str | None) -> bool:
    if not address:
        return False
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def refuse_to_start(allow_save: bool, address: str | None, password: str | None) -> str | None:
    """Why a server may not start as asked (saving for anyone on the network without a password), or None."""
    if not allow_save or password or is_loopback(address):
        return None
    return (
        "--allow-save on an address other machines can reach needs an editor password: set "
        f"{PASSWORD_ENV}, or listen on this machine alone (--server.address 127.0.0.1)."
    )
