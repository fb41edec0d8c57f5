"""The app without a browser (AppTest): what the page and its player are given, from the address and the story."""

from __future__ import annotations

import pytest

from story.contract import PlayerData
from story.format.files import FLAGSHIP
from tests.support.app import notices, opening, player, rerun, run_app, section, text_of
from tests.support.contract import contract_problems


def test_the_player_gets_every_step_once_with_its_sections_and_map_state():
    at = run_app()
    data = player(at)
    assert [step["id"] for step in data["steps"]] == ["west", "almaty-peak", "new-york"]
    assert data["start"] == "west" and data["notice"] is None
    first = data["steps"][0]
    assert text_of(section(first, "title")) == "Zhanaozen and Almaty"
    assert text_of(section(first, "date")) == "2 January 2022"
    assert first["state"]["places"] == ["zhanaozen", "almaty"]
    assert {layer["id"] for layer in first["state"]["layers"]} == {"kazakhstan", "kazakhstan-regions"}
    assert data["texts"]["counter"] == "Step {number} of {total}"
    assert data["keys"]["ArrowRight"] == "next" and data["keys"]["End"] == "last"


def test_the_players_data_in_the_app_has_exactly_the_keys_the_contract_names():
    # The story's part and the page's own fields (the opening step, the notice, what leaves the address).
    data = player(run_app(step="nowhere"))
    assert data["notice"]
    assert {"start", "notice", "removeFromAddress"} <= set(data)
    assert contract_problems(data, PlayerData) == []


def test_an_address_opens_its_step():
    at = run_app(step="almaty-peak")
    assert opening(at)["title"] == "Almaty alone"


@pytest.mark.parametrize("bad", ["nowhere", "<b>x</b>", "9"])
def test_a_bad_address_opens_the_first_step_with_a_notice(bad):
    data = player(run_app(step=bad))
    assert data["start"] == "west"
    assert "showing the first step" in data["notice"] and bad in data["notice"]


def test_the_opening_step_stays_the_same_on_every_later_run():
    # The browser moves through the steps itself; a later run (a language switch, a
    # download) must not send the viewer back, nor send the whole story again.
    at = run_app(step="almaty-peak")
    before = player(at)
    at.query_params["step"] = "new-york"  # an old or a new address, the server no longer reads it
    rerun(at)
    assert player(at) == before


def test_the_narrative_has_date_body_quote_sources_notes_and_legend():
    at = run_app(step="almaty-peak")
    step = opening(at)
    assert text_of(section(step, "date")) == "5 January 2022"
    assert "A short quotation." in text_of(section(step, "quote")) and "Someone" in text_of(section(step, "quote"))
    assert "https://example.org/other" in section(step, "other-sources")
    legend = text_of(section(step, "legend"))
    assert "Highlighted: Almaty City" in legend and "Places in this step" in legend


def test_the_server_never_writes_the_address():
    at = run_app(step="almaty-peak", lang="en")
    assert dict(at.query_params) == {"step": "almaty-peak", "lang": "en"}


def test_no_notice_on_a_good_address():
    assert notices(run_app(step="west")) == []


def test_the_flagship_plays_without_an_error():
    data = player(run_app(str(FLAGSHIP)))
    assert len(data["steps"]) >= 14
    assert all(section(step, "title") and section(step, "body") for step in data["steps"])
