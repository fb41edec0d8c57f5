"""Small text helpers of the StoryMapJS importer: clean one-line text, numbers, and the web addresses we keep."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from story.format.model import URL_MAX, WEB_URL

Warn = Callable[[str], None]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
SPACES = re.compile(r"[\s\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u200b\ufeff]+")


def clean(text: str) -> str:
    """Text without control characters, lone surrogates or YAML line separators."""
    return _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))


def one_line(text: str) -> str:
    return " ".join(SPACES.sub(" ", clean(text)).split())


def as_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def as_number(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value) if isinstance(value, (int, float, str)) else None
    except ValueError:
        return None
    if number is None or not math.isfinite(number):
        return None
    return number


def shorten(text: str, limit: int) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def quoted(value: object, limit: int = 60) -> str:
    return f"'{shorten(str(value), limit)}'"


def link_address(href: str) -> str | None:
    """A link target we keep in a body: http(s) or mailto, else None."""
    url = re.sub(r"[\t\n\r]", "", clean(href)).strip()
    if re.match(r"^(https?://[^\s/$.?#]|mailto:[^\s])", url, flags=re.IGNORECASE) and len(url) <= URL_MAX:
        return url.replace(" ", "%20")
    return None


def web_address(raw: str) -> str | None:
    """An http(s) address valid in our format, else None."""
    url = re.sub(r"[\t\n\r]", "", clean(raw)).strip().replace(" ", "%20")
    if url.startswith("//"):
        url = "https:" + url  # protocol-relative addresses, common in embed code
    if WEB_URL.match(url) and len(url) <= URL_MAX:
        return url
    return None
