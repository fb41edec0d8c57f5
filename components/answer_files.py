"""The class's answers as files on the presenter's panel: a CSV for a spreadsheet and a summary to print
(a page per check), made again only when what they show changed: the panel runs every PANEL_POLL_S
(components/present.py), the answers change far less often.
"""

from __future__ import annotations

import streamlit as st

from story.format.model import Story
from story.outputs.class_summary import class_summary_html
from story.present.answers import Answer, answers_csv
from story.present.roster import named
from story.reader.i18n import Translator

MADE_KEY = "present-answer-files"  # (what they were made from, the CSV and the summary)


def render(
    code: str,
    given: list[Answer],
    names: dict[str, str],
    titles: dict[str, str],
    played: Story | None,
    followers: int,
    tr: Translator,
) -> None:
    """The two download buttons. Each holds its file, not a callable: a callable, made when pressed,
    belongs to one run of the panel, and the next run cancelled a download still on its way."""
    csv_text, summary = _files(code, given, names, titles, played, followers, tr)
    st.download_button(
        tr.gettext("Download the class's answers (CSV)"),
        csv_text,
        file_name=f"answers-{code}.csv",
        mime="text/csv",
        key="present-answers-csv",
        on_click="ignore",
    )
    if summary is not None:
        st.download_button(
            tr.gettext("Summary to print: a page per check (HTML)"),
            summary,
            file_name=f"summary-{code}.html",
            mime="text/html",
            key="present-answers-summary",
            on_click="ignore",
        )


def _files(
    code: str,
    given: list[Answer],
    names: dict[str, str],
    titles: dict[str, str],
    played: Story | None,
    followers: int,
    tr: Translator,
) -> tuple[str, str | None]:
    seen = (code, tuple(given), tuple(names.items()), tuple(titles.items()), id(played), followers, tr.language)
    made = st.session_state.get(MADE_KEY)
    if made is not None and made[0] == seen:
        return made[1]
    files = (
        answers_csv(named(given, names), titles),
        class_summary_html(played, given, followers, tr) if played is not None else None,
    )
    st.session_state[MADE_KEY] = (seen, files)
    return files
