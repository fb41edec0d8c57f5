"""The editor's forms for the blocks of the format (a quote, a glossary term, a self-check, a figure's data).

Wiring only: which fields a block has, their kinds and which are required come from
story/editor/forms.py (read from the JSON Schema); what they are called on screen is here, in the
reader's language and in the order a teacher fills them in. Every change is one edit of the draft,
named by its field as the checker names it, so the checker's message shows under the field.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import streamlit as st
from ruamel.yaml.comments import CommentedMap

from components.editor.context import EditorContext
from components.editor.keys import FIELDS_KEY
from story.editor.draft import Draft, add_item, parent_of, plain, put_block, remove
from story.editor.forms import FieldSpec, as_day, block_fields, check_block, summary
from story.editor.unfinished import find_targets
from story.editor.where import where
from story.format.problems import Problem
from story.reader.i18n import Translator
from story.reader.narrative import kind_names

Path = tuple[str | int, ...]
# Fields with a widget of their own: a figure's values are a table, not a list of forms.
SHOWN_APART = {"Figure": ("data",)}
ROW_FIELDS = ("label", "date", "value", "status")
SOURCE_FIELDS = ("title", "url", "publisher", "date", "kind")
FIGURE_COLUMNS = (*ROW_FIELDS, *(f"source_{name}" for name in SOURCE_FIELDS))


def labels(tr: Translator) -> dict[str, dict[str, str]]:
    """Each block's fields as the page names them, in the order they are asked."""
    return {
        "Article": {
            "title": tr.gettext("Title of the article"),
            "outlet": tr.gettext("Published by (newspaper, site)"),
            "author": tr.gettext("Author"),
            "date": tr.gettext("Date of publication: 2022-01-24, 2022-01 or 2022"),
            "url": tr.gettext("Address (https://...)"),
            "kind": tr.gettext("Kind of source"),
        },
        "Credit": {"text": tr.gettext("Credit"), "url": tr.gettext("Address (https://...)")},
        "GlossaryTerm": {
            "term": tr.gettext("Word or abbreviation"),
            "id": tr.gettext("Short name (id)"),
            "definition": tr.gettext("What it means"),
            "forms": tr.gettext("Other forms in the text (one per line)"),
        },
        "Lesson": {
            "title": tr.gettext("Title of the lesson"),
            "id": tr.gettext("Short name (id): the lesson's address, ?lesson=…"),
            "steps": tr.gettext("Its steps: step ids, or ranges first..last (one per line)"),
            "minutes": tr.gettext("About how many minutes"),
        },
        "Quote": {
            "text": tr.gettext("The words, exactly as said or written"),
            "speaker": tr.gettext("Who said or wrote them"),
            "source": tr.gettext("Where they were said or published"),
            "translation": tr.gettext("Translation into the story's language"),
        },
        "Note": {"text": tr.gettext("What the other sources say (Markdown)"), "sources": tr.gettext("Sources")},
        "TimeControl": {
            "from": tr.gettext("First day (2022-01-02)"),
            "to": tr.gettext("Last day"),
            "start": tr.gettext("Day it opens on (the first, if empty)"),
            "by": tr.gettext("One move of the slider (day)"),
        },
        "Swipe": {"left": tr.gettext("Day on the left (2022-01-02)"), "right": tr.gettext("Day on the right")},
        "Source": {
            "title": tr.gettext("Title of the source"),
            "url": tr.gettext("Address (https://...)"),
            "publisher": tr.gettext("Publisher"),
            "date": tr.gettext("Date of the source"),
            "kind": tr.gettext("Kind of source"),
        },
        "Media": {
            "type": tr.gettext("Kind of file"),
            "src": tr.gettext("File (pictures/town.jpg) or address (https://...)"),
            "alt": tr.gettext("What the picture shows, for those who cannot see it"),
            "caption": tr.gettext("Caption"),
            "credit": tr.gettext("Credit"),
            "licence": tr.gettext("Licence"),
            "url": tr.gettext("Where the original can be seen"),
            "transcript": tr.gettext("Transcript"),
            "captions": tr.gettext("Captions file (WebVTT)"),
            "poster": tr.gettext("Picture shown before the video plays"),
        },
        "Figure": {
            "title": tr.gettext("What the figure shows"),
            "chart": tr.gettext("Kind of chart"),
            "unit": tr.gettext("What the values count"),
            "caption": tr.gettext("Caption"),
        },
        "ChoiceCheck": {
            "question": tr.gettext("Question"),
            "choices": tr.gettext("Choices (one per line)"),
            "answer": tr.gettext("The right choice"),
            "explain": tr.gettext("Why (shown after an answer)"),
        },
        "FindCheck": {
            "question": tr.gettext("Question"),
            "find": tr.gettext("The place to find: one of this step's places or of its layers"),
            "explain": tr.gettext("Why (shown after an answer)"),
        },
        "DayCheck": {
            "question": tr.gettext("Question"),
            "day": tr.gettext("The right day (YYYY-MM-DD), on the step's day slider"),
            "within": tr.gettext("Days before or after that also count"),
            "explain": tr.gettext("Why (shown after an answer)"),
        },
        "OrderCheck": {
            "question": tr.gettext("Question"),
            "order": tr.gettext("The events in their right order, first to last (one per line)"),
            "explain": tr.gettext("Why (shown after an answer)"),
        },
    }


def _label(ctx: EditorContext, spec: FieldSpec, label: str) -> str:
    required = ctx.tr.gettext("(required)")
    return f"{label} {required}" if spec.required else label


def remember(field: str, key: str) -> None:
    """That the widget `key` edits `field`, for a problem's button to find it (rebuilt every run)."""
    st.session_state.setdefault(FIELDS_KEY, {})[field] = key


def problem_text(problem: Problem, tree: Mapping[str, Any], tr: Translator) -> str:
    """A problem as the page says it, in the reader's language: where, in the form's words, then what."""
    place = where(problem.field, tree, tr, labels(tr))
    message = problem.text(tr.gettext)
    return f"{place}: {message}" if place else message


def show_problems(ctx: EditorContext, field: str, under: bool = False) -> None:
    """The checker's messages for a field (and, with `under`, for every field inside it), shown at it."""
    for name, listed in ctx.by_field.items():
        if name == field or (under and name.startswith(field)):
            for problem in listed:
                st.error(problem_text(problem, ctx.draft.tree, ctx.tr), icon="⚠️")


def _show(ctx: EditorContext, field: str) -> None:
    show_problems(ctx, field)


def show(ctx: EditorContext, field: str, key: str | None = None) -> None:
    """The checker's messages for `field` shown here; with `key`, the widget a problem's button focuses."""
    if key:
        remember(field, key)
    show_problems(ctx, field)


def _lines(text: object) -> list[str]:
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


def _number(text: object) -> object:
    # A number where it reads as one; otherwise the text as typed, for the checker to name.
    try:
        value = float(str(text).replace(",", "."))
    except ValueError:
        return text
    return int(value) if value.is_integer() else value


def edit(ctx: EditorContext, path: Path, key: str, convert: Callable[[object], object] | None = None) -> None:
    """A widget's change (its value under `key`) as one edit of the draft at `path`, kept at once."""
    value = st.session_state.get(key)
    ctx.draft.set(path, convert(value) if convert else value)
    ctx.keep()


def text(
    ctx: EditorContext,
    label: str,
    path: Path,
    key: str,
    value: object,
    field: str,
    area: bool = False,
    help: str | None = None,
) -> None:
    """A text field (or area) that edits the draft at `path`, with the checker's messages for `field` under it."""
    widget = st.text_area if area else st.text_input
    widget(label, value=str(value or ""), key=key, on_change=edit, args=(ctx, path, key), help=help)
    show(ctx, field, key)


def fields(ctx: EditorContext, block: str, node: dict, path: Path, field: str, key: str) -> None:
    """The fields of one block, each a widget whose change is an edit of the draft at `path`."""
    specs = {spec.name: spec for spec in block_fields(block)}
    named = labels(ctx.tr).get(block, {})
    for name in [*named, *(name for name in specs if name not in named)]:
        spec = specs.get(name)
        if spec is None or name in SHOWN_APART.get(block, ()):
            continue
        label = _label(ctx, spec, named.get(name, name))
        widget, value, here = f"{key}-{name}", node.get(name), f"{field}.{name}"
        offered = _chosen_from(ctx, block, name, node, path)
        if offered is not None:
            widget = chosen(ctx, label, offered, value, (*path, name), widget)
            if not offered and block == "FindCheck":
                st.caption(ctx.tr.gettext("This step has no places or layers yet: add a place on its map first."))
        elif spec.kind in ("text", "area"):
            box = st.text_area if spec.kind == "area" else st.text_input
            text = "" if value is None else str(value)
            box(label, value=text, key=widget, on_change=edit, args=(ctx, (*path, name), widget))
        elif spec.kind == "lines":
            text = "\n".join(str(line) for line in value or [])
            st.text_area(label, value=text, key=widget, on_change=edit, args=(ctx, (*path, name), widget, _lines))
        elif spec.kind == "date":
            text = "" if value is None else str(value)
            st.text_input(label, value=text, key=widget, on_change=edit, args=(ctx, (*path, name), widget, as_day))
        elif spec.kind == "number":
            text = "" if value is None else str(value)
            st.text_input(label, value=text, key=widget, on_change=edit, args=(ctx, (*path, name), widget, _number))
        elif spec.kind == "choice":
            options = list(spec.choices) if spec.required else ["", *spec.choices]
            current = str(value) if value is not None else options[0]
            # A source's kind by the name a reader sees on its badge, in the editor's language.
            names: dict[str, str] = {}
            if name == "kind":
                names = {kind: named for kind, (named, _) in kind_names(ctx.tr).items()}
            st.selectbox(
                label,
                options,
                index=options.index(current) if current in options else 0,
                format_func=partial(_choice_name, names, ctx.tr.gettext("(not set)")),
                key=widget,
                on_change=edit,
                args=(ctx, (*path, name), widget),
            )
        elif spec.kind == "blocks" and spec.block:
            st.markdown(f"**{label}**")
            block_list(ctx, spec.block, (*path, name), here, widget, ctx.tr.gettext("Add a source"))
            continue
        else:
            continue
        remember(here, widget)
        _show(ctx, here)


def _chosen_from(ctx: EditorContext, block: str, name: str, node: dict, path: Path) -> dict[str, str] | None:
    """What a field filled by choosing offers (value -> what the teacher reads), or None for a typed one:
    a place to find among the step's own places and its layers' features, the right answer among the
    choices written above it. Never an id typed by hand, nor an answer typed again."""
    if block == "FindCheck" and name == "find" and len(path) > 1 and path[0] == "steps":
        return find_targets(ctx.draft.step(int(path[1])), ctx.catalog, ctx.tr.language)
    if block == "ChoiceCheck" and name == "answer":
        choices = [str(choice).strip() for choice in node.get("choices") or [] if str(choice).strip()]
        return {choice: choice for choice in choices}
    return None


def chosen(ctx: EditorContext, label: str, options: dict[str, str], value: object, path: Path, key: str) -> str:
    """A select that edits the draft at `path` with the value of the option chosen; returns its widget's key.
    A value the options do not have (written by hand in the file) stays listed, as written."""
    current = "" if value is None else str(value)
    # Nothing chosen is offered only until something is: an empty value removes the field, and a
    # place to find without its `find` would be read as a multiple choice.
    values = [*([""] if not current else []), *options]
    if current not in values:
        values.append(current)
    # One select whatever its options become (Streamlit keeps a keyed select and sends it the new
    # options): a select made anew when the choices above it changed was replaced while the teacher,
    # who had just tabbed or clicked into it, was opening its list, which closed.
    widget = key
    if st.session_state.get(widget) != current:
        st.session_state[widget] = current  # what the draft holds, shown (an undo, another step)
    st.selectbox(
        label,
        values,
        format_func=lambda option: options.get(option, option) or ctx.tr.gettext("(choose one)"),
        key=widget,
        on_change=edit,
        args=(ctx, path, widget),
    )
    return widget


def _choice_name(names: dict[str, str], unset: str, option: str) -> str:
    return names.get(option, option) or unset


def _held(ctx: EditorContext, path: Path) -> object:
    """What the draft holds at `path` (a field of a step or block, an item of a list); None where
    nothing is (a step or item gone since the page was drawn)."""
    try:
        parent = parent_of(ctx.draft.tree, path)
    except (KeyError, IndexError, TypeError):
        return None
    here = path[-1]
    if isinstance(parent, dict):
        return parent.get(here)
    if isinstance(parent, list) and isinstance(here, int) and 0 <= here < len(parent):
        return parent[here]
    return None


def optional_block(ctx: EditorContext, block: str, path: Path, field: str, key: str, add: str, drop: str) -> None:
    """A block a step may have once (a quote): its fields, or a button that adds it."""
    node = _held(ctx, path)
    if not isinstance(node, dict):
        ctx.button(st, add, key=f"{key}-add", act=lambda live: _put_if_missing(live, path))
        return
    with st.container(border=True):
        fields(ctx, block, node, path, field, f"{key}-{id(node)}")
        _show(ctx, field)
        ctx.button(st, drop, key=f"{key}-remove", act=lambda live: remove_drawn(live, path, node))


def block_list(ctx: EditorContext, block: str, path: Path, field: str, key: str, add: str, of=None) -> None:
    """A list of blocks (credits, glossary terms, sources): each with its fields and a Remove button."""
    held = _held(ctx, path)
    single = isinstance(held, dict)
    items = [held] if single else list(held) if isinstance(held, list) else []
    for number, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        kind = of(item) if of else block
        here = path if single else (*path, number)
        here_field = field if single else f"{field}[{number}]"
        with st.container(border=True):
            st.caption(f"{number + 1}. {summary(item, kind)}")
            fields(ctx, kind, item, here, here_field, f"{key}-{id(item)}")
            _show(ctx, here_field)
            ctx.button(
                st,
                ctx.tr.gettext("Remove"),
                key=f"{key}-{id(item)}-remove",
                act=partial(remove_drawn, path=here, node=item),
            )
    _show(ctx, field)
    ctx.button(st, add, key=f"{key}-add", act=lambda live: _add_to_list(live, path))


def _put_if_missing(ctx: EditorContext, path: Path) -> None:
    if not isinstance(_held(ctx, path), dict):  # a second press adds no second block
        put_block(ctx.draft, path)


def remove_drawn(ctx: EditorContext, path: Path, node: object) -> None:
    """Remove the block or item at `path` if it is still the one the button was drawn for: a second
    press of Remove, come before the page lost the button, never removes what took its place."""
    if _held(ctx, path) is node:
        remove(ctx.draft, path)


def _add_to_list(ctx: EditorContext, path: Path) -> None:
    held = _held(ctx, path)
    if isinstance(held, dict):  # a single block written the older way becomes a list of one with the new one
        ctx.draft.set(path, [held, CommentedMap()])
    else:
        add_item(ctx.draft, path)


def checks(ctx: EditorContext, path: Path, field: str, key: str) -> None:
    """A step's self-checks: multiple-choice questions and places to find, in the order written."""
    tr = ctx.tr
    block_list(ctx, "ChoiceCheck", path, field, key, tr.gettext("Add a multiple-choice question"), of=check_block)
    added: dict[str, tuple[str, list[tuple[str, object]]]] = {
        "find": (tr.gettext("Add a place to find on the map"), [("question", ""), ("find", ""), ("explain", "")]),
        # A "Which day?" on a step with a day slider, on the slider's first day until the teacher sets it.
        "day": (tr.gettext("Add a “Which day?” question"), [("question", ""), ("day", ""), ("explain", "")]),
        "order": (tr.gettext("Add a “Put in order” question"), [("question", ""), ("order", []), ("explain", "")]),
    }
    slider = ctx.draft.step(path[1]).get("time") if len(path) > 1 and isinstance(path[1], int) else None
    for kind, (label, fields) in added.items():
        if kind == "day" and not isinstance(slider, dict):
            continue  # answered on the step's day slider: only a step with one offers it
        if kind == "day" and isinstance(slider, dict):
            fields = [("question", ""), ("day", as_day(slider.get("from"))), ("explain", "")]
        ctx.button(
            st,
            label,
            key=f"{key}-add-{kind}",
            act=partial(_add_check, path=path, fields=fields),
        )


def _add_check(ctx: EditorContext, path: Path, fields: list[tuple[str, object]]) -> None:
    add_item(ctx.draft, path, CommentedMap(fields))


def figure_rows(data: list) -> list[dict]:
    """A figure's values as table rows, each with its source's fields beside it."""
    rows = []
    for row in data or []:
        source = row.get("source") or {}
        rows.append(
            {name: plain(row.get(name)) for name in ROW_FIELDS}
            | {f"source_{name}": plain(source.get(name)) for name in SOURCE_FIELDS}
        )
    return rows


def _cell(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == "":
        return None
    return value


def _merge(old: dict, names: tuple[str, ...], cells: dict[str, object]) -> CommentedMap:
    # What the table did not change stays as written (an unquoted date stays a date, a note stays).
    item = CommentedMap(old) if isinstance(old, dict) else CommentedMap()
    for name in names:
        value = cells.get(name)
        if value is None:
            item.pop(name, None)
        elif plain(item.get(name)) != plain(value):
            item[name] = _number(value) if name == "value" else str(value)
    return item


def rows_data(rows: list[dict], old: list) -> list[CommentedMap]:
    """The table's rows back as the figure's data: empty cells left out, the value a number."""
    data = []
    for number, row in enumerate(rows):
        before = old[number] if number < len(old) and isinstance(old[number], dict) else {}
        item = _merge(before, ROW_FIELDS, {name: _cell(row.get(name)) for name in ROW_FIELDS})
        cells = {name: _cell(row.get(f"source_{name}")) for name in SOURCE_FIELDS}
        source = _merge(before.get("source") or {}, SOURCE_FIELDS, cells)
        if source or any(name in item for name in ROW_FIELDS):
            item["source"] = source
            data.append(item)
    return data


def figure(ctx: EditorContext, path: Path, field: str, key: str) -> None:
    """A step's figure: its title and chart, and its values as a table a teacher edits like a sheet."""
    tr = ctx.tr
    optional_block(ctx, "Figure", path, field, key, tr.gettext("Add a figure"), tr.gettext("Remove the figure"))
    node = _held(ctx, path)
    if not isinstance(node, dict):
        return
    headers = {
        "label": tr.gettext("Label (bar chart)"),
        "date": tr.gettext("Date (line chart)"),
        "value": tr.gettext("Value"),
        "status": tr.gettext("Status"),
        "source_title": tr.gettext("Title of the source"),
        "source_url": tr.gettext("Address (https://...)"),
        "source_publisher": tr.gettext("Publisher"),
        "source_date": tr.gettext("Date of the source"),
        "source_kind": tr.gettext("Kind of source"),
    }
    import pandas as pd  # only for a step with a figure: the app's first page loads without it

    rows = figure_rows(list(node.get("data", [])))
    table = pd.DataFrame(rows, columns=list(FIGURE_COLUMNS)).astype(object)
    edited = st.data_editor(
        table,
        num_rows="dynamic",
        key=f"{key}-data-{id(node)}",
        column_config={name: st.column_config.TextColumn(headers[name]) for name in FIGURE_COLUMNS},
        hide_index=True,
        width="stretch",
    )
    old = list(node.get("data", []))
    new = rows_data(edited.to_dict("records"), old)
    if plain(new) != plain(old):
        ctx.draft.set((*path, "data"), new)
        ctx.keep()
    show_problems(ctx, f"{field}.data", under=True)


def yaml_download(label: str, draft: Draft, key: str, name: str | None = None) -> None:
    """A download of the draft's file as it is now (the same bytes when nothing changed), as `name`."""
    st.download_button(
        label, draft.dump(), file_name=name or draft.name, mime="application/yaml", key=key, on_click="ignore"
    )
