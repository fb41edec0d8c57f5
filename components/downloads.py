"""Take the story where Streamlit cannot go: a single-file offline copy, a printable handout.

The export and the handout are imported when a viewer asks for one: an app process
that never makes a handout never loads geopandas, matplotlib and fpdf2.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components.language import localized
from components.page import catalog, load
from story.format.files import translations_of
from story.format.lessons import find_lesson, lesson_story, lesson_untranslated
from story.format.model import Story
from story.format.translation import LocalizedStory
from story.map.tiles import NO_TILES, tile_config, tile_hosts
from story.reader.i18n import Translator, translator
from story.reader.sharing import with_lesson


def _story(path: str, language: str, lesson: str | None = None) -> tuple[Story, frozenset[str], LocalizedStory]:
    # As on the page: a broken translation leaves the story in its original language. With the address's
    # lesson, the lesson's steps only, as `--lesson` makes them.
    original = load(Path(path))
    assert isinstance(original, Story), "a download is offered only for a story that plays"
    shown = localized(original, Path(path), language)
    cut = lesson_story(shown.story, lesson)
    return cut, lesson_untranslated(shown.story, lesson, shown.untranslated), shown


@st.cache_data(show_spinner=False, max_entries=8)
def _offline_copy(
    path: str, modified: tuple[int, ...], language: str, tiles_name: str, scorm: bool = False, lesson: str | None = None
) -> bytes:
    from story.outputs.export import export_html, scorm_package

    story, untranslated, shown = _story(path, language, lesson)
    html = export_html(
        story,
        catalog(),
        translator(language),
        tile_config(tiles_name),
        untranslated,
        story_dir=Path(path).parent,
        scorm=scorm,
        publishers=shown.publishers,
    )
    return scorm_package(story, html) if scorm else html.encode("utf-8")


@st.cache_data(show_spinner=False, max_entries=8)
def _handout(
    path: str,
    modified: tuple[int, ...],
    language: str,
    paper: str,
    base_url: str,
    speaker_notes: bool = False,
    lesson: str | None = None,
) -> bytes:
    from story.outputs.handout import handout_pdf

    story, untranslated, _ = _story(path, language, lesson)
    return handout_pdf(
        story,
        catalog(),
        translator(language),
        paper,  # type: ignore[arg-type]
        untranslated=untranslated,
        story_dir=Path(path).parent,
        speaker_notes=speaker_notes,
        base_url=with_lesson(base_url, lesson),
    )


def _modified(path: Path) -> int:
    # A file gone while the app runs: the last version read is what plays (components/page.load).
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def render_downloads(story: Story, story_path: Path, tr: Translator, tiles_name: str, presenting: bool = False) -> None:
    # The files are made only when asked for (and then cached, keyed on the story's and
    # its translation's modification times): building a handout takes seconds.
    translation = translations_of(story_path).get(tr.language)
    modified = tuple(_modified(path) for path in [story_path, translation] if path is not None)
    address = _app_address()
    # The page's lesson (?lesson=): its copies and handouts hold its steps only, named after it.
    found = find_lesson(story, st.query_params.get("lesson"))
    lesson = found.id if found else None
    name = f"{story.id}.{lesson}" if lesson else story.id
    with st.popover(tr.gettext("Offline copy and handout"), width="stretch"):
        copy_tiles = _copy_tiles(tiles_name, tr)
        st.download_button(
            tr.gettext("Download offline copy"),
            data=lambda: _offline_copy(str(story_path), modified, tr.language, copy_tiles, lesson=lesson),
            file_name=f"{name}.{tr.language}.html",
            mime="text/html",
            on_click="ignore",
            key="download-offline",
            width="stretch",
        )
        st.caption(
            tr.gettext(
                "One HTML file with the whole story and its maps: it opens from a USB stick or a "
                "learning platform, with no internet."
            )
        )
        st.download_button(
            tr.gettext("Download for a learning platform (SCORM 1.2)"),
            data=lambda: _offline_copy(str(story_path), modified, tr.language, copy_tiles, scorm=True, lesson=lesson),
            file_name=f"{name}.{tr.language}.scorm.zip",
            mime="application/zip",
            on_click="ignore",
            key="download-scorm",
            width="stretch",
        )
        st.caption(
            tr.gettext(
                "A package Moodle, Canvas and Blackboard import as an activity: it reports when the last step "
                "is reached and the score of the self-checks."
            )
        )
        paper = st.radio(
            tr.gettext("Paper size"), options=["a4", "letter"], format_func=str.upper, horizontal=True, key="paper"
        )
        st.download_button(
            tr.gettext("Download handout (PDF)"),
            data=lambda: _handout(str(story_path), modified, tr.language, paper, address, lesson=lesson),
            file_name=f"{name}.{tr.language}.{paper}.pdf",
            mime="application/pdf",
            on_click="ignore",
            key="download-handout",
            width="stretch",
        )
        st.caption(tr.gettext("Every step on its own page, with its map, sources and questions for discussion."))
        if presenting and any(step.speaker_notes for step in story.steps):
            # Only on the presenter's page: the speaker notes never reach a follower's browser.
            st.download_button(
                tr.gettext("Download presenter's handout, with speaker notes (PDF)"),
                data=lambda: _handout(
                    str(story_path), modified, tr.language, paper, address, speaker_notes=True, lesson=lesson
                ),
                file_name=f"{name}.{tr.language}.{paper}.presenter.pdf",
                mime="application/pdf",
                on_click="ignore",
                key="download-presenter-handout",
                width="stretch",
            )


def _copy_tiles(tiles_name: str, tr: Translator) -> str:
    """The tiles the copies get: none unless the teacher asks for the server's own (L8 of the security
    review: a copy asks no other site for anything unless its maker chose to)."""
    online = tile_config(tiles_name)
    if online is None:
        st.caption(
            tr.gettext("The copies ask no other website for anything: pictures and videos on the web are links.")
        )
        return NO_TILES
    hosts = ", ".join(tile_hosts(online))
    chosen = st.checkbox(
        tr.gettext("Use the map tiles of {provider} (the copies will ask {hosts} for them)").format(
            provider=online["name"], hosts=hosts
        ),
        key="download-tiles",
    )
    if chosen:
        st.caption(
            tr.gettext(
                "The copies ask {hosts} for map tiles, and show the story's pictures and videos on the web."
            ).format(hosts=hosts)
        )
        return tiles_name
    st.caption(tr.gettext("The copies ask no other website for anything: pictures and videos on the web are links."))
    return NO_TILES


def _app_address() -> str:
    """The app's own address, for the QR codes of a handout made here (its `story` kept)."""
    return st.context.url or "http://localhost:8501/"
