"""Shared test fixtures: paths, the geodata catalog, and real Streamlit servers for browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from geodata.catalog import LayerCatalog, load_catalog
from tests.browser import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
TEST_STORIES = Path(__file__).resolve().parent / "stories"


@pytest.fixture(scope="session")
def catalog() -> LayerCatalog:
    return load_catalog()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Drive Debian's chromium: Playwright's own browser download does not work here."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StreamlitServer:
    """`streamlit run app.py` on a free port, as a viewer's browser would meet it."""

    def __init__(self, app_args: list[str], port: int | None = None, env: dict[str, str] | None = None):
        self.app_args = app_args
        self.port = port or free_port()
        self.env = env or {}
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = ROOT / "test-results" / f"streamlit-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"

    def start(self) -> StreamlitServer:
        self.log_path.parent.mkdir(exist_ok=True)
        command = [
            sys.executable, "-m", "streamlit", "run", "app.py",
            "--server.port", str(self.port),
            "--server.headless", "true",
            "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none",
            "--", *self.app_args,
        ]  # fmt: skip
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **self.env}
        )
        self.wait_healthy()
        return self

    def wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited early; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                # Not listening yet: poll again (the health endpoint answers within a second).
                time.sleep(0.1)
        raise TimeoutError(f"streamlit did not become healthy; see {self.log_path}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture(scope="session")
def start_server() -> Iterator[Callable[..., StreamlitServer]]:
    """Start servers on demand; all are stopped at the end of the session."""
    servers: list[StreamlitServer] = []

    def start(*app_args: str, env: dict[str, str] | None = None) -> StreamlitServer:
        server = StreamlitServer(list(app_args), env=env).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def flagship_server(start_server: Callable[..., StreamlitServer]) -> StreamlitServer:
    return start_server()
