"""Addresses to share a step, and a ready <iframe> to put the story into another page."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from story.reader.text import escape

DEFAULT_EMBED_HEIGHT = 720


def step_link(
    base_url: str,
    step_id: str,
    language: str | None = None,
    embed: bool = False,
    scroll: bool = False,
    large: bool = False,
    lesson: str | None = None,
) -> str:
    """The address of one step: `https://host/app?step=<id>` (plus `lang`, `embed`, `mode=scroll`,
    `size=large`: text for a projector), inside a lesson: `?lesson=<id>&step=<id>`."""
    parts = urlsplit(base_url)
    query: dict[str, str] = ({"lesson": lesson} if lesson else {}) | {"step": step_id}
    if language and language != "en":
        query["lang"] = language
    if scroll:
        query["mode"] = "scroll"
    if large:
        query["size"] = "large"
    if embed:
        query["embed"] = "true"
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(query), ""))


def address_problem(base_url: str) -> str | None:
    """Why `base_url` cannot be the address printed in a handout's QR codes, or None."""
    parts = urlsplit(base_url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return f"--url must be an http:// or https:// address (got {base_url[:80]!r})"
    if parts.fragment or base_url.endswith("#"):
        return "--url must not have a #fragment: the step goes into the query (?step=<id>)"
    return None


def printed_step_link(base_url: str, step_id: str, language: str | None = None) -> str:
    """A step's address on paper: BASE with its own query kept, `step=<id>` (and `lang=`) joined to it."""
    parts = urlsplit(base_url)
    # What names a step, a language or a page's mode is the step's own; the rest (story=) stays.
    own = parse_qsl(parts.query, keep_blank_values=True)
    query = [(key, value) for key, value in own if key not in ("step", "lang", "follow", "embed", "embed_options")]
    query.append(("step", step_id))
    if language and language != "en":
        query.append(("lang", language))
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(query), ""))


def with_lesson(address: str, lesson_id: str | None) -> str:
    """`address` playing one lesson: `lesson=<id>` in its query (the step's own stays), or as it is for none."""
    if not lesson_id:
        return address
    parts = urlsplit(address)
    query = [(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True) if key != "lesson"]
    query.append(("lesson", lesson_id))
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(query), parts.fragment))


def join_link(base_url: str, code: str, story: str | None = None) -> str:
    """The address a class joins a presentation at: `https://host/app?follow=<code>` (and the story's)."""
    parts = urlsplit(base_url)
    query = {"follow": code} | ({"story": story} if story else {})
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(query), ""))


def light_join_link(base_url: str, code: str, language: str) -> str:
    """The address a class joins at on the light page (story/server/light.py), a phone's lightest way to
    follow: `https://host/app/view?follow=<code>&lang=<language>`."""
    parts = urlsplit(base_url)
    path = parts.path.rstrip("/") + "/view"
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode({"follow": code, "lang": language}), ""))


def join_page_link(base_url: str, language: str) -> str:
    """The page a student types the class's code into (story/server/join.py): `https://host/app/join?lang=..`."""
    parts = urlsplit(base_url)
    path = parts.path.rstrip("/") + "/join"
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode({"lang": language}), ""))


def room_link(page_url: str, code: str, language: str, story: str | None = None) -> str:
    """The screen the room sees, opened by the presenter on the same computer: the app's page following
    the presentation with nothing of the presenter's (`?follow=<code>&screen=room&lang=<language>`)."""
    parts = urlsplit(page_url)
    query = urlencode({"follow": code, "screen": "room", "lang": language} | ({"story": story} if story else {}))
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, ""))


def light_step_link(base_url: str, step_id: str, language: str, lesson: str | None = None) -> str:
    """One step on the light page (story/server/light.py), a phone's lightest way in:
    `https://host/app/view?step=<id>&lang=<language>` (after `lesson=<id>` inside a lesson)."""
    parts = urlsplit(base_url)
    path = parts.path.rstrip("/") + "/view"
    query = ({"lesson": lesson} if lesson else {}) | {"step": step_id, "lang": language}
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(query), ""))


def embed_snippet(
    base_url: str,
    step_id: str,
    title: str,
    language: str | None,
    height: int,
    scroll: bool = False,
    large: bool = False,
    lesson: str | None = None,
) -> str:
    """An <iframe> that shows the story (or one lesson of it) from `step_id` inside a teacher's page (in
    scroll mode, in large text, if asked)."""
    src = step_link(base_url, step_id, language, embed=True, scroll=scroll, large=large, lesson=lesson)
    return (
        f'<iframe src="{escape(src)}" title="{escape(title)}" width="100%" height="{int(height)}" '
        'style="border:0; max-width:100%;" loading="lazy" allow="clipboard-write; fullscreen"></iframe>'
    )
