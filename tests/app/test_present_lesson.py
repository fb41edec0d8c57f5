"""Presenting a lesson: the presenter picks it (the page's ?lesson=), the class starts on its first step and
joins inside it (tests/stories/lessons.yaml: `east` is taraz..nur-sultan)."""

from __future__ import annotations

from components import present
from story.present.address import network_address
from tests.support.app import component_data, rerun, run_app
from tests.support.server import ROOT

LESSONS = str(ROOT / "tests" / "stories" / "lessons.yaml")


def test_the_presenter_picks_a_lesson_and_the_class_joins_inside_it():
    at = run_app(LESSONS)
    choice = " ".join(block.value for block in at.markdown if "Present:" in block.value)
    assert "[The east](?lesson=east&lang=en)" in choice and "**The whole story**" in choice
    at = run_app(LESSONS, lesson="east")
    choice = " ".join(block.value for block in at.markdown if "Present:" in block.value)
    assert "**The east**" in choice and "[The whole story](?lang=en)" in choice
    [button] = [button for button in at.button if button.key == "present-start"]
    button.click()
    rerun(at)
    panel = component_data(at, "qantar_presenter")
    # The story's first step is not in the lesson: the class starts where the presenter's player opens.
    assert panel["step"] == "taraz"
    presented = present.channel().current(panel["code"])
    assert presented is not None and presented.step == "taraz"
    host = network_address() or "localhost"
    assert panel["address"] == f"http://{host}:8501/view?follow={panel['code']}&lang=en&lesson=east"
