"""Join codes and presenter tokens.

A join code is six characters from an alphabet without look-alikes (no 0/O, 1/I/L), read
case-insensitively: a class copies it from a projector at the back of a room. The presenter's
token is a secret kept by the presenter's browser; the channel stores only its hash.
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
# What a notice may quote of a code the reader typed (a code of 10,000 characters is not repeated).
QUOTED_MAX = 12


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def read_code(text: str | None) -> str | None:
    """The code in `text` (any case, spaces and dashes ignored), or None when it cannot be one."""
    if text is None or len(text) > 40:
        return None
    cleaned = text.strip().upper().replace("-", "").replace(" ", "")
    if len(cleaned) != CODE_LENGTH or any(char not in ALPHABET for char in cleaned):
        return None
    return cleaned


def quoted(text: str) -> str:
    """A typed code as a notice may show it: short, on one line."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= QUOTED_MAX else one_line[:QUOTED_MAX] + "…"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
