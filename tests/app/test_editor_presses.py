"""A press is acted on even when the next press comes before the page has drawn the first.

The editor's buttons act in their callbacks (components/editor/context.py, `EditorContext.button`),
which Streamlit calls before the page's script runs, on the draft as it is then: one run draws the
result, and a press made while the last one's run is still drawing is never lost. A button whose run
shows what it did (a file saved, opened or refused) notes its press instead (components/editor/press.py).
"""

from __future__ import annotations

from ruamel.yaml import YAML

from components.editor.press import PENDING_KEY
from tests.app.test_editor import download, editor, run


def test_a_step_added_just_after_a_new_story_was_asked_for_goes_to_the_new_story():
    at = editor()
    # "A new story from the template", then "Add a step" before a run has drawn the new story.
    at.button(key="open-new").click()
    at.button(key="ed-step-Add a step").click()
    run(at)
    draft = at.session_state["editor-draft"]
    assert draft.tree["id"] == "my-story", "the template was opened"
    assert len(draft.steps) == 5, "and a step added to its four, after the first"
    assert at.session_state["editor-step"] == 1


def test_a_press_of_delete_asks_once_and_yes_deletes_only_that_step():
    at = editor()
    ids = at.session_state["editor-draft"].step_ids()
    at.button(key="ed-step-Delete").click()
    run(at)
    assert [button.key for button in at.button if button.key == "ed-delete-yes"], "Delete asks first"
    assert at.session_state["editor-draft"].step_ids() == ids
    at.button(key="ed-delete-yes").click()
    run(at)
    assert at.session_state["editor-draft"].step_ids() == ids[1:], "the first step, and only it"
    assert not [button.key for button in at.button if button.key == "ed-delete-yes"], "no longer asked"


def test_a_noted_press_of_a_button_the_page_no_longer_has_never_acts_later():
    at = editor()
    at.session_state[PENDING_KEY] = {"open-file"}  # a press of Open the file, with no file chosen now
    run(at)
    assert PENDING_KEY not in at.session_state, "dropped once the whole page was drawn"


def test_remove_beside_a_place_removes_that_place_and_the_downloaded_file_lacks_it():
    at = editor()
    names = [str(place["name"]) for place in at.session_state["editor-draft"].step(0)["places"]]
    next(button for button in at.button if str(button.key).endswith("-places-remove-0")).click()
    run(at)
    draft = at.session_state["editor-draft"]
    assert [str(place["name"]) for place in draft.step(0).get("places", [])] == names[1:]
    saved = YAML(typ="safe").load(download(at))["steps"][0]
    assert [place["name"] for place in saved.get("places", [])] == names[1:]
