"""Shared test fixtures: paths, the geodata catalog, real Streamlit servers, and what a failing browser test leaves.

Tests live in folders by kind, and the folder says what a test needs (the markers are
registered in pyproject.toml): `browser/` drives Debian's Chromium against a real
`streamlit run` or an exported file (marker `browser`); `unit/`, `app/` and `content/`
need neither a browser nor the network. A test that downloads from a registry is
marked `network`, a long one `slow`. `make test-fast` runs `-m "not browser and not network"`.
A failing browser test leaves a screenshot and a Playwright trace under test-results/
(pytest-playwright's options, set in pyproject.toml).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from geodata.catalog import LayerCatalog, load_catalog
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, count_runs
from tests.support.server import ROOT, StreamlitServer

TESTS = Path(__file__).resolve().parent
TEST_STORIES = TESTS / "stories"

__all__ = ["ROOT", "TEST_STORIES", "StreamlitServer"]

# What the app writes (drafts, uploads, published media, saved stories) goes to a data folder of the
# test run's own (each worker its own), never to the checkout's .qantar/; the servers the tests start
# inherit it. A test that looks into the data folder sets its own.
os.environ.setdefault("QANTAR_DATA_DIR", tempfile.mkdtemp(prefix="qantar-test-data-"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent.name == "browser":
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def catalog() -> LayerCatalog:
    return load_catalog()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Drive Debian's chromium: Playwright's own browser download does not work here."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def context(context: BrowserContext) -> BrowserContext:
    """pytest-playwright's context, its pages counting the script's runs (`run_after`)."""
    return count_runs(context)


@pytest.fixture(scope="session")
def start_server() -> Iterator[Callable[..., StreamlitServer]]:
    """Start app servers on demand; all are stopped at the end of the session."""
    servers: list[StreamlitServer] = []

    def start(*app_args: str, env: dict[str, str] | None = None) -> StreamlitServer:
        server = StreamlitServer("app.py", list(app_args), env=env).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def flagship_server(start_server: Callable[..., StreamlitServer]) -> StreamlitServer:
    return start_server()


@pytest.fixture(scope="session")
def three_steps_server(start_server: Callable[..., StreamlitServer]) -> StreamlitServer:
    """The app playing the engine's small test story (tests/stories/three-steps.yaml, with its Russian)."""
    return start_server("--story", str(TEST_STORIES / "three-steps.yaml"))
