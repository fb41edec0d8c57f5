"""What a page's network carries, read from Chromium's own DevTools protocol (CDP), and a slow network.

Playwright's `request.sizes()` gives no websocket frames and miscounts answers from the cache; the
DevTools protocol has both: `Network.loadingFinished` says how many bytes each response took on the
wire (headers and body as encoded), `Network.responseReceived` whether it came from the cache or was a
304, and `Network.webSocketFrameReceived` each websocket message as the page reads it (after
permessage-deflate). `Network.emulateNetworkConditions` makes the link slow, for the bench.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Page

# Chromium's throughput is in bytes per second; latency in ms is added to every request.
SLOW_4G = {"download_kbit": 1600, "upload_kbit": 750, "latency_ms": 150}
FAST_4G = {"download_kbit": 9000, "upload_kbit": 9000, "latency_ms": 40}


@dataclass
class Fetched:
    """One HTTP response as the page got it."""

    url: str
    status: int = 0
    content_type: str = ""
    encoding: str = ""
    cache_control: str = ""
    from_cache: bool = False
    wire_bytes: int = 0  # headers and body, as encoded on the wire (0 from the cache)
    body_bytes: int = 0  # the body as read, decoded
    done: bool = False  # finished or failed


@dataclass
class Wire:
    """Every response and websocket message of one page, from the moment it is attached."""

    fetched: dict[str, Fetched] = field(default_factory=dict)
    frames_received: int = 0
    frame_bytes_received: int = 0
    frame_bytes_sent: int = 0
    websocket_handshake_bytes: int = 0

    @property
    def http_wire_bytes(self) -> int:
        return sum(f.wire_bytes for f in self.fetched.values())

    @property
    def requests(self) -> int:
        return len(self.fetched)

    def pending(self) -> list[str]:
        """The HTTP requests not yet finished or failed."""
        return [f.url for f in self.fetched.values() if not f.done and f.url.startswith(("http:", "https:"))]

    def total_bytes(self) -> int:
        """HTTP as encoded on the wire, plus the websocket's messages as the page read them."""
        return self.http_wire_bytes + self.frame_bytes_received


def _payload_bytes(response: dict[str, Any]) -> int:
    data = response.get("payloadData", "")
    if response.get("opcode") == 2:  # binary frames come base64-encoded
        return len(base64.b64decode(data))
    return len(data.encode("utf-8"))


def record(page: Page, network: dict[str, int] | None = None) -> Wire:
    """Attach to `page` (before it navigates): its traffic is counted into the returned Wire, over
    `network` (SLOW_4G, FAST_4G) when given."""
    wire = Wire()
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    if network is not None:
        session.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": network["latency_ms"],
                "downloadThroughput": network["download_kbit"] * 1000 / 8,
                "uploadThroughput": network["upload_kbit"] * 1000 / 8,
            },
        )

    def sent(event: dict[str, Any]) -> None:
        wire.fetched.setdefault(event["requestId"], Fetched(event["request"]["url"]))

    def received(event: dict[str, Any]) -> None:
        response = event["response"]
        fetched = wire.fetched.setdefault(event["requestId"], Fetched(response["url"]))
        headers = {name.lower(): value for name, value in response.get("headers", {}).items()}
        fetched.status = response["status"]
        fetched.content_type = headers.get("content-type", "")
        fetched.encoding = headers.get("content-encoding", "")
        fetched.cache_control = headers.get("cache-control", "")
        fetched.from_cache = bool(response.get("fromDiskCache") or response.get("fromMemoryCache"))

    def data(event: dict[str, Any]) -> None:
        fetched = wire.fetched.get(event["requestId"])
        if fetched is not None:
            fetched.body_bytes += event.get("dataLength", 0)

    def finished(event: dict[str, Any]) -> None:
        fetched = wire.fetched.get(event["requestId"])
        if fetched is not None:
            fetched.done = True
            if not fetched.from_cache:
                fetched.wire_bytes = int(event.get("encodedDataLength", 0))

    def failed(event: dict[str, Any]) -> None:
        fetched = wire.fetched.get(event["requestId"])
        if fetched is not None:
            fetched.done = True

    def served_from_cache(event: dict[str, Any]) -> None:
        fetched = wire.fetched.get(event["requestId"])
        if fetched is not None:
            fetched.from_cache = True

    def frame_in(event: dict[str, Any]) -> None:
        wire.frames_received += 1
        wire.frame_bytes_received += _payload_bytes(event["response"])

    def frame_out(event: dict[str, Any]) -> None:
        wire.frame_bytes_sent += _payload_bytes(event["response"])

    def handshake(event: dict[str, Any]) -> None:
        headers = event["response"].get("headersText") or ""
        wire.websocket_handshake_bytes += len(headers.encode("latin-1", "replace"))

    session.on("Network.requestWillBeSent", sent)
    session.on("Network.responseReceived", received)
    session.on("Network.dataReceived", data)
    session.on("Network.loadingFinished", finished)
    session.on("Network.loadingFailed", failed)
    session.on("Network.requestServedFromCache", served_from_cache)
    session.on("Network.webSocketFrameReceived", frame_in)
    session.on("Network.webSocketFrameSent", frame_out)
    session.on("Network.webSocketHandshakeResponseReceived", handshake)
    return wire
