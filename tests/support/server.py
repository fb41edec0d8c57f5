"""`streamlit run` on a free port, as a viewer's browser meets it: one launcher for the tests and the bench."""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil

from story.present.address import network_address

ROOT = Path(__file__).resolve().parents[2]
LOG_DIR = ROOT / "test-results"


# The ports handed out in this process: a server may be made before the one made just before it has bound
# its port (start_together), so a port is never handed out twice.
_HANDED_OUT: set[int] = set()


def free_port() -> int:
    """A port nobody listens on and no server of this process was given. Under pytest-xdist each worker
    takes its ports from a range of its own.

    The kernel's "any free port" is free only until someone binds it; two workers asking at
    once could both be told the same port before either server binds it. A range per worker
    (`PYTEST_XDIST_WORKER` is gw0, gw1, ...) cannot collide; within a worker, a port given once is
    not given again, so servers made together start together.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    first = 20000 + int(worker[2:]) * 1000 if worker.startswith("gw") else 0
    candidates = range(first, first + 1000) if first else itertools.repeat(0)  # 0: the kernel's choice
    for candidate in candidates:
        if candidate in _HANDED_OUT:
            continue
        with socket.socket() as sock, contextlib.suppress(OSError):
            sock.bind(("127.0.0.1", candidate))
            port = sock.getsockname()[1]
            if port in _HANDED_OUT:
                continue
            _HANDED_OUT.add(port)
            return port
    raise RuntimeError(f"no free port in {first}-{first + 999} for {worker}")


class StreamlitServer:
    """One `streamlit run SCRIPT` on its own port, healthy once `/_stcore/health` answers.

    Its processes' RSS (with children) can be sampled every 50 ms for a peak, and their
    CPU time read, for the bench.
    """

    def __init__(
        self,
        script: str = "app.py",
        app_args: list[str] | None = None,
        *,
        port: int | None = None,
        env: dict[str, str] | None = None,
        options: list[str] | None = None,
        label: str = "streamlit",
        log_dir: Path = LOG_DIR,
        sample_memory: bool = False,
    ) -> None:
        self.script = script
        self.app_args = app_args or []
        self.port = port or free_port()
        self.env = env or {}
        self.options = options or []
        self.label = label
        self.log_path = log_dir / f"{label}-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.ps: psutil.Process | None = None
        self.startup_s: float | None = None
        self.sample_memory = sample_memory
        self._peak_rss = 0
        self._stop_sampling = threading.Event()

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"

    @property
    def room_url(self) -> str:
        """The address a classroom's phones reach this server at: the machine's own on its network (the
        presenter's join links use it), or, on a machine with none, the loopback one."""
        address = network_address()
        return f"http://{address}:{self.port}" if address else self.url

    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "streamlit", "run", self.script,
            "--server.port", str(self.port),
            "--server.headless", "true",
            "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none",
            *self.options,
            "--", *self.app_args,
        ]  # fmt: skip

    def start(self, timeout: float = 90) -> StreamlitServer:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("wb")
        started = time.perf_counter()
        self._stop_sampling.clear()
        self.process = subprocess.Popen(
            self.command(), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **self.env}
        )
        self.ps = psutil.Process(self.process.pid)
        if self.sample_memory:
            threading.Thread(target=self._sample, name=f"rss-{self.label}", daemon=True).start()
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
                # Not listening yet: the health endpoint answers within a second of the start.
                time.sleep(0.05)
        self.stop()
        raise TimeoutError(f"{self.label} was not healthy within {timeout} s; see {self.log_path}")

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
            with contextlib.suppress(psutil.Error):
                times = proc.cpu_times()
                total += times.user + times.system
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

    def __enter__(self) -> StreamlitServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_together(*servers: StreamlitServer) -> tuple[StreamlitServer, ...]:
    """Start `servers` at once, each waited on its own `/_stcore/health`; all are stopped if one fails.

    A server spends its ~4 s start mostly importing, one core each: a test that needs two replicas
    has both healthy in the time of one on a machine with a core to spare, and no later on one without.
    """
    with ThreadPoolExecutor(max_workers=len(servers)) as pool:
        started = [pool.submit(server.start) for server in servers]
    for future in started:
        failure = future.exception()
        if failure is not None:
            for server in servers:
                server.stop()
            raise failure
    return servers
