"""The editor's preview loads the export (story/outputs/export.py) when it draws a preview, not when an app
process starts: a process that only plays the story never loads it (docs/architecture.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import sys
sys.argv = ['app.py']
from streamlit.testing.v1 import AppTest
at = AppTest.from_file('app.py', default_timeout=240)
at.run()
assert not at.exception, at.exception
import components.editor.preview
print('export loaded' if 'story.outputs.export' in sys.modules else 'export not loaded')
"""


def test_an_app_process_that_draws_no_preview_does_not_load_the_export():
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True, timeout=300
    )
    assert result.stdout.split("\n")[-2] == "export not loaded", result.stdout[-500:]
