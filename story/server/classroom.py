"""`make class`: the app for a room, from the teacher's laptop, with or without the internet.

`python -m story.server.classroom [--story PATH] [--port N]` finds the address the room's phones reach
this computer at (story/present/address.py), prints it with a QR code in the terminal, and starts the
app listening on the local network with our own basemap only (`--tiles none`: nothing is asked of
any other site) and that address as the class's join address, whatever address the teacher's own
browser opens. With no network address (no Wi-Fi, no cable) it says so and starts all the same: the
story plays on the projector from this computer.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import segno

from story.present.address import network_address

APP = Path(__file__).resolve().parents[2] / "app.py"
DEFAULT_PORT = 8501


def class_address(address: str | None, port: int) -> str | None:
    """The address the room opens: this computer's on its network, with the app's port."""
    if not address:
        return None
    host = f"[{address}]" if ":" in address else address
    return f"http://{host}:{port}/"


def server_command(port: int, story: Path | None, address: str | None) -> list[str]:
    """The app's command line for a room: every interface, no tiles, no usage statistics, the class's address."""
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.port", str(port),
        "--server.address", "0.0.0.0",
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--", "--tiles", "none",
    ]  # fmt: skip
    if story is not None:
        command += ["--story", str(story)]
    if address is not None:
        command += ["--public-url", address]
    return command


def banner(address: str | None, port: int) -> str:
    """What the terminal says before the app starts: the address, its QR code, and what to do."""
    if address is None:
        return (
            "No network address found: the students' phones cannot reach this computer.\n"
            "Connect it to the room's network (or turn on its hotspot), then run `make class` again.\n"
            f"The story plays on this computer at http://localhost:{port}/ (for the projector).\n"
        )
    drawn = io.StringIO()
    segno.make(address, error="m").terminal(out=drawn, compact=True, border=2)
    lines = [
        "Students open this address on their phones (same network), or scan the code:",
        "",
        f"    {address}",
        "",
        drawn.getvalue(),
        f"Open http://localhost:{port}/ on this computer and press \u201cPresent to a class\u201d.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make class", description=__doc__)
    parser.add_argument("--story", type=Path, default=None)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args(argv)
    address = class_address(network_address(), args.port)
    sys.stdout.write(banner(address, args.port))
    sys.stdout.flush()
    command = server_command(args.port, args.story, address)
    os.execv(command[0], command)
    return 0  # not reached


if __name__ == "__main__":
    raise SystemExit(main())
