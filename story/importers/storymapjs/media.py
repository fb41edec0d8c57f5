"""Media of a StoryMapJS slide: what an address shows, and the address inside embed code."""

from __future__ import annotations

from urllib.parse import urlsplit

from story.importers.storymapjs.markdown import Node, parse_html
from story.importers.storymapjs.text import web_address


def first_embedded_address(html: str) -> str | None:
    """The first web address (src, href, cite) in a piece of embed code."""
    found: list[str] = []

    def walk(node: Node) -> None:
        for child in node.children:
            if isinstance(child, Node):
                for attribute in ("src", "href", "cite", "data"):
                    value = child.attrs.get(attribute)
                    if value and web_address(value):
                        found.append(web_address(value) or "")
                walk(child)

    walk(parse_html(html))
    return found[0] if found else None


_PICTURE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp", ".tif", ".tiff", ".avif")
_MEDIA_HOSTS = [
    (("youtube.com", "youtu.be", "youtube-nocookie.com"), "A YouTube video"),
    (("vimeo.com",), "A Vimeo video"),
    (("vine.co",), "A Vine video"),
    (("dailymotion.com", "dai.ly"), "A Dailymotion video"),
    (("soundcloud.com",), "A SoundCloud recording"),
    (("spotify.com",), "A Spotify recording"),
    (("twitter.com", "x.com"), "A tweet"),
    (("instagram.com", "instagr.am"), "An Instagram post"),
    (("flickr.com", "flic.kr"), "A Flickr picture page"),
    (("docs.google.com", "drive.google.com"), "A Google document"),
    (("maps.google.", "google.com/maps"), "A Google map"),
    (("wikipedia.org",), "A Wikipedia article"),
    (("documentcloud.org",), "A DocumentCloud document"),
    (("storify.com",), "A Storify story"),
    (("facebook.com",), "A Facebook post"),
]


def media_kind(url: str) -> tuple[str, bool]:
    """What the media address shows ("A YouTube video"), and whether it is a picture."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    path = parts.path.lower()
    if path.endswith(_PICTURE_EXTENSIONS) or host.startswith("upload.wikimedia.org"):
        return "A picture", True
    if path.endswith((".mp3", ".wav", ".ogg", ".m4a", ".aac")):
        return "A sound recording", False
    if path.endswith((".mp4", ".webm", ".mov", ".m4v")):
        return "A video", False
    if path.endswith(".pdf"):
        return "A PDF document", False
    where = host + parts.path.lower()
    for needles, kind in _MEDIA_HOSTS:
        if any(host == n or host.endswith("." + n) or n in where for n in needles):
            return kind, False
    return "A web page", False


def https_address(url: str) -> str:
    """The address over https (what a page served over https would ask for anyway)."""
    return "https:" + url[5:] if url.lower().startswith("http:") else url
