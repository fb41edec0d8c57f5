"""What every AppTest of the app starts from."""

from __future__ import annotations

import pytest

from components import present


@pytest.fixture(autouse=True)
def a_fresh_start_budget():
    # Every AppTest runs in one session as Streamlit's testing sees it, from one address: the budget of
    # presentations started per session would count each test's teacher against the tests before it,
    # and refuse the eleventh presentation of the run. Each test is a teacher of its own.
    present._start_attempts.clear()
    yield
