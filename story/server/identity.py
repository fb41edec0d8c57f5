"""The editor's browser token, minted by the server and kept in an HttpOnly cookie.

A teacher's draft is found again by this token. The server makes it (`secrets`, 192 bits) and signs
it with a key kept in the data folder, so a client can neither choose one nor read one from a page's
script: a value the server did not sign is ignored and a new token is given.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import os
import secrets
from pathlib import Path

COOKIE = "qantar_editor"
KEY_FILE = "cookie.key"
SECRET_ENV = "QANTAR_COOKIE_SECRET"
_SIGNATURE_CHARS = 22
# About a school year: the cookie names a draft, which the store keeps for hours only.
MAX_AGE_S = 300 * 24 * 60 * 60


def load_key(data_dir: Path) -> bytes:
    """The signing key: from `QANTAR_COOKIE_SECRET` when the deployment sets one (replicas on several
    machines, each with its own data folder, must sign alike), else made once per data folder."""
    secret = os.environ.get(SECRET_ENV, "").strip()
    if secret:
        return hashlib.sha256(b"qantar-editor-cookie\0" + secret.encode("utf-8")).digest()
    path = data_dir / KEY_FILE
    try:
        return path.read_bytes()
    except FileNotFoundError:
        key = secrets.token_bytes(32)
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another replica made it first
            return path.read_bytes()
        except OSError as error:
            # A folder that cannot be written: drafts are then kept in this process only
            # (components/editor/drafts.py), so a key that lives as long as the process signs alike.
            logging.getLogger(__name__).error("the editor's cookie key is kept in memory only: %s", error)
            return _process_key()
        with os.fdopen(descriptor, "wb") as out:
            out.write(key)
        return key


@functools.cache
def _process_key() -> bytes:
    return secrets.token_bytes(32)


def _signature(token: str, key: bytes) -> str:
    return hmac.new(key, token.encode("ascii"), hashlib.sha256).hexdigest()[:_SIGNATURE_CHARS]


def mint(key: bytes) -> str:
    """A new cookie value: a random token and its signature."""
    token = secrets.token_urlsafe(24)
    return f"{token}.{_signature(token, key)}"


def token_of(cookie_value: str | None, key: bytes) -> str | None:
    """The token a cookie value carries, if the server signed it; None for anything else."""
    if not cookie_value or len(cookie_value) > 100 or cookie_value.count(".") != 1:
        return None
    token, signature = cookie_value.split(".")
    try:
        expected = _signature(token, key)
    except UnicodeEncodeError:
        return None
    return token if hmac.compare_digest(signature, expected) else None


def set_cookie_header(value: str, secure: bool) -> str:
    attributes = f"{COOKIE}={value}; Path=/; Max-Age={MAX_AGE_S}; HttpOnly; SameSite=Lax"
    return attributes + ("; Secure" if secure else "")
