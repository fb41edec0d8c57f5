"""The app's HTTP side beside Streamlit: files the app serves itself, budgets and the editor's cookie.

Starlette only (Streamlit's own server): no st.* calls, no story package but the format core's names.
"""
