"""What the channel itself costs per follower: `python -m bench.channel_cost`.

Thirty followers as the follow fragment drives the channel (components/present.py: every 0.4 s, `wait`
up to 0.25 s for a change, then `seen`) for ten seconds, the presenter moving every two, in this
process: the CPU time spent, once with presentations in memory and once in a SQLite file as the app
keeps them by default. Both in one run, so the ratio holds on a busy machine; the app's whole cost per
follower (Streamlit's run of the fragment, the websocket) is the present part of `make bench`.
"""

from __future__ import annotations

import json
import tempfile
import threading
import time
from pathlib import Path

from story.present.channel import Channel, MemoryChannel
from story.present.sqlite_channel import SqliteChannel

FOLLOWERS = 30
SECONDS = 10.0
POLL_S = 0.4
WAIT_S = 0.25
MOVE_EVERY_S = 2.0


def cost(channel: Channel, followers: int = FOLLOWERS, seconds: float = SECONDS) -> dict:
    code, token = channel.start("walk", "step-0", "en")
    stop = threading.Event()
    runs = [0] * followers

    def follow(number: int) -> None:
        seq = None
        while not stop.is_set():
            started = time.monotonic()
            presented = channel.wait(code, seq, WAIT_S)
            channel.seen(code, f"follower-{number}")
            seq = presented.seq if presented else None
            runs[number] += 1
            stop.wait(max(0.0, POLL_S - (time.monotonic() - started)))  # the fragment's next run

    threads = [threading.Thread(target=follow, args=(number,)) for number in range(followers)]
    cpu = time.process_time()
    for thread in threads:
        thread.start()
    for step in range(int(seconds / MOVE_EVERY_S)):
        stop.wait(MOVE_EVERY_S)
        channel.move(code, token, f"step-{step + 1}", "en")
    stop.set()
    for thread in threads:
        thread.join()
    spent_ms = (time.process_time() - cpu) * 1000
    return {
        "cpu_ms": round(spent_ms, 1),
        "ms_per_follower_second": round(spent_ms / followers / seconds, 3),
        "fragment_runs": sum(runs),
    }


def run() -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-channel-") as folder:
        return {
            "memory": cost(MemoryChannel()),
            "sqlite": cost(SqliteChannel(Path(folder) / "state.sqlite3")),
            "followers": FOLLOWERS,
            "seconds": SECONDS,
        }


if __name__ == "__main__":
    import os

    print(json.dumps({**run(), "load_average": [round(x, 2) for x in os.getloadavg()]}, indent=2))
