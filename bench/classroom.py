"""A classroom without browsers: N websocket sessions of the Streamlit protocol, each stepping every 1-3 s.

Latency is from sending the click (a rerun with the button's trigger) to
receiving the delta that carries the new step (st_folium's arguments, whose
feature group shows the new step id). The title's delta and the end of the run
are timed too. Errors: closed sockets, runs that time out, exceptions in the
page, an update that shows another step.
"""

from __future__ import annotations

import asyncio
import random
import resource
import time

from bench.flagship import Step
from bench.protocol import Viewer
from bench.servers import Server
from bench.stats import summary

UPDATE_TIMEOUT_S = 30


def _cpu_self() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _join(viewer: Viewer, errors: list[str]) -> float | None:
    try:
        await viewer.connect()
        run = await viewer.rerun()
        await asyncio.wait_for(run.done.wait(), 180)
        if viewer.closed_error or "nav-next" not in viewer.widget_ids:
            errors.append(viewer.closed_error or "first run without the Next button")
            return None
        return run.ms(run.finished_at)
    except Exception as error:
        errors.append(f"connect: {type(error).__name__}: {error}")
        return None


async def _student(
    viewer: Viewer, steps: list[Step], rng: random.Random, deadline: float, samples: list[dict], errors: list[str]
) -> None:
    index, direction = 0, 1
    await asyncio.sleep(rng.uniform(0, 2))
    while True:
        await asyncio.sleep(rng.uniform(1, 3))
        if time.perf_counter() >= deadline:
            return
        if not 0 <= index + direction < len(steps):
            direction = -direction
        target = index + direction
        key = "nav-next" if direction > 0 else "nav-previous"
        try:
            run = await viewer.rerun((key,), expect_step=steps[target].id, expect_title=steps[target].title)
        except Exception as error:
            errors.append(f"send: {type(error).__name__}: {error}")
            return
        try:
            await asyncio.wait_for(run.done.wait(), UPDATE_TIMEOUT_S)
        except TimeoutError:
            errors.append(f"no end of run within {UPDATE_TIMEOUT_S} s")
            return
        if viewer.closed_error:
            errors.append(viewer.closed_error)
            return
        if run.exceptions:
            errors.append(f"exception in the page: {run.exceptions[0]}")
        if run.map_at is None:
            errors.append(f"no map update for {steps[target].id} (map showed {run.map_step})")
            if run.map_step is None:
                continue
            index = next((i for i, step in enumerate(steps) if step.id == run.map_step), index)
            continue
        samples.append(
            {
                "map_ms": run.ms(run.map_at),
                "title_ms": run.ms(run.title_at),
                "finished_ms": run.ms(run.finished_at),
                "bytes": run.bytes,
            }
        )
        index = target


async def _classroom(server: Server, steps: list[Step], viewers: int, seconds: float, seed: int) -> dict:
    # One viewer first, so the app's modules and caches are loaded before memory is read.
    warm = Viewer(server.port)
    await _join(warm, [])
    await warm.close()
    await asyncio.sleep(1)
    rss_before = server.rss()
    errors: list[str] = []
    sessions = [Viewer(server.port) for _ in range(viewers)]
    joined_at = time.perf_counter()
    first_runs = await asyncio.gather(*(_join(viewer, errors) for viewer in sessions))
    join_s = time.perf_counter() - joined_at
    await asyncio.sleep(1)
    rss_connected = server.rss()
    server.reset_peak()
    samples: list[dict] = []
    cpu_start, self_start, wall_start = server.cpu_seconds(), _cpu_self(), time.perf_counter()
    deadline = wall_start + seconds
    ready = [viewer for viewer, first in zip(sessions, first_runs, strict=True) if first is not None]
    await asyncio.gather(
        *(
            _student(viewer, steps, random.Random(seed * 1000 + n), deadline, samples, errors)
            for n, viewer in enumerate(ready)
        )
    )
    wall = time.perf_counter() - wall_start
    cpu = server.cpu_seconds() - cpu_start
    own_cpu = _cpu_self() - self_start
    peak = server.peak_rss
    await asyncio.gather(*(viewer.close() for viewer in sessions))
    distinct = sorted(set(errors))
    return {
        "viewers": viewers,
        "seconds": round(wall, 1),
        "steps": len(samples),
        "steps_per_s": round(len(samples) / wall, 2),
        "latency_ms": summary([s["map_ms"] for s in samples]),
        "title_latency_ms": summary([s["title_ms"] for s in samples]),
        "run_end_latency_ms": summary([s["finished_ms"] for s in samples]),
        "bytes_per_step": summary([s["bytes"] for s in samples], 0),
        "errors": len(errors),
        "error_kinds": distinct[:10],
        "join": {
            "all_connected_s": round(join_s, 2),
            "first_run_ms": summary([f for f in first_runs if f is not None]),
        },
        "server_cpu_cores": round(cpu / wall, 3),
        "server_cpu_ms_per_step": round(cpu / max(len(samples), 1) * 1000, 1),
        "rss_before_mb": round(rss_before / 2**20, 1),
        "rss_connected_mb": round(rss_connected / 2**20, 1),
        "rss_peak_mb": round(peak / 2**20, 1),
        "rss_per_session_mb": round((rss_connected - rss_before) / viewers / 2**20, 2),
        "rss_per_session_peak_mb": round((peak - rss_before) / viewers / 2**20, 2),
        "load_generator_cpu_cores": round(own_cpu / wall, 3),
    }


def classroom(server: Server, steps: list[Step], viewers: int, seconds: float, seed: int = 2022) -> dict:
    return asyncio.run(_classroom(server, steps, viewers, seconds, seed))
