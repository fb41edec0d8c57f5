"""The editor page (/edit): a story in forms, the checker as the teacher types, a map to click.

Wiring only: the document and its edits are story/editor/draft.py, the drafts story/store/ (components/drafts.py).
Each widget's change is one edit of the draft (named by its field, as the checker names it), and
the draft goes to the store under this browser's token at once, so a reload finds it again.
The page writes no file on the server unless the app was started with `--allow-save` (`make edit`).
"""

from __future__ import annotations

import contextlib
import functools
import math
import re
import zlib
from pathlib import Path

import streamlit as st
from ruamel.yaml.comments import CommentedMap

from components import editor_forms, editor_preview, editor_translation, language, page
from components.drafts import (
    MISSING_KEY,
    NOT_KEPT_KEY,
    UNREADABLE_KEY,
    client_address,
    drafts,
    remember_kept,
    store_problem,
)
from components.player import payload
from geodata.catalog import LayerFeature
from story.editor import login
from story.editor.draft import (
    Draft,
    OpenError,
    add_item,
    load_draft,
    load_kept,
    new_draft,
    open_upload,
    plain,
    problems,
)
from story.editor.folder import PictureError, add_picture, has_local_files, materialize, save_story, story_zip
from story.editor.forms import widget_for
from story.editor.kept import draft_missing, not_kept
from story.format.dates import parse_story_date
from story.format.model import SourceKind
from story.format.problems import Problem, StoryError
from story.reader.dates import format_story_date
from story.reader.i18n import LANGUAGES, Translator, translator
from story.reader.text import escape, render_markdown
from story.server import identity
from story.store.drafts import StoreUnavailableError
from story.store.paths import data_dir, saved_stories_dir

_HERE = Path(__file__).parent
_map = st.components.v2.component(
    "qantar_editor_map",
    js=(_HERE / "app_static.js").read_text("utf-8") + "\n" + (_HERE / "editor_map.js").read_text("utf-8"),
    isolate_styles=False,
)
_focus = st.components.v2.component(
    "qantar_editor_focus", js=(_HERE / "editor_focus.js").read_text("utf-8"), isolate_styles=False
)
DRAFT_KEY = "editor-draft"
FOCUS_KEY = "editor-focus"
SHOWN_PROBLEMS = 60
TOKEN_KEY = "editor-token"
GENERATION_KEY = "editor-generation"
SIGNED_IN_KEY = "editor-signed-in"
STEP_KEY = "editor-step"
DRAFT_FOR_KEY = "editor-draft-for"
STORY_OPEN_KEY = "editor-story-open"
KINDS: tuple[str, ...] = SourceKind.__args__  # type: ignore[attr-defined]
SOURCE_FIELDS = ("title", "url", "publisher", "date", "kind")


def render(settings: page.Options) -> None:
    tr = translator(language.viewer_language())
    st.set_page_config(page_title=tr.gettext("Edit the story"))
    token = _browser_token()
    draft = _draft(settings, token, tr)
    if draft is None:
        return
    catalog = page.catalog()
    folder = materialize(draft)
    story, found = problems(draft, catalog, folder, files=True)
    by_field: dict[str, list[Problem]] = {}
    for problem in found:
        by_field.setdefault(problem.field, []).append(problem)

    st.session_state[editor_forms.FIELDS_KEY] = {}
    _back_link(draft, tr)
    st.title(tr.gettext("Edit the story"))
    # Filled once the page is laid out: a change kept (or refused) further down is told at the top.
    kept_notice = st.empty()
    _open(settings, token, tr)
    _problems(found, story is not None, tr)
    _story_fields(draft, token, tr, by_field)
    index = _steps(draft, token, tr)
    opened = editor_translation.choose(draft, story, token, tr)
    preview = None
    if index is not None:
        form, preview = st.columns([3, 2], gap="large")
        with form:
            _step(draft, index, token, tr, by_field, catalog)
        if opened is not None and story is not None and index < len(story.steps):
            editor_translation.render(story, index, *opened, token, tr, _may_save(settings))
    _save(draft, settings, tr, bool(found) and story is None)
    _go_to_field()
    _kept_notice(kept_notice, tr)
    if preview is not None and index is not None:
        # Last, into its column: building the player's page for a changed draft is the slowest part
        # of a run, and the form, the step list and the problems are on the page before it starts.
        with preview:
            editor_preview.render(draft, story, folder, index, settings, tr)
    draft.prepare()  # after all is drawn: the teacher's first change then dumps and reads one step


def _kept_notice(place, tr: Translator) -> None:
    refused = [
        message for result in st.session_state.get(NOT_KEPT_KEY, {}).values() if (message := not_kept(result, tr))
    ]
    missing = st.session_state.get(MISSING_KEY)
    with place.container():
        if store_problem() or st.session_state.get(UNREADABLE_KEY):
            st.error(
                tr.gettext(
                    "This server cannot keep drafts just now: its store cannot be used. Your changes last only "
                    "while the server runs; download your story to keep it."
                ),
                icon=":material/error:",
            )
        for message in dict.fromkeys(refused):
            st.warning(message, icon=":material/cloud_off:")
        if missing is not None and (message := draft_missing(missing, tr)):
            st.warning(message, icon=":material/history:")


def _back_link(draft: Draft, tr: Translator) -> None:
    # Back in the reader's language, on the step being edited.
    ids = draft.step_ids()
    step = ids[min(int(st.session_state.get(STEP_KEY, 0)), len(ids) - 1)] if ids else None
    query = "&".join(part for part in (f"step={step}" if step else "", f"lang={tr.language}") if part)
    back = tr.gettext("Back to the story")
    st.markdown(f"[{back}](./?{query})")


# --- the draft -----------------------------------------------------------------------------


def _browser_token() -> str | None:
    """This browser's draft token: the one the server signed into its cookie (story/server/identity.py);
    a client-chosen value is never taken. Without the cookie (cookies refused), the draft lives as
    long as the page."""
    known = st.session_state.get(TOKEN_KEY)
    if isinstance(known, str) and known:
        return known
    token = identity.token_of(st.context.cookies.get(identity.COOKIE), _cookie_key())
    if token:
        st.session_state[TOKEN_KEY] = token
    return token


@st.cache_resource(show_spinner=False)
def _cookie_key() -> bytes:
    return identity.load_key(data_dir())


def _draft(settings: page.Options, token: str | None, tr: Translator) -> Draft | None:
    draft = st.session_state.get(DRAFT_KEY)
    # The browser's token arrives a run after the page's first: until then the draft shown is
    # the app's story, and the teacher's own (if the store has one) replaces it when it comes.
    if isinstance(draft, Draft) and (st.session_state.get(DRAFT_FOR_KEY) == token or token is None):
        return draft
    st.session_state[DRAFT_FOR_KEY] = token
    if isinstance(draft, Draft) and draft.changed:
        return draft
    stored = None
    try:
        stored = drafts().get(token) if token else None
        # A draft this browser had and the store has lost is named, never silently replaced by the app's story.
        st.session_state[MISSING_KEY] = drafts().why_missing(token) if token and stored is None else None
    except StoreUnavailableError:
        st.session_state[UNREADABLE_KEY] = True
    try:
        if stored is not None:
            draft = load_kept(stored.current, stored.original, stored.name, stored.changed)
            draft.base_dir, draft.files = stored.base_dir, dict(stored.files)
        else:
            draft = _app_story(settings)
    except (OSError, StoryError) as error:
        st.error(tr.gettext("The story cannot be opened: {reason}").format(reason=error))
        draft = new_draft()
    st.session_state[DRAFT_KEY] = draft
    return draft


def _app_story(settings: page.Options) -> Draft:
    path, _ = page.chosen_story(settings.story)
    draft = load_draft(path.read_bytes(), path.name)
    draft.base_dir = path.parent
    return draft


def _keep(draft: Draft, token: str | None) -> None:
    if token and st.session_state.get(DRAFT_FOR_KEY) == token:
        result = drafts().put(
            token,
            draft.original,
            draft.dump(),
            draft.name,
            draft.changed,
            draft.base_dir,
            draft.files,
            client=client_address(),
        )
        remember_kept(token, result)


def _edit(draft: Draft, token: str | None, path: tuple, key: str, convert=None) -> None:
    value = st.session_state.get(key)
    draft.set(path, convert(value) if convert else value)
    _keep(draft, token)


def _edit_title(draft: Draft, token: str | None, index: int, key: str, id_key: str) -> None:
    draft.set_title(index, str(st.session_state.get(key) or ""))
    # The id field shows the id the title made (a widget shows its own state, not its default).
    st.session_state[id_key] = str(draft.step(index).get("id", ""))
    _keep(draft, token)


def _story_key(name: str) -> str:
    """A story-level widget's key, new with each draft opened: the browser keeps a widget's last value
    under its key and sends it again, which would write the previous story's title into the new one."""
    return f"{name}-{st.session_state.get(GENERATION_KEY, 0)}"


def _replace(draft: Draft, token: str | None) -> None:
    st.session_state[DRAFT_KEY] = draft
    st.session_state[GENERATION_KEY] = st.session_state.get(GENERATION_KEY, 0) + 1
    st.session_state[STEP_KEY] = 0
    for key in [key for key in st.session_state if str(key).startswith("ed-")]:
        del st.session_state[key]
    st.session_state.pop(editor_translation.OPEN_KEY, None)
    _keep(draft, token)


def _open(settings: page.Options, token: str | None, tr: Translator) -> None:
    with st.expander(tr.gettext("Open another story")):
        columns = st.columns(2)
        if columns[0].button(tr.gettext("This app's story"), key="open-current", width="stretch"):
            _replace(_app_story(settings), token)
            st.rerun()
        if columns[1].button(tr.gettext("A new story from the template"), key="open-new", width="stretch"):
            _replace(new_draft(), token)
            st.rerun()
        upload = st.file_uploader(
            tr.gettext("A story file (YAML), a story's folder as downloaded (.zip) or a StoryMapJS file (JSON)"),
            type=["yaml", "yml", "zip", "json"],
            max_upload_size=40,
            key="open-upload",
        )
        if upload is not None and st.button(tr.gettext("Open the file"), key="open-file"):
            opened = _opened(upload.name, upload.getvalue(), tr)
            if opened is not None:
                _replace(opened, token)
                st.rerun()


def _opened(name: str, raw: bytes, tr: Translator) -> Draft | None:
    try:
        return open_upload(name, raw)
    except OpenError as error:
        # What was open stays open: the message is the only change.
        st.error(tr.gettext("This file cannot be opened:") + "\n\n" + escape(str(error)[:2000]))
    return None


# --- the fields ----------------------------------------------------------------------------


def _problems(found: list[Problem], plays: bool, tr: Translator) -> None:
    if not found:
        st.success(tr.gettext("The checker finds no problem: the story plays."))
        return
    if plays:  # only its pictures, videos and sounds: the story plays without what they name
        st.warning(
            tr.gettext("{count} problems: the story plays, but without the files they name.").format(count=len(found))
        )
    else:
        st.warning(
            tr.gettext(
                "{count} problems: the story can be downloaded as a draft, but it will not play until they are fixed."
            ).format(count=len(found))
        )
    # Each problem a button that opens its step and puts the caret in its field.
    for number, problem in enumerate(found[:SHOWN_PROBLEMS]):
        # Shown as written: a message may quote a name such as __pycache__, which Markdown would embolden.
        label = re.sub(r"([\\`*_~<])", r"\\\1", f"{problem.field or '·'}: {problem.message}")
        if st.button(label, key=f"ed-goto-{number}", type="tertiary", help=tr.gettext("Go to the field")):
            step = re.match(r"steps\[(\d+)\]", problem.field)
            if step:
                st.session_state[STEP_KEY] = int(step.group(1))
            else:  # a field of the story's own section, drawn only while it is open
                st.session_state[STORY_OPEN_KEY] = True
            st.session_state[FOCUS_KEY] = problem.field
            st.rerun()
    if len(found) > SHOWN_PROBLEMS:
        st.caption(tr.gettext("and {count} more").format(count=len(found) - SHOWN_PROBLEMS))


def _go_to_field() -> None:
    target = st.session_state.pop(FOCUS_KEY, None)
    key = widget_for(str(target), st.session_state.get(editor_forms.FIELDS_KEY, {})) if target else None
    _focus(key="ed-focus", data=payload(key or ""))


def _show(by_field: dict[str, list[Problem]], field: str, key: str | None = None) -> None:
    if key:
        editor_forms.remember(field, key)
    editor_forms.show_problems(by_field, field)


def _text(draft, token, tr, by_field, label, path, key, value, field, area=False, help=None) -> None:
    widget = st.text_area if area else st.text_input
    widget(label, value=str(value or ""), key=key, on_change=_edit, args=(draft, token, path, key), help=help)
    _show(by_field, field, key)


def _story_fields(draft: Draft, token: str | None, tr: Translator, by_field) -> None:
    tree = draft.tree
    # Its fields are drawn only while it is open: the flagship's credits and glossary were a third of
    # the run after every change of a step, for a section a teacher opens now and then
    # (docs/performance.md, "The editor"). It stays as the teacher left it when another story opens.
    section = st.expander(tr.gettext("The story: title, language, content note"), key=STORY_OPEN_KEY, on_change="rerun")
    with section:
        if not section.open:
            return
        _text(
            draft,
            token,
            tr,
            by_field,
            tr.gettext("Title (required)"),
            ("title",),
            _story_key("ed-title"),
            tree.get("title"),
            "title",
        )
        _text(
            draft,
            token,
            tr,
            by_field,
            tr.gettext("Subtitle"),
            ("subtitle",),
            _story_key("ed-subtitle"),
            tree.get("subtitle"),
            "subtitle",
        )
        _text(
            draft,
            token,
            tr,
            by_field,
            tr.gettext("Short name (id, required)"),
            ("id",),
            _story_key("ed-id"),
            tree.get("id"),
            "id",
        )
        languages = list(LANGUAGES)
        current = str(tree.get("language", "en"))
        st.selectbox(
            tr.gettext("Language of the text (required)"),
            languages,
            index=languages.index(current) if current in languages else 0,
            format_func=LANGUAGES.__getitem__,
            key=_story_key("ed-language"),
            on_change=_edit,
            args=(draft, token, ("language",), _story_key("ed-language")),
        )
        _text(
            draft,
            token,
            tr,
            by_field,
            tr.gettext("Content note"),
            ("content_note",),
            _story_key("ed-content-note"),
            tree.get("content_note"),
            "content_note",
            area=True,
        )
        form = _form(draft, token, tr, by_field)
        policies, policy = ["any", "local-only"], str(tree.get("media", "any"))
        st.selectbox(
            tr.gettext("Pictures and videos on the web"),
            policies,
            index=policies.index(policy) if policy in policies else 0,
            format_func={
                "any": tr.gettext("Shown where the reader is online"),
                "local-only": tr.gettext("Never asked for (a classroom offline)"),
            }.__getitem__,
            key=_story_key("ed-media-policy"),
            on_change=_edit,
            args=(
                draft,
                token,
                ("media",),
                _story_key("ed-media-policy"),
                lambda value: None if value == "any" else value,
            ),
        )
        _heading(tr.gettext("The article or book the story retells"))
        editor_forms.optional_block(
            form,
            "Article",
            ("source",),
            "source",
            _story_key("ed-source"),
            tr.gettext("Add the source article"),
            tr.gettext("Remove the source article"),
        )
        _heading(tr.gettext("Credits"))
        editor_forms.block_list(
            form, "Credit", ("credits",), "credits", _story_key("ed-credits"), tr.gettext("Add a credit")
        )
        _heading(tr.gettext("Glossary"))
        editor_forms.block_list(
            form,
            "GlossaryTerm",
            ("glossary",),
            "glossary",
            _story_key("ed-glossary"),
            tr.gettext("Add a word to the glossary"),
        )


def _heading(text: str) -> None:
    st.markdown(f"**{escape(text)}**")


def _form(draft: Draft, token: str | None, tr: Translator, by_field) -> editor_forms.Form:
    return editor_forms.Form(draft, lambda: _keep(draft, token), tr, by_field)


def _more(draft: Draft, index: int, token: str | None, tr: Translator, key: str, by_field, field: str) -> None:
    """The step's other fields: a content note, a quote, pictures, a figure, other sources, checks, notes."""
    form = _form(draft, token, tr, by_field)
    step = draft.step(index)
    path = ("steps", index)
    _text(
        draft,
        token,
        tr,
        by_field,
        tr.gettext("Content note (before a text that tells of violence or death)"),
        (*path, "content_note"),
        f"{key}-content-note",
        step.get("content_note"),
        f"{field}.content_note",
        area=True,
    )

    def media() -> None:
        editor_forms.block_list(
            form,
            "Media",
            (*path, "media"),
            f"{field}.media",
            f"{key}-media",
            tr.gettext("Add a picture, video or sound"),
        )
        _picture_upload(draft, index, token, tr, key)

    sections = [
        (
            tr.gettext("Quotation"),
            lambda: editor_forms.optional_block(
                form,
                "Quote",
                (*path, "quote"),
                f"{field}.quote",
                f"{key}-quote",
                tr.gettext("Add a quotation"),
                tr.gettext("Remove the quotation"),
            ),
        ),
        (tr.gettext("Pictures, videos and sounds"), media),
        (
            tr.gettext("Figure"),
            lambda: editor_forms.figure(form, (*path, "figure"), f"{field}.figure", f"{key}-figure"),
        ),
        (
            tr.gettext("Where other sources say something different"),
            lambda: editor_forms.block_list(
                form,
                "Note",
                (*path, "other_sources"),
                f"{field}.other_sources",
                f"{key}-other",
                tr.gettext("Add what another source says"),
            ),
        ),
        (
            tr.gettext("A slider over days (for a layer whose features carry dates)"),
            lambda: editor_forms.optional_block(
                form,
                "TimeControl",
                (*path, "time"),
                f"{field}.time",
                f"{key}-time",
                tr.gettext("Add a slider over days"),
                tr.gettext("Remove the slider"),
            ),
        ),
        (
            tr.gettext("Two days side by side (a swipe)"),
            lambda: editor_forms.optional_block(
                form,
                "Swipe",
                (*path, "swipe"),
                f"{field}.swipe",
                f"{key}-swipe",
                tr.gettext("Add a swipe between two days"),
                tr.gettext("Remove the swipe"),
            ),
        ),
        (
            tr.gettext("Self-checks"),
            lambda: editor_forms.checks(form, (*path, "check"), f"{field}.check", f"{key}-check"),
        ),
    ]
    for title, section in sections:
        _heading(title)
        section()
    _text(
        draft,
        token,
        tr,
        by_field,
        tr.gettext("Speaker notes (only on the presenter's page)"),
        (*path, "speaker_notes"),
        f"{key}-speaker-notes",
        step.get("speaker_notes"),
        f"{field}.speaker_notes",
        area=True,
    )


def _picture_upload(draft: Draft, index: int, token: str | None, tr: Translator, key: str) -> None:
    """A picture from the teacher's computer: judged by its content, kept in the draft, and a media item
    written for it whose empty fields the checker then asks for (what it shows, caption, credit, licence)."""
    # A new uploader after each picture taken: the one before would offer the same file again.
    round_key = f"{key}-picture-round"
    upload = st.file_uploader(
        tr.gettext("A picture from this computer (PNG, JPEG, WebP or SVG, at most 2 MB)"),
        type=["png", "jpg", "jpeg", "webp", "svg"],
        max_upload_size=2,
        key=f"{key}-picture-{st.session_state.get(round_key, 0)}",
    )
    if upload is None or not st.button(tr.gettext("Add the picture to this step"), key=f"{key}-picture-add"):
        return
    try:
        name = add_picture(draft, upload.name, upload.getvalue())
    except PictureError as error:
        st.error(tr.gettext("This picture cannot be added:") + " " + escape(str(error)))
        return
    item = CommentedMap(
        [("type", "image"), ("src", name), ("alt", ""), ("caption", ""), ("credit", ""), ("licence", "")]
    )
    add_item(draft, ("steps", index, "media"), item)
    st.session_state[round_key] = st.session_state.get(round_key, 0) + 1
    _keep(draft, token)
    st.rerun()


def _steps(draft: Draft, token: str | None, tr: Translator) -> int | None:
    st.subheader(tr.gettext("Steps"))
    ids = draft.step_ids()
    if not ids:
        if st.button(tr.gettext("Add a step"), key="ed-add-first"):
            st.session_state[STEP_KEY] = draft.add_step()
            _keep(draft, token)
            st.rerun()
        return None
    index = min(int(st.session_state.get(STEP_KEY, 0)), len(ids) - 1)
    titles = [f"{number}. {step.get('title', '')}" for number, step in enumerate(draft.steps, start=1)]
    chosen = st.selectbox(
        tr.gettext("Step being edited"),
        range(len(ids)),
        index=index,
        format_func=titles.__getitem__,
        # A new list when a title changes: Streamlit would otherwise keep showing the old title.
        key=f"ed-choice-{len(ids)}-{index}-{zlib.crc32(chr(0).join(titles).encode()):08x}",
    )
    if chosen != index:
        st.session_state[STEP_KEY] = chosen
        st.rerun()
    buttons = st.columns(6)

    def delete() -> int:
        if len(ids) <= 1:  # a story keeps at least one step
            return index
        draft.delete_step(index)
        return max(0, index - 1)

    actions = [
        (tr.gettext("Add a step"), lambda: draft.add_step(index)),
        (tr.gettext("Duplicate"), lambda: draft.duplicate_step(index)),
        (tr.gettext("Move up"), lambda: draft.move_step(index, -1)),
        (tr.gettext("Move down"), lambda: draft.move_step(index, 1)),
        (tr.gettext("Delete"), delete),
        (tr.gettext("Undo delete"), lambda: draft.undo_delete() if draft.undo else index),
    ]
    for column, (label, action) in zip(buttons, actions, strict=True):
        if column.button(label, key=f"ed-step-{label}", width="stretch"):
            st.session_state[STEP_KEY] = action()
            _keep(draft, token)
            st.rerun()
    return index


def _step(draft: Draft, index: int, token: str | None, tr: Translator, by_field, catalog) -> None:
    step = draft.step(index)
    field = f"steps[{index}]"
    # The widgets are the step's as long as the step is (not its id, which the teacher edits: a key
    # made from it gave every field a new widget at each change of the title, the focused one
    # keeping the old value, which it then wrote back).
    key = f"ed-{id(step)}"
    form, preview = st.columns([3, 2])
    with form:
        st.text_input(
            tr.gettext("Title (required)"),
            value=str(step.get("title") or ""),
            key=f"{key}-title",
            on_change=_edit_title,
            args=(draft, token, index, f"{key}-title", f"{key}-id"),
        )
        _show(by_field, f"{field}.title", f"{key}-title")
        _text(
            draft,
            token,
            tr,
            by_field,
            tr.gettext("Address of the step (id)"),
            ("steps", index, "id"),
            f"{key}-id",
            step.get("id"),
            f"{field}.id",
            help=tr.gettext("Lowercase letters, digits and dashes: ?step=<id>"),
        )
        _text(
            draft,
            token,
            tr,
            by_field,
            tr.gettext("Date (required): 2022-01-05, 2022-01, 2022 or 2022-01-02/2022-01-05"),
            ("steps", index, "date"),
            f"{key}-date",
            step.get("date"),
            f"{field}.date",
        )
        with contextlib.suppress(ValueError):  # a date the checker refuses has its message above
            shown = format_story_date(parse_story_date(str(step.get("date", ""))), tr.language)
            st.caption(tr.gettext("Shown as: {date}").format(date=shown))
        _text(
            draft,
            token,
            tr,
            by_field,
            tr.gettext("Text (Markdown, required)"),
            ("steps", index, "body"),
            f"{key}-body",
            step.get("body"),
            f"{field}.body",
            area=True,
        )
        with st.expander(tr.gettext("Preview of the text")):
            st.html(render_markdown(str(step.get("body", ""))))
        view = step.get("view", {})
        _text(
            draft,
            token,
            tr,
            by_field,
            tr.gettext("What the map shows, in one sentence (required)"),
            ("steps", index, "view", "alt"),
            f"{key}-alt",
            view.get("alt"),
            f"{field}.view.alt",
        )
        _show(by_field, f"{field}.view")
        _layers(draft, index, token, tr, key, catalog, by_field, field)
        _blocks(draft, index, token, tr, key, "places", tr.gettext("Places"), by_field, field)
        _blocks(draft, index, token, tr, key, "sources", tr.gettext("Sources"), by_field, field)
        questions = "\n".join(str(question) for question in step.get("discussion", []))
        st.text_area(
            tr.gettext("Questions for discussion (one per line)"),
            value=questions,
            key=f"{key}-discussion",
            on_change=_edit,
            args=(
                draft,
                token,
                ("steps", index, "discussion"),
                f"{key}-discussion",
                lambda text: [line.strip() for line in (text or "").splitlines() if line.strip()],
            ),
        )
        _show(by_field, f"{field}.discussion", f"{key}-discussion")
        _more(draft, index, token, tr, key, by_field, field)
    with preview:
        _map_panel(draft, index, token, tr, key, catalog)


def _layers(draft, index, token, tr, key, catalog, by_field, field) -> None:
    step = draft.step(index)
    raw = list(step.get("layers", []))

    def layer_of(ref: object) -> str:
        return str(ref.get("id", "") if isinstance(ref, dict) else ref)

    names = {layer_id: layer_id.replace("-", " ").capitalize() for layer_id in catalog.layers}
    chosen = st.multiselect(
        tr.gettext("Map layers"),
        list(names),
        default=[layer_of(ref) for ref in raw if layer_of(ref) in names],
        format_func=lambda layer_id: names[layer_id],
        key=f"{key}-layers",
    )
    wanted: list[object] = []
    for layer_id in chosen:
        before = next((ref for ref in raw if layer_of(ref) == layer_id), layer_id)
        features = catalog.layers[layer_id].features
        highlight = st.multiselect(
            tr.gettext("Highlighted in “{layer}”").format(layer=names[layer_id]),
            list(features),
            default=[
                fid for fid in ([] if isinstance(before, str) else before.get("highlight", [])) if fid in features
            ],
            format_func=functools.partial(_feature_name, features),
            key=f"{key}-highlight-{layer_id}",
        )
        # What the step said of the layer (its role) stays; only the highlight is this widget's.
        item = {"id": layer_id} if isinstance(before, str) else dict(before)
        if highlight:
            item["highlight"] = highlight
        else:
            item.pop("highlight", None)
        wanted.append(layer_id if set(item) == {"id"} else item)
    editor_forms.remember(f"{field}.layers", f"{key}-layers")
    if plain(wanted) != plain(raw):
        draft.set(("steps", index, "layers"), wanted)
        _keep(draft, token)
    _show(by_field, f"{field}.layers")


def _feature_name(features: dict[str, LayerFeature], feature_id: str) -> str:
    return features[feature_id].name


def _blocks(draft, index, token, tr, key, name, label, by_field, field) -> None:
    """A step's places or sources: each listed with a button that removes it, and a form that adds one.

    Plain fields and buttons rather than a grid: every control is reachable by keyboard and read
    by screen readers, and what a block holds beyond the form's fields (a place's note) stays.
    """
    st.markdown(f"**{escape(label)}**")
    items = list(draft.step(index).get(name, []))
    for number, item in enumerate(items):
        cells = st.columns([5, 1], vertical_alignment="center")
        if name == "places":
            text = f"{item.get('name', '')} ({item.get('lat', '')}, {item.get('lon', '')}) · `{item.get('id', '')}`"
        else:
            text = ", ".join(str(item.get(part)) for part in ("title", "publisher", "kind") if item.get(part))
        cells[0].markdown(escape(text))
        if cells[1].button(tr.gettext("Remove"), key=f"{key}-{name}-remove-{number}", width="stretch"):
            del draft.step(index)[name][number]
            if not draft.step(index)[name]:
                del draft.step(index)[name]
            draft.changed = True
            _keep(draft, token)
            st.rerun()
    editor_forms.show_problems(by_field, f"{field}.{name}", under=True)
    editor_forms.remember(f"{field}.{name}", f"{key}-source-title" if name == "sources" else f"{key}-place-name")
    with st.form(f"{key}-{name}-add", clear_on_submit=True, border=True):
        if name == "sources":
            title = st.text_input(tr.gettext("Title of the source"), key=f"{key}-source-title")
            url = st.text_input(tr.gettext("Address (https://...)"), key=f"{key}-source-url")
            publisher = st.text_input(tr.gettext("Publisher"), key=f"{key}-source-publisher")
            date = st.text_input(tr.gettext("Date of the source"), key=f"{key}-source-date")
            kind = st.selectbox(tr.gettext("Kind"), KINDS, key=f"{key}-source-kind")
            row: dict[str, object] = {"title": title, "url": url, "publisher": publisher, "date": date, "kind": kind}
        else:
            place = st.text_input(tr.gettext("Name of the place"), key=f"{key}-place-name")
            lat = st.number_input(tr.gettext("Latitude"), -90.0, 90.0, 45.0, format="%.4f", key=f"{key}-place-lat")
            lon = st.number_input(tr.gettext("Longitude"), -180.0, 180.0, 65.0, format="%.4f", key=f"{key}-place-lon")
            row = {"name": place, "lat": lat, "lon": lon}
        if st.form_submit_button(tr.gettext("Add a source") if name == "sources" else tr.gettext("Add a place")):
            if name == "places" and place.strip():
                draft.add_place(index, place.strip(), lat, lon)
            elif name == "sources" and title.strip():
                draft.append_block(index, "sources", row, SOURCE_FIELDS)
            _keep(draft, token)
            st.rerun()


def _map_panel(draft, index, token, tr, key, catalog) -> None:
    step = draft.step(index)
    view = step.get("view", {})
    center = list(view.get("center", [45.0, 65.0]))
    places = [
        {"name": str(p.get("name", "")), "lat": float(p["lat"]), "lon": float(p["lon"])}
        for p in step.get("places", [])
        if "lat" in p and "lon" in p
    ]
    data = {"step": key, "center": center, "zoom": view.get("zoom", 4), "places": places, "label": tr.gettext("Map")}
    result = _map(key="ed-map", data=payload(data), on_click_change=lambda: None, on_view_change=lambda: None)
    st.caption(tr.gettext("Click the map to add a place there; move it, then take its view for the step."))
    clicked = getattr(result, "click", None)
    if isinstance(clicked, dict) and "lat" in clicked:
        st.session_state["ed-click"] = clicked
    click = st.session_state.get("ed-click")
    if click:
        near = _nearest_place(catalog, click["lat"], click["lon"])
        name = st.text_input(tr.gettext("Name of the new place"), value=near or "", key=f"ed-place-name-{click['at']}")
        if st.button(tr.gettext("Add this place"), key="ed-place-add", disabled=not name.strip()):
            draft.add_place(index, name.strip(), click["lat"], click["lon"])
            del st.session_state["ed-click"]
            _keep(draft, token)
            st.rerun()
    seen = getattr(result, "view", None)
    used = st.button(tr.gettext("Use this view"), key="ed-use-view", disabled=not isinstance(seen, dict))
    if used and isinstance(seen, dict):
        draft.set_view(index, (seen["lat"], seen["lon"]), seen["zoom"])
        _keep(draft, token)
        st.rerun()


def _nearest_place(catalog, lat: float, lon: float) -> str | None:
    """The GeoNames place of the project's data nearest to a click (within 50 km), by name."""
    layer = catalog.layers.get("places")
    if layer is None:
        return None
    best, name = 50.0, None
    for feature in layer.features.values():
        south, west, north, east = feature.bounds  # a point's bounds are the point
        here_lat, here_lon = (south + north) / 2, (west + east) / 2
        km = 111.2 * math.hypot(here_lat - lat, (here_lon - lon) * math.cos(math.radians(lat)))
        if km < best:
            best, name = km, feature.name
    return name


def _save(draft: Draft, settings: page.Options, tr: Translator, has_problems: bool) -> None:
    st.subheader(tr.gettext("Save"))
    if has_local_files(draft):
        # Its pictures go with it: the story file and its folder, as `story check` and the app read them.
        st.download_button(
            tr.gettext("Download story file (a .zip of the story and its pictures)"),
            lambda: story_zip(draft),
            file_name=Path(draft.name).stem + ".zip",
            mime="application/zip",
            key="ed-download",
            on_click="ignore",
        )
        editor_forms.yaml_download(tr.gettext("Download the YAML file alone"), draft, "ed-download-yaml")
    else:
        editor_forms.yaml_download(tr.gettext("Download story file"), draft, "ed-download")
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
    if st.button(tr.gettext("Save on this server"), key="ed-save", disabled=not confirm):
        if not target.exists():
            editor_translation.carry_translations(replaced, target.parent)
        save_story(target.parent, draft)
        st.success(tr.gettext("Saved as {file}.").format(file=target.name))


def _may_save(settings: page.Options) -> bool:
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
