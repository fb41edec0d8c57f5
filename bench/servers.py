"""`streamlit run` on a free port, started the way a viewer meets the app, with its memory and CPU watched."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
APP = "app.py"
FLOOR = "bench/floor_app.py"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One Streamlit server (the app or the floor); samples its RSS (with children) every 50 ms."""

    def __init__(self, script: str, extra_options: list[str] | None = None, label: str = "server"):
        self.script = script
        self.extra_options = extra_options or []
        self.label = label
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.ps: psutil.Process | None = None
        self.startup_s: float | None = None
        self.log_path = RESULTS / f"{label}-{self.port}.log"
        self._peak_rss = 0
        self._stop_sampling = threading.Event()
        self._sampler: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"

    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "streamlit", "run", self.script,
            "--server.port", str(self.port),
            "--server.headless", "true",
            "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none",
            *self.extra_options,
        ]  # fmt: skip

    def start(self, timeout: float = 90) -> Server:
        RESULTS.mkdir(exist_ok=True)
        log = self.log_path.open("wb")
        started = time.perf_counter()
        self.process = subprocess.Popen(
            self.command(), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ)
        )
        self.ps = psutil.Process(self.process.pid)
        self._sampler = threading.Thread(target=self._sample, name=f"rss-{self.label}", daemon=True)
        self._sampler.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.label} exited early; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        self.startup_s = time.perf_counter() - started
                        return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.label} was not healthy within {timeout} s; see {self.log_path}")

    def _processes(self) -> list[psutil.Process]:
        if self.ps is None:
            return []
        try:
            return [self.ps, *self.ps.children(recursive=True)]
        except psutil.Error:
            return []

    def rss(self) -> int:
        total = 0
        for proc in self._processes():
            with contextlib.suppress(psutil.Error):
                total += proc.memory_info().rss
        return total

    def cpu_seconds(self) -> float:
        total = 0.0
        for proc in self._processes():
            try:
                times = proc.cpu_times()
                total += times.user + times.system
            except psutil.Error:
                pass
        return total

    def _sample(self) -> None:
        while not self._stop_sampling.is_set():
            self._peak_rss = max(self._peak_rss, self.rss())
            self._stop_sampling.wait(0.05)

    def reset_peak(self) -> None:
        self._peak_rss = self.rss()

    @property
    def peak_rss(self) -> int:
        return max(self._peak_rss, self.rss())

    def stop(self) -> None:
        self._stop_sampling.set()
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def app_server(post_script_gc: bool | None = None, label: str = "app") -> Server:
    """The app as `streamlit run app.py ...`; post_script_gc overrides .streamlit/config.toml when given."""
    options = [] if post_script_gc is None else ["--runner.postScriptGC", str(post_script_gc).lower()]
    return Server(APP, options, label)


def floor_server(post_script_gc: bool | None = None, label: str = "floor") -> Server:
    options = [] if post_script_gc is None else ["--runner.postScriptGC", str(post_script_gc).lower()]
    return Server(FLOOR, options, label)


def _configured(section: str, name: str, default: bool) -> bool:
    import tomllib

    path = ROOT / ".streamlit" / "config.toml"
    if not path.exists():
        return default
    with path.open("rb") as handle:
        return bool(tomllib.load(handle).get(section, {}).get(name, default))


def configured_post_script_gc() -> bool:
    """`runner.postScriptGC` as .streamlit/config.toml sets it (Streamlit's default: true)."""
    return _configured("runner", "postScriptGC", True)


def configured_websocket_compression() -> bool:
    """`server.enableWebsocketCompression` as .streamlit/config.toml sets it (default: false)."""
    return _configured("server", "enableWebsocketCompression", False)
