"""The editor page as the server sees it: a story saved unchanged is the same file, a problem shows at its
field within one run and goes when fixed, and nothing is written on the server unless editing is allowed."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from components.editor import STORY_OPEN_KEY
from story.format.files import FLAGSHIP
from story.server import files
from story.store.paths import data_dir
from tests.support.app import component_data, run_with_args
from tests.support.server import ROOT

# The engine's small test story, for what holds for any story: its editor's page is a fraction of
# the flagship's.
THREE_STEPS = ROOT / "tests" / "stories" / "three-steps.yaml"
SMALL = ("--story", str(THREE_STEPS))

PAGE = (
    "import sys\nfrom components import page, editor\nimport streamlit as st\n"
    "st.set_page_config(layout='wide')\neditor.render(page.command_line_options(sys.argv[1:]))\n"
)


def editor(*args: str, token: str | None = None) -> AppTest:
    at = AppTest.from_string(PAGE, default_timeout=60)
    at.story_args = list(args)
    # The token the server's cookie gives a browser (AppTest sends no cookie); without one, a browser
    # refusing cookies, the draft lives as long as its page.
    if token:
        at.session_state["editor-token"] = token
    # The story's own section open, as a teacher opens it to reach its fields (drawn only while open).
    at.session_state[STORY_OPEN_KEY] = True
    return run(at)


def run(at: AppTest) -> AppTest:
    return run_with_args(at, at.story_args)


def download(at: AppTest) -> bytes:
    return at.session_state["editor-draft"].dump()


def test_the_flagship_walked_through_every_step_and_downloaded_unchanged_is_the_same_file():
    at = editor()
    for index in range(len(at.session_state["editor-draft"].steps)):
        at.session_state["editor-step"] = index
        run(at)
    assert download(at) == FLAGSHIP.read_bytes()


def test_an_invalid_value_shows_the_checkers_message_at_its_field_and_fixing_it_clears_it():
    at = editor(*SMALL)
    [title] = [box for box in at.text_input if box.label.startswith("Date (required)")]
    title.set_value("2022-13-40")
    run(at)
    errors = [error.value for error in at.error]
    # Where, in the form's words (the step by its number from 1 and its title), then what.
    assert any(error.startswith("Step 1 «") and ", date: " in error for error in errors), errors
    assert not [error for error in errors if "steps[" in error], errors
    assert any("problems" in warning.value for warning in at.warning)
    [title] = [box for box in at.text_input if box.label.startswith("Date (required)")]
    title.set_value("2022-01-02/2022-01-11")
    run(at)
    assert not [error.value for error in at.error if ", date: " in error.value]


def test_nothing_is_written_on_the_server_unless_editing_is_allowed(tmp_path: Path):
    # Neither the story being edited nor the app's own stories are written.
    stories = [*(ROOT / "story").glob("*.yaml"), *THREE_STEPS.parent.glob("*.yaml")]
    before = {path: path.stat().st_mtime_ns for path in stories}
    at = editor(*SMALL)
    assert "ed-save" not in [button.key for button in at.button]
    [title] = [box for box in at.text_input if box.key.startswith("ed-title-")]
    title.set_value("A changed title")
    run(at)
    assert {path: path.stat().st_mtime_ns for path in stories} == before
    assert "ed-save" not in [button.key for button in at.button]


def _save(at: AppTest) -> AppTest:
    for box in [box for box in at.checkbox if box.key == "ed-confirm"]:
        box.check()
    run(at)
    [save] = [button for button in at.button if button.key == "ed-save"]
    save.click()
    return run(at)


def _title(at: AppTest):
    [title] = [box for box in at.text_input if box.key.startswith("ed-title-")]
    return title


def _code_files() -> dict[Path, int]:
    return {
        path: path.stat().st_mtime_ns
        for path in (ROOT / "story").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_m1_every_save_keeps_a_timestamped_backup_in_the_data_folder_and_nothing_in_the_code(
    tmp_path: Path, monkeypatch
):
    monkeypatch.setenv("QANTAR_DATA_DIR", str(tmp_path))
    code_before = _code_files()
    at = editor("--allow-save", *SMALL)
    _save(at)
    saved = tmp_path / "stories" / "three-steps.yaml"
    assert saved.read_bytes() == THREE_STEPS.read_bytes()
    # Its translations go along, so its Russian readers keep them.
    russian = THREE_STEPS.with_name("three-steps.ru.yaml")
    assert (tmp_path / "stories" / russian.name).read_bytes() == russian.read_bytes()
    for changed in ("Second version", "Third version"):
        _title(at).set_value(changed)
        run(at)
        _save(at)
    assert b"Third version" in saved.read_bytes()
    backups = sorted((tmp_path / "stories" / "backups").glob("three-steps.2*.yaml"))
    # The original and the second version are both kept: a later save never loses an earlier one.
    assert [backup.read_bytes() == THREE_STEPS.read_bytes() for backup in backups] == [True, False]
    assert b"Second version" in backups[1].read_bytes()
    assert "Saved as three-steps.yaml." in [success.value for success in at.success]
    assert not [element for element in at.main if str(tmp_path) in str(getattr(element, "value", ""))]
    assert _code_files() == code_before


def test_c1_saved_pictures_get_names_the_app_chooses_in_the_data_folder(tmp_path: Path, monkeypatch):
    from story.editor.folder import add_picture

    monkeypatch.setenv("QANTAR_DATA_DIR", str(tmp_path))
    at = editor("--allow-save", *SMALL)
    picture = (ROOT / "story" / "pictures" / "kazakhstan-locator.png").read_bytes()
    draft = at.session_state["editor-draft"]
    name = add_picture(draft, "town.png", picture)
    draft.set(("steps", 0, "media"), [{"type": "image", "src": name, "alt": "A map", "credit": "Us"}])
    run(at)
    _save(at)
    stories = tmp_path / "stories"
    written = sorted(str(path.relative_to(stories)) for path in (stories / "media").iterdir())
    assert len(written) == 1 and re.fullmatch(r"media/[0-9a-f]{20}\.png", written[0]), written
    assert (stories / written[0]).read_bytes() == picture
    assert f"src: {written[0]}".encode() in (stories / "three-steps.yaml").read_bytes()


def _sign_in(at: AppTest, password: str) -> AppTest:
    at.text_input(key="ed-password").set_value(password)
    [button] = [button for button in at.button if button.label == "Sign in to save"]
    button.click()
    return run(at)


def test_m1_with_a_password_saving_needs_it_and_wrong_tries_are_bounded(tmp_path: Path, monkeypatch):
    from story.editor import login

    monkeypatch.setenv("QANTAR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("QANTAR_EDITOR_PASSWORD", "correct horse")
    login.attempts.cache_clear()
    at = editor("--allow-save", *SMALL, token="teacher-a")
    assert "ed-save" not in [button.key for button in at.button]
    for _ in range(login.PER_SESSION):
        _sign_in(at, "wrong")
        assert "That is not the editor's password of this server." in [error.value for error in at.error]
    _sign_in(at, "correct horse")
    assert any("Too many wrong passwords" in error.value for error in at.error)
    assert "ed-save" not in [button.key for button in at.button]
    other = editor("--allow-save", *SMALL, token="teacher-b")  # another browser: its own budget
    _sign_in(other, "correct horse")
    assert "ed-save" in [button.key for button in other.button]


def test_a_teachers_draft_is_found_again_by_the_token_and_another_teacher_has_their_own():
    first = editor(*SMALL, token="teacher-one")
    [title] = [box for box in first.text_input if box.key.startswith("ed-title-")]
    title.set_value("Teacher one's story")
    run(first)
    again = editor(*SMALL, token="teacher-one")  # a reload: a new session, the same browser
    assert [box.value for box in again.text_input if box.key.startswith("ed-title-")] == ["Teacher one's story"]
    other = editor(*SMALL, token="teacher-two")
    assert [box.value for box in other.text_input if box.key.startswith("ed-title-")] != ["Teacher one's story"]


def _button(at: AppTest, label: str):
    [button] = [button for button in at.button if button.label == label]
    return button


def _box(at: AppTest, label: str):
    boxes = [box for box in [*at.text_input, *at.text_area] if box.label == label]
    assert boxes, f"no field {label!r}"
    return boxes[0]


def test_a_quotation_added_names_the_fields_it_still_needs_and_filled_in_plays():
    at = editor("--story", str(ROOT / "tests" / "stories" / "walk.yaml"))
    _button(at, "Add a quotation").click()
    run(at)
    errors = [error.value for error in at.error]
    assert any(error.startswith("Step 1 «Step 1: Zhanaozen», the quotation, the words") for error in errors), errors
    for label, value in [
        ("The words, exactly as said or written (required)", "We will not go home."),
        ("Who said or wrote them (required)", "A protester"),
        ("Where they were said or published (required)", "A newspaper, 4 January"),
    ]:
        _box(at, label).set_value(value)
        run(at)
    assert not [error.value for error in at.error if "the quotation" in error.value]
    story = load_story_bytes(download(at))
    assert story.steps[0].quote.speaker == "A protester"
    _button(at, "Remove the quotation").click()
    run(at)
    assert load_story_bytes(download(at)).steps[0].quote is None


def test_a_glossary_word_and_a_self_check_are_written_where_the_format_wants_them():
    at = editor("--story", str(ROOT / "tests" / "stories" / "walk.yaml"))
    fill = [
        ("Add a word to the glossary", None),
        ("Word or abbreviation (required)", "CSTO"),
        ("Short name (id) (required)", "csto"),
        ("What it means (required)", "A military alliance of six states."),
        ("Add a multiple-choice question", None),
        ("Question (required)", "Where did it begin?"),
        ("Choices (one per line) (required)", "Here\nThere"),
        ("The right choice (required)", "Here"),  # chosen among the choices above, not typed again
        ("Why (shown after an answer) (required)", "The text says so."),
    ]
    for label, value in fill:
        if value is None:
            _button(at, label).click()
        elif label == "The right choice (required)":
            [select] = [select for select in at.selectbox if select.label == label]
            assert select.options == ["(choose one)", "Here", "There"]
            select.set_value(value)
        else:
            _box(at, label).set_value(value)
        run(at)
    assert not [error.value for error in at.error], [error.value for error in at.error]
    story = load_story_bytes(download(at))
    assert [term.term for term in story.glossary] == ["CSTO"]
    [check] = story.steps[0].check
    assert (check.choices, check.answer) == (["Here", "There"], "Here")


def served_page(address: str) -> str:
    path = files.served_file(data_dir(), files.PAGES, address.rsplit("/", 1)[1])
    assert path is not None, address
    return path.read_text(encoding="utf-8")


def load_story_bytes(raw: bytes):
    from story.format.loader import parse_story

    return parse_story(raw, "walk.yaml", None)


def test_a_problem_is_a_button_that_opens_the_step_with_the_field():
    at = editor("--story", str(ROOT / "tests" / "stories" / "walk.yaml"))
    at.session_state["editor-step"] = 2
    run(at)
    _box(at, "What the map shows, in one sentence (required)").set_value("")
    run(at)
    at.session_state["editor-step"] = 0
    run(at)
    where = "Step 3 «Step 3: Atyrau», the map, what the map shows, in one sentence"
    [problem] = [button for button in at.button if button.label.startswith(where)]
    problem.click()
    run(at)
    assert at.session_state["editor-step"] == 2
    assert any(error.value.startswith(where) for error in at.error)


def test_the_step_being_edited_plays_in_the_preview_and_play_the_story_opens_the_draft_on_the_story_page():
    from tests.support.app import player, run_app

    at = editor(*SMALL)
    at.session_state["editor-step"] = 2
    run(at)
    [box] = [box for box in at.text_input if box.label == "Title (required)" and not box.key.startswith("ed-title-")]
    box.set_value("A title being written")
    run(at)
    [preview] = [element for element in at.get("iframe")]
    # The frame's page is served from the data folder under a name of its content.
    address = preview.proto.src
    assert address.startswith("/" + files.PAGE_URL)
    page = served_page(address)
    # The offline player, opened on the step being edited, with what was typed a moment ago.
    assert "StoryPlayer" in page and "A title being written" in page
    assert '"start":"' + at.session_state["editor-draft"].step_ids()[2] + '"' in page
    [link] = [text.value for text in at.markdown if "Play the story" in text.value]
    address = re.search(r"\(\./\?preview=([\w-]+)&step=([\w-]+)&lang=en\)", link)
    assert address, link
    story = run_app(str(THREE_STEPS), preview=address.group(1), step=address.group(2))
    data = player(story)
    assert data["start"] == address.group(2)
    assert [step["title"] for step in data["steps"]][2] == "A title being written"
    assert any("playing a draft from the editor" in str(element.value) for element in story.get("html"))
    # An address whose draft is gone plays the story itself and says so.
    gone = run_app(str(THREE_STEPS), preview="no-such-draft")
    assert [step["title"] for step in player(gone)["steps"]][2] != "A title being written"
    assert any("no longer kept" in str(element.value) for element in gone.get("html"))


def _translation_boxes(at: AppTest) -> list:
    return [box for box in [*at.text_input, *at.text_area] if str(box.key).startswith("ed-translation-")]


def test_a_translation_opens_beside_the_original_and_its_untranslated_texts_are_marked():
    at = editor()
    at.selectbox(key="ed-translation-language").select("ru")
    run(at)
    boxes = _translation_boxes(at)
    # The first step's texts (and the story's own, on the first step) with the Russian file's beside them.
    assert boxes[0].value == "Қанды қаңтар (Кровавый январь): январь 2022 года в Казахстане"
    assert not [text for text in at.markdown if "Not translated yet" in text.value]
    translation = at.session_state["editor-translation"][1]
    assert translation.dump() == (ROOT / "story" / "qantar-2022.ru.yaml").read_bytes(), "opened unchanged: the file"
    [body] = [box for box in boxes if box.key.endswith("steps[0].body")]
    body.set_value("")
    run(at)
    marked = [text for text in at.markdown if "Not translated yet" in text.value]
    assert len(marked) == 1
    assert any("1 of the" in caption.value and "not translated yet" in caption.value for caption in at.caption)


def test_a_new_translation_starts_empty_every_text_marked_and_what_is_typed_is_what_the_reader_gets():
    from story.format.loader import load_story
    from story.format.translation import apply_translation, parse_translation
    from tests.support.app import THREE_STEPS

    at = editor("--story", THREE_STEPS)
    at.selectbox(key="ed-translation-language").select("kk")
    run(at)
    boxes = _translation_boxes(at)
    assert boxes and all(box.value == "" for box in boxes)
    assert len([text for text in at.markdown if "Not translated yet" in text.value]) == len(boxes)
    [title] = [box for box in boxes if box.key.endswith("steps[0].title")]
    title.set_value("Бірінші қадам")
    run(at)
    translation = at.session_state["editor-translation"][1]
    assert translation.name == "three-steps.kk.yaml"
    original = load_story(Path(THREE_STEPS))
    text, _ = parse_translation(translation.dump(), translation.name)
    shown = apply_translation(original, text)
    assert shown.story.steps[0].title == "Бірінші қадам" and "steps[0].title" not in shown.untranslated
    assert "steps[1].title" in shown.untranslated


def test_a_steps_slider_over_days_is_a_form_and_its_days_out_of_order_are_the_checkers_message():
    at = editor()
    index = at.session_state["editor-draft"].step_ids().index("day-by-day")
    at.session_state["editor-step"] = index
    run(at)
    [first] = [box for box in at.text_input if box.label.startswith("First day")]
    assert first.value == "2022-01-02"
    [last] = [box for box in at.text_input if box.label == "Last day (required)"]
    last.set_value("2022-01-01")
    run(at)
    where = f"Step {index + 1} «Day by day, from one town to the whole country», the slider over days"
    assert any(error.value == f"{where}: 'to' is before 'from'" for error in at.error)
    [last] = [box for box in at.text_input if box.label == "Last day (required)"]
    last.set_value("2022-01-11")
    run(at)
    assert download(at) == FLAGSHIP.read_bytes(), "put back, the file is as it was"


def test_the_storys_own_section_draws_its_fields_only_while_open_and_its_problem_opens_it_at_the_field():
    # Closed, the story's own fields are not drawn (a changed step does not redraw its glossary);
    # a problem in one of them opens the section and puts the caret in the field.
    at = editor()
    _title(at).set_value("")
    run(at)
    at.session_state[STORY_OPEN_KEY] = False
    run(at)
    assert not [box for box in at.text_input if box.key.startswith("ed-title-")]
    assert not [box for box in at.text_input if box.key.startswith("ed-glossary-")]
    [problem] = [
        button for button in at.button if button.key.startswith("ed-goto-") and button.label.startswith("Title:")
    ]
    problem.click()
    run(at)
    assert at.session_state[STORY_OPEN_KEY] is True
    assert component_data(at, "qantar_editor_focus") == _title(at).key
