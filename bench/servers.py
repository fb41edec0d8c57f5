"""The app and the floor, started as a viewer meets them (tests/support/server.py), with memory and CPU watched."""

from __future__ import annotations

import tomllib
from pathlib import Path

from tests.support.server import ROOT, StreamlitServer

RESULTS = Path(__file__).resolve().parent / "results"
APP = "app.py"
FLOOR = "bench/floor_app.py"


def app_server(label: str = "app", app_args: list[str] | None = None) -> StreamlitServer:
    return StreamlitServer(APP, app_args or [], label=label, log_dir=RESULTS, sample_memory=True)


def floor_server(label: str = "floor") -> StreamlitServer:
    return StreamlitServer(FLOOR, label=label, log_dir=RESULTS, sample_memory=True)


def configured(section: str, name: str, default: object) -> object:
    """A setting of .streamlit/config.toml, or Streamlit's default."""
    path = ROOT / ".streamlit" / "config.toml"
    if not path.exists():
        return default
    with path.open("rb") as handle:
        return tomllib.load(handle).get(section, {}).get(name, default)
