"""What docs/deploy.md and its nginx example promise a deployment (I1, I2, I3): the Redis user it
documents runs every call of the app's channel and nothing runs without its password; the proxy takes
the largest upload the app takes and keeps the metrics to itself; published media are readable by a
web server."""

from __future__ import annotations

import re
import socket
import stat
import tomllib
from pathlib import Path
from urllib.parse import quote

import pytest

from story.format.loader import load_story
from story.outputs.media import publish
from story.present.channel import ChannelDownError, RedisChannel
from tests.support.redis import RedisServer
from tests.support.server import ROOT

DEPLOY = (ROOT / "docs" / "deploy.md").read_text("utf-8")
NGINX = (ROOT / "docs" / "deploy" / "nginx.conf").read_text("utf-8")
# What a password may hold: the URL carries it percent-encoded, as the docs say.
PASSWORD = "p@ss:w/rd%42"


def test_i1_the_documented_redis_user_runs_the_channel_and_nothing_runs_without_its_password(tmp_path: Path):
    [user] = re.findall(r"^user qantar on .*$", DEPLOY, flags=re.MULTILINE)
    acl = tmp_path / "users.acl"
    acl.write_text(f"user default off\n{user.replace('A-LONG-RANDOM-PASSWORD', PASSWORD)}\n", "utf-8")
    with RedisServer(extra_args=("--aclfile", str(acl))) as redis:
        base = f"127.0.0.1:{redis.port}/0"
        channel = RedisChannel(f"redis://qantar:{quote(PASSWORD, safe='')}@{base}")
        code, token = channel.start("walk", "first", "en", "203.0.113.5")
        assert channel.move(code, token, "second", "ru") and channel.resume(code, token).step == "second"
        channel.seen(code, "student")
        assert channel.followers(code) == 1 and channel.wait(code, None, 0.1).language == "ru"
        assert channel.end(code, token) and channel.ended(code) and channel.current(code) is None
        assert channel.move(code, token, "third", "en", revive="walk")
        with pytest.raises(ChannelDownError):
            RedisChannel(f"redis://{base}").current(code)
        with socket.create_connection(("127.0.0.1", redis.port), timeout=2) as raw:
            raw.sendall(f"HSET qantar:presentation:{code} step csto\r\n".encode())
            assert raw.recv(64).startswith(b"-NOAUTH"), "a raw HSET moves no class"


def test_i2_the_proxy_never_asks_for_the_metrics():
    assert re.search(r"location = /_stcore/metrics \{\s*return 404;\s*\}", NGINX)


def test_i3_the_proxy_takes_the_largest_upload_the_app_takes_and_bounds_their_rate():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    largest = config["server"]["maxUploadSize"]
    assert re.search(rf"^\s*client_max_body_size {largest}m;", NGINX, flags=re.MULTILINE)
    uploads = re.search(r"location /_stcore/upload_file/ \{(.*?)\}", NGINX, flags=re.DOTALL).group(1)
    assert "limit_req zone=qantar_uploads" in uploads and "X-Forwarded-For $proxy_add_x_forwarded_for" in uploads


def test_i3_published_media_are_readable_by_a_web_server(catalog, tmp_path: Path):
    story_file = ROOT / "tests" / "stories" / "media.yaml"
    publish(load_story(story_file, catalog), story_file.parent, tmp_path, "files/media/", online=True)
    published = list(tmp_path.iterdir())
    assert published and all(stat.S_IMODE(path.stat().st_mode) == 0o644 for path in published)
