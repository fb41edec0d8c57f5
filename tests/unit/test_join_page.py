"""Issue 32: `/join`, where a student types the class's code when the QR code cannot be scanned."""

from __future__ import annotations

import html
from pathlib import Path

from starlette.routing import Router

from story.server.asgi import routes
from tests.conftest import TEST_STORIES
from tests.unit.test_light import request

STORY = TEST_STORIES / "three-steps.yaml"


def app(tmp_path: Path) -> Router:
    return Router(routes(tmp_path, STORY))


def test_the_join_page_asks_for_the_code_in_the_students_language(tmp_path: Path):
    reply = request(app(tmp_path), "/join?lang=ru")
    page = reply.body.decode()
    assert reply.status == 200
    assert '<html lang="ru">' in page
    assert "Присоединиться к классу" in page
    assert '<label for="code">' in page and 'id="code" name="code"' in page
    assert "<script" not in page


def test_the_browsers_language_is_taken_without_lang(tmp_path: Path):
    page = request(app(tmp_path), "/join", {"Accept-Language": "kk-KZ,ru;q=0.8"}).body.decode()
    assert '<html lang="kk">' in page


def test_a_code_typed_as_on_the_screen_goes_to_the_page_that_follows_it(tmp_path: Path):
    reply = request(app(tmp_path), "/join?lang=kk&code=abc%20-234")
    assert reply.status == 303
    assert reply.header("location") == "view?follow=ABC234&lang=kk"


def test_a_students_name_is_optional_and_goes_on_bounded_with_the_code(tmp_path: Path):
    page = request(app(tmp_path), "/join?lang=ru").body.decode()
    assert '<label for="name">Ваше имя (необязательно)</label>' in page and 'id="name" name="name"' in page
    reply = request(app(tmp_path), "/join?lang=en&code=ABC234&name=%20Aigerim%0ABek%20")
    assert reply.header("location") == "view?follow=ABC234&lang=en&name=Aigerim+Bek"
    long = request(app(tmp_path), "/join?lang=en&code=ABC234&name=" + "x" * 5000).header("location")
    assert long == "view?follow=ABC234&lang=en&name=" + "x" * 40
    # A name sent with a wrong code is kept in the form, escaped.
    wrong = request(app(tmp_path), "/join?lang=en&code=O0&name=%22%3E%3Cb%3E").body.decode()
    assert "<b>" not in wrong and 'value="&quot;&gt;&lt;b&gt;"' in wrong


def test_a_code_that_cannot_be_one_is_said_with_the_form_again(tmp_path: Path):
    reply = request(app(tmp_path), "/join?lang=en&code=%3Cb%3EO0O0O0O0O0O0O0O0")
    page = reply.body.decode()
    assert reply.status == 400
    assert 'role="alert"' in page and "is not a class code" in page
    assert "<b>" not in page and html.escape("<b>O0O0O0O") in page
    assert 'aria-invalid="true"' in page


def test_the_page_loads_nothing_and_runs_nothing(tmp_path: Path):
    reply = request(app(tmp_path), "/join")
    assert "default-src 'none'" in reply.header("content-security-policy")
    assert "form-action 'self'" in reply.header("content-security-policy")
