"""Thirty followers on one presenter: how soon each follower has the presenter's new step, and what
following costs the server per follower.

The presenter is a Chromium page of the app (tests/stories/walk.yaml) that starts a presentation
and presses Next every two seconds. The followers speak Streamlit's protocol from Python
(bench/protocol.py) as a follower's page does: they open `?follow=<code>` and rerun the follow
fragment whenever the server asks (`auto_rerun`, every FOLLOW_POLL_S seconds), and note the
moment (time.time(), the machine's one clock, which the page's Date.now() also reads) the follow
component's data names the presenter's new step. That is the server's part of the delay; a
browser then moves its player in the same task (a few milliseconds, bench: click -> title).
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.protocol import Run, Viewer
from bench.stats import summary
from tests.conftest import TEST_STORIES

WALK = TEST_STORIES / "walk.yaml"


class Follower(Viewer):
    """A follower's session: reruns the follow fragment when told to, and notes each new step."""

    def __init__(self, port: int, code: str) -> None:
        super().__init__(port, query_string=f"follow={code}")
        self.arrivals: dict[str, float] = {}
        self.fragment: tuple[str, float] | None = None
        self.errors: list[str] = []
        self._poller: asyncio.Task | None = None

    def _handle(self, msg: ForwardMsg, run: Run | None, now: float) -> None:
        super()._handle(msg, run, now)
        kind = msg.WhichOneof("type")
        if kind == "auto_rerun" and self._poller is None:
            self.fragment = (msg.auto_rerun.fragment_id, msg.auto_rerun.interval)
            self._poller = asyncio.get_running_loop().create_task(self._poll())
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            if element.WhichOneof("type") == "exception":
                self.errors.append(element.exception.message[:200])
            if element.WhichOneof("type") == "bidi_component" and element.bidi_component.component_name == (
                "qantar_follow"
            ):
                data = json.loads(bytes(element.bidi_component.bytes).decode("utf-8"))
                if data.get("step") and data["step"] not in self.arrivals:
                    self.arrivals[data["step"]] = time.time()

    async def _poll(self) -> None:
        assert self.fragment is not None and self.ws is not None
        fragment_id, interval = self.fragment
        while True:
            await asyncio.sleep(interval)  # the frontend's own timer for a fragment's run_every
            msg = BackMsg()
            state = msg.rerun_script
            state.query_string = self.query_string
            state.fragment_id = fragment_id
            state.is_auto_rerun = True
            state.context_info.locale = self.locale
            state.context_info.timezone = "UTC"
            state.context_info.url = self.origin_url
            state.cached_message_hashes.extend(self.cache)
            await self.ws.send(msg.SerializeToString())

    async def close(self) -> None:
        if self._poller is not None:
            self._poller.cancel()
        await super().close()


async def _followers(port: int, code: str, count: int, done: threading.Event, out: dict) -> None:
    followers = [Follower(port, code) for _ in range(count)]
    for follower in followers:
        await follower.connect()
        await follower.rerun()
    out["followers"] = followers
    out["joined"] = time.time()
    while not done.is_set():
        await asyncio.sleep(0.05)
    for follower in followers:
        await follower.close()


def present(browser, server, count: int = 30, steps: int = 10, idle_s: float = 10.0) -> dict:
    """One presenter in Chromium, `count` followers; `steps` presses of Next two seconds apart."""
    from bench.browser_bench import EXTERNAL

    context = browser.new_context(viewport={"width": 1366, "height": 900}, reduced_motion="reduce")
    page = context.new_page()
    page.route(EXTERNAL, lambda route: route.abort())
    page.goto(server.url)
    page.wait_for_function("() => document.documentElement.getAttribute('data-story-step')")
    rss_alone, cpu_alone_start = server.rss(), server.cpu_seconds()
    time.sleep(idle_s)  # the presenter alone: its panel's own fragment every 2 s
    cpu_alone = server.cpu_seconds() - cpu_alone_start
    page.get_by_role("button", name="Present to a class").click()
    page.locator(".sp-present-code").wait_for()
    code = page.locator(".sp-present-code").inner_text().split()[-1]

    done = threading.Event()
    out: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: asyncio.run(_followers(server.port, code, count, done, out)))
    thread.start()
    while "joined" not in out:
        time.sleep(0.05)
    time.sleep(2.0)  # every follower has polled a few times
    cpu_start = server.cpu_seconds()
    time.sleep(idle_s)  # the followers polling, nothing changing
    cpu_following = server.cpu_seconds() - cpu_start
    rss_following = server.rss()
    pressed: dict[str, float] = {}
    ids = page.evaluate("() => window.__storyPlayerHost.player.data.steps.map((step) => step.id)")
    for number in range(1, steps + 1):
        pressed[ids[number]] = page.evaluate(
            "() => { const t = Date.now() / 1000; document.querySelector('.sp-player .sp-nav .sp-primary').click();"
            " return t; }"
        )
        time.sleep(2.0)
    done.set()
    thread.join()
    context.close()
    followers: list[Follower] = out["followers"]
    delays = [
        (follower.arrivals[step] - at) * 1000
        for follower in followers
        for step, at in pressed.items()
        if step in follower.arrivals
    ]
    missed = sum(1 for follower in followers for step in pressed if step not in follower.arrivals)
    return {
        "followers": count,
        "presses": steps,
        "press_to_follower_ms": summary(delays),
        "missed": missed,
        "errors": sum(len(follower.errors) for follower in followers),
        "server_cpu_cores_presenter_alone": round(cpu_alone / idle_s, 3),
        "server_cpu_cores_following": round(cpu_following / idle_s, 3),
        "server_cpu_ms_per_follower_per_s": round((cpu_following - cpu_alone) / idle_s / count * 1000, 2),
        "rss_mb_per_follower": round((rss_following - rss_alone) / count / 2**20, 2),
        "poll_interval_s": followers[0].fragment[1] if followers and followers[0].fragment else None,
        "polling": sum(1 for follower in followers if follower.fragment is not None),
    }


def start_presenting(browser: Any, server: Any) -> tuple[Any, Any, str]:
    """A presenter's Chromium page of the app with no internet, presenting: its context, page and code."""
    from bench.browser_bench import EXTERNAL

    context = browser.new_context(viewport={"width": 1366, "height": 900}, reduced_motion="reduce")
    page = context.new_page()
    page.route(EXTERNAL, lambda route: route.abort())
    page.goto(server.url)
    page.wait_for_function("() => document.documentElement.getAttribute('data-story-step')")
    page.get_by_role("button", name="Present to a class").click()
    page.locator(".sp-present-code").wait_for()
    return context, page, page.locator(".sp-present-code").inner_text().split()[-1]
