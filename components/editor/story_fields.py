"""The story's own fields (title, language, content note, source article, credits, glossary, lessons), in
a section drawn only while it is open."""

from __future__ import annotations

import streamlit as st

from components.editor import forms
from components.editor.context import EditorContext
from components.editor.keys import STORY_OPEN_KEY
from components.editor.session import story_key
from story.reader.i18n import LANGUAGES
from story.reader.text import escape


def heading(text: str) -> None:
    """A bold heading over a group of fields, escaped (it may be a translation)."""
    st.markdown(f"**{escape(text)}**")


def render(ctx: EditorContext) -> None:
    tree, tr = ctx.draft.tree, ctx.tr
    # Its fields are drawn only while it is open: the flagship's credits and glossary were a third of
    # the run after every change of a step, for a section a teacher opens now and then
    # (docs/performance.md, "The editor"). It stays as the teacher left it when another story opens.
    section = st.expander(tr.gettext("The story: title, language, content note"), key=STORY_OPEN_KEY, on_change="rerun")
    with section:
        if not section.open:
            return
        forms.text(ctx, tr.gettext("Title (required)"), ("title",), story_key("ed-title"), tree.get("title"), "title")
        forms.text(
            ctx, tr.gettext("Subtitle"), ("subtitle",), story_key("ed-subtitle"), tree.get("subtitle"), "subtitle"
        )
        forms.text(ctx, tr.gettext("Short name (id, required)"), ("id",), story_key("ed-id"), tree.get("id"), "id")
        languages = list(LANGUAGES)
        current = str(tree.get("language", "en"))
        st.selectbox(
            tr.gettext("Language of the text (required)"),
            languages,
            index=languages.index(current) if current in languages else 0,
            format_func=LANGUAGES.__getitem__,
            key=story_key("ed-language"),
            on_change=forms.edit,
            args=(ctx, ("language",), story_key("ed-language")),
        )
        forms.text(
            ctx,
            tr.gettext("Content note"),
            ("content_note",),
            story_key("ed-content-note"),
            tree.get("content_note"),
            "content_note",
            area=True,
        )
        policies, policy = ["any", "local-only"], str(tree.get("media", "any"))
        st.selectbox(
            tr.gettext("Pictures and videos on the web"),
            policies,
            index=policies.index(policy) if policy in policies else 0,
            format_func={
                "any": tr.gettext("Shown where the reader is online"),
                "local-only": tr.gettext("Never asked for (a classroom offline)"),
            }.__getitem__,
            key=story_key("ed-media-policy"),
            on_change=forms.edit,
            args=(ctx, ("media",), story_key("ed-media-policy"), lambda value: None if value == "any" else value),
        )
        heading(tr.gettext("The article or book the story retells"))
        forms.optional_block(
            ctx,
            "Article",
            ("source",),
            "source",
            story_key("ed-source"),
            tr.gettext("Add the source article"),
            tr.gettext("Remove the source article"),
        )
        heading(tr.gettext("Credits"))
        forms.block_list(ctx, "Credit", ("credits",), "credits", story_key("ed-credits"), tr.gettext("Add a credit"))
        heading(tr.gettext("Glossary"))
        forms.block_list(
            ctx,
            "GlossaryTerm",
            ("glossary",),
            "glossary",
            story_key("ed-glossary"),
            tr.gettext("Add a word to the glossary"),
        )
        heading(tr.gettext("Lessons: selections of the steps for one class period"))
        forms.block_list(ctx, "Lesson", ("lessons",), "lessons", story_key("ed-lessons"), tr.gettext("Add a lesson"))
