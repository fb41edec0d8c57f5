"""Qantar story map: plays a story file step by step, narrative and map in step, and edits one.

Thin wiring only. Run by `streamlit run app.py -- [--story PATH] [--allow-save]` (`make run`,
`make edit`), this file is read twice:
- imported by the server, it is the ASGI app (`app`): Streamlit with the app's own routes and guard
  (story/server/asgi.py: media and previews from the data folder, upload budgets, the editor's cookie;
  story/server/first_paint.py: the page's first styles in its HTML);
- run by Streamlit for each page, it is the page script: the options, the page's settings, and the
  two pages: the story (components/story_page.py, at the app's own address) and the editor
  (components/editor.py, /edit).
"""

from __future__ import annotations

import sys

if __name__ == "__main__":
    import streamlit as st

    from components import editor, page, story_page

    settings = page.command_line_options(sys.argv[1:])
    st.set_page_config(page_title="Story map", page_icon="🗺️", layout="wide")
    page.apply_styles()

    def story() -> None:
        story_page.render(settings)

    def edit() -> None:
        editor.render(settings)

    # The pages link to each other themselves (Streamlit's own menu would take the map's width on a phone).
    st.navigation(
        [st.Page(story, title="Story", default=True), st.Page(edit, title="Edit", url_path="edit")],
        position="hidden",
    ).run()
else:
    from starlette.middleware import Middleware
    from streamlit.starlette import App

    from components.page import FIRST_PAINT_STYLES, command_line_options
    from story.server.asgi import Guard, routes, start_checks
    from story.store.paths import data_dir

    start_checks(sys.argv[1:])
    options = command_line_options(sys.argv[1:])
    app = App(
        __file__,
        routes=routes(data_dir(), options.story, options.tiles),
        middleware=[Middleware(Guard, data_dir=data_dir(), page_styles=FIRST_PAINT_STYLES)],
    )
