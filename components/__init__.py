"""Streamlit UI pieces: each wires widgets to the pure functions in `story` and `geodata`."""
