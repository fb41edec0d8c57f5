"""Issue 32: the class joins at an address its phones can open, never this computer's own name."""

from __future__ import annotations

import pytest

from story.present.address import JoinBase, PublicUrlError, Unreachable, is_loopback, join_base, public_url
from story.reader.sharing import join_page_link, light_join_link


def test_a_page_opened_at_localhost_is_joined_at_the_machines_network_address():
    base = join_base("http://localhost:8501/", network_address="192.168.1.23")
    assert base == JoinBase("http://192.168.1.23:8501/")
    assert light_join_link(base.url, "ABC234", "ru") == "http://192.168.1.23:8501/view?follow=ABC234&lang=ru"


def test_the_path_the_app_is_served_under_is_kept():
    base = join_base("http://127.0.0.1:8502/school/app/", network_address="10.0.0.5")
    assert base.url == "http://10.0.0.5:8502/school/app/"


def test_an_ipv6_network_address_is_bracketed():
    assert join_base("http://[::1]:8501/", network_address="fd00::7").url == "http://[fd00::7]:8501/"


def test_a_page_opened_at_a_real_address_keeps_it():
    for page in ("http://192.168.1.23:8501/", "https://maps.school.kz/qantar/"):
        assert join_base(page, network_address="10.0.0.5") == JoinBase(page)


def test_the_public_address_of_the_deployment_wins():
    public = public_url("https://maps.school.kz/qantar")
    assert join_base("http://localhost:8501/", public, "10.0.0.5").url == "https://maps.school.kz/qantar"
    assert join_base("http://192.168.1.23:8501/", public).url == "https://maps.school.kz/qantar"


def test_without_a_network_address_the_loopback_address_is_marked_unreachable():
    base = join_base("http://localhost:8501/", network_address=None)
    assert base == JoinBase("http://localhost:8501/", Unreachable.NO_NETWORK_ADDRESS)


def test_a_server_listening_on_this_machine_only_is_unreachable_whatever_the_network():
    base = join_base("http://localhost:8501/", network_address="192.168.1.23", listen_address="127.0.0.1")
    assert base.unreachable is Unreachable.LISTENS_ON_LOOPBACK


def test_a_server_listening_on_one_network_interface_is_joined_there():
    base = join_base("http://localhost:8501/", network_address="10.0.0.5", listen_address="192.168.1.23")
    assert base == JoinBase("http://192.168.1.23:8501/")


@pytest.mark.parametrize("host", ["localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "[::1]", "app.localhost"])
def test_loopback_names(host):
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["192.168.1.23", "10.0.0.5", "maps.school.kz", "fd00::7"])
def test_names_other_machines_can_reach(host):
    assert not is_loopback(host)


@pytest.mark.parametrize("value", ["maps.school.kz", "ftp://maps.school.kz/", "https://", "javascript:alert(1)"])
def test_a_public_address_that_cannot_be_one_is_refused(value):
    with pytest.raises(PublicUrlError):
        public_url(value)


def test_the_join_page_is_beside_the_app():
    assert join_page_link("http://10.0.0.5:8501/app/", "kk") == "http://10.0.0.5:8501/app/join?lang=kk"


def test_an_app_given_a_public_address_that_cannot_be_one_refuses_to_start(monkeypatch):
    from story.server.asgi import start_checks

    with pytest.raises(SystemExit, match="--public-url"):
        start_checks(["--public-url", "maps.school.kz"])
    monkeypatch.setenv("QANTAR_PUBLIC_URL", "ftp://maps.school.kz/")
    with pytest.raises(SystemExit, match="QANTAR_PUBLIC_URL"):
        start_checks([])


def test_the_rooms_screen_follows_the_presentation_with_the_story_the_page_plays():
    from story.reader.sharing import room_link

    assert room_link("http://localhost:8501/app/?step=x", "ABC234", "kk") == (
        "http://localhost:8501/app/?follow=ABC234&screen=room&lang=kk"
    )
    assert room_link("http://localhost:8501/", "ABC234", "en", "mine.yaml").endswith("&story=mine.yaml")
