"""A step's pictures, videos and sounds as the reader sees them: one HTML for the app and the export.

The host (the app, the export) says how it serves the story's own files (`MediaFiles`: a
published copy's address in the app, a data URI in the export) and whether the page may ask
the web for anything (`remote`: off with `--tiles none`, `--offline` and `media: local-only`).
Nothing here requests anything: a video or a sound is a button and a caption, and its player
waits inside a `<template>` (inert: the browser loads nothing from it) until the reader presses
play (`static/storymap/shell.js`). A picture on the web carries its alt text beside it, which
the player shows in its place when it does not load.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from story.format.media import RemoteImage, RemoteVideo, resolve_src
from story.format.model import Media, is_remote
from story.reader.i18n import Translator
from story.reader.text import escape, link

# How wide the narrative shows a picture: the whole screen on a phone, its pane beside the map.
PICTURE_SIZES = "(max-width: 700px) 100vw, 40vw"


@dataclass(frozen=True)
class ShownFile:
    """One of the story's files as its host serves it."""

    url: str
    mime: str
    width: int | None = None
    height: int | None = None
    # Smaller copies of a large picture, (address, width), for the browser to choose from.
    smaller: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class MediaFiles:
    """The story's own files that may be shown (by `src` as written) and whether the web may be asked."""

    files: Mapping[str, ShownFile] = field(default_factory=dict)
    remote: bool = True


NO_MEDIA = MediaFiles(remote=False)


def media_html(items: list[Media], tr: Translator, host: MediaFiles, language: str) -> str:
    return "".join(_item_html(item, tr, host, language) for item in items)


def _item_html(item: Media, tr: Translator, host: MediaFiles, language: str) -> str:
    caption = _caption(item, tr)
    transcript = _transcript(item, tr)
    if item.src is None:
        return _not_shown(item, tr.gettext("Photo not shown"), caption, transcript)
    if not is_remote(item.src):
        shown = host.files.get(item.src)
        if shown is None:
            return _not_shown(item, _not_shown_label(item, tr), caption, transcript)
        if item.type == "image":
            return _figure("sm-image", _picture(shown, item.alt or ""), caption, transcript)
        return _figure(f"sm-{item.type}", _local_player(item, shown, tr, host, language), caption, transcript)
    found = resolve_src(item.src, item.type, None)
    if isinstance(found, RemoteImage):
        if not host.remote:
            return _not_shown(item, tr.gettext("Picture not shown offline"), caption, transcript, item.src)
        # The alt text waits beside the picture; the player shows it instead when the picture fails.
        picture = (
            f'<img src="{escape(found.url)}" alt="{escape(item.alt or "")}" loading="lazy" decoding="async" '
            'referrerpolicy="no-referrer" data-sm-remote>'
            f'<p class="sm-media-fallback" hidden>{escape(item.alt or "")}</p>'
        )
        return _figure("sm-image sm-remote", picture, caption, transcript)
    if isinstance(found, RemoteVideo):
        if not host.remote:
            return _not_shown(item, tr.gettext("Video not shown offline"), caption, transcript, found.page_url)
        return _figure("sm-video sm-remote", _remote_player(item, found, tr), caption, transcript)
    return _not_shown(item, _not_shown_label(item, tr), caption, transcript)


def _not_shown_label(item: Media, tr: Translator) -> str:
    return {
        "image": tr.gettext("Picture not shown"),
        "video": tr.gettext("Video not shown"),
        "audio": tr.gettext("Sound not shown"),
    }[item.type]


def _figure(kind: str, body: str, caption: str, transcript: str) -> str:
    return f'<figure class="sm-media {kind}">{body}<figcaption>{caption}</figcaption>{transcript}</figure>'


def _caption(item: Media, tr: Translator) -> str:
    text = link(item.caption, item.url) if item.url else escape(item.caption)
    credit = [part for part in (item.credit, item.licence) if part]
    if not credit:
        return text
    return f'{text} <span class="sm-credit">({escape(kind_word(item, tr))}: {escape(", ".join(credit))})</span>'


def kind_word(item: Media, tr: Translator) -> str:
    """What the item is, in a word for its credit: Picture, Video, Sound (Photo: one the story cannot show)."""
    if item.src is None:
        return tr.gettext("Photo")
    return {"image": tr.gettext("Picture"), "video": tr.gettext("Video"), "audio": tr.gettext("Sound")}[item.type]


def _transcript(item: Media, tr: Translator) -> str:
    if not item.transcript:
        return ""
    paragraphs = "".join(f"<p>{escape(part.strip())}</p>" for part in item.transcript.split("\n\n") if part.strip())
    return f'<details class="sm-transcript"><summary>{escape(tr.gettext("Transcript"))}</summary>{paragraphs}</details>'


def _not_shown(item: Media, label: str, caption: str, transcript: str, address: str | None = None) -> str:
    alt = f'<span class="sm-media-alt">{escape(item.alt)}</span> ' if item.alt and item.src else ""
    where = f" {link(_address_text(address), address)}" if address else ""
    return (
        '<figure class="sm-media sm-media-missing">'
        f'<figcaption><span class="sm-label">{escape(label)}:</span> {alt}{caption}{where}</figcaption>'
        f"{transcript}</figure>"
    )


def _address_text(address: str) -> str:
    """An address as the text of its link, without its scheme."""
    return address.split("://", 1)[-1]


def _picture(shown: ShownFile, alt: str) -> str:
    size = f' width="{shown.width}" height="{shown.height}"' if shown.width and shown.height else ""
    srcset = ""
    if shown.smaller and shown.width:
        choices = [*shown.smaller, (shown.url, shown.width)]
        srcset = f' srcset="{escape(", ".join(f"{url} {width}w" for url, width in choices))}" sizes="{PICTURE_SIZES}"'
    return f'<img src="{escape(shown.url)}"{srcset} alt="{escape(alt)}"{size} loading="lazy" decoding="async">'


def _play_button(label: str, poster: ShownFile | None) -> str:
    picture = f'<img src="{escape(poster.url)}" alt="" class="sm-poster">' if poster else ""
    return (
        f'<button type="button" class="sm-play" data-sm-play>{picture}'
        f'<span class="sm-play-label"><span class="sm-play-icon" aria-hidden="true">▶</span> {escape(label)}</span>'
        "</button>"
    )


def _remote_player(item: Media, video: RemoteVideo, tr: Translator) -> str:
    label = tr.gettext("Play the video (from {provider})").format(provider=video.provider)
    title = escape(item.caption[:200])
    frame = (
        f'<iframe src="{escape(video.embed_url)}" title="{title}" allow="autoplay; fullscreen; picture-in-picture; '
        'encrypted-media" allowfullscreen referrerpolicy="strict-origin-when-cross-origin"></iframe>'
    )
    notice = tr.gettext("Nothing is loaded from {provider} until you press play.").format(provider=video.provider)
    page = link(tr.gettext("Watch on {provider}").format(provider=video.provider), video.page_url)
    return (
        f'<div class="sm-player">{_play_button(label, None)}<template>{frame}</template></div>'
        f'<p class="sm-media-note">{escape(notice)} {page}</p>'
    )


def _local_player(item: Media, shown: ShownFile, tr: Translator, host: MediaFiles, language: str) -> str:
    tag = "video" if item.type == "video" else "audio"
    poster = host.files.get(item.poster) if item.poster else None
    poster_attribute = f' poster="{escape(poster.url)}"' if poster else ""
    captions = host.files.get(item.captions) if item.captions else None
    track = ""
    if captions:
        label = escape(tr.gettext("Captions"))
        source = escape(captions.url)
        track = f'<track kind="captions" src="{source}" srclang="{escape(language)}" label="{label}" default>'

    player = (
        f'<{tag} controls autoplay preload="metadata"{poster_attribute}>'
        f'<source src="{escape(shown.url)}" type="{escape(shown.mime)}">{track}</{tag}>'
    )
    play = tr.gettext("Play the video") if tag == "video" else tr.gettext("Play the sound")
    return f'<div class="sm-player">{_play_button(play, poster)}<template>{player}</template></div>'
