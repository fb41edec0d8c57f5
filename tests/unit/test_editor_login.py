"""M1 of the security review: saving from the editor needs a password the deployment sets."""

from __future__ import annotations

from story.editor.login import PER_ADDRESS, PER_SESSION, WINDOW_S, Attempts, Verdict, refuse_to_start
from tests.support.clock import Clock


def test_m1_save_mode_for_the_network_without_a_password_does_not_start():
    for address in ("0.0.0.0", "", None, "192.0.2.10", "::"):
        reason = refuse_to_start(True, address, None)
        assert reason and "QANTAR_EDITOR_PASSWORD" in reason
    for address in ("127.0.0.1", "localhost", "::1"):
        assert refuse_to_start(True, address, None) is None
    assert refuse_to_start(True, "0.0.0.0", "a long pass phrase") is None
    assert refuse_to_start(False, "0.0.0.0", None) is None, "a server that never saves needs none"


def test_m1_wrong_passwords_are_bounded_per_session_and_per_address_and_the_right_one_works():
    clock = Clock()
    attempts = Attempts(clock)
    for _ in range(PER_SESSION):
        assert attempts.check("right one", "guess", "198.51.100.1", "tab-1") is Verdict.WRONG
    assert attempts.check("right one", "right one", "198.51.100.1", "tab-1") is Verdict.TOO_MANY
    # Another teacher at the same school is not locked out by one tab's tries.
    assert attempts.check("right one", "right one", "198.51.100.1", "tab-2") is Verdict.RIGHT
    # Many tabs from one address meet the address's bound.
    for n in range(PER_ADDRESS):
        attempts.check("right one", "guess", "203.0.113.5", f"tab-{n}-b")
    assert attempts.check("right one", "right one", "203.0.113.5", "fresh-tab") is Verdict.TOO_MANY
    clock.now += WINDOW_S + 1
    assert attempts.check("right one", "right one", "203.0.113.5", "fresh-tab") is Verdict.RIGHT
