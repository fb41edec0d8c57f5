"""Issue 32: `make class` works with the network cable out.

The command runs in a network namespace of its own with only the loopback interface up (`unshare`):
every request outside the machine fails there. It must say that the phones cannot reach this
computer, and start all the same, serving the story, the light page and /join from the machine itself.
"""

from __future__ import annotations

import json
import subprocess

from story.format.files import FLAGSHIP
from story.format.loader import load_story
from tests.support.server import ROOT, free_port


def test_make_class_plays_the_story_with_no_network(catalog, tmp_path):
    step = load_story(FLAGSHIP, catalog).steps[2]
    driver = f"ip link set lo up && exec python -m tests.support.offline_class {free_port()} {step.id}"
    done = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--net", "sh", "-c", driver],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={"PATH": f"{ROOT / '.venv' / 'bin'}:/usr/sbin:/usr/bin:/bin", "QANTAR_DATA_DIR": str(tmp_path)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["outside_reachable"] is False, "the test ran with the network out"
    assert "No network address found" in report["printed"]
    assert report["healthy"] is True and report["page"] == 200
    status, light = report["view"]
    assert status == 200 and step.title.split(":")[0] in light
    status, join = report["join"]
    assert status == 200 and "Код с экрана учителя" in join
