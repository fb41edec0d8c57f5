"""The step's map beside its form: a click names a new place (the nearest of the project's data), and
the view the teacher moved to becomes the step's."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components.editor.context import EditorContext
from components.editor.keys import CLICK_KEY
from components.player import payload
from geodata.catalog import nearest_place

_COMPONENTS = Path(__file__).parents[1]
_map = st.components.v2.component(
    "qantar_editor_map",
    js=(_COMPONENTS / "app_static.js").read_text("utf-8") + "\n" + (_COMPONENTS / "editor_map.js").read_text("utf-8"),
    isolate_styles=False,
)


def render(ctx: EditorContext, index: int, key: str) -> None:
    """The map of step `index` (its widgets' keys start with `key`), with *Add this place* and *Use this view*."""
    draft, tr = ctx.draft, ctx.tr
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
        st.session_state[CLICK_KEY] = clicked
    click = st.session_state.get(CLICK_KEY)
    if click:
        near = nearest_place(ctx.catalog, click["lat"], click["lon"])
        name = st.text_input(tr.gettext("Name of the new place"), value=near or "", key=f"ed-place-name-{click['at']}")
        if st.button(tr.gettext("Add this place"), key="ed-place-add", disabled=not name.strip()):
            draft.add_place(index, name.strip(), click["lat"], click["lon"])
            del st.session_state[CLICK_KEY]
            ctx.keep()
            st.rerun()
    seen = getattr(result, "view", None)
    used = st.button(tr.gettext("Use this view"), key="ed-use-view", disabled=not isinstance(seen, dict))
    if used and isinstance(seen, dict):
        draft.set_view(index, (seen["lat"], seen["lon"]), seen["zoom"])
        ctx.keep()
        st.rerun()
