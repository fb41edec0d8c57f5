"""The fields of the step being edited: title, address, date, text, the map's sentence, layers, places,
sources, questions, and the blocks a step may have (a quote, pictures, a figure, self-checks)."""

from __future__ import annotations

import contextlib
import functools

import streamlit as st
from ruamel.yaml.comments import CommentedMap

from components.editor import forms
from components.editor.context import EditorContext
from components.editor.press import pressed
from components.editor.story_fields import heading
from geodata.catalog import LayerFeature
from story.editor.draft import add_item, plain
from story.editor.folder import PictureError, add_picture
from story.format.dates import parse_story_date
from story.format.model import SourceKind
from story.reader.dates import format_story_date
from story.reader.text import escape, render_markdown

KINDS: tuple[str, ...] = SourceKind.__args__  # type: ignore[attr-defined]


def render(ctx: EditorContext, index: int) -> None:
    """The step's form (its map is beside it: map_panel.py)."""
    draft, tr = ctx.draft, ctx.tr
    step = draft.step(index)
    field = f"steps[{index}]"
    # The widgets are the step's as long as the step is (not its id, which the teacher edits: a key
    # made from it gave every field a new widget at each change of the title, the focused one
    # keeping the old value, which it then wrote back).
    key = step_key(ctx, index)
    st.text_input(
        tr.gettext("Title (required)"),
        value=str(step.get("title") or ""),
        key=f"{key}-title",
        on_change=_edit_title,
        args=(ctx, index, f"{key}-title", f"{key}-id"),
    )
    forms.show(ctx, f"{field}.title", f"{key}-title")
    forms.text(
        ctx,
        tr.gettext("Address of the step (id)"),
        ("steps", index, "id"),
        f"{key}-id",
        step.get("id"),
        f"{field}.id",
        help=tr.gettext("Lowercase letters, digits and dashes: ?step=<id>"),
    )
    forms.text(
        ctx,
        tr.gettext("Date (required): 2022-01-05, 2022-01, 2022 or 2022-01-02/2022-01-05"),
        ("steps", index, "date"),
        f"{key}-date",
        step.get("date"),
        f"{field}.date",
    )
    with contextlib.suppress(ValueError):  # a date the checker refuses has its message above
        shown = format_story_date(parse_story_date(str(step.get("date", ""))), tr.language)
        st.caption(tr.gettext("Shown as: {date}").format(date=shown))
    forms.text(
        ctx,
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
    forms.text(
        ctx,
        tr.gettext("What the map shows, in one sentence (required)"),
        ("steps", index, "view", "alt"),
        f"{key}-alt",
        view.get("alt"),
        f"{field}.view.alt",
    )
    forms.show(ctx, f"{field}.view")
    _layers(ctx, index, key, field)
    _blocks(ctx, index, key, "places", tr.gettext("Places"), field)
    _blocks(ctx, index, key, "sources", tr.gettext("Sources"), field)
    questions = "\n".join(str(question) for question in step.get("discussion", []))
    st.text_area(
        tr.gettext("Questions for discussion (one per line)"),
        value=questions,
        key=f"{key}-discussion",
        on_change=forms.edit,
        args=(
            ctx,
            ("steps", index, "discussion"),
            f"{key}-discussion",
            lambda text: [line.strip() for line in (text or "").splitlines() if line.strip()],
        ),
    )
    forms.show(ctx, f"{field}.discussion", f"{key}-discussion")
    _more(ctx, index, key, field)


def step_key(ctx: EditorContext, index: int) -> str:
    """The prefix of the step's widgets' keys (the map's too): the step's as long as the step is."""
    return f"ed-{id(ctx.draft.step(index))}"


def _edit_title(ctx: EditorContext, index: int, key: str, id_key: str) -> None:
    ctx.draft.set_title(index, str(st.session_state.get(key) or ""))
    # The id field shows the id the title made (a widget shows its own state, not its default).
    st.session_state[id_key] = str(ctx.draft.step(index).get("id", ""))
    ctx.keep()


def _layers(ctx: EditorContext, index: int, key: str, field: str) -> None:
    draft, tr, catalog = ctx.draft, ctx.tr, ctx.catalog
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
    forms.remember(f"{field}.layers", f"{key}-layers")
    if plain(wanted) != plain(raw):
        draft.set(("steps", index, "layers"), wanted)
        ctx.keep()
    forms.show(ctx, f"{field}.layers")


def _feature_name(features: dict[str, LayerFeature], feature_id: str) -> str:
    return features[feature_id].name


def _blocks(ctx: EditorContext, index: int, key: str, name: str, label: str, field: str) -> None:
    """A step's places or sources: each listed with a button that removes it, and a form that adds one.

    Plain fields and buttons rather than a grid: every control is reachable by keyboard and read
    by screen readers, and what a block holds beyond the form's fields (a place's note) stays.
    """
    draft, tr = ctx.draft, ctx.tr
    st.markdown(f"**{escape(label)}**")
    items = list(draft.step(index).get(name, []))
    for number, item in enumerate(items):
        cells = st.columns([5, 1], vertical_alignment="center")
        if name == "places":
            text = f"{item.get('name', '')} ({item.get('lat', '')}, {item.get('lon', '')}) · `{item.get('id', '')}`"
        else:
            text = ", ".join(str(item.get(part)) for part in ("title", "publisher", "kind") if item.get(part))
        cells[0].markdown(escape(text))
        ctx.button(
            cells[1],
            tr.gettext("Remove"),
            key=f"{key}-{name}-remove-{number}",
            width="stretch",
            act=functools.partial(forms.remove_drawn, path=("steps", index, name, number), node=item),
        )
    forms.show_problems(ctx, f"{field}.{name}", under=True)
    forms.remember(f"{field}.{name}", f"{key}-source-title" if name == "sources" else f"{key}-place-name")
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
                draft.append_block(index, "sources", row, forms.SOURCE_FIELDS)
            ctx.keep()
            st.rerun()


def _more(ctx: EditorContext, index: int, key: str, field: str) -> None:
    """The step's other fields: a content note, a quote, pictures, a figure, other sources, checks, notes."""
    draft, tr = ctx.draft, ctx.tr
    step = draft.step(index)
    path = ("steps", index)
    forms.text(
        ctx,
        tr.gettext("Content note (before a text that tells of violence or death)"),
        (*path, "content_note"),
        f"{key}-content-note",
        step.get("content_note"),
        f"{field}.content_note",
        area=True,
    )

    def media() -> None:
        forms.block_list(
            ctx,
            "Media",
            (*path, "media"),
            f"{field}.media",
            f"{key}-media",
            tr.gettext("Add a picture, video or sound"),
        )
        _picture_upload(ctx, index, key)

    sections = [
        (
            tr.gettext("Quotation"),
            lambda: forms.optional_block(
                ctx,
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
            lambda: forms.figure(ctx, (*path, "figure"), f"{field}.figure", f"{key}-figure"),
        ),
        (
            tr.gettext("Where other sources say something different"),
            lambda: forms.block_list(
                ctx,
                "Note",
                (*path, "other_sources"),
                f"{field}.other_sources",
                f"{key}-other",
                tr.gettext("Add what another source says"),
            ),
        ),
        (
            tr.gettext("A slider over days (for a layer whose features carry dates)"),
            lambda: forms.optional_block(
                ctx,
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
            lambda: forms.optional_block(
                ctx,
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
            lambda: forms.checks(ctx, (*path, "check"), f"{field}.check", f"{key}-check"),
        ),
    ]
    for title, section in sections:
        heading(title)
        section()
    forms.text(
        ctx,
        tr.gettext("Speaker notes (only on the presenter's page)"),
        (*path, "speaker_notes"),
        f"{key}-speaker-notes",
        step.get("speaker_notes"),
        f"{field}.speaker_notes",
        area=True,
    )


def _picture_upload(ctx: EditorContext, index: int, key: str) -> None:
    """A picture from the teacher's computer: judged by its content, kept in the draft, and a media item
    written for it whose empty fields the checker then asks for (what it shows, caption, credit, licence)."""
    tr = ctx.tr
    # A new uploader after each picture taken: the one before would offer the same file again.
    round_key = f"{key}-picture-round"
    upload = st.file_uploader(
        tr.gettext("A picture from this computer (PNG, JPEG, WebP or SVG, at most 2 MB)"),
        type=["png", "jpg", "jpeg", "webp", "svg"],
        max_upload_size=2,
        key=f"{key}-picture-{st.session_state.get(round_key, 0)}",
    )
    if upload is None or not pressed(st, tr.gettext("Add the picture to this step"), key=f"{key}-picture-add"):
        return
    try:
        name = add_picture(ctx.draft, upload.name, upload.getvalue())
    except PictureError as error:
        st.error(tr.gettext("This picture cannot be added:") + " " + escape(error.said.text(tr.gettext)))
        return
    item = CommentedMap(
        [("type", "image"), ("src", name), ("alt", ""), ("caption", ""), ("credit", ""), ("licence", "")]
    )
    add_item(ctx.draft, ("steps", index, "media"), item)
    st.session_state[round_key] = st.session_state.get(round_key, 0) + 1
    ctx.keep()
    st.rerun()
