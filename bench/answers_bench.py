"""A class answering one check at once: how soon the presenter's panel has counted the last answer.

`count` students (30, then 100) join a presentation of tests/stories/checks.yaml as a phone on the light
page does (`/view?follow=<code>`: the server's follower cookie) and each posts an answer to the check
of the presenter's step (`POST /files/follow/<code>/answers`) at a random moment within ANSWER_WINDOW_S.
The presenter is a Chromium page of the app. The page notes the moment (Date.now(), the machine's one
clock, which time.time() also reads) its panel's line first says that all of them answered; the delay
is that moment minus the moment the last answer was sent (issue 32's goal: within 1 s, p95). Each
round is a new presentation, whose answers start from none, and starts at a random moment of the
panel's poll (PHASE_SPREAD_S).

Memory: the server's resident size before the students join, after they joined and after they
answered, per student and per answer. A light page's student holds no session on the server (a signed
cookie); what an app follower's session costs is the present part's `rss_mb_per_follower`.
"""

from __future__ import annotations

import json
import random
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from bench.present_bench import start_presenting
from bench.stats import summary
from tests.conftest import TEST_STORIES

CHECKS = STORY = TEST_STORIES / "checks.yaml"
WHAT = "30 and 100 students answer one check within 5 s; the presenter's panel counts them"
CHECK_KEY = "west:0"  # the first step's choice check, the step a presentation opens on
ANSWER_WINDOW_S = 5.0
# Rounds by class size: 6 x 30 and 4 x 100 answers stay under the 600 an address may send in a minute
# (story/present/limits.py), all students here being on one machine.
ROUNDS = {30: 6, 100: 4}
PHASE_SPREAD_S = 2.0  # more than the panel's poll (components/present.py: PANEL_POLL_S)
ALL_COUNTED_TIMEOUT_S = 30.0

# The moment the panel's first line of answers begins "<count> of": every student counted.
_WATCH_JS = """(count) => {
  window.__allCountedAt = null;
  const counted = () => [...document.querySelectorAll(".sp-present-answers .sp-present-answer-line")]
    .some((line) => line.textContent.trim().startsWith(`${count} of `));
  const look = () => {
    if (window.__allCountedAt === null && counted()) window.__allCountedAt = Date.now() / 1000;
    return window.__allCountedAt !== null;
  };
  if (look()) return;
  const watcher = new MutationObserver(() => { if (look()) watcher.disconnect(); });
  watcher.observe(document.body, { subtree: true, childList: true, characterData: true });
}"""


def _join(url: str, code: str) -> str:
    with urllib.request.urlopen(f"{url}/view?follow={code}") as page:
        return str(page.headers["Set-Cookie"]).split(";")[0]


def _answer(url: str, code: str, cookie: str, at: float) -> tuple[int, float]:
    time.sleep(max(0.0, at - time.time()))
    body = json.dumps({"key": CHECK_KEY, "answer": str(random.randrange(3))}).encode()
    request = urllib.request.Request(f"{url}/files/follow/{code}/answers", body, method="POST")
    request.add_header("Content-Type", "application/json")
    request.add_header("Cookie", cookie)
    sent = time.time()  # the student's moment: the route's own time is part of the delay
    with urllib.request.urlopen(request) as reply:
        return reply.status, sent


def _round(browser: Any, server: Any, count: int, seed: int) -> dict[str, float | int]:
    context, page, code = start_presenting(browser, server)
    rss_before = server.rss()
    with ThreadPoolExecutor(max_workers=min(count, 32)) as pool:
        cookies = list(pool.map(lambda _: _join(server.url, code), range(count)))
    rss_joined = server.rss()
    page.evaluate(_WATCH_JS, count)
    chance = random.Random(seed)
    # Each round at its own moment of the panel's poll: rounds that began alike would have met the poll
    # at the same phase every time, and their delays would have told of that phase alone.
    start = time.time() + 0.5 + chance.uniform(0, PHASE_SPREAD_S)
    moments = sorted(start + chance.uniform(0, ANSWER_WINDOW_S) for _ in range(count))
    with ThreadPoolExecutor(max_workers=count) as pool:
        replies = list(pool.map(lambda pair: _answer(server.url, code, *pair), zip(cookies, moments, strict=True)))
    last = max(at for _, at in replies)
    page.wait_for_function("() => window.__allCountedAt !== null", timeout=ALL_COUNTED_TIMEOUT_S * 1000)
    counted_at = float(page.evaluate("() => window.__allCountedAt"))
    rss_answered = server.rss()
    context.close()
    return {
        "delay_ms": (counted_at - last) * 1000,
        "kept": sum(1 for status, _ in replies if status == 201),
        "rss_join_bytes": rss_joined - rss_before,
        "rss_answer_bytes": rss_answered - rss_joined,
    }


def run(log: Any, browser: Any, server: Any, rounds_by_size: dict[int, int] | None = None) -> dict:
    """For each class size, that many rounds (a presentation each); the figures by size."""
    results: dict[str, dict] = {}
    for count, rounds in (rounds_by_size or ROUNDS).items():
        done = [_round(browser, server, count, seed) for seed in range(rounds)]
        delays = [float(one["delay_ms"]) for one in done]
        per_student = rounds * count * 1024
        measured: dict[str, Any] = {
            "students": count,
            "rounds": rounds,
            "answer_window_s": ANSWER_WINDOW_S,
            "last_answer_to_presenter_ms": summary(delays),
            "answers_kept": sum(int(one["kept"]) for one in done),
            "answers_sent": count * rounds,
            "rss_kb_per_student_joined": round(sum(int(one["rss_join_bytes"]) for one in done) / per_student, 1),
            "rss_kb_per_answer": round(sum(int(one["rss_answer_bytes"]) for one in done) / per_student, 1),
        }
        results[str(count)] = measured
        log(f"  {count} students: last answer -> presenter p95 {measured['last_answer_to_presenter_ms']['p95']} ms")
    return results


def figures(results: dict | None, figure: Any) -> dict:
    """The part's figures for the summary (bench/__main__.py's `figure`), one per class size."""
    made = {}
    for size, answering in (results or {}).items():
        delays = answering["last_answer_to_presenter_ms"]
        made[f"answers_{size}_last_to_presenter_ms"] = figure(
            delays["p95"],
            None,
            "p95 < 1000 ms, every answer kept",
            delays["p95"] is not None
            and delays["p95"] < 1000
            and answering["answers_kept"] == answering["answers_sent"],
            "ms",
            **answering,
            what=f"{size} students of a light page answer one check within 5 s: the last answer sent "
            "-> the presenter's panel (Chromium) counts them all",
        )
    return made
