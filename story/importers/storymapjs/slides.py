"""Reading one StoryMapJS slide: its headline, text, media, location, date and background, with a
warning for each thing that cannot come along (the losses shared by many slides are counted, to be
said once: story/importers/storymapjs/warnings.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ruamel.yaml.comments import CommentedMap

from story.format.media import video_embed
from story.format.model import LONG_TEXT_MAX, TEXT_MAX
from story.importers.storymapjs.dates import date_source, parse_date
from story.importers.storymapjs.markdown import HtmlToMarkdown, escape_markdown_line, plain_text
from story.importers.storymapjs.media import first_embedded_address, https_address, media_kind
from story.importers.storymapjs.text import as_number, as_text, clean, one_line, quoted, shorten, web_address

NO_TEXT = "(No text in the StoryMapJS slide.)"
_NO_LOCATION_TAIL = "the step shows all the story's places, as StoryMapJS showed its overview map"
_NO_LOCATION = "no location; " + _NO_LOCATION_TAIL


@dataclass
class Location:
    lat: float
    lon: float
    name: str  # from location.name, or ""
    zoom: float | None


@dataclass
class Slide:
    number: int  # 1-based position in the StoryMapJS file
    overview: bool
    headline: str  # plain text, may be ""
    title: str
    body: str = ""
    date: str | None = None
    date_comment: str | None = None
    location: Location | None = None
    place_id: str | None = None
    place_name: str = ""
    media: CommentedMap | None = None
    caption: str = ""  # the media caption as written, "" when there is none
    unreadable_date: str | None = None  # the StoryMapJS date when it could not be read
    warnings: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.headline:
            return f"slide {self.number} “{shorten(self.headline, 60)}”"
        return f"slide {self.number} (no headline)"

    def warn(self, message: str) -> None:
        self.warnings.append(f"{self.label}: {message}")


class SlideReader:
    """Reads the slides one by one, and counts the losses reported once for all slides (styling,
    pictures, counters) by kind."""

    def __init__(self) -> None:
        # Slide numbers per kind of loss.
        self.grouped: dict[str, list[int]] = {}

    def note_grouped(self, kind: str, slide: Slide) -> None:
        numbers = self.grouped.setdefault(kind, [])
        if slide.number not in numbers:
            numbers.append(slide.number)

    def read(self, number: int, raw: dict) -> Slide:
        text = raw.get("text")
        if not isinstance(text, dict):
            text = {"text": text} if isinstance(text, str) else {}
        # The headline names the slide in every warning, so it is read first and its own warnings wait.
        headline_notes: list[str] = []
        headline = plain_text(as_text(text.get("headline")), headline_notes.append, "headline")
        slide = Slide(number=number, overview=raw.get("type") == "overview", headline=headline, title="")
        for note in headline_notes:
            slide.warn(note)
        slide.title = fit_text(headline, TEXT_MAX, slide, "the headline") if headline else f"Slide {number}"

        slide.body = self._body(slide, as_text(text.get("text")))
        slide.media = self._media(slide, raw.get("media"))
        if not slide.body:
            if slide.caption:
                slide.body = escape_markdown_line(slide.caption)
                slide.warn("the slide has no text; the media caption is used as its text")
            else:
                slide.body = NO_TEXT
                slide.warn("the slide has no text; the step says so: write one")
        slide.location = self._location(slide, raw.get("location"))
        self._date(slide, raw, text)
        self._background(slide, raw.get("background"))
        return slide

    def _body(self, slide: Slide, html: str) -> str:
        if not html.strip():
            return ""
        body = HtmlToMarkdown(slide.warn, "text", lambda: self.note_grouped("counters", slide)).convert(html)
        if len(body) > LONG_TEXT_MAX:
            cut = body.rfind("\n\n", 0, LONG_TEXT_MAX - 10)
            body = body[: cut if cut > 0 else LONG_TEXT_MAX - 10].rstrip() + "\n\n…"
            slide.warn(f"the text is longer than {LONG_TEXT_MAX} characters; it is cut short")
        return body

    def _media(self, slide: Slide, raw: object) -> CommentedMap | None:
        if not isinstance(raw, dict):
            return None
        caption = plain_text(as_text(raw.get("caption")), slide.warn, "media caption")
        credit = plain_text(as_text(raw.get("credit")), slide.warn, "media credit")
        alt = plain_text(as_text(raw.get("alt")), slide.warn, "media alt text")
        slide.caption = caption
        url = self._media_url(slide, as_text(raw.get("url")))
        if not (caption or url):
            if credit:
                slide.warn("the media has a credit but no caption or address; it is left out")
            return None
        media = CommentedMap()
        kind = media_kind(url)[0] if url else ""
        video = video_embed(https_address(url)) if url else None
        if not caption:
            assert url is not None
            caption = f"{kind} from {urlsplit(url).hostname or 'the web'}"
        if url and (kind == "A picture" or video is not None):
            # Shown as StoryMapJS showed it: a picture on the web (https: a page served over https
            # cannot show an http picture), a YouTube or Vimeo video in its privacy-enhanced player.
            if video is not None:
                media["type"] = "video"
            media["src"] = https_address(url)
            if url.lower().startswith("http:"):
                self.note_grouped("https", slide)
        media["caption"] = fit_text(caption, LONG_TEXT_MAX, slide, "the media caption")
        if credit:
            media["credit"] = fit_text(credit, TEXT_MAX, slide, "the media credit")
        if alt:
            media["alt"] = fit_text(alt, TEXT_MAX, slide, "the media alt text")
        elif "src" in media and video is None:
            # A picture needs its description; the caption is the nearest the slide has.
            media["alt"] = fit_text(caption, TEXT_MAX, slide, "the media alt text")
            self.note_grouped("alt", slide)
        if video is not None:
            self.note_grouped("transcripts", slide)
        # An address shown as a link stays on the media block; it is not added to `sources`: it is
        # what StoryMapJS showed next to the text, not evidence for the text's facts.
        if url and "src" not in media:
            media["url"] = url
        return media

    def _media_url(self, slide: Slide, raw: str) -> str | None:
        raw = clean(raw).strip()
        if not raw:
            return None
        if raw.startswith("<"):
            embedded = first_embedded_address(raw)
            if embedded is None:
                slide.warn("the media is embed code without a web address; it is left out")
                return None
            slide.warn(f"the media is embed code; only its address is kept, as a link: {shorten(embedded, 80)}")
            raw = embedded
        url = web_address(raw)
        if url is None:
            if raw.lower().startswith("data:"):
                slide.warn("the media is stored inside the file (a data: address), not on the web; it is left out")
            else:
                slide.warn(f"the media address {quoted(raw, 60)} is not a web address; it is left out")
            return None
        kind, is_picture = media_kind(url)
        if not is_picture and video_embed(https_address(url)) is None:
            slide.warn(f"the media is {kind[0].lower()}{kind[1:]}, which we do not embed; it becomes a link")
        return url

    def _location(self, slide: Slide, raw: object) -> Location | None:
        if slide.overview:
            # StoryMapJS frames all the markers on the title slide; its location is not shown.
            return None
        if not isinstance(raw, dict):
            slide.warn(_NO_LOCATION)
            return None
        if raw.get("icon") or raw.get("image"):
            self.note_grouped("markers", slide)
        if raw.get("line") is False:
            self.note_grouped("line-false", slide)
        lat, lon = as_number(raw.get("lat")), as_number(raw.get("lon"))
        if lat is None or lon is None:
            if raw.get("lat") not in (None, "") or raw.get("lon") not in (None, ""):
                slide.warn(
                    f"the location {quoted(raw.get('lat'))}, {quoted(raw.get('lon'))} is not a pair of numbers; "
                    + _NO_LOCATION_TAIL
                )
            else:
                slide.warn(_NO_LOCATION)
            return None
        if not -90 <= lat <= 90:
            slide.warn(f"the latitude {lat:g} is not between -90 and 90; " + _NO_LOCATION_TAIL)
            return None
        if lat == 0 and lon == 0:
            slide.warn("the location 0, 0 is a placeholder (StoryMapJS showed no marker for it); " + _NO_LOCATION_TAIL)
            return None
        # A map dragged around the world gives longitudes beyond ±180; they name the same meridian.
        lon = ((lon + 180) % 360) - 180 if not -180 <= lon <= 180 else lon
        name = plain_text(as_text(raw.get("name")), slide.warn, "location name")
        zoom = as_number(raw.get("zoom"))
        return Location(round(lat, 6), round(lon, 6), name, zoom)

    def _date(self, slide: Slide, raw: dict, text: dict) -> None:
        candidates = [raw.get("date"), text.get("date")]
        for value in candidates:
            if value in (None, "") or (isinstance(value, dict) and not value):
                continue
            iso, note = parse_date(value)
            if iso is not None:
                slide.date = iso
                if note:
                    slide.warn(note)
                    slide.date_comment = f"read from {quoted(date_source(value), 40)}"
                return
            slide.unreadable_date = date_source(value)
            return

    def _background(self, slide: Slide, raw: object) -> None:
        if not isinstance(raw, dict):
            return
        url = clean(as_text(raw.get("url"))).strip()
        if url:
            slide.warn(f"the background picture is not carried over ({shorten(one_line(url), 80)})")
        color = raw.get("color")
        if isinstance(color, str) and color.strip():
            self.note_grouped("background", slide)


def fit_text(text: str, limit: int, slide: Slide | None = None, what: str = "") -> str:
    if len(text) <= limit:
        return text
    if slide is not None:
        slide.warn(f"{what} is longer than {limit} characters; it is cut short")
    return text[: limit - 1].rstrip() + "…"
