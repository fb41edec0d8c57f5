"""H3 of the security review, repeated against a real server: uploads sent around the page's widgets.

The widgets' limits hold only in the browser; a client can send Streamlit's upload endpoint any
number of large files. The review sent 4 x 150 MB in one session and took the server from 136 to
738 MiB. Here a real session's upload address is taken from the editor's own upload, then the
review's flood is sent to it by hand, while the server's memory is sampled.
"""

from __future__ import annotations

import http.client
import re

from playwright.sync_api import Page

from tests.support.browser import wait_for_app
from tests.support.server import StreamlitServer

MIB = 1024 * 1024
FLOOD_BYTES = 150 * 1_000_000
CHUNK = b"\0" * MIB
UPLOAD_ADDRESS = re.compile(r"/_stcore/upload_file/(?P<session>[^/]+)/")


def _put(port: int, path: str, size: int | None, headers: dict[str, str]) -> int:
    """PUT `size` bytes (None: chunked, without a length), as far as the server lets it; its status."""
    connection = http.client.HTTPConnection("localhost", port, timeout=60)
    try:
        connection.putrequest("PUT", path)
        if size is None:
            connection.putheader("Transfer-Encoding", "chunked")
        else:
            connection.putheader("Content-Length", str(size))
        connection.putheader("Content-Type", "multipart/form-data; boundary=flood")
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders()
        sent = 0
        try:
            while size is None or sent < size:
                piece = CHUNK if size is None else CHUNK[: min(len(CHUNK), size - sent)]
                connection.send(b"%x\r\n%s\r\n" % (len(piece), piece) if size is None else piece)
                sent += len(piece)
                if size is None and sent >= FLOOD_BYTES:
                    connection.send(b"0\r\n\r\n")
                    break
        except OSError:
            pass  # the server answered and closed before taking the whole body
        return connection.getresponse().status
    finally:
        connection.close()


def test_h3_four_uploads_of_150_mb_keep_the_server_under_300_mib(page: Page, tmp_path):
    with StreamlitServer("app.py", label="flood", sample_memory=True) as server:
        page.goto(f"{server.url}/edit")
        wait_for_app(page)
        # A real session's upload address, from a small file the editor's uploader sends.
        uploader = page.locator("[data-testid='stFileUploader']").filter(has_text="A picture from this computer")
        with page.expect_request(lambda request: "/_stcore/upload_file/" in request.url) as sent:
            uploader.locator("input[type='file']").set_input_files(
                {"name": "small.png", "mimeType": "image/png", "buffer": b"not a picture"}
            )
        session = UPLOAD_ADDRESS.search(sent.value.url)
        assert session, sent.value.url
        # What the page itself sends: its cookies and its XSRF token, so only the size stands out.
        own = sent.value.all_headers()
        headers = {name: own[name] for name in ("cookie", "x-xsrftoken") if name in own}
        server.reset_peak()
        before = server.rss()

        statuses = [_put(server.port, f"/_stcore/upload_file/{session['session']}/flood-{n}", FLOOD_BYTES, headers)
                    for n in range(4)]  # fmt: skip
        chunked = _put(server.port, f"/_stcore/upload_file/{session['session']}/flood-chunked", None, headers)

        assert statuses == [413] * 4
        assert chunked in (411, 413)
        assert server.peak_rss < 300 * MIB, f"{before / MIB:.0f} MiB before, peak {server.peak_rss / MIB:.0f} MiB"
