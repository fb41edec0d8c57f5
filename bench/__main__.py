"""`make bench` (`python -m bench`): the app and its offline export against a bare Streamlit floor, in one run.

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
import traceback
from collections.abc import Callable
from functools import partial
from pathlib import Path

import psutil

from bench.servers import RESULTS, ROOT, app_server, configured, floor_server
from bench.stats import median, ratio, summary

STEP_CPU_GOAL_MS = 2.0
EXPORT_TITLE_GOAL_MS = 16.0


# The parts of a run, each of which `--skip` can leave out.
PARTS = [
    "browser",
    "export",
    "bursts",
    "media",
    "present",
    "answers",
    "roster",
    "classroom",
    "phone",
    "editor",
    "layout",
    "restarts",
    "follow",
]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="page loads of each page (default %(default)s)")
    parser.add_argument("--bursts", type=int, default=50, help="bursts of ten presses (default %(default)s)")
    parser.add_argument("--viewers", default="100,300", help="classroom sizes, comma-separated (default %(default)s)")
    parser.add_argument("--pages", type=int, default=5, help="Chromium pages stepping in a classroom (%(default)s)")
    parser.add_argument("--hold-seconds", type=float, default=20, help="classroom time after joining (%(default)s)")
    parser.add_argument("--seed", type=int, default=2022, help="seed for the viewers' timing (default %(default)s)")
    parser.add_argument("--quick", action="store_true", help="3 loads, 5 bursts, one small classroom: a try-out")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=PARTS,
        help="leave a part out (repeatable); the result then goes to partial.json",
    )
    parser.add_argument("--output", type=Path, help="where to write the JSON (default: results/latest.json)")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.bursts, args.hold_seconds = min(args.runs, 3), min(args.bursts, 5), min(args.hold_seconds, 5)
        args.viewers = "30"
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


def figure(value, floor, goal: str | None, met: bool | None, unit: str, **extra) -> dict:
    out = {"app": _r(value), "floor": _r(floor), "ratio": ratio(value, floor) if floor is not None else None}
    out.update({"goal": goal, "met": met, "unit": unit})
    out.update(extra)
    return out


def story_steps() -> list[tuple[str, str]]:
    from geodata.catalog import load_catalog
    from story.format.files import FLAGSHIP
    from story.format.loader import load_story

    story = load_story(FLAGSHIP, load_catalog())
    return [(step.id, step.title) for step in story.steps]


def run_browser(args, app, floor, steps, export_file: Path | None, results: dict) -> None:
    from playwright.sync_api import sync_playwright

    from bench import browser_bench as bb

    with sync_playwright() as playwright:
        browser = bb.launch(playwright)
        results["machine"]["chromium"] = browser.version
        loads: dict = {"app": [], "floor": [], "export": []}
        # Interleaved, so drift on the machine hits all pages alike; the first round only warms up.
        for n in range(args.runs + 1):
            app_marks, floor_marks = bb.load_app(browser, app.url), bb.load_floor(browser, floor.url)
            export_marks = bb.load_export(browser, export_file) if export_file else None
            if n == 0:
                results["details"]["first_load_after_start"] = {"app": app_marks, "floor": floor_marks}
                continue
            loads["app"].append(app_marks)
            loads["floor"].append(floor_marks)
            if export_marks:
                loads["export"].append(export_marks)
            log(
                f"load {n}/{args.runs}: app title {app_marks['title']:.0f} map {app_marks['mapDrawn']:.0f} ms,"
                f" floor {floor_marks['floorText']:.0f} ms"
            )
        results["loads"] = loads
        results["rss_after_loads_mb"] = round(app.rss() / 2**20, 1)

        log("clicks: floor")
        results["floor_clicks"] = bb.click_floor(browser, floor.url, max(2 * args.runs, 15))
        log("clicks: app, reduced motion, Next through the whole story (server CPU over the walk)")
        page, context = bb.open_player(browser, app.url)
        builds = page.evaluate("window.storymapBuilds")
        cpu_before, walk_started = app.cpu_seconds(), time.perf_counter()
        clicks = bb.walk(page, steps)
        cpu, walk_s = app.cpu_seconds() - cpu_before, time.perf_counter() - walk_started
        # The same page left alone for as long: what the server spends with no step at all
        # (its event loop, the websocket), so that the walk's own cost can be told apart.
        idle_before = app.cpu_seconds()
        time.sleep(walk_s)
        idle = app.cpu_seconds() - idle_before
        results["app_clicks"] = clicks
        results["app_walk"] = {
            "steps": len(clicks),
            "seconds": round(walk_s, 2),
            "server_cpu_ms": round(cpu * 1000, 1),
            "server_idle_cpu_ms": round(idle * 1000, 1),
            "map_builds": page.evaluate("window.storymapBuilds") - builds,
        }
        context.close()
        if export_file:
            log("clicks: export, reduced motion")
            page, context = bb.open_player(browser, export_file.as_uri())
            results["export_clicks"] = bb.walk(page, steps, pause_s=0.1)
            context.close()
        if "media" not in args.skip:
            from bench.media_bench import media_loads

            log(f"media: {args.runs} loads each of a step with a picture and a figure, and of the same without")
            with tempfile.TemporaryDirectory(prefix="bench-media-") as folder:
                results["media_loads"] = media_loads(browser, args.runs, Path(folder), bb.load_app)
        if "bursts" not in args.skip:
            log(f"bursts: {args.bursts} x ten ArrowRight, flying on, in the app")
            page, context = bb.open_player(browser, app.url, motion="no-preference")
            results["bursts"] = bb.bursts(page, steps, args.bursts)
            results["bursts_map_builds"] = page.evaluate("window.storymapBuilds")
            context.close()
        browser.close()


def build_summary(args, results: dict, started: float) -> dict:
    figures: dict = {}
    loads = results.get("loads")
    if loads:
        title = [m["title"] for m in loads["app"]]
        drawn = [m["mapDrawn"] for m in loads["app"]]
        floor = [m["floorText"] for m in loads["floor"]]
        title_to_floor = ratio(median(title), median(floor))
        figures["page_load_to_title_ms"] = figure(
            median(title),
            median(floor),
            "ratio <= 1.2",
            title_to_floor is not None and title_to_floor <= 1.2,
            "ms",
            app_stats=summary(title),
            floor_stats=summary(floor),
            what="navigation start -> #step-title shows (app); -> its text (floor); a first visit, tiles blocked",
        )
        map_to_floor = ratio(median(drawn), median(floor))
        figures["page_load_to_map_ms"] = figure(
            median(drawn),
            median(floor),
            "ratio <= 1.6",
            map_to_floor is not None and map_to_floor <= 1.6,
            "ms",
            app_stats=summary(drawn),
            marks_median={k: median([m[k] for m in loads["app"] if k in m]) for k in loads["app"][0]},
            what="navigation start -> the map shows the step with our basemap drawn",
        )
        if loads["export"]:
            figures["export_load_to_map_ms"] = figure(
                median([m["mapDrawn"] for m in loads["export"]]),
                None,
                None,
                None,
                "ms",
                title_ms=median([m["title"] for m in loads["export"]]),
                what="file://, no network: navigation start -> map drawn",
            )
    media = results.get("media_loads")
    if media:
        with_media = [m["title"] for m in media["media"]]
        plain = [m["title"] for m in media["plain"]]
        media_to_plain = ratio(median(with_media), median(plain))
        figures["media_page_load_to_title_ms"] = figure(
            median(with_media),
            median(plain),
            "ratio <= 1.2",
            media_to_plain is not None and media_to_plain <= 1.2,
            "ms",
            app_stats=summary(with_media),
            floor_stats=summary(plain),
            map_ms={
                "media": median([m["mapDrawn"] for m in media["media"]]),
                "plain": median([m["mapDrawn"] for m in media["plain"]]),
            },
            what="navigation start -> #step-title: tests/stories/media.yaml on its picture and figure step, "
            "against the same story without media or figures (floor)",
        )
    presenting = results.get("present")
    if presenting:
        delays = presenting["press_to_follower_ms"]
        figures["present_press_to_follower_ms"] = figure(
            delays["p95"],
            None,
            "p95 < 1000 ms, none missed",
            delays["p95"] is not None and delays["p95"] < 1000 and presenting["missed"] == 0,
            "ms",
            **presenting,
            what="the presenter's press on Next (Chromium) -> a follower's session has the new step "
            "(30 followers speaking Streamlit's protocol, polling as a follower's page does)",
        )
    from bench import answers_bench, roster_bench

    figures.update(answers_bench.figures(results.get("answers"), figure))
    figures.update(roster_bench.figures(results.get("roster"), figure))
    clicks = results.get("app_clicks")
    if clicks:
        floor_text = median([c["text_ms"] for c in results["floor_clicks"] if c["text_ms"] is not None])
        click_title = median([c["title_ms"] for c in clicks])
        to_map = median([c["map_ms"] for c in clicks if c["map_ms"] is not None])
        click_title_to_floor = ratio(click_title, floor_text)
        figures["click_to_title_ms"] = figure(
            click_title,
            floor_text,
            "ratio <= 1.0",
            click_title_to_floor is not None and click_title_to_floor <= 1.0,
            "ms",
            app_stats=summary([c["title_ms"] for c in clicks]),
            floor_stats=summary([c["text_ms"] for c in results["floor_clicks"]]),
            wrong_titles=sum(not c["title_ok"] for c in clicks),
            what="click on Next -> #step-title holds the new title (app); click -> the floor's text changes",
        )
        click_map_to_floor = ratio(to_map, floor_text)
        figures["click_to_map_ms"] = figure(
            to_map,
            floor_text,
            "ratio <= 1.5",
            click_map_to_floor is not None and click_map_to_floor <= 1.5,
            "ms",
            app_stats=summary([c["map_ms"] for c in clicks]),
            timeouts=sum(c["timeout"] for c in clicks),
            what="click on Next -> the map shows the new step and stands still (reduced motion: a jump)",
        )
        walk = results["app_walk"]
        per_step = walk["server_cpu_ms"] / walk["steps"]
        idle_per_step = walk["server_idle_cpu_ms"] / walk["steps"]
        net = max(0.0, per_step - idle_per_step)
        figures["server_cpu_per_step_ms"] = figure(
            round(net, 2),
            None,
            f"< {STEP_CPU_GOAL_MS} ms",
            net < STEP_CPU_GOAL_MS,
            "ms",
            walk_ms_per_step=round(per_step, 2),
            idle_ms_per_step=round(idle_per_step, 2),
            what="the server process's CPU time over a walk through the story, less the same time with the page"
            " idle, divided by the steps",
        )
        received = [c["bytes_received"] for c in clicks]
        figures["ws_bytes_per_step"] = figure(
            median(received),
            median([c["bytes_received"] for c in results["floor_clicks"]]),
            None,
            None,
            "bytes",
            app_stats=summary(received, 0),
            messages_sent_per_step=median([c["messages_sent"] for c in clicks]),
            first_load_bytes=None,
            what="websocket payload the page received during a click and the 0.3 s after it",
        )
        figures["map_remounts"] = figure(
            walk["map_builds"],
            None,
            "0",
            walk["map_builds"] == 0,
            "map builds during the walk",
            address_ok=all(c["address_ok"] for c in clicks),
        )
    export_clicks = results.get("export_clicks")
    if export_clicks:
        export_title = median([c["title_ms"] for c in export_clicks])
        figures["export_click_to_title_ms"] = figure(
            export_title,
            None,
            f"< {EXPORT_TITLE_GOAL_MS} ms",
            export_title is not None and export_title < EXPORT_TITLE_GOAL_MS,
            "ms",
            stats=summary([c["title_ms"] for c in export_clicks]),
            map_ms=summary([c["map_ms"] for c in export_clicks]),
        )
    bursts = results.get("bursts")
    if bursts:
        lost = sum(not b["ok"] for b in bursts)
        figures["bursts_lost"] = figure(
            lost,
            None,
            "0",
            lost == 0,
            f"bursts of ten (of {len(bursts)}) not ending ten steps on",
            map_builds=results.get("bursts_map_builds"),
            failures=[b for b in bursts if not b["ok"]][:5],
        )
    if results.get("rss"):
        figures["peak_rss_mb"] = figure(
            results["rss"]["app"],
            results["rss"]["floor"],
            None,
            None,
            "MiB",
            after_page_loads=results.get("rss_after_loads_mb"),
            what="server process and children, peak during the browser part",
        )
    if results.get("layout"):
        from bench.layout_shift import figure as layout_figure

        figures["layout_shift"] = layout_figure(results["layout"])
    for key, room in (results.get("classroom") or {}).items():
        p95 = room["page_click_to_title_ms"]["p95"]
        errors = room["viewer_error_count"] + len(room["page_errors"])
        figures[f"classroom_{key}"] = {
            "viewers": room["viewers"],
            "p50_ms": room["page_click_to_title_ms"]["median"],
            "p95_ms": p95,
            "errors": errors,
            "goal": "p95 < 100 ms, 0 errors" if room["viewers"] == 100 else None,
            "met": (p95 is not None and p95 < 100 and errors == 0) if room["viewers"] == 100 else None,
            "unit": "ms",
            **{k: v for k, v in room.items() if k not in ("viewers",)},
        }
    if results["details"].get("phone"):
        from bench.phone import figures as phone_figures

        figures.update(phone_figures(results["details"]["phone"]))
    figures.update(results.get("editor", {}))
    if results.get("follow"):
        from bench.light_follow import figure as follow_figure

        figures["follower_light_page_slow_4g_title"] = follow_figure(results["follow"])
    if results.get("restarts"):
        from bench.restarts import figure as restarts_figure

        figures["restarts_drafts_lost"] = restarts_figure(results["restarts"])
    goals = {name: f["met"] for name, f in figures.items() if isinstance(f, dict) and f.get("goal")}
    return {
        "bench": "qantar story map (app and export) vs bare Streamlit floor",
        "goals_met": sorted(name for name, met in goals.items() if met),
        "goals_missed": sorted(name for name, met in goals.items() if not met),
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "quick": args.quick,
        "settings": {
            "runs": args.runs,
            "bursts": args.bursts,
            "viewers": args.viewer_counts,
            "pages": args.pages,
            "hold_seconds": args.hold_seconds,
            "seed": args.seed,
            "skipped": args.skip,
            "global.minCachedMessageSize": configured("global", "minCachedMessageSize", 10240),
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
    steps = story_steps()
    results: dict = {"machine": machine(), "details": {}}
    log(f"{results['machine']['nproc']} CPUs, {results['machine']['cpu_model']}; {len(steps)} steps")

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        export_file = Path(tmp) / "export.html"
        if "export" not in args.skip:
            from bench.export_bench import export

            log("export: python -m story export")
            results["export"] = export(export_file)
        if "browser" not in args.skip:
            with app_server() as app, floor_server() as floor:
                # Entering a server starts it, and start() returns only once it is healthy, timed.
                assert app.startup_s is not None and floor.startup_s is not None
                results["details"]["startup_s"] = {"app": round(app.startup_s, 2), "floor": round(floor.startup_s, 2)}
                run_browser(args, app, floor, steps, export_file if "export" not in args.skip else None, results)
                results["rss"] = {"app": round(app.peak_rss / 2**20, 1), "floor": round(floor.peak_rss / 2**20, 1)}

    def layout_part() -> None:
        from bench.layout_shift import run as layout_shift

        log("layout: first views at 375x667 and 1280x800, the page's layout shift")
        results["layout"] = layout_shift(log, runs=min(args.runs, 5))

    if "layout" not in args.skip:
        _guarded("layout", layout_part, results)

    def present_part() -> None:
        from playwright.sync_api import sync_playwright

        from bench import browser_bench as bb
        from bench.present_bench import WALK, present

        log("present: one presenter in Chromium, 30 followers, Next every 2 s")
        with app_server("present", ["--story", str(WALK)]) as server, sync_playwright() as playwright:
            browser = bb.launch(playwright)
            results["present"] = present(browser, server)
            browser.close()
        log(f"  press -> follower p95 {results['present']['press_to_follower_ms']['p95']} ms")

    if "present" not in args.skip:
        _guarded("present", present_part, results)

    for name, module in (("answers", "answers_bench"), ("roster", "roster_bench")):
        if name not in args.skip:
            _guarded(name, partial(_run_part, module, name, results), results)

    def phone_part() -> None:
        from bench import phone

        log("phone: first visits at 375x667 on slow 4G and 4G: the app, its offline copy, the floor")
        results["details"]["phone"] = phone.run(log, runs=min(args.runs, 5))

    if "phone" not in args.skip:
        _guarded("phone", phone_part, results)

    def classroom_part() -> None:
        from bench.classroom import classroom

        results["classroom"] = {}
        for size in args.viewer_counts:
            log(f"classroom: {size} viewers joining within 10 s, {args.pages} Chromium pages stepping")
            with app_server(label=f"classroom-{size}") as server:
                room = classroom(server, steps, size, args.pages, 10, args.hold_seconds, args.seed)
            results["classroom"][str(size)] = room
            log(
                f"  pages' click -> title p95 {room['page_click_to_title_ms']['p95']} ms;"
                f" viewers' first run p95 {room['viewer_join_ms']['p95']} ms; errors {room['viewer_error_count']}"
            )

    if "classroom" not in args.skip:
        _guarded("classroom", classroom_part, results)

    def editor_part() -> None:
        from bench.editor_bench import run as editor_run

        log("editor: 20 changes of a step's title on the flagship, in Chromium")
        results["editor"] = editor_run(log)

    if "editor" not in args.skip:
        _guarded("editor", editor_part, results)

    def follow_part() -> None:
        from bench import light_follow

        log("follow: a follower's light page and the Streamlit page on slow 4G, 375x667")
        results["follow"] = light_follow.run(log, runs=min(args.runs, 5))

    if "follow" not in args.skip:
        _guarded("follow", follow_part, results)

    def restarts_part() -> None:
        from bench import restarts

        results["restarts"] = restarts.run(log)

    if "restarts" not in args.skip:
        _guarded("restarts", restarts_part, results)

    summary_json = build_summary(args, results, started)
    if results.get("export"):
        summary_json["figures"]["export_file"] = results["export"]
    failed = results.get("failed", [])
    if failed:
        summary_json["failed_parts"] = failed
    full = not args.skip and not args.quick and not failed
    output = args.output or (RESULTS / ("latest.json" if full else "partial.json"))
    output.write_text(json.dumps(summary_json, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(summary_json, indent=2))
    log(f"done in {summary_json['duration_s']} s; written to {output}")
    if failed:
        log(f"parts that failed: {', '.join(failed)} (their tracebacks above); the others' figures are kept")
    return 1 if failed else 0


def _run_part(module: str, name: str, results: dict) -> None:
    # A part measured in its own module, with a server of the app and Chromium (`run(log, browser, server)`).
    from importlib import import_module

    from playwright.sync_api import sync_playwright

    from bench import browser_bench as bb

    part = import_module(f"bench.{module}")
    log(f"{name}: {part.WHAT}")
    with app_server(name, ["--story", str(part.STORY)]) as server, sync_playwright() as playwright:
        browser = bb.launch(playwright)
        results[name] = part.run(log, browser, server)
        browser.close()


def _guarded(name: str, part: Callable[[], None], results: dict) -> None:
    # A part that fails (a page changed under its selectors, a server that did not start) is told and
    # left out; the parts before and after it are still measured and written (to partial.json).
    try:
        part()
    except Exception:
        log(f"{name}: FAILED\n{traceback.format_exc()}")
        results.setdefault("failed", []).append(name)


if __name__ == "__main__":
    sys.exit(main())
