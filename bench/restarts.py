"""Drafts through restarts: a title changed in the real editor (Chromium), the server stopped at once
(SIGTERM, or SIGKILL with nothing flushed), started again on the same port and data folder, the page
reloaded: is the change there?

ROUNDS rounds, SIGTERM and SIGKILL in turn, on the flagship, once with the data folder's SQLite file
and once with Redis (`QANTAR_REDIS_URL`, Debian's redis-server started on a free port as the tests
start it: only the app is restarted). A change counts as made once the page shows it in the step list and the run
has finished, which is when a teacher sees it; the signal follows at once. A round whose change
could not be made, or whose editor did not come back to be read within three reloads (a busy
machine), is an error and not a lost draft; the goal is met only when every round was checked.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect, sync_playwright

from bench import browser_bench as bb
from bench.servers import APP, RESULTS
from bench.stats import summary
from tests.support.browser import wait_for_app
from tests.support.redis import REDIS_SERVER, RedisServer
from tests.support.server import StreamlitServer, free_port

ROUNDS = 20
# As tests/browser/test_editor_teachers.py finds the step's title (the story's own title is closed).
STEP_TITLE = "Title (required)"
TIMEOUT_MS = 60_000
FOUND_WITHIN_MS = 30_000


def _title(page: Page):
    return page.get_by_label(STEP_TITLE).filter(visible=True)


def _retitle(page: Page, title: str) -> None:
    box = _title(page)
    box.fill(title)
    box.press("Tab")
    expect(page.get_by_label("Step being edited").filter(visible=True)).to_have_value(f"1. {title}", timeout=TIMEOUT_MS)
    wait_for_app(page)


def _reopen(page: Page, title: str | None, attempts: int = 3) -> str | None:
    """Reload the editor and read the step's title (waiting for `title`, if given); None when the page did
    not come back within `attempts` reloads (a busy machine), which is no answer about the draft."""
    for _ in range(attempts):
        try:
            page.reload()
            wait_for_app(page)
            # The browser's token comes a run after the page's first (components/editor/session.py): the draft
            # replaces the app's story then, so its title is waited for, within a bound.
            if title is not None:
                with contextlib.suppress(AssertionError):
                    expect(_title(page)).to_have_value(title, timeout=FOUND_WITHIN_MS)
            return _title(page).input_value()
        except PlaywrightError:
            continue
    return None


@contextlib.contextmanager
def _store(name: str, folder: Path) -> Iterator[dict[str, str]]:
    """The app's environment for one store: its own data folder, and its own Redis for "redis"."""
    env = {"QANTAR_DATA_DIR": str(folder / "data"), "QANTAR_REDIS_URL": ""}
    if name != "redis":
        yield env
        return
    with RedisServer() as redis:
        yield {**env, "QANTAR_REDIS_URL": redis.url}


def _rounds(browser, name: str, rounds: int, story: Path | None, log: Callable[[str], None]) -> dict:
    signals = [signal.SIGTERM if number % 2 == 0 else signal.SIGKILL for number in range(rounds)]
    lost: dict[str, int] = {"SIGTERM": 0, "SIGKILL": 0}
    errors: list[str] = []
    startups, reloads = [], []
    checked = 0
    with tempfile.TemporaryDirectory(prefix=f"bench-restarts-{name}-") as folder, _store(name, Path(folder)) as env:
        port = free_port()

        def server() -> StreamlitServer:
            app_args = ["--story", str(story)] if story else []
            return StreamlitServer(APP, app_args, port=port, env=env, label=f"restarts-{name}", log_dir=RESULTS)

        app = server().start()
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        try:
            page.goto(f"{app.url}/edit")
            try:
                wait_for_app(page)
            except PlaywrightError:
                _reopen(page, None)
            for number, sent in enumerate(signals, 1):
                title = f"Kept through restart {number} ({sent.name})"
                try:
                    _retitle(page, title)
                except (AssertionError, PlaywrightError) as error:  # the change was not made in time
                    errors.append(f"round {number}: the change was not shown: {str(error).splitlines()[0]}")
                    _reopen(page, None)
                    continue
                process = app.process
                assert process is not None  # started above, or at the end of the round before
                process.send_signal(sent)
                process.wait(timeout=60)
                app = server().start()
                assert app.startup_s is not None  # start() returns once the server is healthy
                startups.append(app.startup_s)
                reloaded = time.perf_counter()
                found = _reopen(page, title)
                if found is None:
                    errors.append(f"round {number} ({sent.name}): the editor did not come back to be read")
                    continue
                reloads.append(time.perf_counter() - reloaded)
                checked += 1
                if found != title:
                    lost[sent.name] += 1
                    errors.append(f"round {number} ({sent.name}): the editor showed {found!r}")
                log(f"  {name} round {number}/{rounds} {sent.name}: {'kept' if found == title else 'LOST'}")
        finally:
            context.close()
            app.stop()
    return {
        "rounds": rounds,
        "checked": checked,
        "drafts_lost": sum(lost.values()),
        "lost_by_signal": lost,
        "errors": errors,
        "startup_s": summary(startups, 2),
        "reload_to_draft_s": summary(reloads, 2),
    }


def run(log: Callable[[str], None], rounds: int = ROUNDS, story: Path | None = None) -> dict:
    """Per store ("sqlite", "redis"): drafts lost over `rounds` restarts, and what each restart took
    (the editor on the flagship, or on `story`)."""
    results: dict = {}
    with sync_playwright() as playwright:
        browser = bb.launch(playwright)
        for name in ("sqlite", "redis"):
            if name == "redis" and not shutil.which(REDIS_SERVER):
                results[name] = {"skipped": "redis-server is not installed (make redis)"}
                continue
            log(f"restarts: {rounds} with {name} (SIGTERM and SIGKILL in turn), a title changed before each")
            results[name] = _rounds(browser, name, rounds, story, log)
        browser.close()
    return results


def figure(results: dict) -> dict:
    """The summary's figure: drafts lost with each store (goal 0 with both)."""
    lost = {name: store.get("drafts_lost") for name, store in results.items()}
    met = all(
        "skipped" not in store and store["drafts_lost"] == 0 and store["checked"] == store["rounds"]
        for store in results.values()
    )
    return {
        "app": lost,
        "goal": "0 drafts lost with SQLite and with Redis",
        "met": met and set(results) == {"sqlite", "redis"},
        "unit": f"drafts lost over {ROUNDS} restarts (10 SIGTERM, 10 SIGKILL)",
        **results,
        "what": "a title changed in the editor (Chromium), the server stopped at once and started again on the "
        "same port and data folder, the page reloaded: the title is still there",
    }
