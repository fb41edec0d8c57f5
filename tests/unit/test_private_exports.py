"""L8 of the security review: an export names no other site unless its author chose tiles, and says so.

The copy's Content-Security-Policy is what the browser holds it to (tests/browser/test_private_exports.py
walks it with the network cut); here, what the policy and the page say for each choice.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from story.cli import main as story_command
from story.map.tiles import tile_config
from story.outputs.policy import inline_hash, tile_origins
from tests.conftest import TEST_STORIES

MEDIA = TEST_STORIES / "media.yaml"


class Head(HTMLParser):
    """The page's policy, its referrer meta, and the text of each inline script and style, as a browser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.policy: str | None = None
        self.referrer: str | None = None
        self.first_meta_is_policy_before_any_script = False
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._inside: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "meta" and found.get("http-equiv") == "Content-Security-Policy":
            self.policy = found.get("content")
            self.first_meta_is_policy_before_any_script = not self.scripts and not self.styles
        if tag == "meta" and found.get("name") == "referrer":
            self.referrer = found.get("content")
        if tag in ("script", "style") and "type" not in found:
            self._inside = tag
            (self.scripts if tag == "script" else self.styles).append("")

    def handle_endtag(self, tag: str) -> None:
        self._inside = None

    def handle_data(self, data: str) -> None:
        if self._inside == "script":
            self.scripts[-1] += data
        elif self._inside == "style":
            self.styles[-1] += data


def directives(policy: str) -> dict[str, list[str]]:
    return {name: sources for name, *sources in (part.split() for part in policy.split(";") if part.strip())}


def exported(tmp_path: Path, *options: str) -> Head:
    path = tmp_path / "copy.html"
    assert story_command(["export", str(MEDIA), "-o", str(path), *options]) == 0
    head = Head()
    head.feed(path.read_text(encoding="utf-8"))
    return head


def named_hosts(policy: str) -> list[str]:
    return re.findall(r"https?://[^\s;]+", policy)


def test_l8_the_default_export_names_no_other_site_and_sends_no_referrer(tmp_path: Path):
    head = exported(tmp_path)
    assert head.policy is not None and head.first_meta_is_policy_before_any_script
    assert named_hosts(head.policy) == []
    rules = directives(head.policy)
    assert rules["default-src"] == ["'none'"] and rules["connect-src"] == ["'none'"]
    assert rules["img-src"] == ["'self'", "data:"] and rules["frame-src"] == ["'none'"]
    assert rules["object-src"] == rules["base-uri"] == rules["form-action"] == ["'none'"]
    # Only the page's own scripts and styles run: each hashed, no 'unsafe-inline', no 'unsafe-eval'.
    assert sorted(rules["script-src"]) == sorted(inline_hash(text) for text in head.scripts)
    assert sorted(rules["style-src"]) == sorted(inline_hash(text) for text in head.styles)
    assert "'unsafe-eval'" not in head.policy and "'unsafe-inline'" not in head.policy
    assert head.referrer == "no-referrer"


def test_l8_the_default_export_says_it_asks_no_other_site(tmp_path: Path):
    path = tmp_path / "copy.html"
    assert story_command(["export", str(MEDIA), "-o", str(path)]) == 0
    html = path.read_text(encoding="utf-8")
    assert "This copy asks no other website for anything" in html
    # The picture and the video on the web are links to follow, not requests the page makes.
    data = json.loads(re.search(r'<script type="application/json" id="story-data">(.*?)</script>', html, re.S)[1])
    steps = "".join(step["html"] for step in data["steps"])
    assert "data-sm-remote" not in steps and "youtube-nocookie.com" not in steps
    assert "Picture not shown offline" in steps and "Video not shown offline" in steps


def test_l8_with_tiles_the_policy_names_the_tile_host_and_the_story_s_own_media_hosts(tmp_path: Path):
    head = exported(tmp_path, "--tiles", "OpenStreetMap.Mapnik")
    assert head.policy is not None
    rules = directives(head.policy)
    assert rules["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org", "https://pictures.example.org"]
    assert rules["frame-src"] == ["https://www.youtube-nocookie.com"]
    assert rules["connect-src"] == ["'none'"]


def test_l8_offline_with_tiles_names_no_other_site(tmp_path: Path):
    head = exported(tmp_path, "--tiles", "OpenStreetMap.Mapnik", "--offline")
    assert head.policy is not None and named_hosts(head.policy) == []


def test_l8_tiles_with_subdomains_name_each_host():
    tiles = tile_config("OpenStreetMap.Mapnik")
    assert tiles is not None
    spread = {**tiles, "url": "https://{s}.tile.example.org/{z}/{x}/{y}.png", "subdomains": "ab"}
    assert tile_origins(spread) == ("https://a.tile.example.org", "https://b.tile.example.org")  # type: ignore[arg-type]
    assert tile_origins(None) == ()


def test_l8_an_authored_address_cannot_add_a_directive_to_the_policy(tmp_path: Path):
    story = tmp_path / "story.yaml"
    hostile = "https://evil.example;sandbox/a.png"  # a host with a ";": the checker lets it through
    story.write_text(
        MEDIA.read_text(encoding="utf-8").replace("https://pictures.example.org/steppe.jpg", hostile),
        encoding="utf-8",
    )
    path = tmp_path / "copy.html"
    assert story_command(["export", str(story), "--tiles", "OpenStreetMap.Mapnik", "-o", str(path)]) == 0
    head = Head()
    head.feed(path.read_text(encoding="utf-8"))
    assert head.policy is not None
    assert "evil" not in head.policy and "sandbox" not in head.policy
    assert directives(head.policy)["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org"]


def test_l8_the_export_command_s_help_says_tiles_are_asked_for_only_when_chosen(capsys):
    with pytest.raises(SystemExit):
        story_command(["export", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "Without it, the copy draws our own basemap and asks no other site for anything (default: none)" in help_text


def test_l8_a_picture_host_with_an_international_name_is_named_as_the_browser_asks_it(tmp_path: Path):
    story = tmp_path / "story.yaml"
    story.write_text(
        MEDIA.read_text(encoding="utf-8").replace("pictures.example.org", "сурет.example.org"), encoding="utf-8"
    )
    path = tmp_path / "copy.html"
    assert story_command(["export", str(story), "--tiles", "OpenStreetMap.Mapnik", "-o", str(path)]) == 0
    head = Head()
    head.feed(path.read_text(encoding="utf-8"))
    assert head.policy is not None
    assert "https://xn--e1avcgc.example.org" in directives(head.policy)["img-src"]
