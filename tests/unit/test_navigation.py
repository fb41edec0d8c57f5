"""Addresses: which step a URL leads to."""

from __future__ import annotations

import pytest

from story.format.loader import load_story
from story.reader.navigation import resolve_step
from tests.conftest import TEST_STORIES


@pytest.fixture(scope="module")
def story(catalog):
    return load_story(TEST_STORIES / "three-steps.yaml", catalog)


def test_an_address_names_its_step(story):
    assert resolve_step(story, "almaty-peak").index == 1
    assert resolve_step(story, ["almaty-peak"]).unknown_request is None


@pytest.mark.parametrize(
    ("requested", "shown"),
    [
        ("nowhere", "nowhere"),
        ("-1", "-1"),
        ("2", "2"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("x" * 10_000, "x" * 39 + "…"),
        (["nowhere", "also-not"], "nowhere"),
    ],
)
def test_a_bad_address_shows_the_first_step_and_what_was_asked(story, requested, shown):
    choice = resolve_step(story, requested)
    assert choice.index == 0
    assert choice.unknown_request == shown


def test_no_address_or_an_empty_one_is_simply_the_first_step(story):
    assert resolve_step(story, None) == resolve_step(story, "") == resolve_step(story, [])
    assert resolve_step(story, None).unknown_request is None
    assert resolve_step(story, "   ") == resolve_step(story, ["", " \t"]) == resolve_step(story, None)


def test_a_repeated_address_takes_the_first_real_step(story):
    assert resolve_step(story, ["bogus", "new-york"]).index == 2
