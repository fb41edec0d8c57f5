"""C1 and M1 of the security review, repeated in Chromium against `make edit` with a password.

The review's plant: a story folder as a .zip whose picture field names
`importers/storymapjs/__pycache__/convert.cpython-311.pyc`, with such a file in the archive; *Save on
this server* wrote it into the app's own package, where the next import ran it. Now saving needs the
editor's password, and what is saved goes to the data folder, the story alone with the media that
pass their checks, under names the app gives them.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

from playwright.sync_api import Page, expect

from story.editor.draft import new_draft
from tests.conftest import TEST_STORIES
from tests.support.browser import upload, wait_for_app
from tests.support.server import ROOT
from tests.unit.test_editor_folder import a_picture_step

PLANTED = "importers/storymapjs/__pycache__/convert.cpython-311.pyc"
MARKER = b"planted by the security test: must never be written"


def _plant() -> bytes:
    draft = new_draft()
    a_picture_step(draft, PLANTED)
    a_picture_step(draft, "format/planted_module.py")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("lesson-plan.yaml", draft.dump())
        archive.writestr(PLANTED, b"\xa7\x0d\x0d\x0a" + b"\0" * 12 + MARKER)
        archive.writestr("format/planted_module.py", b"# " + MARKER)
    return out.getvalue()


def _written_since(folder: Path, start: float) -> list[Path]:
    skip = {".git", ".venv", "test-results", "node_modules"}
    found = []
    for path in folder.rglob("*"):
        if skip & set(path.relative_to(folder).parts) or not path.is_file():
            continue
        try:
            if path.stat().st_mtime >= start:
                found.append(path)
        except OSError:
            continue
    return found


def test_c1_m1_a_planted_zip_saved_with_the_password_writes_no_code_anywhere(page: Page, start_server, tmp_path):
    data = tmp_path / "data"
    # The app's story is the small test story: the planted file is opened over it at once.
    server = start_server(
        "--allow-save",
        "--story",
        str(TEST_STORIES / "three-steps.yaml"),
        env={"QANTAR_DATA_DIR": str(data), "QANTAR_EDITOR_PASSWORD": "s3cret pass"},
    )
    start = time.time() - 1
    page.goto(f"{server.url}/edit")
    wait_for_app(page)
    page.get_by_text("Open another story").click()
    uploader = page.locator("[data-testid='stFileUploader']").filter(has_text="A story file (YAML)")
    upload(uploader, "plant.zip", "application/zip", _plant())
    page.get_by_role("button", name="Open the file").click()
    wait_for_app(page)
    # The checker says why the names are no pictures.
    expect(page.get_by_role("button", name="or __pycache__, is not a picture", exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="a program's or a setting's file is not", exact=False)).to_be_visible()

    # No save without the password; a wrong one is refused.
    expect(page.get_by_role("button", name="Save on this server")).to_have_count(0)
    password = page.get_by_label("The editor's password of this server")
    password.fill("guess")
    page.get_by_role("button", name="Sign in to save").click()
    wait_for_app(page)
    expect(page.get_by_text("That is not the editor's password of this server.")).to_be_visible()
    password.fill("s3cret pass")
    page.get_by_role("button", name="Sign in to save").click()
    wait_for_app(page)
    page.get_by_role("button", name="Save on this server").click()
    wait_for_app(page)
    expect(page.get_by_text("Saved as lesson-plan.yaml.")).to_be_visible()

    assert (data / "stories" / "lesson-plan.yaml").is_file()
    # Nothing planted anywhere: not in the code, not in the data folder.
    for path in _written_since(ROOT, start) + _written_since(data, start):
        assert MARKER not in path.read_bytes(), path
    assert not [path for path in data.rglob("*") if path.suffix in (".py", ".pyc")]
    # Python's own bytecode cache may be written as the server imports a module for the first time;
    # anything else new in the app's package was written by the app.
    written = [path for path in _written_since(ROOT / "story", start) if "__pycache__" not in path.parts]
    assert written == [], "nothing written into the app's own package"
