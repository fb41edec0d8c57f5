"""Run inside a network namespace with only loopback (tests/browser/test_class_offline.py): start
`make class`'s command, wait for its health, ask its pages, and print what it saw as JSON.

`python -m tests.support.offline_class PORT STEP_ID`, from the checkout's root.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

from tests.support.server import ROOT


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


def outside_reachable() -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
        except OSError:
            return False
    return True


def main() -> int:
    port, step = sys.argv[1], sys.argv[2]
    server = subprocess.Popen(
        [sys.executable, "-m", "story.server.classroom", "--port", port],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=os.environ.copy(),
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    report: dict[str, object] = {"outside_reachable": outside_reachable()}
    try:
        deadline = time.monotonic() + 120
        healthy = False
        while time.monotonic() < deadline and server.poll() is None and not healthy:
            try:
                healthy = fetch(f"{base}/_stcore/health")[0] == 200
            except OSError:
                time.sleep(0.05)  # not listening yet
        report["healthy"] = healthy
        report["page"] = fetch(f"{base}/")[0]
        report["view"] = fetch(f"{base}/view?step={step}&lang=en")
        report["join"] = fetch(f"{base}/join?lang=ru")
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=60)
    report["printed"] = output.decode("utf-8", "replace")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
