"""*Save*: the story downloaded (its YAML, or a .zip with its pictures), and with `--allow-save` written
on the server, behind the editor's password where the server is not this machine's alone."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components import page
from components.editor import forms, translation
from components.editor.drafts import client_address
from components.editor.keys import SIGNED_IN_KEY, TOKEN_KEY
from components.editor.press import pressed
from story.editor import login
from story.editor.draft import Draft, file_stem
from story.editor.folder import has_local_files, save_story, story_zip
from story.reader.i18n import Translator
from story.store.paths import saved_stories_dir


def render(draft: Draft, settings: page.Options, tr: Translator, has_problems: bool) -> None:
    """The downloads, and *Save on this server* where the server allows it."""
    st.subheader(tr.gettext("Save"))
    stem = file_stem(draft)  # named after the story's id, as `story check` and the app expect
    if has_local_files(draft):
        # Its pictures go with it: the story file and its folder, as `story check` and the app read them.
        st.download_button(
            tr.gettext("Download story file (a .zip of the story and its pictures)"),
            lambda: story_zip(draft, f"{stem}.yaml"),
            file_name=f"{stem}.zip",
            mime="application/zip",
            key="ed-download",
            on_click="ignore",
        )
        forms.yaml_download(tr.gettext("Download the YAML file alone"), draft, "ed-download-yaml", f"{stem}.yaml")
    else:
        forms.yaml_download(tr.gettext("Download story file"), draft, "ed-download", f"{stem}.yaml")
    if has_problems:
        st.caption(tr.gettext("The file is a draft: fix the problems above before it can play."))
    if not settings.allow_save:
        st.caption(tr.gettext("This server does not keep files: download yours. (`make edit` lets the editor save.)"))
        return
    if not _signed_in(tr):
        return
    target = saved_stories_dir() / Path(draft.name).name
    replaced = target if target.exists() else page.chosen_story(settings.story)[0].with_name(target.name)
    confirm = (
        st.checkbox(
            tr.gettext("Replace {file} (the old one is kept as a backup)").format(file=target.name), key="ed-confirm"
        )
        if replaced.exists()
        else True
    )
    if pressed(st, tr.gettext("Save on this server"), key="ed-save", disabled=not confirm):
        if not target.exists():
            translation.carry_translations(replaced, target.parent)
        save_story(target.parent, draft)
        st.success(tr.gettext("Saved as {file}.").format(file=target.name))


def may_save(settings: page.Options) -> bool:
    """Whether this session may write files on the server (the option, and the password where one is asked)."""
    return settings.allow_save and (login.configured_password() is None or bool(st.session_state.get(SIGNED_IN_KEY)))


def _signed_in(tr: Translator) -> bool:
    """Whether this session may save: always on a server bound to this machine alone, otherwise after the
    editor's password (`QANTAR_EDITOR_PASSWORD`), tried a bounded number of times."""
    expected = login.configured_password()
    if expected is None or st.session_state.get(SIGNED_IN_KEY):
        return True
    with st.form("ed-sign-in"):
        given = st.text_input(tr.gettext("The editor's password of this server"), type="password", key="ed-password")
        pressed = st.form_submit_button(tr.gettext("Sign in to save"))
    if pressed:
        verdict = login.attempts().check(
            expected, given, client_address() or "", str(st.session_state.get(TOKEN_KEY) or id(st.session_state))
        )
        if verdict is login.Verdict.RIGHT:
            st.session_state[SIGNED_IN_KEY] = True
            st.rerun()
        elif verdict is login.Verdict.TOO_MANY:
            st.error(tr.gettext("Too many wrong passwords from here: wait a few minutes and try again."))
        else:
            st.error(tr.gettext("That is not the editor's password of this server."))
    return False
