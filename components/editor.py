"""The editor page (/edit): placeholder while it is built."""

from __future__ import annotations

import streamlit as st

from components import page


def render(settings: page.Options) -> None:
    st.title("Edit")
