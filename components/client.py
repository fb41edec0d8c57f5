"""Who the page is talking to, as the server's bounds count it (story/server/clients.py).

One place for the presenting budgets, the drafts' bounds per client and the editor's sign-in
attempts, so that all of them read a trusted proxy's forwarded address the same way.
"""

from __future__ import annotations

import streamlit as st
from streamlit import runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from story.server.clients import UNKNOWN, client_address, trusted_proxies_from_environment


def address() -> str:
    """The client's address (IPv4, or IPv6 by its /64); `unknown` where there is none (an AppTest)."""
    context = get_script_run_ctx()
    peer = None
    if context is not None and runtime.exists():
        # The raw peer: st.context.ip_address hides a loopback peer, which is what a local proxy is.
        client = runtime.get_instance().get_client(context.session_id)
        peer = getattr(getattr(client, "client_context", None), "remote_ip", None)
    seen = st.context.ip_address
    return client_address(peer or (seen if isinstance(seen, str) else None), st.context.headers,
                          trusted_proxies_from_environment())  # fmt: skip


def address_or_none() -> str | None:
    found = address()
    return None if found == UNKNOWN else found
