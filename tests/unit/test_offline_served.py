"""Issue 27: the offline copy of each language, served by the app at its own address, compressed."""

from __future__ import annotations

from pathlib import Path

import brotli
from starlette.routing import Router

from story.server.asgi import routes
from story.server.offline import FOLDER
from tests.conftest import TEST_STORIES
from tests.unit.test_server import call

STORY = TEST_STORIES / "three-steps.yaml"


def test_each_language_has_its_own_compressed_copy_made_once(tmp_path: Path):
    router = Router(routes=routes(tmp_path, STORY))
    reply, _ = call(router, "/files/offline/ru.html", headers=[("accept-encoding", "gzip, deflate, br")])
    assert reply.status == 200
    assert reply.header("content-encoding") == "br" and "Accept-Encoding" in reply.header("vary")
    page = brotli.decompress(reply.body).decode("utf-8")
    assert 'lang="ru"' in page and "StoryPlayer" in page
    assert len(reply.body) < len(page.encode("utf-8")) / 3

    made = sorted(path.name for path in (tmp_path / FOLDER).iterdir())
    assert len(made) == 3, made  # the page, its .br and its .gz
    again, _ = call(router, "/files/offline/ru.html", headers=[("accept-encoding", "br")])
    assert again.body == reply.body
    assert sorted(path.name for path in (tmp_path / FOLDER).iterdir()) == made, "not made again"

    unchanged, _ = call(
        router, "/files/offline/ru.html", headers=[("accept-encoding", "br"), ("if-none-match", reply.header("etag"))]
    )
    assert unchanged.status == 304

    plain, _ = call(router, "/files/offline/en.html")
    assert plain.header("content-encoding") == "" and b'lang="en"' in plain.body


def test_a_language_the_story_does_not_have_is_not_found(tmp_path: Path):
    router = Router(routes=routes(tmp_path, STORY))
    for name in ("kk", "xx", "..%2fsecret", "EN"):
        assert call(router, f"/files/offline/{name}.html")[0].status == 404
    assert call(Router(routes=routes(tmp_path)), "/files/offline/en.html")[0].status == 404
