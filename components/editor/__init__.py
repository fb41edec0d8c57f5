"""The editor page (/edit): a story in forms, the checker as the teacher types, a map to click.

Wiring only: the document and its edits are story/editor/draft.py, the drafts story/store/ (drafts.py
here). Each widget's change is one edit of the draft (named by its field, as the checker names it),
and the draft goes to the store under this browser's token at once, so a reload finds it again.
The page writes no file on the server unless the app was started with `--allow-save` (`make edit`).

`render` is the page script; each part of the page is a module, and they share one EditorContext
(context.py): session.py (the draft across runs, opening another story), problems.py, story_fields.py,
step_list.py, step_fields.py, map_panel.py (beside the form, with the preview), translation.py,
preview.py and save.py. forms.py draws the blocks of the format; keys.py names the session state;
press.py makes every button's press count, also when the next press cuts its run short.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import streamlit as st

from components import language, page
from components.editor import (
    map_panel,
    press,
    preview,
    problems,
    save,
    session,
    step_fields,
    step_list,
    story_fields,
    translation,
)
from components.editor.context import EditorContext
from components.editor.keys import CHECKED_KEY, FIELDS_KEY, STEP_KEY, STORY_OPEN_KEY
from geodata.catalog import LayerCatalog
from story.editor.draft import Draft
from story.editor.draft import problems as check
from story.editor.folder import materialize
from story.format.model import Story
from story.format.problems import Problem
from story.reader.i18n import Translator, translator

__all__ = ["STORY_OPEN_KEY", "render"]


def render(settings: page.Options) -> None:
    tr = translator(language.viewer_language())
    st.set_page_config(page_title=tr.gettext("Edit the story"))
    token = session.browser_token()
    draft = session.current_draft(settings, token, tr)
    catalog = page.catalog()
    folder = materialize(draft)
    story, found = _checked(draft, catalog, folder)
    by_field: dict[str, list[Problem]] = {}
    for problem in found:
        by_field.setdefault(problem.field, []).append(problem)
    ctx = EditorContext(draft, token, tr, by_field, catalog)

    st.session_state[FIELDS_KEY] = {}
    _back_link(draft, tr)
    st.title(tr.gettext("Edit the story"))
    # Filled once the page is laid out: a change kept (or refused) further down is told at the top.
    kept_notice = st.empty()
    session.open_panel(settings, token, tr)
    problems.render(found, story is not None, tr, draft.tree)
    story_fields.render(ctx)
    index = step_list.render(ctx)
    opened = translation.choose(ctx, story)
    preview_column = None
    if index is not None:
        # The form left; the map and the preview right, in view while the form scrolls (styles.css).
        form, aside = st.columns([1, 1], gap="medium")
        with form:
            step_fields.render(ctx, index)
        with aside, st.container(key="ed-aside"):
            # A narrow screen shows one of the two at a time, as chosen here (styles.css reads the choice
            # from the page: no run needed); a wide one shows both and not this.
            st.radio(
                tr.gettext("Show beside the form"),
                [tr.gettext("Map"), tr.gettext("Preview")],
                key="ed-aside-shows",
                horizontal=True,
            )
            with st.container(key="ed-map-box"):
                map_panel.render(ctx, index, step_fields.step_key(ctx, index))
            preview_column = st.container(key="ed-preview-box")
        if opened is not None and story is not None and index < len(story.steps):
            translation.render(ctx, story, index, *opened, save.may_save(settings))
    save.render(draft, settings, tr, bool(found) and story is None)
    problems.go_to_field()
    session.kept_notice(kept_notice, tr)
    if preview_column is not None and index is not None:
        # Last, into its column: building the player's page for a changed draft is the slowest part
        # of a run, and the form, the step list and the problems are on the page before it starts.
        with preview_column:
            preview.render(draft, story, folder, index, settings, tr)
    draft.prepare()  # after all is drawn: the teacher's first change then dumps and reads one step
    press.forget_presses()  # the whole page was drawn: every button still here has seen its press


def _checked(draft: Draft, catalog: LayerCatalog, folder: Path | None) -> tuple[Story | None, list[Problem]]:
    # A run that changed nothing (another step chosen, a problem's button) finds the checker's verdict
    # on the same text and folder: the story and its problems as they were.
    content = (hashlib.sha256(draft.dump()).hexdigest(), str(folder), id(catalog))
    last = st.session_state.get(CHECKED_KEY)
    if last is not None and last[0] == content:
        return last[1]
    verdict = check(draft, catalog, folder, files=True)
    st.session_state[CHECKED_KEY] = (content, verdict)
    return verdict


def _back_link(draft: Draft, tr: Translator) -> None:
    # Back in the reader's language, on the step being edited.
    ids = draft.step_ids()
    step = ids[min(int(st.session_state.get(STEP_KEY, 0)), len(ids) - 1)] if ids else None
    query = "&".join(part for part in (f"step={step}" if step else "", f"lang={tr.language}") if part)
    back = tr.gettext("Back to the story")
    st.markdown(f"[{back}](./?{query})")
