"""The editor's preview: the step being edited, in the real player, and *Play the story*.

The preview is the offline export of the draft (story/outputs/export.py: the one player, its data
and its styles), opened on the step being edited, in an iframe served with a sandbox policy, so that
it runs in an origin of its own and nothing of the editor's page reaches it. *Play the story* puts
the draft in the previews' store under a random id and links the story page to it
(components/story_page.py reads `?preview=`).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from pathlib import Path

import streamlit as st

from components import page
from components.editor.drafts import client_address, previews
from components.editor.keys import CHECKED_KEY, PREVIEW_ID_KEY, PREVIEW_KEPT_KEY
from story.editor.draft import Draft
from story.editor.draft import problems as check
from story.editor.kept import refusal_reason
from story.editor.unfinished import checks_with_problems, missing, without_checks
from story.format.model import Story
from story.map.tiles import tile_config
from story.reader.i18n import Translator
from story.server.files import keep_page
from story.store.drafts import PutResult
from story.store.paths import data_dir

PREVIEW_RENEW_S = 60 * 60
# The story previewed without its unfinished self-checks, by the draft's content and folder.
PREVIEW_WITHOUT_KEY = "editor-preview-without"
PREVIEW_HEIGHT = 620


@st.cache_resource(show_spinner=False, max_entries=8)
def _html(
    _story: Story, digest: str, step_id: str, _tr: Translator, language: str, tiles_name: str, folder: str
) -> str:
    # Keyed on the draft's bytes (digest), the step, the language, the tiles and the folder the
    # pictures come from (named by its content): a rerun with nothing changed sends the same page.
    # Loaded with the first preview drawn, not with every app process (docs/architecture.md: outputs stay lazy).
    from story.outputs.export import export_html

    story_dir = Path(folder) if folder else None
    return export_html(_story, page.catalog(), _tr, tile_config(tiles_name), story_dir=story_dir, start=step_id)


def _put_preview(preview_id: str, digest: str, raw: bytes, name: str, folder: Path | None) -> PutResult:
    # The same draft is not written again at every run (a click on a step, a problem's button), only
    # when it changed, or to keep it well within the store's lifetime while the teacher works.
    last = st.session_state.get(PREVIEW_KEPT_KEY)
    if last is not None and last[0] == (digest, str(folder)) and time.time() - last[1] < PREVIEW_RENEW_S:
        return last[2]
    kept = previews().put(preview_id, b"", raw, name, True, folder, client=client_address())
    st.session_state[PREVIEW_KEPT_KEY] = ((digest, str(folder)), time.time(), kept) if kept.kept else None
    return kept


def render(draft: Draft, story: Story | None, folder: Path | None, index: int, settings: page.Options, tr: Translator):
    st.subheader(tr.gettext("Preview"))
    # The notices and the frame each in a place of their own: a notice that came or went moved the
    # frame to another place in the page, where Streamlit made it anew, empty, and the page shrank by
    # its height until it loaded again (a list the teacher had just opened closed as the page scrolled).
    notices, frame = st.container(key="ed-preview-notices"), st.container(key="ed-preview-frame")
    edited = draft
    story, draft, unfinished = _playable(draft, story, folder)
    if story is None or index >= len(story.steps):
        frame.info(tr.gettext("The preview plays the story again once the problems that stop it are fixed."))
        return
    with notices:
        _tell_unfinished(edited, index, [number for step, number in unfinished if step == index], tr)
    raw = draft.dump()
    step_id = story.steps[index].id
    digest = hashlib.sha256(raw).hexdigest()
    html = _html(story, digest, step_id, tr, tr.language, settings.tiles, str(folder or ""))
    # Served by the app's own route with a sandbox policy: the frame runs the player's scripts in an
    # origin of its own, never the editor's (story/server/files.py).
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    try:
        address = "/" + (base + "/" if base else "") + keep_page(data_dir(), html)
    except OSError:  # a data folder that cannot be written: the editor edits on, and says so
        frame.warning(tr.gettext("The preview cannot be shown: the server cannot write to its data folder."))
    else:
        frame.iframe(address, height=PREVIEW_HEIGHT, alt=tr.gettext("Preview of the step being edited"))
    preview_id = st.session_state.setdefault(PREVIEW_ID_KEY, secrets.token_urlsafe(16))
    kept = _put_preview(preview_id, digest, raw, draft.name, folder)
    if not kept.kept:
        # A link to a preview the store refused would play something else: say why instead.
        reason = refusal_reason(kept, tr)
        st.warning(tr.gettext("Play the story cannot open this draft: {reason}.").format(reason=reason))
        return
    play = tr.gettext("Play the story")
    st.markdown(f"[{play}](./?preview={preview_id}&step={step_id}&lang={tr.language})")
    st.caption(tr.gettext("The story page opens on this draft, as it is now; the draft is not saved by it."))


def _playable(
    draft: Draft, story: Story | None, folder: Path | None
) -> tuple[Story | None, Draft, list[tuple[int, int]]]:
    """The story to preview, the draft it is made from, and the self-checks left out of it (step, check).

    A self-check just added has empty fields, which the checker refuses: rather than no preview while
    the teacher fills it in, the story without the checks whose fields have problems, when nothing
    else stops it (the checker's verdict of this run, components/editor/__init__.py)."""
    if story is not None:
        return story, draft, []
    verdict = st.session_state.get(CHECKED_KEY)
    checks = checks_with_problems(verdict[1][1]) if verdict is not None else None
    if not checks:
        return None, draft, []
    digest = hashlib.sha256(draft.dump()).hexdigest()
    last = st.session_state.get(PREVIEW_WITHOUT_KEY)
    if last is None or last[0] != (digest, str(folder)):
        copy = without_checks(draft, checks)
        played, _ = check(copy, page.catalog(), folder, files=False)
        last = st.session_state[PREVIEW_WITHOUT_KEY] = ((digest, str(folder)), played, copy)
    played, copy = last[1], last[2]
    return (played, copy, sorted(checks)) if played is not None else (None, draft, [])


def _tell_unfinished(draft: Draft, index: int, numbers: list[int], tr: Translator) -> None:
    """What each unfinished self-check of the step still needs (the preview is shown without them)."""
    if not numbers:
        return
    said = {
        "question": tr.gettext("Self-check {number}: write its question."),
        "find": tr.gettext("Self-check {number}: choose the place to find."),
        "choices": tr.gettext("Self-check {number}: write at least two choices."),
        "answer": tr.gettext("Self-check {number}: choose the right choice."),
        "explain": tr.gettext("Self-check {number}: say why (shown after an answer)."),
    }
    checks = list(draft.step(index).get("check", []))
    for number in numbers:
        needs = missing(checks[number]) if number < len(checks) else []
        for need in needs or ["problem"]:
            text = said.get(need, tr.gettext("Self-check {number}: fix the problem shown at it."))
            st.info(text.format(number=number + 1), icon="✏️")
    st.caption(tr.gettext("The preview shows the step without its unfinished self-checks."))
