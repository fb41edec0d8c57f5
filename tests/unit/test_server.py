"""What the app adds around Streamlit's server (story/server/): budgets, the editor's cookie, headers.

The middleware and the routes are driven as ASGI applications directly, the way uvicorn calls them,
so each test sees exactly the status, headers and body a browser would get.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from starlette.routing import Router

from story.server import files, identity
from story.server.asgi import Guard, routes
from story.server.budget import MB, ByteBudget
from tests.support.aio import run_to_end

PAGE = b"<!doctype html><title>Story</title>"


class Reply:
    def __init__(self) -> None:
        self.status = 0
        self.headers: dict[str, list[str]] = {}
        self.body = b""

    def header(self, name: str) -> str:
        return ", ".join(self.headers.get(name, []))


def call(app: Any, path: str, method: str = "GET", headers: Iterable[tuple[str, str]] = (),
         client: str = "203.0.113.7", body: bytes = b"") -> tuple[Reply, list[bytes]]:  # fmt: skip
    """One request through `app`; returns the reply and the body chunks the app read."""
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "scheme": "http",
        "headers": [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers],
        "client": (client, 50000),
        "server": ("testserver", 80),
        "root_path": "",
    }
    reply = Reply()
    read: list[bytes] = []

    async def receive() -> dict[str, Any]:
        if read:  # the body was sent: the client stays connected until the reply is complete
            await asyncio.Event().wait()
        read.append(body)
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            reply.status = message["status"]
            for name, value in message.get("headers", []):
                reply.headers.setdefault(name.decode("latin-1").lower(), []).append(value.decode("latin-1"))
        elif message["type"] == "http.response.body":
            reply.body += message.get("body", b"")

    run_to_end(app(scope, receive, send))
    return reply, read


async def streamlit_page(scope: Any, receive: Any, send: Any) -> None:
    """Stands for Streamlit's server: reads the whole body, answers with an HTML page."""
    if scope["method"] == "PUT":
        await receive()
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
    await send({"type": "http.response.body", "body": PAGE})


def test_h3_uploads_past_a_sessions_share_are_refused_before_their_bodies_are_read(tmp_path: Path):
    guard = Guard(streamlit_page, tmp_path, ByteBudget(session_bytes=160 * MB, address_bytes=600 * MB))
    upload = "/_stcore/upload_file/session-1/flood-{}"
    big = [("content-length", str(150 * MB))]

    first, read = call(guard, upload.format(0), "PUT", big)
    assert first.status == 200 and read

    second, read = call(guard, upload.format(1), "PUT", big)
    assert second.status == 413
    assert read == []  # refused on its length alone: the 150 MB never reached the server's memory
    assert "160 MB" in second.body.decode()

    without_length, read = call(guard, "/_stcore/upload_file/session-2/f", "PUT")
    assert without_length.status == 411 and read == []


def test_h3_many_sessions_from_one_address_share_its_larger_budget(tmp_path: Path):
    guard = Guard(streamlit_page, tmp_path, ByteBudget(session_bytes=160 * MB, address_bytes=600 * MB))
    big = [("content-length", str(150 * MB))]
    statuses = [call(guard, f"/_stcore/upload_file/s{n}/f", "PUT", big)[0].status for n in range(5)]
    assert statuses == [200, 200, 200, 200, 413]
    other_school = call(guard, "/_stcore/upload_file/s9/f", "PUT", big, client="198.51.100.4")[0]
    assert other_school.status == 200


def test_l5_the_server_mints_the_editors_token_in_an_httponly_cookie(tmp_path: Path):
    guard = Guard(streamlit_page, tmp_path)
    page, _ = call(guard, "/edit")
    cookie = page.header("set-cookie")
    assert cookie.startswith(identity.COOKIE + "=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    value = cookie.split(";")[0].split("=", 1)[1]
    assert identity.token_of(value, identity.load_key(tmp_path))

    # A browser with a token the server signed keeps it; no new cookie is given.
    again, _ = call(guard, "/edit", headers=[("cookie", f"{identity.COOKIE}={value}")])
    assert again.header("set-cookie") == ""


def test_l5_a_token_the_client_chose_is_never_taken(tmp_path: Path):
    key = identity.load_key(tmp_path)
    for chosen in ("VICTIM-TOKEN-1234", "abc.def", "x" * 64, "", "é.é"):
        assert identity.token_of(chosen, key) is None
    guard = Guard(streamlit_page, tmp_path)
    page, _ = call(guard, "/edit", headers=[("cookie", f"{identity.COOKIE}=VICTIM-TOKEN-1234")])
    given = page.header("set-cookie").split(";")[0].split("=", 1)[1]
    assert given != "VICTIM-TOKEN-1234" and identity.token_of(given, key)
    # A token signed with another data folder's key is not this server's either.
    assert identity.token_of(identity.mint(b"k" * 32), key) is None


def test_i2_streamlits_metrics_are_only_for_the_machine_itself(tmp_path: Path):
    guard = Guard(streamlit_page, tmp_path)
    assert call(guard, "/_stcore/metrics", client="203.0.113.7")[0].status == 404
    assert call(guard, "/_stcore/metrics", client="::ffff:127.0.0.1")[0].status == 200
    assert call(guard, "/_stcore/metrics", client="127.0.0.1")[0].status == 200


def test_h1_every_page_says_nosniff_a_referrer_policy_and_a_policy_of_its_own(tmp_path: Path):
    guard = Guard(streamlit_page, tmp_path)
    page, _ = call(guard, "/")
    assert page.header("x-content-type-options") == "nosniff"
    assert page.header("referrer-policy") == "strict-origin-when-cross-origin"
    assert "object-src 'none'" in page.header("content-security-policy")


def test_h1_published_media_are_served_inert_from_the_data_folder(tmp_path: Path):
    name = "0123456789abcdef0123.svg"
    (tmp_path / files.MEDIA).mkdir(parents=True)
    (tmp_path / files.MEDIA / name).write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "secret.txt").write_text("not for viewers")
    router = Router(routes=routes(tmp_path))

    reply, _ = call(router, "/" + files.MEDIA_URL + name)
    assert reply.status == 200
    assert reply.header("content-type") == "image/svg+xml"
    policy = reply.header("content-security-policy")
    assert "default-src 'none'" in policy and "sandbox" in policy
    assert reply.header("x-content-type-options") == "nosniff"

    # Only names the app gives, only in its own folder.
    for other in ("../secret.txt", "..%2fsecret.txt", "secret.txt", "0123456789abcdef0123.py"):
        assert call(router, "/" + files.MEDIA_URL + other)[0].status == 404


def test_l6_the_editors_preview_runs_in_a_sandbox_without_the_apps_origin(tmp_path: Path):
    address = files.keep_page(tmp_path, "<!doctype html><p>Preview</p>")
    reply, _ = call(Router(routes=routes(tmp_path)), "/" + address)
    assert reply.status == 200 and b"Preview" in reply.body
    policy = reply.header("content-security-policy")
    assert policy.startswith("sandbox") and "allow-scripts" in policy
    assert "allow-same-origin" not in policy


def test_m5_preview_pages_are_forgotten_after_their_lifetime(tmp_path: Path):
    old = files.keep_page(tmp_path, "<p>old</p>")
    later = (tmp_path / files.PAGES / Path(old).name).stat().st_mtime + files.PAGES_LIFETIME_S + 60
    new = files.keep_page(tmp_path, "<p>new</p>", now=later)
    names = {path.name for path in (tmp_path / files.PAGES).iterdir()}
    assert names == {Path(new).name}


def test_l5_replicas_given_one_secret_sign_alike_whatever_their_data_folders(tmp_path: Path, monkeypatch):
    monkeypatch.setenv(identity.SECRET_ENV, "a secret the deployment chose")
    one, other = identity.load_key(tmp_path / "one"), identity.load_key(tmp_path / "other")
    assert one == other and identity.token_of(identity.mint(one), other)
    assert not (tmp_path / "one" / identity.KEY_FILE).exists()
    monkeypatch.delenv(identity.SECRET_ENV)
    assert identity.load_key(tmp_path / "one") != identity.load_key(tmp_path / "other")
