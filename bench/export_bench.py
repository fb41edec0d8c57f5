"""The static export: how long `python -m story export` takes, the file's size, and opening it from disk."""

from __future__ import annotations

import gzip
import subprocess
import sys
import time
from pathlib import Path

from bench.servers import ROOT
from story.format.files import FLAGSHIP


def export(output: Path) -> dict:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "story", "export", str(FLAGSHIP), "-o", str(output)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    seconds = time.perf_counter() - started
    data = output.read_bytes()
    return {
        "export_s": round(seconds, 2),
        "bytes": len(data),
        "gzip_bytes": len(gzip.compress(data, compresslevel=9)),
    }
