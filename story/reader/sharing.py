"""Addresses to share a step, and a ready <iframe> to put the story into another page."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit

from story.reader.text import escape

DEFAULT_EMBED_HEIGHT = 720


def step_link(base_url: str, step_id: str, language: str | None = None, embed: bool = False) -> str:
    """The address of one step: `https://host/app?step=<id>` (plus `lang`, `embed`)."""
    parts = urlsplit(base_url)
    query: dict[str, str] = {"step": step_id}
    if language and language != "en":
        query["lang"] = language
    if embed:
        query["embed"] = "true"
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(query), ""))


def join_link(base_url: str, code: str, story: str | None = None) -> str:
    """The address a class joins a presentation at: `https://host/app?follow=<code>` (and the story's)."""
    parts = urlsplit(base_url)
    query = {"follow": code} | ({"story": story} if story else {})
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(query), ""))


def embed_snippet(base_url: str, step_id: str, title: str, language: str | None, height: int) -> str:
    """An <iframe> that shows the story from `step_id` inside a teacher's page."""
    src = step_link(base_url, step_id, language, embed=True)
    return (
        f'<iframe src="{escape(src)}" title="{escape(title)}" width="100%" height="{int(height)}" '
        'style="border:0; max-width:100%;" loading="lazy" allow="clipboard-write; fullscreen"></iframe>'
    )
