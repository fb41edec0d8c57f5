"""The editor in Chromium with a picture: uploaded from the computer, its missing fields named by the checker,
a click on a problem puts the caret in its field, the preview beside the form shows the picture, and the
story downloads as a .zip of its folder that passes the checker."""

from __future__ import annotations

import zipfile
from pathlib import Path

from playwright.sync_api import Page, expect

from story.cli import main as story_command
from tests.support.browser import run_after, upload, wait_for_app

PICTURE = Path(__file__).resolve().parents[2] / "story" / "pictures" / "kazakhstan-locator.png"


def visible(locator):
    return locator.filter(visible=True)


def test_a_picture_uploaded_is_asked_for_its_fields_previewed_and_downloaded_with_the_story(
    page: Page, three_steps_server, tmp_path: Path
):
    page.goto(f"{three_steps_server.url}/edit")
    wait_for_app(page)
    expect(page.get_by_text("The checker finds no problem: the story plays.")).to_be_visible()

    # A file that only calls itself a picture is refused by its content, and nothing is added.
    uploader = page.locator("[data-testid='stFileUploader']").filter(has_text="A picture from this computer")
    upload(uploader, "notes.png", "image/png", b"These are notes, not a picture.")
    # The run the press causes, not an idle page seen before it began (run_after).
    run_after(page, page.get_by_role("button", name="Add the picture to this step").click)
    expect(page.get_by_text("is not a PNG, JPEG, WebP or SVG picture", exact=False)).to_be_visible()
    expect(page.get_by_text("The checker finds no problem: the story plays.")).to_be_visible()

    upload(uploader, "Locator map.png", "image/png", PICTURE.read_bytes())
    # The run the press causes, not an idle page seen before it began (run_after).
    run_after(page, page.get_by_role("button", name="Add the picture to this step").click)
    # The checker asks for what a picture needs; a click on its problem puts the caret in the field.
    problem = page.get_by_role("button", name="picture, video or sound 1, what the picture shows", exact=False)
    expect(problem).to_be_visible()
    run_after(page, problem.click)
    alt = visible(page.get_by_label("What the picture shows, for those who cannot see it"))
    expect(alt).to_be_focused()
    page.keyboard.type("A map of Kazakhstan in Central Asia")
    page.keyboard.press("Tab")
    # Done when the checker no longer names it (a run may not have begun when the page last looked idle).
    expect(problem).to_have_count(0)
    wait_for_app(page)
    # The others the same way, from the problem to its field, by keyboard alone.
    for field, label, text in (
        ("caption", "Caption (required)", "Where Kazakhstan is"),
        ("credit", "Credit", "The story's authors"),
        ("licence", "Licence", "CC BY 4.0"),
    ):
        problem = page.get_by_role("button", name=f"picture, video or sound 1, {field}:", exact=False)
        run_after(page, problem.click)
        expect(page.locator(":focus")).to_have_attribute("aria-label", label)
        page.keyboard.type(text)
        page.keyboard.press("Tab")
        expect(problem).to_have_count(0)
        wait_for_app(page)
    expect(page.get_by_text("The checker finds no problem: the story plays.")).to_be_visible()

    # The preview is the real player, on the step being edited, with the picture in it.
    # The preview runs in an origin of its own, which Chromium does not draw while it is out of view:
    # the teacher scrolls to it, and its picture (loaded lazily) then loads; a broken one ends with 0.
    frame = page.locator("iframe[title='Preview of the step being edited']")
    frame.scroll_into_view_if_needed()
    preview = page.frame_locator("iframe[title='Preview of the step being edited']")
    picture = preview.locator(".sp-step img[alt='A map of Kazakhstan in Central Asia']")
    expect(picture).to_be_visible()
    picture.scroll_into_view_if_needed()  # below the step's text, in the frame's own scroll
    loaded = picture.evaluate(
        "image => image.complete ? image.naturalWidth : new Promise(done => {"
        " image.addEventListener('load', () => done(image.naturalWidth));"
        " image.addEventListener('error', () => done(0)); })"
    )
    assert loaded > 0

    with page.expect_download() as download:
        page.get_by_role("button", name="Download story file").click()
    assert download.value.suggested_filename == "three-steps.zip"
    download.value.save_as(tmp_path / "story.zip")
    with zipfile.ZipFile(tmp_path / "story.zip") as archive:
        assert sorted(archive.namelist()) == ["pictures/locator-map.png", "three-steps.yaml"]
        archive.extractall(tmp_path / "story")
    assert (tmp_path / "story" / "pictures" / "locator-map.png").read_bytes() == PICTURE.read_bytes()
    assert story_command(["check", str(tmp_path / "story" / "three-steps.yaml")]) == 0
