"""What the player in the browser gets: the whole story for one page and language, once.

The player (`static/storymap/player.js`) changes step in the browser, in the app and in
the offline export alike: it holds every step's narrative (the sections of
`story.reader.narrative`, already escaped or sanitized here) and every step's map
state, and the folium script that builds the map (the types are `story.contract`'s).
`player_data` is a pure function of the story, the catalog, the reader's language and
the host's tiles, so the app sends the same JSON on every rerun (Streamlit then sends it
once and refers to it after).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from geodata.catalog import LayerCatalog
from story.contract import (
    HostFields,
    LessonData,
    PlayerData,
    PlayerTexts,
    StepState,
    SwipeState,
    TileConfig,
    TimelineData,
    TimeState,
)
from story.format.dates import parse_story_date
from story.format.lessons import lesson_indexes, lesson_story, lesson_untranslated
from story.format.model import Step, Story
from story.map.folium_map import map_script
from story.map.state import map_config, step_state
from story.reader.dates import format_story_date
from story.reader.glossary import renamed_tips
from story.reader.i18n import Translator
from story.reader.media import NO_MEDIA, MediaFiles
from story.reader.narrative import sections_html, step_date, step_sections
from story.reader.navigation import KEYS, place_steps
from story.reader.text import escape
from story.reader.timeline import timeline

PLAYER_DIR = Path(__file__).resolve().parent.parent / "static" / "storymap"
# The player's scripts in the order both hosts (components/player.py, story/outputs/export.py) join
# them into one: classic scripts with one job each; a script may use those before it as it loads, and
# all of them are there before the player (player.js) makes the map.
PLAYER_SCRIPTS = tuple(
    PLAYER_DIR / name
    for name in (
        "geo.js",  # the map's pure parts
        "placement.js",  # where labels go, pure
        "controls.js",
        "layers.js",
        "days.js",  # a dated layer on a day (the slider's, a swipe's sides)
        "labels.js",
        "swipe.js",
        "camera.js",
        "storymap.js",  # the map controller, window.StoryMap
        # The player's parts before its core, which uses them (player.js's header says so too).
        "rules.js",  # the player's pure parts
        "shell.js",
        "checks.js",
        "time.js",
        "autoplay.js",
        "scroll.js",
        "timeline.js",
        "player.js",
    )
)


def player_script() -> str:
    """The player's scripts joined in load order, as both hosts inline them."""
    return "\n".join(path.read_text(encoding="utf-8") for path in PLAYER_SCRIPTS)


def without_comment_lines(script: str) -> str:
    """`script` without its lines of comments: `//` lines and `/* ... */` blocks that begin a line (code
    after a block's end on its last line is kept). For a copy that carries the scripts inline: the
    comments and JSDoc types are for the people and the checker that read the files, a third of their
    bytes. Our scripts have no template literals, so no string spans lines (a test runs the result)."""
    kept: list[str] = []
    in_block = False
    for line in script.splitlines():
        code = line.lstrip()
        if in_block:
            end = line.find("*/")
            if end < 0:
                continue
            in_block, code = False, line[end + 2 :].strip()
        elif code.startswith("//"):
            continue
        elif code.startswith("/*"):
            end = code.find("*/", 2)
            if end < 0:
                in_block = True
                continue
            code = code[end + 2 :].strip()
        else:
            kept.append(line)
            continue
        if code:
            kept.append(code)
    return "\n".join(kept)


def player_texts(tr: Translator) -> PlayerTexts:
    return {
        "story": tr.gettext("Story"),
        "navigation": tr.gettext("Step navigation"),
        "previous": tr.gettext("Previous"),
        "next": tr.gettext("Next"),
        "counter": tr.gettext("Step {number} of {total}"),
        "jump": tr.gettext("Jump to step"),
        "timeline": tr.gettext("Timeline"),
        "map": tr.gettext("Map"),
        "reduceMotion": tr.gettext("Reduce motion"),
        "reduceMotionHelp": tr.gettext("Move the map instantly between steps instead of flying."),
        "time": tr.gettext("Day shown on the map"),
        "play": tr.gettext("Play the days"),
        "pause": tr.gettext("Pause"),
        # One way of counting, in the legend and the list alike: places with reports (a town with a
        # protest and a clash is one place), on the day and so far.
        "timeShown": tr.gettext(
            "Places with reports on this day: {today}, in full colour. So far: {count}, the earlier ones faded."
        ),
        "timeToday": tr.gettext("Places with reports on this day: {count}"),
        "timeNone": tr.gettext("No report on this day."),
        "kinds": {"protest": tr.gettext("protest"), "clash": tr.gettext("clash"), "strike": tr.gettext("strike")},
        "disputed": tr.gettext("the sources disagree, or only state media report it"),
        "timeDisputed": tr.gettext(
            "A dashed ring marks a report the sources disagree on, or one that only state media give."
        ),
        "autoplayStart": tr.gettext("Start autoplay"),
        "autoplayPause": tr.gettext("Pause autoplay"),
        "autoplayPlaying": tr.gettext("Autoplay: the next step comes every {seconds} seconds."),
        "autoplayPaused": tr.gettext("Autoplay is paused."),
        "swipeShow": tr.gettext("Show {day}"),
        "lessonUnknown": tr.gettext("There is no lesson “{lesson}” in this story; showing the whole story."),
        "stepNotInLesson": tr.gettext("The step “{step}” is not in the lesson “{lesson}”; showing its first step."),
        "lessonShown": tr.gettext("Lesson: {lesson}"),
    }


def time_state(step: Step, language: str) -> TimeState | None:
    """The step's slider over days, with each day in the reader's words."""
    if step.time is None:
        return None
    days = step.time.days()
    start = days.index(step.time.start) if step.time.start else 0
    labels = [format_story_date(parse_story_date(day.isoformat()), language) for day in days]
    return {"days": [day.isoformat() for day in days], "labels": labels, "start": start}


def swipe_state(step: Step, language: str) -> SwipeState | None:
    """The step's two days side by side, each in the reader's words."""
    if step.swipe is None:
        return None
    days = [step.swipe.left, step.swipe.right]
    labels = [format_story_date(parse_story_date(day.isoformat()), language) for day in days]
    return {"days": [day.isoformat() for day in days], "labels": labels}


def _state(story: Story, index: int, catalog: LayerCatalog, language: str) -> StepState:
    state = step_state(story, index, catalog)
    time, swipe = time_state(story.steps[index], language), swipe_state(story.steps[index], language)
    if time:
        return {**state, "time": time}
    return {**state, "swipe": swipe} if swipe else state


def player_data(
    story: Story,
    catalog: LayerCatalog,
    tr: Translator,
    tiles: TileConfig | None,
    untranslated: frozenset[str] = frozenset(),
    geodata_url: str = "",
    media: MediaFiles = NO_MEDIA,
    publishers: Mapping[str, str] | None = None,
) -> PlayerData:
    """The story as the player shows it, in the reader's language, with its pictures as `media` serves them.

    `publishers` (a translation's table) names the publishers of the reports of the layers the browser fetches."""
    return {
        "story": story.id,
        "language": tr.language,
        "texts": player_texts(tr),
        "steps": [
            {
                "id": step.id,
                "title": step.title,
                "date": step_date(step, tr.language),
                "html": sections_html(step_sections(story, index, catalog, tr, untranslated, media)),
                "state": _state(story, index, catalog, tr.language),
            }
            for index, step in enumerate(story.steps)
        ],
        "timeline": timeline_data(story, tr.language),
        "placeSteps": place_steps(story),
        "checkCount": sum(len(step.check) for step in story.steps),
        "lessons": lessons_data(story, catalog, tr, untranslated, media),
        "keys": dict(KEYS),
        "map": map_script(tiles),
        "mapConfig": map_config(story, catalog, tr, tiles, geodata_url, publishers),
    }


def timeline_data(story: Story, language: str) -> TimelineData:
    strip = timeline(story, language)
    return {
        "firstYear": strip.first_year,
        "lastYear": strip.last_year,
        "points": [
            {"stepId": point.step_id, "title": point.title, "date": point.date, "position": point.position}
            for point in strip.points
        ],
        "years": [{"position": year.position, "year": year.year, "steps": year.steps} for year in strip.years],
        "breaks": strip.breaks,
    }


def lessons_data(
    story: Story, catalog: LayerCatalog, tr: Translator, untranslated: frozenset[str], media: MediaFiles
) -> list[LessonData]:
    """Each lesson with its steps' ids, its own timeline and its self-checks: what the player needs to play
    only those steps (and its first step again, when it must open with the story's content note)."""
    found: list[LessonData] = []
    for lesson in story.lessons:
        indexes = lesson_indexes(story, lesson)
        steps = [story.steps[index] for index in indexes]
        if not steps:
            continue
        opening = None
        if indexes[0] != 0 and story.content_note:
            # As the lesson's own copy (export --lesson) opens it: the story's note before the first step.
            cut, cut_untranslated = lesson_story(story, lesson.id), lesson_untranslated(story, lesson.id, untranslated)
            opening = sections_html(step_sections(cut, 0, catalog, tr, cut_untranslated, media))
        found.append(
            {
                "id": lesson.id,
                "title": lesson.title,
                "steps": [step.id for step in steps],
                "minutes": lesson.minutes,
                "timeline": timeline_data(story.model_copy(update={"steps": steps}), tr.language),
                "checkCount": sum(len(step.check) for step in steps),
                "openingHtml": opening,
            }
        )
    return found


def encoded(data: object) -> bytes:
    """`data` as compact JSON in UTF-8, the way the app hands a component its data."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def with_page_fields(encoded_data: bytes, fields: HostFields) -> bytes:
    """`encoded_data` (the story's `PlayerData` made by `encoded`) with the host's `fields` added at its end.

    The same bytes as encoding the merged object, without encoding the story again: the story's
    part is made once per story and language, and only what differs per page is encoded per page.
    """
    if not fields:
        return encoded_data
    if not encoded_data.endswith(b"}") or encoded_data == b"{}":
        raise ValueError("encoded_data must be a JSON object with at least one key")
    return encoded_data[:-1] + b"," + encoded(dict(fields))[1:]


def opening_html(data: PlayerData, step_id: str, notice: str | None = None, lesson_id: str | None = None) -> str:
    """The step a page opens on, laid out as the player will show it, for the page's first paint.

    The server sends it as plain HTML (the sections are already sanitized), so the reader
    sees the step's title and text as soon as the page's first message arrives; the
    player, once its code has loaded, takes the same place and this is hidden. Whatever the
    player shows around the step at first (the address's `notice`, the map's description) is
    here too, at the same size, so that nothing moves when the player takes over. In a lesson
    (`lesson_id`, the address's), the lesson's steps, as the player cuts them (rules.js, lessonCut).
    """
    steps, texts = data["steps"], data["texts"]
    lesson = next((item for item in data["lessons"] if item["id"] == lesson_id), None) if lesson_id else None
    notices = [notice] if notice else []
    if lesson_id and lesson is None:
        notices.append(texts["lessonUnknown"].replace("{lesson}", lesson_id))
    if lesson is not None:
        ids = set(lesson["steps"])
        steps = [step for step in steps if step["id"] in ids]
        if lesson["openingHtml"]:
            steps[0] = {**steps[0], "html": lesson["openingHtml"]}
        if step_id not in ids and step_id != data["steps"][0]["id"]:  # a step the address named
            said = texts["stepNotInLesson"].replace("{step}", step_id).replace("{lesson}", lesson["title"])
            notices.append(said)
    notice = " ".join(notices) or None
    index = next((i for i, step in enumerate(steps) if step["id"] == step_id), 0)
    step, total = steps[index], len(steps)
    counter = escape(texts["counter"].replace("{number}", str(index + 1)).replace("{total}", str(total)))
    # The title's id is the player's own; the preview's heading is the same text without it.
    article = step["html"].replace('<h2 class="sm-title" tabindex="-1">', '<h2 class="sm-title">', 1)
    # Its glossary tips, under ids of their own: the player's copy of the step takes the usual ones.
    article = renamed_tips(article, "sm-gl-opening-")
    # Without the player's role: the player announces the notice itself when it takes over.
    shown_notice = f'<p class="sp-notice">{escape(notice)}</p>' if notice else ""
    label, alt = escape(texts["map"]), escape(step["state"]["alt"])
    map_alt = f'<p class="sp-map-alt"><span class="sm-label">{label}:</span> {alt}</p>'
    # A step with days: the map is shorter on a phone and the days' control under it takes a row.
    has_time = "time" in step["state"]
    pane = "sp-map-pane sp-has-time" if has_time else "sp-map-pane"
    time_row = '<div class="sp-time" aria-hidden="true"><div class="sp-time-row"></div></div>' if has_time else ""
    return (
        f'<div class="sp sp-opening" lang="{escape(data["language"])}">{shown_notice}<div class="sp-layout">'
        f'<div class="{pane}"><div class="sp-map sm-map"></div>{time_row}{map_alt}</div>'
        f'<section class="sp-narrative" aria-label="{escape(texts["story"])}">'
        f'<div class="sp-nav"><button class="sp-button" disabled>{escape(texts["previous"])}</button>'
        f'<span class="sp-counter">{counter}</span>'
        f'<button class="sp-button sp-primary" disabled>{escape(texts["next"])}</button></div>'
        f'<article class="sp-step">{article}</article></section></div></div>'
    )
