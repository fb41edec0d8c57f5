"""A viewer without a browser: Streamlit's own websocket protocol, spoken from Python.

What the frontend does (streamlit/static, `connectToWebSocket`): open
`ws://host/_stcore/stream` with the subprotocols `["streamlit", <tokens>...]`
(the first is the one the server selects; the others only carry the XSRF token
and a session id for reconnects), then send a `BackMsg.rerun_script`
(`ClientState`: query string, widget states, browser context, hashes of the
messages it has cached). The server answers each run with `new_session`,
`delta`s (the page, element by element), and `script_finished`. A widget's new
value is a rerun whose widget states carry it: a selectbox's `string_value` is the
option as shown; its id arrives in the element's `new_element.selectbox.id`.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import zlib
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.typing import Subprotocol

SERVER_WINDOW_BITS = 12  # what Streamlit's server answers in Sec-WebSocket-Extensions


@dataclass
class Run:
    """What one script run sent back, timed from the request (perf_counter seconds)."""

    sent_at: float
    player_at: float | None = None  # the player's data arrived (its element, or a reference to it)
    finished_at: float | None = None
    finished_status: int | None = None
    bytes: int = 0
    deflated_bytes: int = 0  # what the server's permessage-deflate sends (4 KB window, context takeover)
    messages: int = 0
    exceptions: list[str] = field(default_factory=list)
    by_element: dict[str, int] = field(default_factory=dict)
    done: asyncio.Event = field(default_factory=asyncio.Event)
    updated: asyncio.Event = field(default_factory=asyncio.Event)

    def ms(self, at: float | None) -> float | None:
        return None if at is None else (at - self.sent_at) * 1000


def element_label(msg: ForwardMsg) -> str:
    """A short name for a message, for the bytes-by-element breakdown."""
    kind = msg.WhichOneof("type")
    if kind != "delta":
        return kind or "?"
    delta_kind = msg.delta.WhichOneof("type")
    if delta_kind != "new_element":
        return f"delta.{delta_kind}"
    element = msg.delta.new_element
    element_kind = element.WhichOneof("type")
    if element_kind == "bidi_component":
        return f"bidi_component:{element.bidi_component.component_name}"
    if element_kind == "component_instance":
        return f"component:{element.component_instance.component_name}"
    return element_kind or "?"


class Viewer:
    """One websocket session of the Streamlit protocol."""

    def __init__(self, port: int, query_string: str = "", locale: str = "en-US", breakdown: bool = False):
        self.url = f"ws://127.0.0.1:{port}/_stcore/stream"
        self.origin_url = f"http://localhost:{port}/"
        self.query_string = query_string
        self.locale = locale
        self.breakdown = breakdown
        self.ws: websockets.ClientConnection | None = None
        self.widget_ids: dict[str, str] = {}  # label ("Language") -> widget id
        self.button_groups: set[str] = set()  # labels of segmented controls
        self.cache: dict[str, ForwardMsg] = {}  # what the frontend keeps for ref_hash messages
        self.run: Run | None = None
        self.total_bytes = 0
        self.closed_error: str | None = None
        self._reader: asyncio.Task | None = None
        # The server (uvicorn, server.enableWebsocketCompression) negotiates
        # permessage-deflate with server_max_window_bits=12: a 4 KB window, so repeats
        # from an earlier step are mostly out of reach. Deflate the frames the same way.
        self._deflate = zlib.compressobj(wbits=-SERVER_WINDOW_BITS) if breakdown else None

    async def connect(self) -> None:
        self.ws = await websockets.connect(
            self.url,
            subprotocols=[Subprotocol("streamlit")],
            max_size=None,
            compression=None,  # the server does not offer it (server.enableWebsocketCompression=false)
            open_timeout=60,
            ping_interval=None,
        )
        self._reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader

    def rerun_message(self, strings: dict[str, str] | None = None) -> bytes:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = ""
        state.context_info.locale = self.locale
        state.context_info.timezone = "UTC"
        state.context_info.url = self.origin_url
        for label, value in (strings or {}).items():
            widget = state.widget_states.widgets.add()
            widget.id = self.widget_ids[label]
            if label in self.button_groups:
                # A segmented control (the language switch) sends its chosen option's text in a list.
                widget.string_array_value.data.append(value)
            else:
                widget.string_value = value
        state.cached_message_hashes.extend(self.cache)
        return msg.SerializeToString()

    async def rerun(self, strings: dict[str, str] | None = None) -> Run:
        """Send a rerun (with new values for widgets named by label); returns the Run being filled in."""
        assert self.ws is not None
        data = self.rerun_message(strings)
        self.run = Run(sent_at=time.perf_counter())
        await self.ws.send(data)
        return self.run

    async def _read(self) -> None:
        assert self.ws is not None
        try:
            async for data in self.ws:
                assert isinstance(data, bytes)  # Streamlit sends binary frames only
                now = time.perf_counter()
                self.total_bytes += len(data)
                msg = ForwardMsg()
                msg.ParseFromString(data)
                run = self.run
                if run is not None:
                    run.bytes += len(data)
                    run.messages += 1
                    if self._deflate is not None:
                        label = element_label(msg)
                        run.by_element[label] = run.by_element.get(label, 0) + len(data)
                        packed = self._deflate.compress(data) + self._deflate.flush(zlib.Z_SYNC_FLUSH)
                        run.deflated_bytes += len(packed) - 4  # the frame drops the 00 00 ff ff tail
                if msg.HasField("ref_hash"):
                    cached = self.cache.get(msg.ref_hash)
                    if cached is None:
                        continue
                    resolved = ForwardMsg()
                    resolved.CopyFrom(cached)
                    msg = resolved
                elif msg.metadata.cacheable and msg.hash:
                    self.cache[msg.hash] = msg
                self._handle(msg, run, now)
        except websockets.ConnectionClosed as closed:
            self.closed_error = f"closed: {closed}"
        finally:
            if self.run is not None:
                self.run.done.set()
                self.run.updated.set()

    def _handle(self, msg: ForwardMsg, run: Run | None, now: float) -> None:
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            element_kind = element.WhichOneof("type")
            if element_kind == "selectbox":
                self.widget_ids[element.selectbox.label] = element.selectbox.id
            elif element_kind == "button_group":
                self.widget_ids[element.button_group.label] = element.button_group.id
                self.button_groups.add(element.button_group.label)
            if run is None:
                return
            if element_kind == "exception":
                run.exceptions.append(element.exception.message[:200])
            elif element_kind == "bidi_component" and element.bidi_component.component_name == "qantar_player":
                run.player_at = run.player_at or now
        elif kind == "script_finished" and run is not None:
            run.finished_at = now
            run.finished_status = msg.script_finished
            # Streamlit's ScriptFinishedStatus: 0 = FINISHED_SUCCESSFULLY; others: rerun, error, fragment.
            run.done.set()
            run.updated.set()
