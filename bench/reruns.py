"""One viewer over the protocol, stepping with pauses: server time per script rerun, bytes per step, by element."""

from __future__ import annotations

import asyncio
import time

from bench.flagship import Step
from bench.protocol import Viewer
from bench.servers import Server
from bench.stats import summary

RUN_TIMEOUT_S = 60


async def _walk(server: Server, steps: list[Step] | None, clicks: int, pause_s: float) -> dict:
    viewer = Viewer(server.port, breakdown=True)
    await viewer.connect()
    try:
        first = await viewer.rerun()
        await asyncio.wait_for(first.done.wait(), RUN_TIMEOUT_S)
        first_ms = first.ms(first.finished_at)
        await asyncio.sleep(pause_s)
        runs = []
        cpu_start = server.cpu_seconds()
        wall_start = time.perf_counter()
        index = 0
        for n in range(clicks):
            if steps is None:
                run = await viewer.rerun(("floor-button",))
            else:
                # Forward to the end, then back: every step is shown from both sides.
                forward = (n // (len(steps) - 1)) % 2 == 0
                index += 1 if forward else -1
                key = "nav-next" if forward else "nav-previous"
                run = await viewer.rerun((key,), expect_step=steps[index].id, expect_title=steps[index].title)
            await asyncio.wait_for(run.done.wait(), RUN_TIMEOUT_S)
            runs.append(run)
            # Leave time for the post-run garbage collection, as a reader would between clicks.
            await asyncio.sleep(pause_s)
        cpu = server.cpu_seconds() - cpu_start
        wall = time.perf_counter() - wall_start
    finally:
        await viewer.close()
    # A new viewer on the warm server: its first run is what a page load waits for.
    fresh_runs = []
    for _ in range(3):
        fresh = Viewer(server.port)
        await fresh.connect()
        try:
            run = await fresh.rerun()
            await asyncio.wait_for(run.done.wait(), RUN_TIMEOUT_S)
            fresh_runs.append(run.ms(run.finished_at))
        finally:
            await fresh.close()
        await asyncio.sleep(pause_s)
    by_element: dict[str, list[int]] = {}
    for run in runs:
        for label, size in run.by_element.items():
            by_element.setdefault(label, []).append(size)
    mean_by_element = {label: round(sum(v) / len(runs)) for label, v in by_element.items()}
    errors = sum(1 for run in runs if run.exceptions or run.finished_status not in (0, None))
    if steps is not None:
        errors += sum(1 for run in runs if run.map_at is None or run.title_at is None)
    return {
        "first_run_after_start_ms": None if first_ms is None else round(first_ms, 1),
        "new_session_first_run_ms": summary(fresh_runs),
        "first_run_bytes": first.bytes,
        "rerun_ms": summary([run.ms(run.finished_at) for run in runs]),
        "title_delta_ms": summary([run.ms(run.title_at) for run in runs]) if steps else None,
        "map_delta_ms": summary([run.ms(run.map_at) for run in runs]) if steps else None,
        "bytes_per_rerun": summary([run.bytes for run in runs], 0),
        "deflated_bytes_per_rerun": summary([run.deflated_bytes for run in runs], 0),
        "messages_per_rerun": summary([run.messages for run in runs], 0),
        "bytes_by_element_mean": dict(sorted(mean_by_element.items(), key=lambda kv: -kv[1])),
        "server_cpu_ms_per_rerun": round(cpu / len(runs) * 1000, 1),
        "server_cpu_share": round(cpu / wall, 3),
        "errors": errors,
    }


def walk(server: Server, steps: list[Step] | None, clicks: int, pause_s: float = 0.3) -> dict:
    """`steps` None: the floor (its button, `clicks` times); else the app, Next to the end then Previous."""
    return asyncio.run(_walk(server, steps, clicks, pause_s))
