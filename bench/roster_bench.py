"""Thirty students at their own pace: how soon the presenter's roster shows where each one is.

The presenter is a Chromium page of the app (tests/stories/walk.yaml) that starts a presentation and
lets the class go at its own pace. Thirty followers speak Streamlit's protocol as a follower's page
does (bench/present_bench.py's `Follower`, each with a name: `&name=S01`), and each steps forward
every 1 to 3 s: its page reports the step it shows in the follow component's state (`at`), sent with
a run of the follow fragment, as follow.js does. The presenter's page notes (Date.now(), the machine's
one clock, which time.time() also reads) the moment each student's row on the roster first names
each step; the delay is that moment minus the moment the student's page sent the step (issue 32's goal:
the roster current within 1 s, p95).
"""

from __future__ import annotations

import asyncio
import json
import random
import threading
import time
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.present_bench import WALK, Follower, start_presenting
from bench.protocol import Run
from bench.stats import summary

STORY = WALK
WHAT = "30 students at their own pace, stepping every 1-3 s; the presenter's roster"
STUDENTS = 30
STEPPING_S = 30.0
STEP_EVERY_S = (1.0, 3.0)

# Each row's step as the roster shows it ("3 of 12 · Step 3: Atyrau"), the first moment it did.
_WATCH_JS = """() => {
  window.__rosterSeen = {};
  const look = () => {
    for (const row of document.querySelectorAll(".sp-present-roster tbody tr")) {
      const cells = row.querySelectorAll("td, th");
      if (cells.length < 2) continue;
      const name = cells[0].textContent.trim(), step = cells[1].textContent.trim().split(" of ")[0];
      const seen = (window.__rosterSeen[name] = window.__rosterSeen[name] || {});
      if (!(step in seen)) seen[step] = Date.now() / 1000;
    }
  };
  look();
  new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });
}"""


class Student(Follower):
    """A follower at its own pace: its page's follow component reports the step it shows."""

    def __init__(self, port: int, code: str, name: str) -> None:
        super().__init__(port, code)
        self.query_string = f"follow={code}&name={name}"
        self.name = name
        self.component: str | None = None
        self.at: str | None = None
        self.sent: dict[int, float] = {}  # step number (from 1) -> when the page sent it

    def _handle(self, msg: ForwardMsg, run: Run | None, now: float) -> None:
        super()._handle(msg, run, now)
        if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            if element.WhichOneof("type") == "bidi_component" and element.bidi_component.component_name == (
                "qantar_follow"
            ):
                self.component = element.bidi_component.id

    def _fragment_run(self) -> bytes:
        assert self.fragment is not None
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.fragment_id = self.fragment[0]
        state.is_auto_rerun = True
        state.context_info.locale = self.locale
        state.context_info.timezone = "UTC"
        state.context_info.url = self.origin_url
        if self.component is not None and self.at is not None:
            # The component's state, as the frontend keeps it and sends it with every run.
            widget = state.widget_states.widgets.add()
            widget.id = self.component
            widget.json_value = json.dumps({"at": self.at})
        state.cached_message_hashes.extend(self.cache)
        return msg.SerializeToString()

    async def _poll(self) -> None:
        assert self.fragment is not None and self.ws is not None
        while True:
            await asyncio.sleep(self.fragment[1])
            await self.ws.send(self._fragment_run())

    async def step_to(self, number: int, step_id: str) -> None:
        """The student's player shows step `number` (from 1): its page reports it at once."""
        assert self.ws is not None
        self.at = step_id
        self.sent[number] = time.time()
        await self.ws.send(self._fragment_run())


async def _students(port: int, code: str, steps: list[str], seed: int, out: dict) -> None:
    students = [Student(port, code, f"S{number:02d}") for number in range(1, STUDENTS + 1)]
    for student in students:
        await student.connect()
        await student.rerun()
    while any(student.fragment is None or student.component is None for student in students):
        await asyncio.sleep(0.05)
    out["joined"] = time.time()
    while not out.get("paced"):
        await asyncio.sleep(0.05)
    chance = random.Random(seed)

    async def walk(student: Student) -> None:
        end = time.time() + STEPPING_S
        number = 1
        while number < len(steps):
            await asyncio.sleep(chance.uniform(*STEP_EVERY_S))
            if time.time() > end:
                break
            number += 1
            await student.step_to(number, steps[number - 1])

    await asyncio.gather(*(walk(student) for student in students))
    await asyncio.sleep(3.0)  # the last steps reach the roster
    out["students"] = students
    out["done"] = True
    for student in students:
        await student.close()


def run(log: Any, browser: Any, server: Any, seed: int = 2022) -> dict:
    """The presenter in Chromium, STUDENTS students stepping at their own pace for STEPPING_S."""
    context, page, code = start_presenting(browser, server)
    steps = page.evaluate("() => window.__storyPlayerHost.player.data.steps.map((step) => step.id)")
    out: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: asyncio.run(_students(server.port, code, steps, seed, out)))
    thread.start()
    while "joined" not in out:
        time.sleep(0.05)
    page.get_by_role("button", name="Students go at their own pace").click()
    page.wait_for_function(
        "() => document.querySelector('.sp-present-roster') && "
        "document.querySelectorAll('.sp-present-roster tbody tr').length >= " + str(STUDENTS),
        timeout=30_000,
    )
    page.evaluate(_WATCH_JS)
    out["paced"] = True
    thread.join()
    seen: dict[str, dict[str, float]] = page.evaluate("() => window.__rosterSeen")
    context.close()
    students: list[Student] = out["students"]
    delays = [
        (seen[student.name][str(number)] - at) * 1000
        for student in students
        for number, at in student.sent.items()
        if str(number) in seen.get(student.name, {})
    ]
    sent = sum(len(student.sent) for student in students)
    measured: dict[str, Any] = {
        "students": STUDENTS,
        "stepping_s": STEPPING_S,
        "steps_sent": sent,
        "steps_seen": len(delays),
        "step_to_roster_ms": summary(delays),
        "errors": sum(len(student.errors) for student in students),
    }
    log(f"  step -> roster p95 {measured['step_to_roster_ms']['p95']} ms")
    return measured


def figures(pacing: dict | None, figure: Any) -> dict:
    """The part's figure for the summary (bench/__main__.py's `figure`)."""
    if not pacing:
        return {}
    delays = pacing["step_to_roster_ms"]
    return {
        "roster_step_to_presenter_ms": figure(
            delays["p95"],
            None,
            "p95 < 1000 ms, every step seen",
            delays["p95"] is not None and delays["p95"] < 1000 and pacing["steps_seen"] == pacing["steps_sent"],
            "ms",
            **pacing,
            what="30 students at their own pace, each stepping every 1-3 s (Streamlit's protocol, as a "
            "follower's page reports its step) -> the presenter's roster (Chromium) names the step",
        )
    }
