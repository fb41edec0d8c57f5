"""The address a client is counted under (M2): forwarded only by a trusted proxy, IPv4-mapped read
as IPv4, IPv6 grouped by /64; and the upload budget and the metrics of the ASGI guard use it."""

from __future__ import annotations

import pytest

from story.server.asgi import Guard
from story.server.budget import MB, ByteBudget
from story.server.clients import UNKNOWN, client_address, parse_trusted_proxies
from tests.support.aio import run_to_end

LOCAL_PROXY = parse_trusted_proxies("127.0.0.1, 10.0.0.0/8")


def test_m2_a_forwarded_address_is_read_only_from_a_trusted_proxy():
    forwarded = {"X-Forwarded-For": "203.0.113.9"}
    assert client_address("127.0.0.1", forwarded, LOCAL_PROXY) == "203.0.113.9"
    assert client_address("198.51.100.4", forwarded, LOCAL_PROXY) == "198.51.100.4", "anyone else's header is ignored"
    assert client_address("127.0.0.1", forwarded, ()) == "127.0.0.1", "no proxy is trusted unless configured"


def test_m2_a_client_cannot_choose_its_address_through_a_trusted_proxy():
    # nginx appends the address it was reached from: what the client wrote itself is further left.
    chain = {"x-forwarded-for": "1.2.3.4, 203.0.113.9, 10.1.2.3"}
    assert client_address("127.0.0.1", chain, LOCAL_PROXY) == "203.0.113.9"
    assert client_address("127.0.0.1", {"x-forwarded-for": "not-an-address"}, LOCAL_PROXY) == "127.0.0.1"


def test_m2_ipv4_mapped_addresses_are_ipv4_and_ipv6_counts_by_its_64():
    assert client_address("::ffff:127.0.0.1", {}, ()) == "127.0.0.1"
    assert client_address("::ffff:127.0.0.1", {"X-Forwarded-For": "192.0.2.7"}, LOCAL_PROXY) == "192.0.2.7"
    one = client_address("2001:db8:1:2::1", {}, ())
    assert one == client_address("2001:db8:1:2:ffff:ffff:ffff:fffe", {}, ()) == "2001:db8:1:2::/64"
    assert client_address("2001:db8:1:3::1", {}, ()) != one
    assert client_address(None, {}, ()) == UNKNOWN


def test_m2_a_mistyped_trusted_proxies_setting_names_its_entry():
    with pytest.raises(ValueError, match=r"'10\.0\.0\.0/33' is not an address or a network"):
        parse_trusted_proxies("127.0.0.1,10.0.0.0/33")
    assert parse_trusted_proxies(" ") == ()


def _request(guard: Guard, path: str, client: str, headers: dict[str, str], method: str = "GET") -> int:
    statuses: list[int] = []

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def send(message):
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    async def receive():
        return {"type": "http.request", "body": b""}

    guard.app = app
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "client": (client, 50000),
        "headers": [(name.lower().encode(), value.encode()) for name, value in headers.items()],
    }
    run_to_end(guard(scope, receive, send))
    return statuses[0]


def test_m2_uploads_behind_the_proxy_are_counted_per_client_not_per_proxy(tmp_path, monkeypatch):
    monkeypatch.setenv("QANTAR_TRUSTED_PROXIES", "127.0.0.1")
    guard = Guard(None, tmp_path, ByteBudget(session_bytes=100 * MB, address_bytes=10 * MB))  # type: ignore[arg-type]

    def upload(session: str, forwarded: str) -> int:
        headers = {"Content-Length": str(6 * MB), "X-Forwarded-For": forwarded}
        return _request(guard, f"/_stcore/upload_file/{session}/f", "127.0.0.1", headers, "PUT")

    assert upload("a", "203.0.113.1") == 200
    assert upload("b", "203.0.113.1") == 413, "the second 6 MB from one client passes its 10 MB"
    assert upload("c", "203.0.113.2") == 200, "another client behind the same proxy is not refused"


def test_i2_metrics_stay_private_behind_a_trusted_proxy(tmp_path, monkeypatch):
    monkeypatch.setenv("QANTAR_TRUSTED_PROXIES", "127.0.0.1")
    guard = Guard(None, tmp_path)  # type: ignore[arg-type]
    assert _request(guard, "/_stcore/metrics", "127.0.0.1", {"X-Forwarded-For": "203.0.113.1"}) == 404
    assert _request(guard, "/_stcore/metrics", "::ffff:127.0.0.1", {}) == 200
    assert _request(guard, "/_stcore/metrics", "192.0.2.5", {}) == 404
