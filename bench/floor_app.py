"""The floor: the least a Streamlit page can do (one button, one line of text).

Started exactly like the app, in the same run, so the story map's figures can be
read against what Streamlit itself costs on this machine.
"""

import streamlit as st

if "clicks" not in st.session_state:
    st.session_state.clicks = 0


def add_one() -> None:
    st.session_state.clicks += 1


st.button("Add one", key="floor-button", on_click=add_one)
st.write(f"Clicks: {st.session_state.clicks}")
