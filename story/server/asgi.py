"""The app as an ASGI application: Streamlit's page and server, and what the app adds around them.

`app.py` builds it (`streamlit run app.py` finds `app = ...` and serves it with uvicorn):
- the routes of `files.py` (published media and preview pages from the data folder, inert);
- the offline copy of each language (`offline.py`), and the light page with the event stream a
  follower's light page follows its presenter by (`light.py`) and the route its answers are posted to
  (`answer_route.py`);
- a middleware that bounds uploads per session and per client before their bodies are read
  (`budget.py`), gives a browser the editor's signed token in an HttpOnly cookie
  (`identity.py`), adds the security headers to every response, keeps Streamlit's metrics
  to the machine itself, and sends the page, Streamlit's bundle and the app's static folder
  compressed and cached (`compress.py`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

import anyio
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from story.server import answer_route, files, identity, join, light, offline
from story.server.budget import ByteBudget
from story.server.clients import client_address, forwarded_client, trusted_proxies_from_environment
from story.server.compress import CACHE_FOLDER, SUFFIXES, StaticBundle, app_bundle, chosen_encoding

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

UPLOAD = re.compile(r"/_stcore/upload_file/(?P<session>[^/]+)/")
# The app's page: an object, a <base> or a form sent elsewhere is never part of it.
PAGE_POLICY = "object-src 'none'; base-uri 'self'; form-action 'self'"
OFFLINE_UNWRITABLE = "The offline copy cannot be made now: the server cannot write to its data folder."
ALWAYS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
)
# The app's pages: Streamlit answers each with its index.html (the script draws the page over the websocket).
PAGES = ("/", "/edit")
# The app's static folder, served at /app/static/ (`server.enableStaticServing`): Leaflet, the geodata.
APP_STATIC = Path(__file__).resolve().parents[2] / "static"
ASSETS = ("/_stcore/", "/static/", "/app/static/", "/component/", "/media/", "/files/", "/favicon")


def routes(
    data_dir: Path, story_path: Path | None = None, tiles: str = "none", followers: light.Followers | None = None
) -> list[Route]:
    def serve(folder: str, headers: dict[str, str]) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            path = files.served_file(data_dir, folder, request.path_params["name"])
            if path is None:
                return PlainTextResponse("Not found", status_code=404, headers=files.MEDIA_HEADERS)
            return FileResponse(path, media_type=files.CONTENT_TYPES[path.suffix], headers=headers)

        return endpoint

    async def offline_copy(request: Request) -> Response:
        # The story's export in a language, made once and sent compressed as the browser accepts (offline.py).
        language = request.path_params["language"]
        made = None
        if story_path is not None and re.fullmatch(r"[a-z]{2,3}", language):
            try:
                made = await anyio.to_thread.run_sync(offline.offline_copy, story_path, language, data_dir)
            except OSError:  # a data folder that cannot be written: said plainly, the app plays on
                return PlainTextResponse(OFFLINE_UNWRITABLE, status_code=503)
        if made is None:
            return PlainTextResponse("Not found", status_code=404)
        encoding = chosen_encoding(request.headers.get("accept-encoding"))
        headers = {**offline.HEADERS, "ETag": f'"{made.stem}-{encoding or "plain"}"'}
        if headers["ETag"] in _etags(request.headers.get("if-none-match")):
            return Response(status_code=304, headers=headers)
        if encoding is not None:
            made = made.with_name(made.name + SUFFIXES[encoding])
            headers["Content-Encoding"] = encoding
        return FileResponse(made, media_type="text/html; charset=utf-8", headers=headers)

    view, follow_events = light.endpoints(data_dir, story_path, tiles, followers)
    signing = answer_route.follower_key(identity.load_key(data_dir))
    answer = answer_route.endpoint(signing, lambda: light.shown_story(data_dir, story_path))
    return [
        Route("/" + light.PAGE_URL, view),
        Route("/" + join.URL, join.endpoint),
        Route("/" + light.EVENTS_URL + "{code}/events", follow_events),
        Route("/" + light.EVENTS_URL + "{code}/" + answer_route.URL_NAME, answer, methods=["POST"]),
        Route("/" + offline.URL + "{language}.html", offline_copy),
        Route("/" + files.DRAFT_MEDIA_URL + "{name}", serve(files.DRAFT_MEDIA, files.MEDIA_HEADERS)),
        Route("/" + files.MEDIA_URL + "{name}", serve(files.MEDIA, files.MEDIA_HEADERS)),
        Route("/" + files.PAGE_URL + "{name}", serve(files.PAGES, files.PAGE_HEADERS)),
    ]


def peer_address(scope: Scope) -> str | None:
    client = scope.get("client")
    host = client[0] if client else None
    return host if isinstance(host, str) else None


def request_headers(scope: Scope) -> dict[str, str]:
    """The request's headers by lower-case name; a repeated one joined with commas, as HTTP reads it."""
    headers: dict[str, str] = {}
    for name, value in scope.get("headers", []):
        key, text = name.decode("latin-1").lower(), value.decode("latin-1")
        headers[key] = f"{headers[key]},{text}" if key in headers else text
    return headers


class Guard:
    """Budgets, the editor's cookie and the security headers, around the whole app (pure ASGI)."""

    def __init__(
        self,
        app: ASGIApp,
        data_dir: Path,
        budget: ByteBudget | None = None,
        bundle: StaticBundle | None = None,
        page_styles: Path | None = None,
    ) -> None:
        self.app = app
        self.key = identity.load_key(data_dir)
        self.budget = budget or ByteBudget()
        self.trusted_proxies = trusted_proxies_from_environment()
        self.bundle = bundle or app_bundle(APP_STATIC, data_dir / CACHE_FOLDER, PAGES, page_styles)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        # The machine itself only: behind a trusted proxy, the address the proxy was reached from.
        client = forwarded_client(peer_address(scope), request_headers(scope), self.trusted_proxies)
        if path == "/_stcore/metrics" and not (client is not None and client.is_loopback):
            await _refuse(send, 404, "Not found")
            return
        upload = UPLOAD.match(path)
        if upload and scope.get("method") == "PUT":
            refusal = self._charge_upload(scope, upload["session"])
            if refusal:
                await _refuse(send, refusal[0], refusal[1])
                return
        cookie = self._cookie_to_give(scope, path)
        # A page that must give a cookie is sent whole: a 304 carries no page, and so no cookie.
        compressed = await self._compressed(scope, path, revalidate=cookie is None)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in ALWAYS if name not in names]
                content_type = dict(headers).get(b"content-type", b"")
                if content_type.startswith(b"text/html") and b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", PAGE_POLICY.encode()))
                    if cookie:
                        headers.append((b"set-cookie", cookie.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        if compressed is not None:
            await compressed(scope, receive, with_headers)
            return
        await self.app(scope, receive, with_headers)

    async def _compressed(self, scope: Scope, path: str, revalidate: bool = True) -> Response | None:
        """The page or a static file, compressed once and sent from the data folder, with its caching
        headers (compress.py); None for anything the app leaves to Streamlit."""
        if scope.get("method") not in ("GET", "HEAD"):
            return None
        source = self.bundle.source(path)
        if source is None:
            return None
        headers = request_headers(scope)
        encoding = chosen_encoding(headers.get("accept-encoding"))
        copy = self.bundle.ready(source, encoding)
        if copy is None:
            copy = await anyio.to_thread.run_sync(self.bundle.compressed, source, encoding)
        sent = copy.response_headers()
        if revalidate and copy.etag in _etags(headers.get("if-none-match")):
            sent.pop("Content-Encoding", None)
            return Response(status_code=304, headers=sent)
        return FileResponse(copy.path, media_type=copy.content_type, headers=sent)

    def _charge_upload(self, scope: Scope, session: str) -> tuple[int, str] | None:
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is None or not length.isdigit():
            return 411, "An upload says its length"
        address = client_address(peer_address(scope), request_headers(scope), self.trusted_proxies)
        charge = self.budget.charge(int(length), session, address)
        return None if charge.allowed else (413, f"Refused: {charge.reason}")

    def _cookie_to_give(self, scope: Scope, path: str) -> str | None:
        # Only on the page itself (its HTML), and only when the browser has no token the server signed.
        if scope.get("method") != "GET" or path.startswith(ASSETS):
            return None
        cookies = Request(scope).cookies
        if identity.token_of(cookies.get(identity.COOKIE), self.key):
            return None
        secure = scope.get("scheme") == "https"
        return identity.set_cookie_header(identity.mint(self.key), secure)


def _etags(if_none_match: str | None) -> set[str]:
    """The ETags a conditional request names (a weak one counts: the copies are the same bytes)."""
    return {tag.strip().removeprefix("W/") for tag in (if_none_match or "").split(",") if tag.strip()}


async def _refuse(send: Send, status: int, text: str) -> None:
    body = text.encode("utf-8")
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers + list(ALWAYS)})
    await send({"type": "http.response.body", "body": body})


def start_checks(argv: list[str]) -> None:
    """Refuse to start in save mode for the whole network without an editor password."""
    from streamlit import config

    from story.editor.login import configured_password, refuse_to_start

    trusted_proxies_from_environment()  # a mistyped QANTAR_TRUSTED_PROXIES stops the start, with its entry named
    _check_public_url(argv)
    reason = refuse_to_start("--allow-save" in argv, config.get_option("server.address"), configured_password())
    if reason:
        raise SystemExit(reason)


def _check_public_url(argv: list[str]) -> None:
    """A public address (`--public-url`, QANTAR_PUBLIC_URL) that cannot be one stops the start, named."""
    from story.present.address import PUBLIC_URL_VARIABLE, PublicUrlError, public_url

    given = next((arg.split("=", 1)[1] for arg in argv if arg.startswith("--public-url=")), None)
    if given is None and "--public-url" in argv[:-1]:
        given = argv[argv.index("--public-url") + 1]
    try:
        public_url(given if given is not None else os.environ.get(PUBLIC_URL_VARIABLE))
    except PublicUrlError as error:
        raise SystemExit(f"The class's join address: {error} (--public-url or {PUBLIC_URL_VARIABLE})") from None
