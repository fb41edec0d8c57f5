"""Presenting to a class: one presenter's step, followed by every screen in the room.

`codes.py` makes and reads join codes; `channel.py` is where presenter and followers meet
(in this process, or in Redis when one process is not enough). No Streamlit here: the app's
wiring is components/present.py.
"""
