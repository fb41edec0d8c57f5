"""The presenter's pace switch and "Bring everyone to this step" as the server takes them from the panel
(components/pace.py): only a step of the steps presented gathers, only a yes or no switches."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from components import pace
from story.present.channel import MemoryChannel
from tests.support.clock import Clock


@pytest.fixture
def channel(monkeypatch):
    made = MemoryChannel(Clock())
    monkeypatch.setattr(pace, "shared_channel", lambda: made)
    return made


ORDER = ["first", "second", "third"]


def test_the_switch_sets_the_pace_and_bring_everyone_gathers_at_the_presenters_step(channel):
    code, token = channel.start("walk", "first", "en")
    assert pace.change_pace(code, token, False, SimpleNamespace(pace=True), ORDER) == (True, None)
    assert channel.current(code).paced
    assert pace.change_pace(code, token, True, SimpleNamespace(gather="third"), ORDER) == (False, "third")
    now = channel.current(code)
    assert (now.paced, now.step, now.gathered) == (False, "third", now.seq)


def test_what_is_not_a_switch_or_a_step_presented_changes_nothing(channel):
    code, token = channel.start("walk", "first", "en")
    seq = channel.current(code).seq
    for panel in (
        SimpleNamespace(),
        SimpleNamespace(pace=False),  # already following
        SimpleNamespace(pace="yes"),
        SimpleNamespace(gather="elsewhere"),
        SimpleNamespace(gather={"step": "first"}),
    ):
        assert pace.change_pace(code, token, False, panel, ORDER) is None
    assert pace.change_pace(code, "not-the-token", False, SimpleNamespace(pace=True), ORDER) is None
    assert channel.current(code).seq == seq and not channel.current(code).paced
