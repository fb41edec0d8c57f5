"""The page's first paint: styles in the HTML of the page itself, before Streamlit's scripts draw anything.

Streamlit has no way to add to its page's <head>, and every style the script sends arrives after the
page has been drawn once (docs/performance.md, "Layout shift"). This middleware puts a few rules
(components/first_paint.css) into the page's HTML as it goes out: only the page (text/html, not
compressed), never the app's own files or Streamlit's bundle.
"""

from __future__ import annotations

from pathlib import Path

from story.server.asgi import ASSETS, ASGIApp, Message, Receive, Scope, Send

# The page's validators name Streamlit's file, not what is sent: dropped, so a browser never keeps a
# page with other styles than the server's.
DROPPED = {b"content-length", b"etag", b"last-modified"}


def with_styles(page: bytes, css: str) -> bytes:
    """`page` with `css` in a <style> at the end of its <head>; unchanged if it has no </head>."""
    at = page.find(b"</head>")
    if at < 0:
        return page
    return page[:at] + b"<style>" + css.encode("utf-8") + b"</style>" + page[at:]


class FirstPaint:
    """Adds the first paint's styles to the page's HTML (pure ASGI)."""

    def __init__(self, app: ASGIApp, styles: Path) -> None:
        self.app = app
        self.css = styles.read_text(encoding="utf-8")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] != "http" or scope.get("method") != "GET" or path.startswith(ASSETS):
            await self.app(scope, receive, send)
            return
        held: Message | None = None
        body: list[bytes] = []

        async def rewriting(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                headers = {name.lower(): value for name, value in message.get("headers", [])}
                page = headers.get(b"content-type", b"").startswith(b"text/html")
                if message.get("status") == 200 and page and b"content-encoding" not in headers:
                    held = message  # sent with the whole body, once its length is known
                    return
            elif message["type"] == "http.response.body" and held is not None:
                body.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                sent = with_styles(b"".join(body), self.css)
                headers = [(name, value) for name, value in held.get("headers", []) if name.lower() not in DROPPED]
                headers.append((b"content-length", str(len(sent)).encode()))
                await send({**held, "headers": headers})
                await send({"type": "http.response.body", "body": sent})
                return
            await send(message)

        await self.app(scope, receive, rewriting)
