"""Places by name and by map in the Russian editor at 1366x768 (issue 31): a place found by typing its
Russian name is added to the step and its file; a click on the map puts a marker there at once and
opens the name field in view, offered a Russian name; the map names towns at city zoom; the map stays
in view while the form scrolls."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from story.editor.places import nearest
from story.reader.i18n import translator
from tests.support.browser import run_after, wait_for_app

RU = translator("ru").gettext
# The first load of the editor, with its map, on a machine the other tests share.
PAGE_LOAD_MS = 30_000


def visible(locator):
    return locator.filter(visible=True)


def open_russian_editor(page: Page, url: str) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{url}/edit?lang=ru")
    wait_for_app(page)
    expect(page.locator(".se-map[data-ready='true']")).to_be_visible(timeout=PAGE_LOAD_MS)


def find_and_add(page: Page, typed: str, button: str) -> None:
    search = visible(page.get_by_label(RU("Find a place by name")))
    search.fill(typed)
    run_after(page, lambda: search.press("Enter"))
    run_after(page, lambda: page.get_by_role("button", name=button).click())


def test_a_place_found_by_its_russian_name_is_added_and_the_map_goes_there(page: Page, three_steps_server, tmp_path):
    open_russian_editor(page, three_steps_server.url)
    find_and_add(page, "Талг", "Талгар (KZ)")
    board = page.locator(".se-map")
    expect(board).to_have_attribute("data-zoom", "10")
    # The place is the step's: drawn on the map, named in its form, and in the downloaded file.
    expect(board.locator(".leaflet-tooltip", has_text="Талгар")).to_be_visible()
    # At city zoom the map names the towns around, as the reader's offline map does.
    expect(board.locator(".se-label").first).to_be_visible()
    towns = board.locator(".se-label").all_inner_texts()
    assert len(towns) >= 3 and all(re.search("[а-яА-ЯёЁ]", town) for town in towns), towns
    with page.expect_download() as download:
        page.get_by_role("button", name=RU("Download story file")).click()
    text = download.value.path().read_text(encoding="utf-8")
    assert "name: Талгар, lat: 43.302" in text and "lon: 77.238" in text


def test_a_click_marks_the_map_at_once_and_offers_a_russian_name_in_view(page: Page, three_steps_server, catalog):
    open_russian_editor(page, three_steps_server.url)
    find_and_add(page, "алматы", "Алматы (KZ)")
    expect(visible(page.get_by_label(RU("Find a place by name")))).to_have_value("")
    board = page.locator(".se-map")
    expect(board).to_have_attribute("data-zoom", "10")
    board.scroll_into_view_if_needed()
    box = board.bounding_box()
    assert box is not None and box["width"] > 450, "the map is far wider than the trial's 268 px"
    x, y = box["x"] + box["width"] / 2 + 25, box["y"] + box["height"] / 2 + 15
    # The marker is drawn by the click's own handler, before any answer of the server.
    marked = page.evaluate(
        """([x, y]) => {
          const map = document.querySelector('.se-map');
          const options = { clientX: x, clientY: y, bubbles: true, cancelable: true, view: window };
          const target = document.elementFromPoint(x, y);
          for (const kind of ['mousedown', 'mouseup', 'click']) target.dispatchEvent(new MouseEvent(kind, options));
          return map.getAttribute('data-pending');
        }""",
        [x, y],
    )
    assert marked is not None
    name = visible(page.get_by_label(RU("Name of the new place")))
    expect(name).to_be_in_viewport()
    lat, lon = (float(part) for part in marked.split(","))
    offered = nearest(lat, lon, "ru", 10, catalog)
    assert offered is not None and offered.name in {"Алматы", "Площадь Республики"}
    expect(name).to_have_value(offered.name)
    expect(board).to_have_attribute("data-pending", marked)  # the marker stays once the server has answered
    name.fill("Площадь у акимата")
    run_after(page, lambda: name.press("Tab"))
    run_after(page, lambda: page.get_by_role("button", name=RU("Add this place")).click())
    expect(board.locator(".leaflet-tooltip", has_text="Площадь у акимата")).to_be_visible()
    expect(board).not_to_have_attribute("data-pending", marked)


def test_the_map_stays_in_view_while_the_form_scrolls(page: Page, three_steps_server):
    open_russian_editor(page, three_steps_server.url)
    board = page.locator(".se-map")
    questions = visible(page.get_by_label(RU("Questions for discussion (one per line)")))
    questions.scroll_into_view_if_needed()
    expect(questions).to_be_in_viewport()
    expect(board).to_be_in_viewport(ratio=0.95)
    expect(visible(page.get_by_label(RU("Find a place by name")))).to_be_in_viewport()


def test_a_narrow_screen_shows_the_map_or_the_preview_as_chosen(page: Page, three_steps_server):
    open_russian_editor(page, three_steps_server.url)
    choice = page.get_by_role("radiogroup", name=RU("Show beside the form"))
    preview = page.locator(".st-key-ed-preview-box")
    expect(choice).to_be_hidden()  # a wide screen shows both
    expect(preview).to_be_visible()
    page.set_viewport_size({"width": 800, "height": 900})
    expect(page.locator(".se-map")).to_be_visible()
    expect(preview).to_be_hidden()
    run_after(page, lambda: choice.get_by_text(RU("Preview"), exact=True).click())
    expect(preview).to_be_visible()
    expect(page.locator(".se-map")).to_be_hidden()


def test_by_keyboard_enter_on_the_map_marks_its_centre_and_the_name_field_is_a_tab_away(page: Page, three_steps_server):
    open_russian_editor(page, three_steps_server.url)
    find_and_add(page, "Жаңаөзен", "Жанаозен (KZ)")
    board = page.locator(".se-map")
    expect(board).to_have_attribute("data-zoom", "10")
    board.focus()
    run_after(page, lambda: page.keyboard.press("Enter"))  # its run draws the name field
    name = visible(page.get_by_label(RU("Name of the new place")))
    expect(name).to_have_value("Жанаозен")
    expect(board).to_have_attribute("data-pending", re.compile(r"^43\.3"))
    board.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    expect(name).to_be_focused()
