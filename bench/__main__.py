"""`make bench` (`python -m bench`): the app against a bare Streamlit floor, measured in the same run.

Prints one JSON summary on stdout and writes it to bench/results/latest.json
(partial or quick runs go to bench/results/partial.json). Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from bench.servers import (
    RESULTS,
    ROOT,
    Server,
    app_server,
    configured_post_script_gc,
    configured_websocket_compression,
    floor_server,
)
from bench.stats import median, ratio, summary

KB_GOAL = 10_000  # bytes: "10 KB" read strictly


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=9, help="page loads per page, and export opens (default %(default)s)"
    )
    parser.add_argument(
        "--classroom-seconds", type=float, default=60, help="length of each classroom (default %(default)s)"
    )
    parser.add_argument("--viewers", default="30,100", help="classroom sizes, comma-separated (default %(default)s)")
    parser.add_argument("--seed", type=int, default=2022, help="seed for the viewers' pauses (default %(default)s)")
    parser.add_argument("--quick", action="store_true", help="3 runs and 10 s classrooms, for trying the bench out")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["protocol", "browser", "export", "classroom", "gc"],
        help="leave a part out (repeatable); the result then goes to partial.json",
    )
    parser.add_argument("--output", type=Path, help="where to write the JSON (default: results/latest.json)")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs = min(args.runs, 3)
        args.classroom_seconds = min(args.classroom_seconds, 10)
    args.viewer_counts = [int(v) for v in args.viewers.split(",") if v.strip()]
    return args


def machine() -> dict:
    model = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    def package(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "?"

    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_model": model,
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "streamlit": package("streamlit"),
        "streamlit_folium": package("streamlit-folium"),
        "folium": package("folium"),
        "playwright": package("playwright"),
        # Other work on the machine shows here: the figures are only as quiet as the machine.
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def _r(value):
    return round(value, 1) if isinstance(value, float) else value


def figure(app, floor, goal: str | None, met: bool | None, unit: str, **extra) -> dict:
    out = {"app": _r(app), "floor": _r(floor), "ratio": ratio(app, floor) if floor is not None else None}
    out.update({"goal": goal, "met": met, "unit": unit})
    out.update(extra)
    return out


def _median_marks(samples: list[dict], names: tuple[str, ...] | None = None) -> dict:
    """The median of each named mark over the samples, in time order."""
    names = names or tuple(dict.fromkeys(name for sample in samples for name in sample))
    marks = {}
    for name in names:
        value = median([sample[name] for sample in samples if sample.get(name) is not None])
        if value is not None:
            marks[name] = round(value, 1)
    times = {k: v for k, v in marks.items() if not k.startswith("page_")}
    counts = {k: v for k, v in marks.items() if k.startswith("page_")}
    return dict(sorted(times.items(), key=lambda kv: kv[1])) | counts


def run_browser(app: Server, floor: Server, steps, runs: int, export_file: Path | None) -> dict:
    from playwright.sync_api import sync_playwright

    from bench import browser_bench as bb

    out: dict = {}
    with sync_playwright() as playwright:
        browser = bb.launch(playwright)
        out["chromium"] = browser.version
        app_loads, floor_loads = [], []
        # Interleaved, so drift on the machine hits both pages alike; the first pair only warms up.
        for n in range(runs + 1):
            app_marks = bb.load_app(browser, app.url)
            floor_marks = bb.load_floor(browser, floor.url)
            if n == 0:
                out["first_load_after_start"] = {"app": app_marks, "floor": floor_marks}
                continue
            app_loads.append(app_marks)
            floor_loads.append(floor_marks)
            log(f"load {n}/{runs}: app {app_marks['mapDrawn']:.0f} ms, floor {floor_marks['floorText']:.0f} ms")
        out["app_loads"] = app_loads
        out["floor_loads"] = floor_loads
        log("clicks: floor")
        out["floor_clicks"] = bb.click_floor(browser, floor.url, max(2 * runs, 15))["clicks"]
        log("clicks: app (reduced motion, through the whole story)")
        out["app_clicks"] = bb.click_app(browser, app.url, steps)
        if export_file is not None:
            export_loads = []
            for _ in range(runs + 1):
                export_loads.append(bb.load_export(browser, export_file))
            out["export_loads"] = export_loads[1:]
            out["export_first_open"] = export_loads[0]
        browser.close()
    return out


def build_summary(args, results: dict, started: float) -> dict:
    gc_configured = results["post_script_gc_configured"]
    figures: dict = {}
    b = results.get("browser")
    if b:
        app_load = [m["mapDrawn"] for m in b["app_loads"]]
        floor_load = [m["floorText"] for m in b["floor_loads"]]
        app_med, floor_med = median(app_load), median(floor_load)
        marks = _median_marks(b["app_loads"])
        figures["page_load_ms"] = figure(
            app_med,
            floor_med,
            "ratio <= 1.4",
            ratio(app_med, floor_med) <= 1.4,
            "ms",
            runs=len(app_load),
            app_stats=summary(app_load),
            floor_stats=summary(floor_load),
            app_marks_median=marks,
            floor_marks_median=_median_marks(b["floor_loads"]),
            what="navigation start -> .leaflet-container[data-step] with basemap paths (app); -> its text (floor)",
        )
        clicks = b["app_clicks"]["clicks"]
        floor_clicks = b["floor_clicks"]
        floor_text = median([c["text_ms"] for c in floor_clicks])
        title = median([c["title_ms"] for c in clicks])
        to_map = median([c["map_ms"] for c in clicks])
        figures["click_to_title_ms"] = figure(
            title,
            floor_text,
            "ratio <= 1.5",
            ratio(title, floor_text) <= 1.5,
            "ms",
            runs=len(clicks),
            app_stats=summary([c["title_ms"] for c in clicks]),
            floor_stats=summary([c["text_ms"] for c in floor_clicks]),
            timeouts=sum(c["timeout"] for c in clicks),
            what="click on Next -> #step-title shows the new title (app); click -> its counter text changes (floor)",
        )
        figures["click_to_map_ms"] = figure(
            to_map,
            floor_text,
            "ratio <= 1.5",
            ratio(to_map, floor_text) <= 1.5,
            "ms",
            runs=len(clicks),
            app_stats=summary([c["map_ms"] for c in clicks]),
            app_marks_median=_median_marks(clicks, ("reply_ms", "title_ms", "map_args_ms", "map_ms")),
            what="click on Next -> storymap state.step = new id and not moving (reduced motion: a jump)",
        )
        app_bytes = median([c["bytes_received"] for c in clicks])
        floor_bytes = median([c["bytes_received"] for c in floor_clicks])
        deflated = (results.get("protocol") or {}).get("app", {}).get("deflated_bytes_per_rerun", {}).get("median")
        # The browser reports websocket payloads after decompression. With permessage-deflate
        # on, what crosses the network is the protocol client's deflate (same settings as the
        # server's: zlib, context takeover) of the same frames.
        compressed = configured_websocket_compression() and deflated is not None
        wire_bytes = deflated if compressed else app_bytes
        figures["ws_bytes_per_step"] = figure(
            wire_bytes,
            floor_bytes,
            f"app < {KB_GOAL} B",
            wire_bytes < KB_GOAL,
            "bytes",
            app_stats=summary([c["bytes_received"] for c in clicks], 0),
            app_payload_median=app_bytes,
            app_sent_median=median([c["bytes_sent"] for c in clicks]),
            first_load_bytes=b["app_clicks"]["load_wire"]["bytes_received"],
            app_deflated_median=deflated,
            websocket_compression=configured_websocket_compression(),
            what=(
                "websocket bytes per click on the wire, deflated (server.enableWebsocketCompression on); "
                "payload before compression in app_payload_median"
                if compressed
                else "websocket payload received by the page per click, median over the story's steps (no compression)"
            ),
        )
        reloads = sum(c["map_reloads"] for c in clicks)
        lost = sum(c["marker_lost"] for c in clicks)
        figures["map_reloads_per_step"] = figure(
            round((reloads + lost) / len(clicks), 3),
            None,
            "0",
            reloads == 0 and lost == 0,
            "reloads per step",
            framenavigated=reloads,
            marker_lost=lost,
            steps=len(clicks),
        )
        figures["reruns_per_step"] = figure(
            median([c["reruns"] for c in clicks]),
            median([c["reruns"] for c in floor_clicks]),
            None,
            None,
            "script runs per click",
            load_reruns=b["app_clicks"]["load_wire"]["reruns"],
            url_step_ok=all(c["url_step_ok"] for c in clicks),
        )
    p = results.get("protocol")
    if p:
        app_run, floor_run = p["app"]["rerun_ms"], p["floor"]["rerun_ms"]
        figures["server_rerun_ms"] = figure(
            app_run["median"],
            floor_run["median"],
            None,
            None,
            "ms",
            app_p95=app_run["p95"],
            floor_p95=floor_run["p95"],
            cpu_ms_per_rerun={
                "app": p["app"]["server_cpu_ms_per_rerun"],
                "floor": p["floor"]["server_cpu_ms_per_rerun"],
            },
            what="one protocol viewer, clicks 0.3 s apart: rerun sent -> script_finished received",
        )
        figures["bytes_by_element_per_step"] = p["app"]["bytes_by_element_mean"]
    rss = results.get("rss")
    if rss:
        figures["peak_rss_mb"] = figure(
            rss["app"], rss["floor"], None, None, "MiB", what="server process and children, one viewer at a time"
        )
    c = results.get("classroom", {})
    for size in args.viewer_counts:
        key = f"{size}@{'on' if gc_configured else 'off'}"
        if key not in c:
            continue
        r = c[key]
        limit = 200 if size <= 30 else 1000
        figures[f"classroom_{size}"] = {
            "viewers": size,
            "p50_ms": r["latency_ms"]["median"],
            "p95_ms": r["latency_ms"]["p95"],
            "max_ms": r["latency_ms"]["max"],
            "errors": r["errors"],
            "goal": f"p95 < {limit} ms, 0 errors",
            "met": r["latency_ms"]["p95"] is not None and r["latency_ms"]["p95"] < limit and r["errors"] == 0,
            "unit": "ms",
            "steps": r["steps"],
            "server_cpu_cores": r["server_cpu_cores"],
            "rss_per_session_mb": r["rss_per_session_mb"],
            "rss_peak_mb": r["rss_peak_mb"],
            "post_script_gc": gc_configured,
        }
    on, off = c.get("30@on"), c.get("30@off")
    if on and off:
        best = off["latency_ms"]["p95"] < on["latency_ms"]["p95"]
        figures["post_script_gc_30"] = {
            "on": {k: on["latency_ms"][k] for k in ("median", "p95", "max")}
            | {"errors": on["errors"], "rss_peak_mb": on["rss_peak_mb"], "server_cpu_cores": on["server_cpu_cores"]},
            "off": {k: off["latency_ms"][k] for k in ("median", "p95", "max")}
            | {"errors": off["errors"], "rss_peak_mb": off["rss_peak_mb"], "server_cpu_cores": off["server_cpu_cores"]},
            "unit": "ms",
            "best": "false" if best else "true",
            "configured": str(gc_configured).lower(),
            "met": (not best) == gc_configured,
            "goal": "the configured runner.postScriptGC is the faster one",
        }
    e = results.get("export")
    if e:
        loads = [m["mapDrawn"] for m in e.get("loads", [])]
        figures["export"] = {
            "bytes": e["bytes"],
            "gzip_bytes": e["gzip_bytes"],
            "export_s": e["export_s"],
            "first_step_drawn_ms": median(loads),
            "first_step_drawn_stats": summary(loads),
            "unit": "bytes, ms",
            "what": "file://, no network: navigation start -> .leaflet-container[data-step] with basemap paths",
        }
    goals = {name: f["met"] for name, f in figures.items() if isinstance(f, dict) and f.get("goal")}
    return {
        "bench": "qantar story map vs bare Streamlit floor",
        "goals_met": sorted(name for name, met in goals.items() if met),
        "goals_missed": sorted(name for name, met in goals.items() if not met),
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "quick": args.quick,
        "settings": {
            "runs": args.runs,
            "classroom_seconds": args.classroom_seconds,
            "viewers": args.viewer_counts,
            "seed": args.seed,
            "post_script_gc_configured": gc_configured,
            "skipped": args.skip,
        },
        "machine": results["machine"],
        "figures": figures,
        "details": results.get("details", {}),
        "duration_s": round(time.perf_counter() - started, 1),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    started = time.perf_counter()
    RESULTS.mkdir(exist_ok=True)
    for old in RESULTS.glob("*.log"):
        old.unlink()
    from bench.flagship import flagship_steps

    steps = flagship_steps()
    gc_configured = configured_post_script_gc()
    results: dict = {"machine": machine(), "post_script_gc_configured": gc_configured, "details": {}}
    details = results["details"]
    log(f"{results['machine']['nproc']} CPUs, {results['machine']['cpu_model']}; runner.postScriptGC={gc_configured}")

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        export_file = Path(tmp) / "export.html"
        if "export" not in args.skip:
            from bench.export_bench import export

            log("export: python -m story export")
            results["export"] = export(export_file)
        with app_server() as app, floor_server() as floor:
            details["startup_s"] = {"app": round(app.startup_s, 2), "floor": round(floor.startup_s, 2)}
            if "protocol" not in args.skip:
                from bench.reruns import walk

                log("protocol: one viewer, server time per rerun (floor, then app)")
                floor_walk = walk(floor, None, 20)
                app_walk = walk(app, steps, 2 * (len(steps) - 1))
                results["protocol"] = {"app": app_walk, "floor": floor_walk}
                details["protocol"] = results["protocol"]
            if "browser" not in args.skip:
                log(f"browser: {args.runs} loads of each page, interleaved")
                browser = run_browser(app, floor, steps, args.runs, export_file if "export" not in args.skip else None)
                results["browser"] = browser
                results["machine"]["chromium"] = browser["chromium"]
                details["first_load_after_start"] = browser["first_load_after_start"]
                details["app_clicks"] = [
                    {
                        k: c[k]
                        for k in (
                            "step",
                            "reply_ms",
                            "title_ms",
                            "map_args_ms",
                            "map_ms",
                            "bytes_received",
                            "reruns",
                            "map_reloads",
                        )
                    }
                    for c in browser["app_clicks"]["clicks"]
                ]
                if "export_loads" in browser:
                    results["export"]["loads"] = browser["export_loads"]
                    details["export_first_open"] = browser["export_first_open"]
            results["rss"] = {"app": round(app.peak_rss / 2**20, 1), "floor": round(floor.peak_rss / 2**20, 1)}

    if "classroom" not in args.skip:
        from bench.classroom import classroom

        plan = []
        for size in args.viewer_counts:
            plan.append((size, gc_configured))
            if size == 30 and "gc" not in args.skip:
                plan.append((size, not gc_configured))
        results["classroom"] = {}
        for size, gc in plan:
            log(f"classroom: {size} viewers, {args.classroom_seconds:.0f} s, runner.postScriptGC={gc}")
            with app_server(post_script_gc=gc, label=f"classroom-{size}-gc-{gc}") as server:
                result = classroom(server, steps, size, args.classroom_seconds, args.seed)
            result["post_script_gc"] = gc
            results["classroom"][f"{size}@{'on' if gc else 'off'}"] = result
            log(
                f"  p50 {result['latency_ms']['median']} ms, p95 {result['latency_ms']['p95']} ms,"
                f" errors {result['errors']}"
            )
        details["classroom"] = results["classroom"]

    summary_json = build_summary(args, results, started)
    full = not args.skip and not args.quick
    output = args.output or (RESULTS / ("latest.json" if full else "partial.json"))
    output.write_text(json.dumps(summary_json, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(summary_json, indent=2))
    log(f"done in {summary_json['duration_s']} s; written to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
