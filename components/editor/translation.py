"""The editor's translation beside the original: wiring only (story/editor/translate.py does the work).

A translation that sits beside the story file opens as it is; another language starts empty. For the
step being edited, each text of the original is shown with the translation's field beside it, and
the texts the reader would still see in the original language are marked. The translation file is
downloaded (or saved, with `--allow-save`) on its own, as the reader finds it: `<story>.<lang>.yaml`.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components.editor import forms
from components.editor.context import EditorContext
from components.editor.drafts import client_address, drafts, remember_kept
from components.editor.keys import TRANSLATION_CHOICE_KEY, TRANSLATION_OPEN_KEY, UNREADABLE_KEY
from components.editor.press import pressed
from story.editor.draft import Draft, load_draft
from story.editor.folder import save_with_backup
from story.editor.translate import Pair, check_translation, new_translation, set_translated, step_pairs, story_pairs
from story.editor.translate import translated as translated_text
from story.format.files import translations_of
from story.format.model import Story
from story.format.problems import StoryError
from story.reader.i18n import LANGUAGES, Translator
from story.reader.text import escape, render_markdown
from story.store.drafts import StoreUnavailableError
from story.store.paths import saved_stories_dir


def _labels(tr: Translator) -> dict[str, str]:
    return {
        "title": tr.gettext("Title"),
        "subtitle": tr.gettext("Subtitle"),
        "content_note": tr.gettext("Content note"),
        "lessons.title": tr.gettext("Title of a lesson"),
        "body": tr.gettext("Text"),
        "view.alt": tr.gettext("What the map shows (text alternative)"),
        "places.name": tr.gettext("Name of a place"),
        "places.note": tr.gettext("Note on a place"),
        "quote": tr.gettext("Translation of the quotation"),
        "media.caption": tr.gettext("Caption"),
        "media.alt": tr.gettext("What the picture shows, for those who cannot see it"),
        "media.transcript": tr.gettext("Transcript"),
        "figure.title": tr.gettext("Title of the figure"),
        "figure.unit": tr.gettext("Unit"),
        "figure.caption": tr.gettext("Caption of the figure"),
        "sources.title": tr.gettext("Title of the source"),
        "other_sources.text": tr.gettext("What another source says"),
        "discussion": tr.gettext("Questions for discussion (one per line)"),
        "check.question": tr.gettext("Question"),
        "check.choices": tr.gettext("Choices (one per line)"),
        "check.explain": tr.gettext("Explanation"),
        "speaker_notes": tr.gettext("Speaker notes"),
    }


def choose(ctx: EditorContext, story: Story | None) -> tuple[str, Draft] | None:
    """The translation the teacher opened beside the original, if any (a select of the languages)."""
    draft, token, tr = ctx.draft, ctx.token, ctx.tr
    if story is None:
        return None
    existing = translations_of(draft.base_dir / draft.name) if draft.base_dir else {}
    languages = [code for code in LANGUAGES if code != story.language]
    none = ""
    language = st.selectbox(
        tr.gettext("Translation beside the original"),
        [none, *languages],
        format_func=lambda code: (
            tr.gettext("(none)")
            if code == none
            else LANGUAGES[code] + ("" if code in existing else " · " + tr.gettext("a new translation"))
        ),
        key=TRANSLATION_CHOICE_KEY,
    )
    if not language:
        return None
    opened = st.session_state.get(TRANSLATION_OPEN_KEY)
    if isinstance(opened, tuple) and opened[0] == (language, draft.name):
        return language, opened[1]
    try:
        stored = drafts().get(_store_key(token, language)) if token else None
    except StoreUnavailableError:  # the editor says so at its top; the translation opens from its file
        st.session_state[UNREADABLE_KEY] = True
        stored = None
    try:
        if stored is not None and stored.name.startswith(Path(draft.name).stem + "."):
            translation = load_draft(stored.current, stored.name)
            translation.original, translation.changed = stored.original, stored.changed
        elif language in existing:
            translation = load_draft(existing[language].read_bytes(), existing[language].name)
        else:
            translation = new_translation(story, draft.name, language)
    except (OSError, StoryError) as error:
        st.error(tr.gettext("The translation cannot be opened: {reason}").format(reason=escape(str(error)[:500])))
        return None
    st.session_state[TRANSLATION_OPEN_KEY] = ((language, draft.name), translation)
    return language, translation


def _store_key(token: str | None, language: str) -> str:
    return f"{token}:{language}"


def _keep(translation: Draft, token: str | None, language: str) -> None:
    if token:
        key = _store_key(token, language)
        result = drafts().put(
            key, translation.original, translation.dump(), translation.name, True, client=client_address()
        )
        remember_kept(key, result)


def render(ctx: EditorContext, story: Story, index: int, language: str, translation: Draft, allow_save: bool) -> None:
    """The step's texts side by side with the translation's, the untranslated ones marked."""
    token, tr = ctx.token, ctx.tr
    untranslated, problems = check_translation(story, translation)
    pairs = [*story_pairs(story), *step_pairs(story, index)] if index == 0 else step_pairs(story, index)
    missing = [pair for pair in pairs if _untranslated(pair, untranslated, translation)]
    name = LANGUAGES[language]
    with st.container(border=True, key="ed-translation"):
        st.subheader(tr.gettext("Translation: {language}").format(language=name))
        if untranslated is not None:
            st.caption(
                tr.gettext(
                    "{step} of the {count} texts of this step are not translated yet; {total} in the whole story."
                ).format(step=len(missing), count=len(pairs), total=len(untranslated))
            )
        for problem in problems[:20]:
            st.error(escape(forms.problem_text(problem, translation.tree, tr)))
        labels = _labels(tr)
        for number, pair in enumerate(pairs):
            _pair(pair, number, labels, translation, token, language, pair in missing, tr)
        label = tr.gettext("Download the translation file ({language})").format(language=name)
        forms.yaml_download(label, translation, "ed-translation-download")
        if allow_save:
            _save(translation, tr)


def _untranslated(pair: Pair, untranslated: frozenset[str] | None, translation: Draft) -> bool:
    # As the reader sees it; when the file cannot be read yet, an empty field is what is missing.
    if untranslated is None:
        return not translated_text(translation, pair.where)
    return pair.field in untranslated or any(field.startswith(pair.field + "[") for field in untranslated)


def _pair(pair: Pair, number: int, labels, translation: Draft, token, language: str, missing: bool, tr) -> None:
    label = labels.get(pair.name, pair.name)
    original, target = st.columns(2)
    with original:
        st.caption(label)
        if pair.name == "body":  # Markdown, shown as the reader sees it (the reader's own sanitizer)
            st.html(render_markdown(pair.original))
        else:
            st.markdown(escape(pair.original).replace("\n", "  \n"))
        if missing:
            st.markdown(":orange-badge[" + tr.gettext("Not translated yet") + "]")
    key = f"ed-translation-{language}-{number}-{pair.field}"
    widget = st.text_area if pair.kind in ("area", "lines") else st.text_input
    with target:
        widget(
            f"{label} ({LANGUAGES[language]})",
            value=translated_text(translation, pair.where),
            key=key,
            on_change=_edit,
            args=(translation, pair, key, token, language),
        )


def _edit(translation: Draft, pair: Pair, key: str, token: str | None, language: str) -> None:
    set_translated(translation, pair.where, str(st.session_state.get(key) or ""), pair.kind)
    _keep(translation, token, language)


def _save(translation: Draft, tr: Translator) -> None:
    target = saved_stories_dir() / Path(translation.name).name
    confirm = (
        st.checkbox(
            tr.gettext("Replace {file} (the old one is kept as a backup)").format(file=target.name),
            key="ed-translation-confirm",
        )
        if target.exists()
        else True
    )
    if pressed(st, tr.gettext("Save the translation on this server"), key="ed-translation-save", disabled=not confirm):
        save_with_backup(target, translation.dump())
        st.success(tr.gettext("Saved as {file}.").format(file=target.name))


def carry_translations(original: Path, folder: Path) -> None:
    """A story saved for the first time in `folder` takes its translations along (as they are), so that
    its readers in other languages keep them."""
    for path in translations_of(original).values():
        copy = folder / path.name
        if not copy.exists():
            save_with_backup(copy, path.read_bytes())
