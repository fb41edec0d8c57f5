"""The step's map beside its form: a place found by name (the gazetteer, story/editor/places.py) or by a
click (a marker at once, its name field under the map, offered the nearest place's name in the editor's
language), the towns' names on the map, and the view the teacher moved to taken as the step's."""

from __future__ import annotations

import time
from functools import partial
from pathlib import Path

import streamlit as st

from components.editor.context import EditorContext
from components.editor.keys import CLICK_KEY
from components.player import payload
from story.editor import places as gazetteer

_COMPONENTS = Path(__file__).parents[1]
_map = st.components.v2.component(
    "qantar_editor_map",
    js=(_COMPONENTS / "app_static.js").read_text("utf-8") + "\n" + (_COMPONENTS / "editor_map.js").read_text("utf-8"),
    isolate_styles=False,
)
SEARCH_KEY = "ed-place-search"
FLY_KEY = "ed-place-fly"  # where the map flies after a place found by name was added: lat, lon, when
RESULTS = 6


def render(ctx: EditorContext, index: int, key: str) -> None:
    """The map of step `index` (its widgets' keys start with `key`), with the search, *Add this place*
    and *Use this view*."""
    draft, tr = ctx.draft, ctx.tr
    _search(ctx, index)
    step = draft.step(index)
    view = step.get("view", {})
    center = list(view.get("center", [45.0, 65.0]))
    places = [
        {"name": str(p.get("name", "")), "lat": float(p["lat"]), "lon": float(p["lon"])}
        for p in step.get("places", [])
        if "lat" in p and "lon" in p
    ]
    click = st.session_state.get(CLICK_KEY)
    # Above the map and always of one height, so that the map does not move when a click fills it: the
    # name field is in view wherever the map is.
    new_place = st.container(key="ed-place-new")
    data = {
        "step": key,
        "center": center,
        "zoom": view.get("zoom", 4),
        "places": places,
        "label": tr.gettext("Map"),
        "pending": click,
        "fly": st.session_state.get(FLY_KEY),
        "labels": _labels(ctx, tr.language),
    }
    result = _map(key="ed-map", data=payload(data), on_click_change=lambda: None, on_view_change=lambda: None)
    clicked = getattr(result, "click", None)
    if isinstance(clicked, dict) and "lat" in clicked and clicked != click:
        st.session_state[CLICK_KEY] = click = clicked
    with new_place:
        if click:
            _name_the_click(ctx, index, click)
        else:
            st.caption(tr.gettext("Click the map to add a place there; move it, then take its view for the step."))
    seen = gazetteer.view_moved_to(getattr(result, "view", None), key)
    ctx.button(
        st,
        tr.gettext("Use this view"),
        key="ed-use-view",
        disabled=seen is None,
        act=partial(_use_view, index, seen),
    )


def _name_the_click(ctx: EditorContext, index: int, click: dict[str, float]) -> None:
    # Offered the nearest place's name in the editor's language; the teacher may write another.
    tr = ctx.tr
    near = gazetteer.nearest(click["lat"], click["lon"], tr.language, float(click.get("zoom", 10)), ctx.catalog)
    field, add = st.columns([2, 1], vertical_alignment="bottom")
    with field:
        name_key = f"ed-place-name-{click['at']}"
        name = st.text_input(tr.gettext("Name of the new place"), value=near.name if near else "", key=name_key)
    with add:
        ctx.button(
            st,
            tr.gettext("Add this place"),
            key="ed-place-add",
            disabled=not name.strip(),
            act=lambda live: _add_clicked(live, index, click, name_key),
        )


def _use_view(index: int, seen: dict[str, float] | None, ctx: EditorContext) -> None:
    if seen is not None:
        ctx.draft.set_view(index, (seen["lat"], seen["lon"]), seen["zoom"])


def _add_clicked(ctx: EditorContext, index: int, click: dict[str, float], name_key: str) -> None:
    # The name as the field holds it when the button is pressed, and the click only once.
    name = str(st.session_state.get(name_key) or "").strip()
    if name and st.session_state.get(CLICK_KEY) == click:
        ctx.draft.add_place(index, name, click["lat"], click["lon"])
        del st.session_state[CLICK_KEY]


def _search(ctx: EditorContext, index: int) -> None:
    # Typed and sent with Enter; each match a button, so the keyboard reaches them in order.
    tr = ctx.tr
    query = st.text_input(
        tr.gettext("Find a place by name"), key=SEARCH_KEY, placeholder=tr.gettext("A town or village")
    )
    # Always there, empty or not: the map after it keeps its place in the page, and is not drawn anew.
    with st.container(key="ed-place-results"):
        matches = gazetteer.search(query, tr.language, RESULTS) if query.strip() else []
        if query.strip() and not matches:
            st.caption(tr.gettext("No place of that name in the map's list: click the map where it is."))
        for match in matches:
            st.button(
                f"{match.name} ({match.country})",
                key=f"ed-place-found-{match.geonames_id}",
                help=tr.gettext("Add this place"),
                on_click=_add_found,
                args=(ctx, index, match),
            )


def _add_found(ctx: EditorContext, index: int, match: gazetteer.Match) -> None:
    # Before the run (a button's callback): the search box may still be emptied then.
    ctx.draft.add_place(index, match.name, match.lat, match.lon)
    st.session_state[FLY_KEY] = [match.lat, match.lon, time.time()]
    st.session_state[SEARCH_KEY] = ""
    ctx.keep()


def _labels(ctx: EditorContext, language: str) -> list[list[object]]:
    # The project's own places first: where a town's name would cover one of them, the town's gives way.
    own = [[lat, lon, name, zoom] for lat, lon, name, zoom in gazetteer.own_labels(ctx.catalog, language)]
    return own + _town_labels(language)


@st.cache_data(show_spinner=False)
def _town_labels(language: str) -> list[list[object]]:
    # The same list for every run in a language: built once.
    return [[round(lat, 3), round(lon, 3), name, zoom] for lat, lon, name, zoom in gazetteer.map_labels(language)]
