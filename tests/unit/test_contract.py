"""One contract between Python and the browser (story/contract.py): the scripts' declarations are made from it
and current, and what the hosts really hand the page has exactly the keys it names."""

from __future__ import annotations

import ast
import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from story import contract
from story.cli import main
from story.format.files import FLAGSHIP
from story.format.loader import load_story
from story.map.tiles import tile_config
from story.outputs.export import LightPage, export_html
from story.player import player_data
from story.reader.i18n import translator
from story.reader.narrative import sections_html, step_sections
from story.typescript import DECLARATIONS_FILE, declarations_text
from tests.conftest import TEST_STORIES
from tests.support.contract import contract_problems

ROOT = Path(__file__).resolve().parents[2]
TSC = ROOT / "tests" / "vendor" / "typescript" / "node_modules" / "typescript" / "bin" / "tsc"
EN = translator("en")


@pytest.fixture(scope="module")
def flagship(catalog):
    # The flagship has every kind of step the contract types: days, a swipe, places, self-checks.
    return load_story(FLAGSHIP, catalog)


def script_json(html: str, element_id: str) -> dict:
    match = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', html, re.S)
    assert match, element_id
    return json.loads(match.group(1))


def test_the_committed_declarations_are_the_ones_the_contract_makes():
    assert DECLARATIONS_FILE.read_text(encoding="utf-8") == declarations_text(), "run `python -m story contract`"


def test_the_command_writes_the_declarations(tmp_path):
    target = tmp_path / "contract.d.ts"
    assert main(["contract", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == declarations_text()


def test_the_declarations_say_what_is_optional_and_what_each_key_holds():
    text = declarations_text()
    assert "  time?: TimeState;\n  /** or on two days, side by side */\n  swipe?: SwipeState;" in text
    assert "export interface PlayerData extends HostFields {" in text
    assert '  mode?: "click" | "scroll";' in text and "  placeSteps: Record<string, number[]>;" in text
    assert "  onStep?: (stepId: string, index: number, byViewer: boolean) => void;" in text
    assert '    "story:check": CustomEvent<CheckEventDetail>;' in text


def test_the_contract_imports_nothing_but_typing():
    # Every layer imports it, the format core too: it must load nothing.
    tree = ast.parse(Path(contract.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert imported <= {"__future__", "typing", "collections.abc"}, imported


def test_every_key_the_browser_reads_is_camel_case():
    keys = re.findall(r"^\s+\"?([\w-]+)\"?\??:", declarations_text(), re.M)
    attributes = [key for key in keys if key.startswith("data-")]
    assert attributes and all(re.fullmatch(r"data(-[a-z]+)+", key) for key in attributes)
    assert [key for key in keys if "_" in key] == []


def test_the_story_data_has_exactly_the_keys_the_contract_names(flagship, catalog):
    data = json.loads(json.dumps(player_data(flagship, catalog, EN, tile_config("OpenStreetMap.Mapnik"))))
    assert contract_problems(data, contract.PlayerData) == []
    assert any("time" in step["state"] for step in data["steps"]) and any("swipe" in s["state"] for s in data["steps"])


def test_a_key_the_contract_does_not_name_is_found(flagship, catalog):
    data = json.loads(json.dumps(player_data(flagship, catalog, EN, None)))
    data["texts"]["reduce_motion"] = data["texts"].pop("reduceMotion")
    data["steps"][1]["state"]["speed"] = 2
    assert contract_problems(data, contract.PlayerData) == [
        "data.steps[1].state.speed: not in the contract",
        "data.texts.reduce_motion: not in the contract",
        "data.texts.reduceMotion: missing",
    ]


def test_the_exports_data_has_exactly_the_keys_the_contract_names(flagship, catalog):
    tiles = tile_config("OpenStreetMap.Mapnik")
    light = LightPage(languages=("en", "ru"))
    html = export_html(flagship, catalog, EN, tiles, start=flagship.steps[2].id, mode="scroll", light=light)
    data = script_json(html, "story-data")
    assert data["start"] == flagship.steps[2].id and data["mode"] == "scroll" and data["mapConfig"]["inlineLayers"]
    assert contract_problems(data, contract.PlayerData) == []
    assert contract_problems(script_json(html, "story-light"), contract.LightPageData) == []


class CheckAttributes(HTMLParser):
    """The data attributes of every self-check's element, and of every place offered as an answer."""

    def __init__(self) -> None:
        super().__init__()
        self.checks: list[dict[str, str | None]] = []
        self.places: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        data = {name: value for name, value in attrs if name.startswith("data-")}
        if ("class", "sm-check") in attrs:
            self.checks.append(data)
        elif tag == "option" and data:
            self.places.append(data)


def test_the_checks_attributes_are_the_ones_the_contract_names(catalog):
    story = load_story(TEST_STORIES / "checks.yaml", catalog)
    found = CheckAttributes()
    found.feed("".join(sections_html(step_sections(story, i, catalog, EN)) for i in range(len(story.steps))))
    kinds = {check["data-kind"] for check in found.checks}
    assert kinds == {"choice", "find"} and found.places
    target = contract.FindTargetAttributes
    for check in found.checks:
        if check["data-kind"] == "choice":
            assert contract_problems(check, contract.ChoiceCheckAttributes) == []
        else:
            own = {key: value for key, value in check.items() if key in contract.FindCheckAttributes.__annotations__}
            rest = {key: value for key, value in check.items() if key not in own}
            assert contract_problems(own, contract.FindCheckAttributes) == []
            assert contract_problems(rest, target) == []
    for place in found.places:
        assert contract_problems(place, contract.PlaceChoiceAttributes) == []


@pytest.mark.network  # TypeScript is fetched from the npm registry (tests/vendor/fetch-typescript.sh)
@pytest.mark.slow
def test_typescript_rejects_a_key_on_one_side_only(tmp_path, flagship, catalog):
    # The real data, as the app hands it, type-checks against the declarations; a key the Python side
    # does not make, and a key the scripts read that it does not make, are both errors.
    assert TSC.exists(), "make test fetches TypeScript (tests/vendor/fetch-typescript.sh)"
    data = {**player_data(flagship, catalog, EN, None), "start": flagship.steps[0].id, "notice": None}
    declarations = DECLARATIONS_FILE.with_suffix("").with_suffix("")
    head = f'import type {{ PlayerData }} from "{declarations}";\n'
    (tmp_path / "real.ts").write_text(f"{head}export const data: PlayerData = {json.dumps(data)};\n")
    wrong = {**data, "texts": {**data["texts"], "reduce_motion": "Reduce motion"}}
    (tmp_path / "written.ts").write_text(f"{head}export const data: PlayerData = {json.dumps(wrong)};\n")
    (tmp_path / "read.ts").write_text(f"{head}export const year = (d: PlayerData) => d.timeline.first_year;\n")
    config = {
        "extends": str(ROOT / "static" / "tsconfig.json"),
        "compilerOptions": {"strict": True, "noImplicitAny": True},
        "include": [],
        "files": ["real.ts", "written.ts", "read.ts", str(DECLARATIONS_FILE)],
    }
    (tmp_path / "tsconfig.json").write_text(json.dumps(config))
    result = subprocess.run(
        ["node", str(TSC), "-p", str(tmp_path / "tsconfig.json")], capture_output=True, text=True, timeout=240
    )
    errors = result.stdout.splitlines()
    assert result.returncode != 0
    assert [line for line in errors if "real.ts" in line] == []
    written = [line for line in errors if "written.ts" in line]
    assert any("reduce_motion" in line and "known properties" in line for line in written), errors
    assert any("read.ts" in line and "'first_year' does not exist" in line for line in errors), errors
