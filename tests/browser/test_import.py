"""StoryMapJS stories, imported with the command teachers run, play in the real app; hostile ones run no script."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Dialog, Page, expect

from geodata.catalog import load_catalog
from story.cli import main
from story.format.loader import load_story
from tests.conftest import TEST_STORIES
from tests.support.browser import heading, open_story, step_param, wait_map_settled

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "storymapjs"


def imported(source: Path, directory: Path) -> Path:
    output = directory / f"{source.stem}.yaml"
    assert main(["import-storymapjs", str(source), "-o", str(output)]) == 0
    return output


@pytest.fixture(scope="module")
def play(start_server, tmp_path_factory) -> Callable[[Page, Path], Page]:
    """Open a story file in one real `streamlit run` for the whole module.

    The server plays one file; each test copies its story there (the app reads an
    edited story file again), so the module pays for one server start, not one per story.
    """
    played = tmp_path_factory.mktemp("played") / "story.yaml"
    shutil.copyfile(TEST_STORIES / "three-steps.yaml", played)
    server = start_server("--story", str(played))

    def open_file(page: Page, story_file: Path) -> Page:
        shutil.copyfile(story_file, played)
        return open_story(page, server.url)

    return open_file


def test_an_imported_story_plays_in_the_app(page: Page, play, tmp_path):
    nightwatch = imported(FIXTURES / "nightwatch.json", tmp_path)
    story = load_story(nightwatch, load_catalog())
    play(page, nightwatch)
    assert heading(page) == story.steps[0].title == "Mark Twain JSON"

    page.get_by_role("button", name="Next").click()
    expect(page.locator("#step-title")).to_have_text(story.steps[1].title)
    wait_map_settled(page, story.steps[1].id)
    assert step_param(page) == story.steps[1].id


def attack(number: int) -> str:
    """Script that leaves a trace (a dialog and a global) if it ever runs."""
    return f"window.__pwned=(window.__pwned||[]).concat({number}),alert({number})"


HOSTILE = {
    "storymap": {
        "language": "en",
        "slides": [
            {
                "type": "overview",
                "text": {
                    "headline": f'<script>{attack(1)}</script>Hostile <b>title</b><img src=x onerror="{attack(2)}">',
                    "text": (
                        f'<p>Intro <a href="javascript:{attack(3)}">click me</a>'
                        f'<iframe src="javascript:{attack(4)}"></iframe>'
                        f'<iframe srcdoc="<script>{attack(5)}</script>"></iframe> and the end.</p>'
                    ),
                },
                "media": {
                    "url": "https://example.org/picture.jpg",
                    "caption": f'<img src=x onerror="{attack(6)}">A caption <script>{attack(7)}</script>',
                    "credit": f'<a href="javascript:{attack(8)}">A credit</a><iframe src="https://evil.example/"></iframe>',
                },
            },
            {
                "date": "2022-01-05",
                "text": {
                    "headline": f"Second &lt;img src=x onerror={attack(9)}&gt; slide",
                    "text": (
                        f'Text with <a href="JaVaScRiPt:{attack(10)}">a link</a>, [md](javascript:{attack(11)}) '
                        f"and &lt;script&gt;{attack(12)}&lt;/script&gt; shown as text."
                    ),
                },
                "location": {
                    "lat": 43.25,
                    "lon": 76.95,
                    "zoom": 8,
                    "name": f'<img src=x onerror="{attack(13)}">Almaty',
                },
                "media": {
                    "url": f"javascript:{attack(14)}",
                    "caption": f'Caption &lt;iframe src="javascript:{attack(15)}"&gt;&lt;/iframe&gt;',
                    "credit": f'&lt;a href="javascript:{attack(16)}"&gt;credit&lt;/a&gt;',
                },
            },
        ],
    }
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("hostile")
    source = directory / "hostile-story.json"
    source.write_text(json.dumps(HOSTILE), encoding="utf-8")
    return imported(source, directory)


class Traces:
    """Dialogs and console messages the page produced."""

    def __init__(self, page: Page) -> None:
        self.dialogs: list[str] = []
        self.console: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console.append(str(error)))

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, message: ConsoleMessage) -> None:
        self.console.append(message.text)


def assert_nothing_ran(page: Page, traces: Traces) -> None:
    assert traces.dialogs == []
    assert [text for text in traces.console if "pwned" in text] == []
    for frame in page.frames:
        assert frame.evaluate("typeof window.__pwned") == "undefined", frame.url
        assert frame.locator('a[href^="javascript:" i]').count() == 0, frame.url
        assert frame.locator('img[src="x"], iframe[src*="evil"], iframe[srcdoc]').count() == 0, frame.url
        assert frame.locator("script", has_text="pwned").count() == 0, frame.url


def test_a_hostile_storymapjs_story_plays_as_harmless_text(page: Page, play, hostile: Path):
    traces = Traces(page)
    play(page, hostile)
    assert heading(page) == "Hostile title"
    expect(page.get_by_text("Intro click me and the end.").first).to_be_visible()
    assert_nothing_ran(page, traces)

    page.get_by_role("button", name="Next").click()
    second = f"Second <img src=x onerror={attack(9)}> slide"
    expect(page.locator("#step-title")).to_have_text(second)
    wait_map_settled(page)
    main = page.locator("[data-testid='stMain']")
    # What looked like markup in the StoryMapJS text is shown as the characters it was written with.
    expect(main).to_contain_text(f"[md](javascript:{attack(11)})")
    expect(main).to_contain_text(f"<script>{attack(12)}</script> shown as text.")
    expect(main).to_contain_text(f'Caption <iframe src="javascript:{attack(15)}"></iframe>')
    expect(main).to_contain_text(f'<a href="javascript:{attack(16)}">credit</a>')
    expect(main.get_by_role("link", name="a link")).to_have_count(0)
    # The place's name lost its picture; its marker's tooltip shows plain text.
    assert page.evaluate("Object.values(window.storymap.instance.markers).map(m => m.placeName)") == ["Almaty"]
    assert_nothing_ran(page, traces)
