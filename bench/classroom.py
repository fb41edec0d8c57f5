"""A classroom on one server: many viewers held by the protocol client, and real Chromium pages stepping among them.

Each protocol viewer opens the page at a random moment within the first `join_seconds`
(its first script run), switches the language once a few seconds later, and stays
connected to the end, as a class does when it opens a shared link. Meanwhile a few
real Chromium pages step through the story with Next (a pause of 1-3 s between
clicks): their click -> title is what a student sees while the server is busy with
everyone else.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time

from bench.protocol import Viewer
from bench.stats import summary
from tests.support.server import StreamlitServer


def _pages_stepping(url: str, steps: list[tuple[str, str]], pages: int, seconds: float, seed: int, out: dict) -> None:
    """In its own thread: `pages` Chromium pages clicking Next through the story for `seconds`."""
    from playwright.sync_api import sync_playwright

    from bench import browser_bench as bb

    clicks: list[float] = []
    errors: list[str] = []
    try:
        with sync_playwright() as playwright:
            browser = bb.launch(playwright)
            opened = [bb.open_player(browser, url) for _ in range(pages)]
            out["pages_ready_at"] = time.perf_counter()
            rng = random.Random(seed)
            positions = [0] * pages
            next_at = [time.perf_counter() + rng.uniform(0.5, 2) for _ in range(pages)]
            deadline = time.perf_counter() + seconds
            while time.perf_counter() < deadline:
                n = min(range(pages), key=next_at.__getitem__)
                time.sleep(max(0.0, next_at[n] - time.perf_counter()))
                page, _ = opened[n]
                if positions[n] >= len(steps) - 1:
                    page.evaluate("() => window.storymap.player.go(0, false)")
                    positions[n] = 0
                step_id, title = steps[positions[n] + 1]
                result = page.evaluate(bb.CLICK_PLAYER_JS, {"nextId": step_id, "nextTitle": title})
                positions[n] += 1
                if not result["title_ok"]:
                    errors.append(f"page {n}: the title did not change to {title!r}")
                clicks.append(result["title_ms"])
                next_at[n] = time.perf_counter() + rng.uniform(1, 3)
            for _, context in opened:
                context.close()
            browser.close()
    except Exception as error:  # reported in the figures, not swallowed
        errors.append(f"{type(error).__name__}: {error}")
    out["click_to_title_ms"] = clicks
    out["errors"] = errors


async def _viewer(port: int, join_at: float, switch_after: float, end_at: float, record: dict) -> None:
    await asyncio.sleep(max(0.0, join_at - time.perf_counter()))
    viewer = Viewer(port)
    try:
        await viewer.connect()
        run = await viewer.rerun()
        await asyncio.wait_for(run.done.wait(), timeout=60)
        if run.exceptions or run.finished_at is None:
            record["errors"].append(f"first run: {run.exceptions or 'no end of run'}")
            return
        record["join_ms"].append(run.ms(run.finished_at))
        await asyncio.sleep(switch_after)
        run = await viewer.rerun({"Language": "Русский"})
        await asyncio.wait_for(run.done.wait(), timeout=60)
        if run.exceptions or run.finished_at is None or run.player_at is None:
            record["errors"].append(f"language switch: {run.exceptions or 'no new story for the player'}")
            return
        record["switch_ms"].append(run.ms(run.finished_at))
        await asyncio.sleep(max(0.0, end_at - time.perf_counter()))
        if viewer.closed_error:
            record["errors"].append(viewer.closed_error)
    except (TimeoutError, OSError) as error:
        record["errors"].append(f"{type(error).__name__}: {error}")
    finally:
        await viewer.close()


async def _viewers(port: int, count: int, join_seconds: float, hold_seconds: float, seed: int, record: dict) -> None:
    rng = random.Random(seed)
    start = time.perf_counter()
    end_at = start + join_seconds + hold_seconds
    tasks = [
        _viewer(port, start + rng.uniform(0, join_seconds), rng.uniform(1, 5), end_at, record) for _ in range(count)
    ]
    await asyncio.gather(*tasks)


def classroom(
    server: StreamlitServer,
    steps: list[tuple[str, str]],
    viewers: int,
    pages: int = 5,
    join_seconds: float = 10,
    hold_seconds: float = 20,
    seed: int = 2022,
) -> dict:
    """Run one classroom on a fresh server; figures for the Chromium pages and the protocol viewers."""
    # One viewer first, so that the app's modules are loaded before memory is read.
    warm: dict = {"join_ms": [], "switch_ms": [], "errors": []}
    asyncio.run(_viewers(server.port, 1, 0.1, 0, seed, warm))
    rss_warm = server.rss()
    server.reset_peak()
    browser_out: dict = {}
    cpu_before = server.cpu_seconds()
    started = time.perf_counter()
    thread = threading.Thread(
        target=_pages_stepping,
        args=(server.url, steps, pages, join_seconds + hold_seconds, seed, browser_out),
        name="classroom-pages",
    )
    if pages:
        thread.start()
    else:  # `--pages 0`: the protocol viewers alone, no Chromium
        browser_out.update(click_to_title_ms=[], errors=[])
    record: dict = {"join_ms": [], "switch_ms": [], "errors": []}
    asyncio.run(_viewers(server.port, viewers, join_seconds, hold_seconds, seed, record))
    rss_connected = server.rss()
    if pages:
        thread.join()
    elapsed = time.perf_counter() - started
    cpu = server.cpu_seconds() - cpu_before
    clicks = browser_out.get("click_to_title_ms", [])
    return {
        "viewers": viewers,
        "pages": pages,
        "join_seconds": join_seconds,
        "hold_seconds": hold_seconds,
        "page_click_to_title_ms": summary(clicks),
        "page_clicks": len(clicks),
        "page_errors": browser_out.get("errors", ["the pages did not run"]),
        "viewer_join_ms": summary(record["join_ms"]),
        "viewer_language_switch_ms": summary(record["switch_ms"]),
        "viewer_errors": record["errors"][:20],
        "viewer_error_count": len(record["errors"]),
        "server_cpu_cores": round(cpu / elapsed, 2),
        "server_cpu_ms_per_viewer": round(cpu * 1000 / max(viewers, 1), 1),
        "rss_warm_mb": round(rss_warm / 2**20, 1),
        "rss_connected_mb": round(rss_connected / 2**20, 1),
        "rss_peak_mb": round(server.peak_rss / 2**20, 1),
        "rss_per_session_mb": round((rss_connected - rss_warm) / 2**20 / max(viewers, 1), 3),
    }
